# The dev environment: one NAT gateway, small nodes and domain, dev's GitHub environment.

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
    key            = "dev/terraform.tfstate"
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
    tags = { Project = "cnc-twin", Environment = "dev" }
  }
}

module "platform" {
  source                         = "../../modules/platform"
  name                           = "cnc-dev"
  availability_zones             = ["${local.region}a", "${local.region}b", "${local.region}c"]
  vpc_cidr_block                 = "10.40.0.0/16"
  nat_per_zone                   = false
  node_instance_types            = ["m7i.large"]
  node_min_size                  = 3
  node_max_size                  = 6
  public_api_cidrs               = [] # an office or VPN range to reach the EKS API from outside the VPC
  machine_ids                    = ["cnc-001", "cnc-002", "cnc-003"]
  telemetry_stream_name          = "cnc-dev-telemetry"
  events_stream_name             = "cnc-dev-events"
  opensearch_instance_type       = "t3.medium.search"
  opensearch_instance_count      = 3
  opensearch_warm_instance_count = 0
  opensearch_delete_after_days   = 30
  github_repository              = "cnc-twin/cnc-twin"
  github_environment             = "dev"
  secret_recovery_window_days    = 0
}
