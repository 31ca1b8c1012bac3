# AWS IoT Core for the fleet: a thing type, a thing and a certificate per machine, a policy that
# lets a machine connect only with its own thing name as client id and publish and subscribe only
# under cnc/<its name>/, a policy for the twin's own connections, and topic rules that send
# telemetry and events on to Kinesis, with an error action into S3.

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  iot_arn  = "arn:${data.aws_partition.current.partition}:iot:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}"
  machines = toset(var.machine_ids)
}

resource "aws_iot_thing_type" "machine" {
  name = "${var.name}-cnc-machine"
  properties {
    description           = "A CNC machine tool publishing telemetry and events to its digital twin"
    searchable_attributes = ["profile", "site"]
  }
  tags = var.tags
}

resource "aws_iot_thing" "machine" {
  for_each        = local.machines
  name            = each.key
  thing_type_name = aws_iot_thing_type.machine.name
}

resource "aws_iot_certificate" "machine" {
  for_each = local.machines
  active   = true
}

resource "aws_iot_thing_principal_attachment" "machine" {
  for_each  = local.machines
  thing     = aws_iot_thing.machine[each.key].name
  principal = aws_iot_certificate.machine[each.key].arn
}

# ${iot:Connection.Thing.ThingName} is the thing the connecting certificate is attached to: one
# policy serves every machine and each can only be itself.
data "aws_iam_policy_document" "machine" {
  statement {
    sid       = "ConnectAsItself"
    actions   = ["iot:Connect"]
    resources = ["${local.iot_arn}:client/$${iot:Connection.Thing.ThingName}"]
    condition {
      test     = "Bool"
      variable = "iot:Connection.Thing.IsAttached"
      values   = ["true"]
    }
  }
  statement {
    sid       = "PublishItsOwnTopics"
    actions   = ["iot:Publish"]
    resources = ["${local.iot_arn}:topic/cnc/$${iot:Connection.Thing.ThingName}/*"]
  }
  statement {
    sid       = "SubscribeItsOwnTopics"
    actions   = ["iot:Subscribe"]
    resources = ["${local.iot_arn}:topicfilter/cnc/$${iot:Connection.Thing.ThingName}/*"]
  }
  statement {
    sid       = "ReceiveItsOwnTopics"
    actions   = ["iot:Receive"]
    resources = ["${local.iot_arn}:topic/cnc/$${iot:Connection.Thing.ThingName}/*"]
  }
}

resource "aws_iot_policy" "machine" {
  name   = "${var.name}-machine"
  policy = data.aws_iam_policy_document.machine.json
  tags   = var.tags
}

resource "aws_iot_policy_attachment" "machine" {
  for_each = local.machines
  policy   = aws_iot_policy.machine.name
  target   = aws_iot_certificate.machine[each.key].arn
}

# The twin's ingest: its pods connect as <prefix><pod name>, subscribe to every machine's topics
# through the shared subscription and publish commands back to them.
data "aws_iam_policy_document" "twin" {
  statement {
    sid       = "ConnectAsTheTwin"
    actions   = ["iot:Connect"]
    resources = ["${local.iot_arn}:client/${var.twin_client_id_prefix}*"]
  }
  statement {
    sid       = "SubscribeToTheFleet"
    actions   = ["iot:Subscribe"]
    resources = ["${local.iot_arn}:topicfilter/cnc/*", "${local.iot_arn}:topicfilter/$share/*"]
  }
  statement {
    sid       = "ReceiveAndCommandTheFleet"
    actions   = ["iot:Receive", "iot:Publish"]
    resources = ["${local.iot_arn}:topic/cnc/*"]
  }
}

resource "aws_iot_policy" "twin" {
  name   = "${var.name}-twin"
  policy = data.aws_iam_policy_document.twin.json
  tags   = var.tags
}

resource "aws_iot_certificate" "twin" {
  active = true
}

resource "aws_iot_policy_attachment" "twin" {
  policy = aws_iot_policy.twin.name
  target = aws_iot_certificate.twin.arn
}

data "aws_iam_policy_document" "rule_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["iot.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

data "aws_iam_policy_document" "rule" {
  statement {
    sid       = "ToTheStreams"
    actions   = ["kinesis:PutRecord"]
    resources = [var.telemetry_stream_arn, var.events_stream_arn]
  }
  statement {
    sid       = "ErrorsToS3"
    actions   = ["s3:PutObject"]
    resources = ["${var.error_bucket_arn}/iot-errors/*"]
  }
}

resource "aws_iam_role" "rule" {
  name               = "${var.name}-iot-rules"
  assume_role_policy = data.aws_iam_policy_document.rule_assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "rule" {
  name   = "to-kinesis"
  role   = aws_iam_role.rule.id
  policy = data.aws_iam_policy_document.rule.json
}

locals {
  # topic rule → (MQTT topic filter, stream)
  rules = {
    telemetry = { topic = "cnc/+/telemetry", stream = var.telemetry_stream_arn }
    events    = { topic = "cnc/+/events", stream = var.events_stream_arn }
  }
}

resource "aws_iot_topic_rule" "to_kinesis" {
  for_each    = local.rules
  name        = replace("${var.name}_${each.key}_to_kinesis", "-", "_")
  description = "${each.value.topic} to Kinesis, partitioned by machine"
  enabled     = true
  sql         = "SELECT *, topic(2) AS machine_id FROM '${each.value.topic}'"
  sql_version = "2016-03-23"
  kinesis {
    role_arn      = aws_iam_role.rule.arn
    stream_name   = element(split("/", each.value.stream), 1)
    partition_key = "$${topic(2)}"
  }
  error_action {
    s3 {
      role_arn    = aws_iam_role.rule.arn
      bucket_name = element(split(":::", var.error_bucket_arn), 1)
      key         = "iot-errors/${each.key}/$${timestamp()}-$${newuuid()}"
    }
  }
  tags = var.tags
}
