variable "name" {
  description = "Prefix of every resource's name, e.g. cnc-prod."
  type        = string
}

variable "events_stream_arn" {
  description = "The Kinesis events stream Firehose reads."
  type        = string
}

variable "streams_kms_key_arn" {
  description = "The key the Kinesis streams are encrypted with."
  type        = string
}

variable "opensearch_domain_arn" {
  description = "The OpenSearch domain the events go to."
  type        = string
}

variable "events_index" {
  description = "The index the events are written to (the chart's opensearch.eventsIndex), rotated daily."
  type        = string
  default     = "cnc-events"
  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9_-]{0,79}$", var.events_index))
    error_message = "an index name is lower case, 1-80 of a-z 0-9 _ -."
  }
}

variable "subnet_ids" {
  description = "Private subnets for Firehose's network interfaces into the VPC domain."
  type        = list(string)
}

variable "security_group_id" {
  description = "The security group the domain admits (its HTTPS from the VPC)."
  type        = string
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default     = {}
}
