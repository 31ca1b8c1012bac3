variable "name" {
  description = "The domain's name, e.g. cnc-prod (3-28 characters)."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,27}$", var.name))
    error_message = "a domain name is 3-28 of a-z 0-9 -, starting with a letter."
  }
}

variable "engine_version" {
  description = "The OpenSearch engine version."
  type        = string
  default     = "OpenSearch_2.19"
}

variable "instance_type" {
  description = "The data nodes' instance type."
  type        = string
  default     = "r7g.large.search"
}

variable "instance_count" {
  description = "Data nodes, a multiple of three: one or more per zone."
  type        = number
  default     = 3
  validation {
    condition     = var.instance_count % 3 == 0
    error_message = "instance_count must be a multiple of 3 (three zones)."
  }
}

variable "volume_size_gb" {
  description = "gp3 storage per data node, GiB."
  type        = number
  default     = 100
}

variable "vpc_id" {
  description = "The VPC the domain lives in."
  type        = string
}

variable "vpc_cidr_block" {
  description = "The VPC's range: HTTPS is admitted from it."
  type        = string
}

variable "subnet_ids" {
  description = "Three private subnets, one per zone."
  type        = list(string)
  validation {
    condition     = length(var.subnet_ids) == 3
    error_message = "the domain spans three zones: give three subnets."
  }
}

variable "master_user_arn" {
  description = "The IAM role that administers the domain's fine-grained access control (and imports the dashboards)."
  type        = string
}

variable "hot_days" {
  description = "Days an index stays on the hot tier before it moves to warm (UltraWarm)."
  type        = number
  default     = 7
}

variable "delete_after_days" {
  description = "Days after which an index is deleted."
  type        = number
  default     = 90
  validation {
    condition     = var.delete_after_days > 7
    error_message = "delete_after_days must be more than a week."
  }
}

variable "warm_instance_count" {
  description = "UltraWarm nodes (0: indices stay hot until deleted; the ISM policy then skips the warm state)."
  type        = number
  default     = 0
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default     = {}
}
