output "twin_role_arn" {
  description = "The twin pods' IRSA role (the chart's serviceAccount.roleArn)."
  value       = aws_iam_role.twin.arn
}

output "opensearch_admin_role_arn" {
  description = "The OpenSearch master role (the domain's master_user_arn; dashboards import)."
  value       = aws_iam_role.opensearch_admin.arn
}

output "github_role_arn" {
  description = "The role the release and deploy workflows assume (AWS_RELEASE_ROLE_ARN and AWS_*_DEPLOY_ROLE_ARN)."
  value       = aws_iam_role.release.arn
}

output "github_oidc_provider_arn" {
  description = "The account's OIDC provider for GitHub Actions (give it to the other environments)."
  value       = local.github_oidc_provider_arn
}
