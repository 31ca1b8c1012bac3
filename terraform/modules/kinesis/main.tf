# The telemetry and events streams, encrypted with a key of their own.

resource "aws_kms_key" "streams" {
  description         = "Encryption of the ${var.name} telemetry and events streams"
  enable_key_rotation = true
  tags                = var.tags
}

resource "aws_kinesis_stream" "telemetry" {
  name             = var.telemetry_stream_name
  shard_count      = var.on_demand ? null : var.telemetry_shards
  retention_period = var.retention_hours
  encryption_type  = "KMS"
  kms_key_id       = aws_kms_key.streams.arn
  stream_mode_details {
    stream_mode = var.on_demand ? "ON_DEMAND" : "PROVISIONED"
  }
  tags = var.tags
}

resource "aws_kinesis_stream" "events" {
  name             = var.events_stream_name
  shard_count      = var.on_demand ? null : 1
  retention_period = var.retention_hours
  encryption_type  = "KMS"
  kms_key_id       = aws_kms_key.streams.arn
  stream_mode_details {
    stream_mode = var.on_demand ? "ON_DEMAND" : "PROVISIONED"
  }
  tags = var.tags
}
