output "telemetry_stream_arn" {
  description = "The telemetry stream."
  value       = aws_kinesis_stream.telemetry.arn
}

output "events_stream_arn" {
  description = "The events stream."
  value       = aws_kinesis_stream.events.arn
}

output "telemetry_stream_name" {
  description = "The telemetry stream's name."
  value       = aws_kinesis_stream.telemetry.name
}

output "events_stream_name" {
  description = "The events stream's name."
  value       = aws_kinesis_stream.events.name
}

output "kms_key_arn" {
  description = "The streams' key: readers and writers need kms:Decrypt / kms:GenerateDataKey on it."
  value       = aws_kms_key.streams.arn
}
