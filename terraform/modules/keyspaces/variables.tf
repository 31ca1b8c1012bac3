variable "journal_keyspace" {
  description = "The journal's keyspace (the chart's cassandra.keyspace)."
  type        = string
  default     = "cnc_twin"
  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,47}$", var.journal_keyspace))
    error_message = "a keyspace name is 1-48 of a-z 0-9 _, starting with a letter (NodeSettings' rule)."
  }
}

variable "snapshot_keyspace" {
  description = "The snapshots' keyspace (the chart's cassandra.snapshotKeyspace)."
  type        = string
  default     = "cnc_twin_snapshot"
  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,47}$", var.snapshot_keyspace))
    error_message = "a keyspace name is 1-48 of a-z 0-9 _, starting with a letter (NodeSettings' rule)."
  }
}

variable "point_in_time_recovery" {
  description = "Continuous backups of the tables (35 days of point-in-time restore)."
  type        = bool
  default     = true
}

variable "tag_view_ttl_seconds" {
  description = "How long the events-by-tag rows (the read side's input) are kept; the journal keeps everything."
  type        = number
  default     = 604800
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default     = {}
}
