output "vpc_id" {
  description = "The VPC's id."
  value       = aws_vpc.this.id
}

output "private_subnet_ids" {
  description = "The private subnets, one per zone: the EKS nodes and the OpenSearch domain go here."
  value       = [for subnet in aws_subnet.private : subnet.id]
}

output "public_subnet_ids" {
  description = "The public subnets, one per zone: internet-facing load balancers."
  value       = [for subnet in aws_subnet.public : subnet.id]
}

output "cidr_block" {
  description = "The VPC's IPv4 range."
  value       = aws_vpc.this.cidr_block
}
