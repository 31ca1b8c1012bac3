variable "name" {
  description = "The EKS cluster's name, e.g. cnc-prod."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,38}$", var.name))
    error_message = "name must be 2-39 characters of a-z, 0-9 and -, starting with a letter."
  }
}

variable "kubernetes_version" {
  description = "The EKS control plane's Kubernetes version."
  type        = string
  default     = "1.32"
  validation {
    condition     = can(regex("^1\\.(3[0-9])$", var.kubernetes_version))
    error_message = "kubernetes_version must be 1.30 or later, as \"1.32\"."
  }
}

variable "subnet_ids" {
  description = "The private subnets (one per zone) for the control plane's network interfaces and the nodes."
  type        = list(string)
  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "EKS needs subnets in at least two zones."
  }
}

variable "public_api" {
  description = "Whether the cluster's API endpoint is reachable from the internet (from public_api_cidrs) as well as from the VPC."
  type        = bool
  default     = false
}

variable "public_api_cidrs" {
  description = "Where the public API endpoint may be reached from, when public_api is true."
  type        = list(string)
  default     = []
}

variable "node_instance_types" {
  description = "Instance types of the managed node group, e.g. [\"m7i.xlarge\"]."
  type        = list(string)
  default     = ["m7i.large"]
}

variable "node_min_size" {
  description = "The node group's minimum size; the Cluster Autoscaler scales between min and max."
  type        = number
  default     = 3
  validation {
    condition     = var.node_min_size >= 3
    error_message = "node_min_size must be at least 3: one node per zone."
  }
}

variable "node_max_size" {
  description = "The node group's maximum size."
  type        = number
  default     = 9
}

variable "node_desired_size" {
  description = "The node group's size at creation; the Cluster Autoscaler changes it afterwards."
  type        = number
  default     = 3
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default     = {}
}
