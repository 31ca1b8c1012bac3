output "repository_url" {
  description = "The image repository's URL (the chart's image.repository)."
  value       = aws_ecr_repository.image.repository_url
}

output "repository_arn" {
  description = "The image repository, for the release role's push permission."
  value       = aws_ecr_repository.image.arn
}

output "chart_repository_arn" {
  description = "The chart's OCI repository, for the release role's push permission."
  value       = aws_ecr_repository.chart.arn
}

output "registry" {
  description = "The registry host (ECR_REGISTRY of the workflows)."
  value       = split("/", aws_ecr_repository.image.repository_url)[0]
}
