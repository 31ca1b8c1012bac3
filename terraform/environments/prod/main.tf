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

provider "aws" {
  region = var.region
  default_tags {
    tags = { Project = "cnc-twin", Environment = "prod" }
  }
}

module "platform" {
  source                         = "../../modules/platform"
  name                           = "cnc-prod"
  availability_zones             = ["${var.region}a", "${var.region}b", "${var.region}c"]
  vpc_cidr_block                 = "10.50.0.0/16"
  nat_per_zone                   = true
  node_instance_types            = ["m7i.xlarge"]
  node_min_size                  = 3
  node_max_size                  = 12
  public_api_cidrs               = var.admin_cidrs
  machine_ids                    = var.machine_ids
  telemetry_stream_name          = "cnc-prod-telemetry"
  events_stream_name             = "cnc-prod-events"
  opensearch_instance_type       = "r7g.large.search"
  opensearch_instance_count      = 3
  opensearch_warm_instance_count = 2
  opensearch_hot_days            = 7
  opensearch_delete_after_days   = 90
  github_repository              = var.github_repository
  github_environment             = "production"
  github_oidc_provider_arn       = var.github_oidc_provider_arn
  secret_recovery_window_days    = 30
}
