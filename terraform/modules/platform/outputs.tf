output "cluster_name" {
  description = "The EKS cluster (EKS_*_CLUSTER of the deploy workflow; aws eks update-kubeconfig --name)."
  value       = module.eks.cluster_name
}

output "cluster_autoscaler_role_arn" {
  description = "The Cluster Autoscaler's IRSA role, for its Helm chart."
  value       = module.eks.cluster_autoscaler_role_arn
}

output "ecr_registry" {
  description = "ECR_REGISTRY of the workflows."
  value       = module.ecr.registry
}

output "github_role_arn" {
  description = "AWS_RELEASE_ROLE_ARN / AWS_*_DEPLOY_ROLE_ARN of the workflows."
  value       = module.iam.github_role_arn
}

output "github_oidc_provider_arn" {
  description = "The account's GitHub OIDC provider, for the next environment's github_oidc_provider_arn."
  value       = module.iam.github_oidc_provider_arn
}

output "opensearch_admin_role_arn" {
  description = "The role that administers the OpenSearch domain (ISM policy, dashboards import)."
  value       = module.iam.opensearch_admin_role_arn
}

output "opensearch_ism_policy" {
  description = "The index lifecycle policy to PUT to _plugins/_ism/policies/cnc."
  value       = module.opensearch.ism_policy
}

output "machine_certificates" {
  description = "Each machine's IoT certificate and key, to put into its secret and onto its gateway."
  value       = module.iot.machine_certificates
  sensitive   = true
}

output "twin_certificate" {
  description = "The twin's IoT certificate and key: the cnc-twin-iot-certificate Secret."
  value       = module.iot.twin_certificate
  sensitive   = true
}

# The chart's values that come from here: terraform output -json helm_values > values-aws.json, then
# helm upgrade --install ... -f values-prod.yaml -f values-aws.json.
output "helm_values" {
  description = "The cnc-twin chart's values this environment decides, as a values file."
  value = {
    image          = { repository = module.ecr.repository_url }
    serviceAccount = { roleArn = module.iam.twin_role_arn }
    cassandra = {
      contactPoints    = "cassandra.${data.aws_region.current.region}.amazonaws.com:9142"
      datacenter       = data.aws_region.current.region
      consistency      = "LOCAL_QUORUM"
      keyspace         = module.keyspaces.journal_keyspace
      snapshotKeyspace = module.keyspaces.snapshot_keyspace
      schemaAutocreate = false
    }
    mqtt       = { url = "ssl://${data.aws_iot_endpoint.mqtt.endpoint_address}:8883" }
    kinesis    = { region = data.aws_region.current.region, telemetryStream = module.kinesis.telemetry_stream_name, eventsStream = module.kinesis.events_stream_name }
    opensearch = { endpoint = module.opensearch.endpoint, eventsIndex = var.events_index }
  }
}
