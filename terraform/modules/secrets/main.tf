# Secrets Manager: the API's bearer tokens, the twin's IoT certificate, each machine's device
# credentials and the Keyspaces service-specific credentials, under one key. Values are put by the
# operator or the provisioning step (docs/deployment.md), never in Terraform state.

resource "aws_kms_key" "secrets" {
  description         = "Encryption of the ${var.name} twin's secrets"
  enable_key_rotation = true
  tags                = var.tags
}

locals {
  twin_secrets = {
    api-tokens            = "The API's bearer tokens: {\"reader-tokens\": \"...\", \"operator-tokens\": \"...\"}"
    iot-certificate       = "The twin's AWS IoT certificate: {\"tls.crt\": PEM, \"tls.key\": PEM, \"ca.crt\": AmazonRootCA1 PEM}"
    keyspaces-credentials = "Keyspaces service-specific credentials: {\"username\": \"...\", \"password\": \"...\"}"
  }
}

resource "aws_secretsmanager_secret" "twin" {
  for_each                = local.twin_secrets
  name                    = "${var.name}/twin/${each.key}"
  description             = each.value
  kms_key_id              = aws_kms_key.secrets.arn
  recovery_window_in_days = var.recovery_window_days
  tags                    = var.tags
}

resource "aws_secretsmanager_secret" "device" {
  for_each                = toset(var.machine_ids)
  name                    = "${var.name}/devices/${each.key}"
  description             = "Device credentials of machine ${each.key}: its IoT certificate and private key"
  kms_key_id              = aws_kms_key.secrets.arn
  recovery_window_in_days = var.recovery_window_days
  tags                    = var.tags
}
