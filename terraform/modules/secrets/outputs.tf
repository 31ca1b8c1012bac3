output "twin_secret_arns" {
  description = "The twin's secrets by name (api-tokens, iot-certificate, keyspaces-credentials): the twin role may read these."
  value       = { for name, secret in aws_secretsmanager_secret.twin : name => secret.arn }
}

output "device_secret_arns" {
  description = "Each machine's device-credential secret."
  value       = { for id, secret in aws_secretsmanager_secret.device : id => secret.arn }
}

output "kms_key_arn" {
  description = "The secrets' key."
  value       = aws_kms_key.secrets.arn
}
