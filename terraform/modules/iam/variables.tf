variable "name" {
  description = "Prefix of every role's name, e.g. cnc-prod."
  type        = string
}

variable "oidc_provider_arn" {
  description = "The EKS cluster's IAM OIDC provider (eks module output)."
  type        = string
}

variable "oidc_issuer" {
  description = "The cluster's OIDC issuer without https:// (eks module output)."
  type        = string
}

variable "namespace" {
  description = "The namespace the chart is installed in."
  type        = string
  default     = "cnc"
}

variable "service_account" {
  description = "The twin's service account (the chart's full name: cnc-twin for release cnc-twin)."
  type        = string
  default     = "cnc-twin"
}

variable "stream_arns" {
  description = "The Kinesis streams the twin reads and writes."
  type        = list(string)
}

variable "streams_kms_key_arn" {
  description = "The streams' key."
  type        = string
}

variable "keyspace_arns" {
  description = "The Keyspaces keyspaces of the journal and snapshots."
  type        = list(string)
}

variable "table_arns" {
  description = "The Keyspaces tables."
  type        = list(string)
}

variable "secret_arns" {
  description = "The secrets the twin may read."
  type        = list(string)
}

variable "secrets_kms_key_arn" {
  description = "The secrets' key."
  type        = string
}

variable "opensearch_domain_arn" {
  description = "The OpenSearch domain: its master role (dashboards import, ISM) is made here."
  type        = string
}

variable "github_repository" {
  description = "owner/name of the repository whose workflows release and deploy (GitHub OIDC)."
  type        = string
  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "github_repository must be owner/name."
  }
}

variable "github_oidc_provider_arn" {
  description = "The account's existing IAM OIDC provider for token.actions.githubusercontent.com, or \"\" to create it here."
  type        = string
  default     = ""
}

variable "github_environment" {
  description = "The GitHub environment whose deploy job may assume the deploy role (dev or production)."
  type        = string
}

variable "ecr_repository_arns" {
  description = "The image and chart repositories the release role pushes to."
  type        = list(string)
}

variable "eks_cluster_arn" {
  description = "The EKS cluster the deploy role installs the chart on."
  type        = string
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default     = {}
}
