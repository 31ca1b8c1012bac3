variable "name" {
  description = "Prefix of every resource's name, e.g. cnc-prod."
  type        = string
}

variable "machine_ids" {
  description = "The machines to register as things: each connects with its id as client id and publishes only under cnc/<id>/."
  type        = list(string)
  validation {
    condition     = alltrue([for id in var.machine_ids : can(regex("^[A-Za-z0-9_-]{1,64}$", id))])
    error_message = "machine ids are 1-64 of A-Z a-z 0-9 _ - (the protocol's machine-id rule)."
  }
}

variable "twin_client_id_prefix" {
  description = "The client-id prefix of the twin's own connections (its pods' names), which subscribe to every machine's topics."
  type        = string
  default     = "cnc-twin-"
}

variable "telemetry_stream_arn" {
  description = "The Kinesis stream cnc/+/telemetry goes to."
  type        = string
}

variable "events_stream_arn" {
  description = "The Kinesis stream cnc/+/events goes to."
  type        = string
}

variable "error_bucket_arn" {
  description = "The S3 bucket a topic rule writes a message to when it cannot deliver it to Kinesis."
  type        = string
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default     = {}
}
