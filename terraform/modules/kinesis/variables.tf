variable "name" {
  description = "Prefix of every resource's name, e.g. cnc-prod."
  type        = string
}

variable "telemetry_stream_name" {
  description = "The telemetry stream's name (the chart's kinesis.telemetryStream)."
  type        = string
  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{1,128}$", var.telemetry_stream_name))
    error_message = "a stream name is 1-128 of A-Z a-z 0-9 _ . -."
  }
}

variable "events_stream_name" {
  description = "The events stream's name (the chart's kinesis.eventsStream)."
  type        = string
  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{1,128}$", var.events_stream_name))
    error_message = "a stream name is 1-128 of A-Z a-z 0-9 _ . -."
  }
}

variable "on_demand" {
  description = "On-demand capacity (pay per use, scales by itself) or provisioned shards."
  type        = bool
  default     = true
}

variable "telemetry_shards" {
  description = "Shards of the telemetry stream when provisioned: each takes 1 MB/s or 1,000 records/s."
  type        = number
  default     = 2
}

variable "retention_hours" {
  description = "How long a stream keeps its records (24 to 8760 hours)."
  type        = number
  default     = 24
  validation {
    condition     = var.retention_hours >= 24 && var.retention_hours <= 8760
    error_message = "retention_hours must be 24-8760."
  }
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default     = {}
}
