variable "name" {
  description = "The environment's prefix for every resource, e.g. cnc-dev or cnc-prod."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,20}$", var.name))
    error_message = "name must be 3-21 characters of a-z, 0-9 and -, starting with a letter."
  }
}

variable "availability_zones" {
  description = "Three availability zones of the region."
  type        = list(string)
}

variable "vpc_cidr_block" {
  description = "The VPC's IPv4 range."
  type        = string
  default     = "10.40.0.0/16"
}

variable "nat_per_zone" {
  description = "A NAT gateway per zone (prod) or one (dev)."
  type        = bool
}

variable "kubernetes_version" {
  description = "EKS's Kubernetes version."
  type        = string
  default     = "1.32"
}

variable "node_instance_types" {
  description = "The EKS nodes' instance types."
  type        = list(string)
}

variable "node_min_size" {
  description = "Fewest EKS nodes."
  type        = number
}

variable "node_max_size" {
  description = "Most EKS nodes."
  type        = number
}

variable "public_api_cidrs" {
  description = "Where the EKS API may be reached from outside the VPC; empty: from the VPC only."
  type        = list(string)
  default     = []
}

variable "machine_ids" {
  description = "The fleet's machine ids: each becomes an IoT thing with its own certificate."
  type        = list(string)
}

variable "telemetry_stream_name" {
  description = "The Kinesis telemetry stream's name."
  type        = string
}

variable "events_stream_name" {
  description = "The Kinesis events stream's name."
  type        = string
}

variable "events_index" {
  description = "The OpenSearch index events go to."
  type        = string
  default     = "cnc-events"
}

variable "opensearch_instance_type" {
  description = "OpenSearch data nodes' instance type."
  type        = string
}

variable "opensearch_instance_count" {
  description = "OpenSearch data nodes (a multiple of three)."
  type        = number
  default     = 3
}

variable "opensearch_warm_instance_count" {
  description = "UltraWarm nodes (0: no warm tier)."
  type        = number
  default     = 0
}

variable "opensearch_hot_days" {
  description = "Days an index stays hot."
  type        = number
  default     = 7
}

variable "opensearch_delete_after_days" {
  description = "Days after which an index is deleted."
  type        = number
  default     = 90
}

variable "journal_keyspace" {
  description = "The journal's keyspace."
  type        = string
  default     = "cnc_twin"
}

variable "snapshot_keyspace" {
  description = "The snapshots' keyspace."
  type        = string
  default     = "cnc_twin_snapshot"
}

variable "github_repository" {
  description = "owner/name of the repository whose workflows release and deploy."
  type        = string
}

variable "github_environment" {
  description = "The GitHub environment whose deploy job may deploy here (dev or production)."
  type        = string
}

variable "github_oidc_provider_arn" {
  description = "The account's GitHub OIDC provider if another environment made it, else \"\"."
  type        = string
  default     = ""
}

variable "secret_recovery_window_days" {
  description = "Days a deleted secret stays restorable (0 in dev)."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default     = {}
}
