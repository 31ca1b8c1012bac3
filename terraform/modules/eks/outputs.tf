output "cluster_name" {
  description = "The EKS cluster's name (aws eks update-kubeconfig --name)."
  value       = aws_eks_cluster.this.name
}

output "cluster_arn" {
  description = "The EKS cluster's ARN."
  value       = aws_eks_cluster.this.arn
}

output "cluster_endpoint" {
  description = "The Kubernetes API server's URL."
  value       = aws_eks_cluster.this.endpoint
}

output "oidc_provider_arn" {
  description = "The cluster's IAM OIDC provider: IRSA roles trust it."
  value       = aws_iam_openid_connect_provider.this.arn
}

output "oidc_issuer" {
  description = "The OIDC issuer without https://, for IRSA trust conditions."
  value       = local.oidc_issuer
}

output "cluster_autoscaler_role_arn" {
  description = "The IRSA role of kube-system/cluster-autoscaler."
  value       = aws_iam_role.autoscaler.arn
}

output "node_security_group_id" {
  description = "The security group EKS made for the cluster, which its nodes carry."
  value       = aws_eks_cluster.this.vpc_config[0].cluster_security_group_id
}
