output "helm_values" {
  description = "The chart's values from this environment: terraform output -json helm_values > values-aws.json."
  value       = module.platform.helm_values
}

output "platform" {
  description = "Every output of the platform (cluster, registry, roles, certificates, the ISM policy): terraform output -json platform."
  value       = module.platform
  sensitive   = true
}
