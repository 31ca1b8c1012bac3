# Applied once per account, with local state: the S3 bucket that holds the environments' state and
# the DynamoDB table that locks it. Then dev and prod name them in their backend blocks.

terraform {
  required_version = ">= 1.9"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.25"
    }
  }
}

variable "region" {
  description = "The region of the state bucket and the lock table."
  type        = string
  default     = "eu-west-1"
}

variable "state_bucket" {
  description = "The state bucket's name (globally unique)."
  type        = string
  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.state_bucket))
    error_message = "an S3 bucket name is 3-63 of a-z 0-9 . -."
  }
}

variable "lock_table" {
  description = "The DynamoDB lock table's name."
  type        = string
  default     = "cnc-twin-terraform-locks"
}

provider "aws" {
  region = var.region
}

resource "aws_s3_bucket" "state" {
  bucket = var.state_bucket
}

resource "aws_s3_bucket_versioning" "state" {
  bucket = aws_s3_bucket.state.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "state" {
  bucket = aws_s3_bucket.state.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "state" {
  bucket                  = aws_s3_bucket.state.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_dynamodb_table" "locks" {
  name         = var.lock_table
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "LockID"
  attribute {
    name = "LockID"
    type = "S"
  }
  point_in_time_recovery {
    enabled = true
  }
}

output "state_bucket" {
  description = "The bucket of the environments' backend blocks."
  value       = aws_s3_bucket.state.bucket
}

output "lock_table" {
  description = "The lock table of the environments' backend blocks."
  value       = aws_dynamodb_table.locks.name
}
