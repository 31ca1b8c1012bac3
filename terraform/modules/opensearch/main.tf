# An OpenSearch domain over three zones inside the VPC: encrypted at rest and in transit (TLS 1.2+,
# node to node), fine-grained access control with an IAM master role, logs to CloudWatch, and the
# index lifecycle as an ISM policy (hot, then warm, then deleted) in ism-policy.json.tftpl.

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

resource "aws_security_group" "domain" {
  name        = "${var.name}-opensearch"
  description = "HTTPS to the OpenSearch domain from inside the VPC"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "https" {
  security_group_id = aws_security_group.domain.id
  description       = "HTTPS from the VPC"
  cidr_ipv4         = var.vpc_cidr_block
  from_port         = 443
  to_port           = 443
  ip_protocol       = "tcp"
}

resource "aws_cloudwatch_log_group" "domain" {
  for_each          = toset(["INDEX_SLOW_LOGS", "SEARCH_SLOW_LOGS", "ES_APPLICATION_LOGS", "AUDIT_LOGS"])
  name              = "/aws/opensearch/${var.name}/${lower(each.key)}"
  retention_in_days = 30
  tags              = var.tags
}

data "aws_iam_policy_document" "logs" {
  statement {
    actions   = ["logs:PutLogEvents", "logs:CreateLogStream"]
    resources = [for group in aws_cloudwatch_log_group.domain : "${group.arn}:*"]
    principals {
      type        = "Service"
      identifiers = ["es.amazonaws.com"]
    }
  }
}

resource "aws_cloudwatch_log_resource_policy" "domain" {
  policy_name     = "${var.name}-opensearch-logs"
  policy_document = data.aws_iam_policy_document.logs.json
}

locals {
  domain_arn = "arn:${data.aws_partition.current.partition}:es:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:domain/${var.name}"
}

# Access is decided by fine-grained access control (roles mapped inside OpenSearch); the
# resource policy admits only this account's principals.
data "aws_iam_policy_document" "access" {
  statement {
    actions   = ["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut", "es:ESHttpPatch", "es:ESHttpDelete"]
    resources = ["${local.domain_arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }
}

resource "aws_opensearch_domain" "this" {
  domain_name    = var.name
  engine_version = var.engine_version
  cluster_config {
    instance_type          = var.instance_type
    instance_count         = var.instance_count
    zone_awareness_enabled = true
    zone_awareness_config {
      availability_zone_count = 3
    }
    warm_enabled = var.warm_instance_count > 0
    warm_count   = var.warm_instance_count > 0 ? var.warm_instance_count : null
    warm_type    = var.warm_instance_count > 0 ? "ultrawarm1.medium.search" : null
  }
  ebs_options {
    ebs_enabled = true
    volume_type = "gp3"
    volume_size = var.volume_size_gb
  }
  vpc_options {
    subnet_ids         = var.subnet_ids
    security_group_ids = [aws_security_group.domain.id]
  }
  encrypt_at_rest {
    enabled = true
  }
  node_to_node_encryption {
    enabled = true
  }
  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"
  }
  advanced_security_options {
    enabled                        = true
    internal_user_database_enabled = false
    master_user_options {
      master_user_arn = var.master_user_arn
    }
  }
  dynamic "log_publishing_options" {
    for_each = aws_cloudwatch_log_group.domain
    content {
      log_type                 = log_publishing_options.key
      cloudwatch_log_group_arn = log_publishing_options.value.arn
    }
  }
  access_policies = data.aws_iam_policy_document.access.json
  tags            = var.tags
  depends_on      = [aws_cloudwatch_log_resource_policy.domain]
}

# The ISM policy, applied to the cnc-* indices with the domain's _plugins/_ism API by the
# dashboards' import (deploy/opensearch, docs/deployment.md): the provider has no resource for it.
locals {
  ism_policy = templatefile("${path.module}/ism-policy.json.tftpl", {
    hot_days          = var.hot_days
    delete_after_days = var.delete_after_days
    warm              = var.warm_instance_count > 0
  })
}
