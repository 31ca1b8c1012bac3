variable "region" {
  description = "The AWS region of this environment."
  type        = string
  default     = "eu-west-1"
}

variable "machine_ids" {
  description = "The fleet's machine ids (IoT things)."
  type        = list(string)
}

variable "admin_cidrs" {
  description = "Where the EKS API may be reached from outside the VPC (an office, a VPN); empty: from the VPC only."
  type        = list(string)
  default     = []
}

variable "github_repository" {
  description = "owner/name of the repository that releases and deploys."
  type        = string
}

variable "github_oidc_provider_arn" {
  description = "The account's GitHub OIDC provider if another environment created it, else \"\"."
  type        = string
  default     = ""
}
