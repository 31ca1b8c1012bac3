output "helm_values" {
  description = "The chart's values from this environment: terraform output -json helm_values > values-aws.json."
  value       = module.platform.helm_values
}

output "cluster_name" {
  description = "The EKS cluster."
  value       = module.platform.cluster_name
}

output "ecr_registry" {
  description = "ECR_REGISTRY of the workflows."
  value       = module.platform.ecr_registry
}

output "github_role_arn" {
  description = "The role the workflows assume here."
  value       = module.platform.github_role_arn
}

output "github_oidc_provider_arn" {
  description = "The account's GitHub OIDC provider."
  value       = module.platform.github_oidc_provider_arn
}

output "opensearch_ism_policy" {
  description = "The ISM policy to apply to the domain."
  value       = module.platform.opensearch_ism_policy
}
