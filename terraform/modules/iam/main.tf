# Least-privilege roles: the twin's pods (IRSA: only the chart's service account may assume it),
# the OpenSearch master role, and the GitHub workflows' release and deploy roles (GitHub OIDC, no
# stored keys: only this repository's tags, or its environment's deploy job).

data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "twin_assume" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [var.oidc_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${var.oidc_issuer}:sub"
      values   = ["system:serviceaccount:${var.namespace}:${var.service_account}"]
    }
    condition {
      test     = "StringEquals"
      variable = "${var.oidc_issuer}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "twin" {
  statement {
    sid       = "Streams"
    actions   = ["kinesis:DescribeStreamSummary", "kinesis:ListShards", "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:PutRecord", "kinesis:PutRecords"]
    resources = var.stream_arns
  }
  statement {
    sid       = "StreamsKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.streams_kms_key_arn]
  }
  statement {
    sid       = "Journal"
    actions   = ["cassandra:Select", "cassandra:Modify"]
    resources = concat(var.keyspace_arns, var.table_arns)
  }
  statement {
    sid       = "SystemTables"
    actions   = ["cassandra:Select"]
    resources = ["arn:${data.aws_partition.current.partition}:cassandra:*:${data.aws_caller_identity.current.account_id}:/keyspace/system*"]
  }
  statement {
    sid       = "Secrets"
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    resources = var.secret_arns
  }
  statement {
    sid       = "SecretsKey"
    actions   = ["kms:Decrypt"]
    resources = [var.secrets_kms_key_arn]
  }
}

resource "aws_iam_role" "twin" {
  name               = "${var.name}-twin"
  assume_role_policy = data.aws_iam_policy_document.twin_assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "twin" {
  name   = "twin"
  role   = aws_iam_role.twin.id
  policy = data.aws_iam_policy_document.twin.json
}

# OpenSearch: the role fine-grained access control maps to all_access. Operators assume it to
# import the dashboards and apply the ISM policy.
data "aws_iam_policy_document" "opensearch_admin_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["true"]
    }
  }
}

data "aws_iam_policy_document" "opensearch_admin" {
  statement {
    actions   = ["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut", "es:ESHttpPatch", "es:ESHttpDelete", "es:DescribeDomain"]
    resources = [var.opensearch_domain_arn, "${var.opensearch_domain_arn}/*"]
  }
}

resource "aws_iam_role" "opensearch_admin" {
  name               = "${var.name}-opensearch-admin"
  assume_role_policy = data.aws_iam_policy_document.opensearch_admin_assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "opensearch_admin" {
  name   = "opensearch-admin"
  role   = aws_iam_role.opensearch_admin.id
  policy = data.aws_iam_policy_document.opensearch_admin.json
}

# GitHub Actions. An account has one OIDC provider for GitHub: the first environment applied
# creates it, the others name it (github_oidc_provider_arn).
resource "aws_iam_openid_connect_provider" "github" {
  count          = var.github_oidc_provider_arn == "" ? 1 : 0
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
  tags           = var.tags
}

locals {
  github_oidc_provider_arn = var.github_oidc_provider_arn == "" ? aws_iam_openid_connect_provider.github[0].arn : var.github_oidc_provider_arn
}

data "aws_iam_policy_document" "release_assume" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [local.github_oidc_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringLike"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:${var.github_repository}:ref:refs/tags/v*", "repo:${var.github_repository}:environment:${var.github_environment}"]
    }
  }
}

data "aws_iam_policy_document" "release" {
  statement {
    sid       = "Login"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }
  statement {
    sid = "PushImagesAndCharts"
    actions = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:CompleteLayerUpload", "ecr:DescribeImages",
    "ecr:GetDownloadUrlForLayer", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"]
    resources = var.ecr_repository_arns
  }
  statement {
    sid       = "Deploy"
    actions   = ["eks:DescribeCluster"]
    resources = [var.eks_cluster_arn]
  }
}

resource "aws_iam_role" "release" {
  name               = "${var.name}-github-release"
  assume_role_policy = data.aws_iam_policy_document.release_assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "release" {
  name   = "release-and-deploy"
  role   = aws_iam_role.release.id
  policy = data.aws_iam_policy_document.release.json
}

# The deploy job's Kubernetes rights: an EKS access entry for the role, admin of the chart's namespace only.
resource "aws_eks_access_entry" "deploy" {
  cluster_name  = element(split("/", var.eks_cluster_arn), 1)
  principal_arn = aws_iam_role.release.arn
  tags          = var.tags
}

resource "aws_eks_access_policy_association" "deploy" {
  cluster_name  = element(split("/", var.eks_cluster_arn), 1)
  principal_arn = aws_iam_role.release.arn
  policy_arn    = "arn:${data.aws_partition.current.partition}:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy"
  access_scope {
    type       = "namespace"
    namespaces = [var.namespace]
  }
  depends_on = [aws_eks_access_entry.deploy]
}
