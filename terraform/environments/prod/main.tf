# Production: a NAT gateway per zone, larger nodes, UltraWarm, a 90-day index lifecycle.

terraform {
  required_version = ">= 1.9"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.25"
    }
  }
  backend "s3" {
    bucket         = "cnc-twin-terraform-state"
    key            = "prod/terraform.tfstate"
    region         = "eu-west-1"
    dynamodb_table = "cnc-twin-terraform-locks"
    encrypt        = true
  }
}

locals {
  region = "eu-west-1"
}

provider "aws" {
  region = local.region
  default_tags {
    tags = { Project = "cnc-twin", Environment = "prod" }
  }
}

module "platform" {
  source                         = "../../modules/platform"
  name                           = "cnc-prod"
  availability_zones             = ["${local.region}a", "${local.region}b", "${local.region}c"]
  vpc_cidr_block                 = "10.50.0.0/16"
  nat_per_zone                   = true
  node_instance_types            = ["m7i.xlarge"]
  node_min_size                  = 3
  node_max_size                  = 12
  public_api_cidrs               = [] # an office or VPN range to reach the EKS API from outside the VPC
  machine_ids                    = ["cnc-001", "cnc-002", "cnc-003", "cnc-004", "cnc-005", "cnc-006", "cnc-007", "cnc-008", "cnc-009", "cnc-010", "cnc-011", "cnc-012"]
  telemetry_stream_name          = "cnc-prod-telemetry"
  events_stream_name             = "cnc-prod-events"
  opensearch_instance_type       = "r7g.large.search"
  opensearch_instance_count      = 3
  opensearch_warm_instance_count = 2
  opensearch_hot_days            = 7
  opensearch_delete_after_days   = 90
  github_repository              = "cnc-twin/cnc-twin"
  github_environment             = "production"
  github_oidc_provider_arn       = "" # dev's output github_oidc_provider_arn when dev is in the same account
  secret_recovery_window_days    = 30
}
