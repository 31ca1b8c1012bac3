variable "name" {
  description = "Prefix of every secret's name, e.g. cnc-prod."
  type        = string
}

variable "machine_ids" {
  description = "The machines whose device credentials (certificate and key) are kept here."
  type        = list(string)
  default     = []
}

variable "recovery_window_days" {
  description = "Days a deleted secret can still be restored (0 deletes at once, for dev)."
  type        = number
  default     = 30
  validation {
    condition     = var.recovery_window_days == 0 || (var.recovery_window_days >= 7 && var.recovery_window_days <= 30)
    error_message = "recovery_window_days must be 0 or 7-30."
  }
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default     = {}
}
