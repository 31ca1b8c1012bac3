variable "repository_name" {
  description = "The image repository's name (the chart's image.repository, after the registry)."
  type        = string
  default     = "cnc-twin"
}

variable "keep_images" {
  description = "How many tagged images to keep; older ones and untagged ones after a day are deleted."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default     = {}
}
