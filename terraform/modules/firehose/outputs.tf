output "delivery_stream_arn" {
  description = "The Firehose delivery stream from the events stream to OpenSearch."
  value       = aws_kinesis_firehose_delivery_stream.events.arn
}

output "backup_bucket_arn" {
  description = "Where refused documents (and IoT rule errors) are kept, 90 days."
  value       = aws_s3_bucket.backup.arn
}
