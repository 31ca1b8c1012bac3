# Events from Kinesis to OpenSearch through Firehose; what OpenSearch refuses is backed up to S3.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  ec2_arn = "arn:${data.aws_partition.current.partition}:ec2:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}"
}

resource "aws_s3_bucket" "backup" {
  bucket_prefix = "${var.name}-events-backup-"
  force_destroy = false
  tags          = var.tags
}

resource "aws_s3_bucket_public_access_block" "backup" {
  bucket                  = aws_s3_bucket.backup.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "backup" {
  bucket = aws_s3_bucket.backup.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "backup" {
  bucket = aws_s3_bucket.backup.id
  rule {
    id     = "expire-failed-deliveries"
    status = "Enabled"
    filter {}
    expiration {
      days = 90
    }
  }
}

resource "aws_cloudwatch_log_group" "firehose" {
  name              = "/aws/kinesisfirehose/${var.name}-events"
  retention_in_days = 30
  tags              = var.tags
}

resource "aws_cloudwatch_log_stream" "delivery" {
  name           = "opensearch-delivery"
  log_group_name = aws_cloudwatch_log_group.firehose.name
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["firehose.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

data "aws_iam_policy_document" "delivery" {
  statement {
    sid       = "ReadTheEventsStream"
    actions   = ["kinesis:DescribeStream", "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:ListShards"]
    resources = [var.events_stream_arn]
  }
  statement {
    sid       = "DecryptTheStream"
    actions   = ["kms:Decrypt"]
    resources = [var.streams_kms_key_arn]
  }
  statement {
    sid       = "WriteTheIndex"
    actions   = ["es:DescribeDomain", "es:DescribeDomains", "es:DescribeDomainConfig", "es:ESHttpPost", "es:ESHttpPut", "es:ESHttpGet"]
    resources = [var.opensearch_domain_arn, "${var.opensearch_domain_arn}/*"]
  }
  statement {
    sid       = "BackUpRefusals"
    actions   = ["s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:PutObject"]
    resources = [aws_s3_bucket.backup.arn, "${aws_s3_bucket.backup.arn}/*"]
  }
  statement {
    sid       = "Log"
    actions   = ["logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.firehose.arn}:*"]
  }
  statement {
    sid       = "SeeTheVpc"
    actions   = ["ec2:DescribeVpcs", "ec2:DescribeVpcAttribute", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeNetworkInterfaces"]
    resources = ["*"]
  }
  statement {
    sid     = "NetworkInterfacesInTheVpc"
    actions = ["ec2:CreateNetworkInterface", "ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface"]
    resources = concat(
      ["${local.ec2_arn}:network-interface/*", "${local.ec2_arn}:security-group/${var.security_group_id}"],
      [for id in var.subnet_ids : "${local.ec2_arn}:subnet/${id}"],
    )
  }
}

resource "aws_iam_role" "firehose" {
  name               = "${var.name}-events-firehose"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "firehose" {
  name   = "events-to-opensearch"
  role   = aws_iam_role.firehose.id
  policy = data.aws_iam_policy_document.delivery.json
}

resource "aws_kinesis_firehose_delivery_stream" "events" {
  name        = "${var.name}-events-to-opensearch"
  destination = "opensearch"
  kinesis_source_configuration {
    kinesis_stream_arn = var.events_stream_arn
    role_arn           = aws_iam_role.firehose.arn
  }
  opensearch_configuration {
    domain_arn            = var.opensearch_domain_arn
    role_arn              = aws_iam_role.firehose.arn
    index_name            = var.events_index
    index_rotation_period = "OneDay"
    buffering_interval    = 60
    buffering_size        = 5
    retry_duration        = 300
    s3_backup_mode        = "FailedDocumentsOnly"
    s3_configuration {
      role_arn           = aws_iam_role.firehose.arn
      bucket_arn         = aws_s3_bucket.backup.arn
      prefix             = "failed/"
      compression_format = "GZIP"
    }
    vpc_config {
      subnet_ids         = var.subnet_ids
      security_group_ids = [var.security_group_id]
      role_arn           = aws_iam_role.firehose.arn
    }
    cloudwatch_logging_options {
      enabled         = true
      log_group_name  = aws_cloudwatch_log_group.firehose.name
      log_stream_name = aws_cloudwatch_log_stream.delivery.name
    }
  }
  tags = var.tags
}
