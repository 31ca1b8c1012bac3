output "domain_arn" {
  description = "The domain."
  value       = aws_opensearch_domain.this.arn
}

output "endpoint" {
  description = "The domain's HTTPS endpoint (the chart's opensearch.endpoint, with https://)."
  value       = "https://${aws_opensearch_domain.this.endpoint}"
}

output "security_group_id" {
  description = "The security group that admits HTTPS to the domain."
  value       = aws_security_group.domain.id
}

output "ism_policy" {
  description = "The index lifecycle policy to PUT to _plugins/_ism/policies/cnc (JSON)."
  value       = local.ism_policy
}
