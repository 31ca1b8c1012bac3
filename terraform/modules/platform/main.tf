# One environment of the twin on AWS: the modules wired together. terraform/environments/dev and
# prod call it with their sizes; its outputs fill the Helm chart's values (docs/deployment.md).

data "aws_region" "current" {}

data "aws_iot_endpoint" "mqtt" {
  endpoint_type = "iot:Data-ATS"
}

module "network" {
  source             = "../network"
  name               = var.name
  cidr_block         = var.vpc_cidr_block
  availability_zones = var.availability_zones
  nat_per_zone       = var.nat_per_zone
  cluster_name       = var.name
  tags               = var.tags
}

module "eks" {
  source              = "../eks"
  name                = var.name
  kubernetes_version  = var.kubernetes_version
  subnet_ids          = module.network.private_subnet_ids
  public_api          = length(var.public_api_cidrs) > 0
  public_api_cidrs    = var.public_api_cidrs
  node_instance_types = var.node_instance_types
  node_min_size       = var.node_min_size
  node_max_size       = var.node_max_size
  node_desired_size   = var.node_min_size
  tags                = var.tags
}

module "kinesis" {
  source                = "../kinesis"
  name                  = var.name
  telemetry_stream_name = var.telemetry_stream_name
  events_stream_name    = var.events_stream_name
  tags                  = var.tags
}

module "opensearch" {
  source              = "../opensearch"
  name                = var.name
  instance_type       = var.opensearch_instance_type
  instance_count      = var.opensearch_instance_count
  warm_instance_count = var.opensearch_warm_instance_count
  hot_days            = var.opensearch_hot_days
  delete_after_days   = var.opensearch_delete_after_days
  vpc_id              = module.network.vpc_id
  vpc_cidr_block      = module.network.cidr_block
  subnet_ids          = module.network.private_subnet_ids
  master_user_arn     = module.iam.opensearch_admin_role_arn
  tags                = var.tags
}

module "firehose" {
  source                = "../firehose"
  name                  = var.name
  events_stream_arn     = module.kinesis.events_stream_arn
  streams_kms_key_arn   = module.kinesis.kms_key_arn
  opensearch_domain_arn = module.opensearch.domain_arn
  events_index          = var.events_index
  subnet_ids            = module.network.private_subnet_ids
  security_group_id     = module.opensearch.security_group_id
  tags                  = var.tags
}

module "iot" {
  source               = "../iot"
  name                 = var.name
  machine_ids          = var.machine_ids
  telemetry_stream_arn = module.kinesis.telemetry_stream_arn
  events_stream_arn    = module.kinesis.events_stream_arn
  error_bucket_arn     = module.firehose.backup_bucket_arn
  tags                 = var.tags
}

module "keyspaces" {
  source            = "../keyspaces"
  journal_keyspace  = var.journal_keyspace
  snapshot_keyspace = var.snapshot_keyspace
  tags              = var.tags
}

module "ecr" {
  source = "../ecr"
  tags   = var.tags
}

module "secrets" {
  source               = "../secrets"
  name                 = var.name
  machine_ids          = var.machine_ids
  recovery_window_days = var.secret_recovery_window_days
  tags                 = var.tags
}

module "iam" {
  source                   = "../iam"
  name                     = var.name
  oidc_provider_arn        = module.eks.oidc_provider_arn
  oidc_issuer              = module.eks.oidc_issuer
  stream_arns              = [module.kinesis.telemetry_stream_arn, module.kinesis.events_stream_arn]
  streams_kms_key_arn      = module.kinesis.kms_key_arn
  keyspace_arns            = module.keyspaces.keyspace_arns
  table_arns               = module.keyspaces.table_arns
  secret_arns              = values(module.secrets.twin_secret_arns)
  secrets_kms_key_arn      = module.secrets.kms_key_arn
  opensearch_domain_arn    = module.opensearch.domain_arn
  github_repository        = var.github_repository
  github_environment       = var.github_environment
  github_oidc_provider_arn = var.github_oidc_provider_arn
  ecr_repository_arns      = [module.ecr.repository_arn, module.ecr.chart_repository_arn]
  eks_cluster_arn          = module.eks.cluster_arn
  tags                     = var.tags
}
