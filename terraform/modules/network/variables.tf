variable "name" {
  description = "Prefix of every resource's name, e.g. cnc-prod."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.name))
    error_message = "name must be 2-31 characters of a-z, 0-9 and -, starting with a letter."
  }
}

variable "cidr_block" {
  description = "The VPC's IPv4 range; each of the three zones gets a public and a private quarter-of-a-quarter."
  type        = string
  default     = "10.40.0.0/16"
  validation {
    condition     = can(cidrnetmask(var.cidr_block))
    error_message = "cidr_block must be an IPv4 CIDR such as 10.40.0.0/16."
  }
}

variable "availability_zones" {
  description = "Exactly three availability zones of the region, e.g. [\"eu-west-1a\", \"eu-west-1b\", \"eu-west-1c\"]."
  type        = list(string)
  validation {
    condition     = length(var.availability_zones) == 3
    error_message = "availability_zones must name three zones: the cluster keeps a majority when one is lost."
  }
}

variable "nat_per_zone" {
  description = "One NAT gateway per zone (production: a zone's loss leaves the others their egress) or one for all (dev)."
  type        = bool
  default     = false
}

variable "cluster_name" {
  description = "The EKS cluster's name, for the subnet tags its load balancers and Karpenter look for."
  type        = string
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default     = {}
}
