output "journal_keyspace" {
  description = "The journal's keyspace (CASSANDRA_KEYSPACE)."
  value       = aws_keyspaces_keyspace.this[var.journal_keyspace].name
}

output "snapshot_keyspace" {
  description = "The snapshots' keyspace (CASSANDRA_SNAPSHOT_KEYSPACE)."
  value       = aws_keyspaces_keyspace.this[var.snapshot_keyspace].name
}

output "table_arns" {
  description = "Every table, for the twin's IAM policy."
  value       = [for table in aws_keyspaces_table.this : table.arn]
}

output "keyspace_arns" {
  description = "Both keyspaces, for the twin's IAM policy."
  value       = [for keyspace in aws_keyspaces_keyspace.this : keyspace.arn]
}
