# Amazon Keyspaces for the journal, its events-by-tag tables, the read side and the snapshots:
# the tables of twin-cluster/src/main/resources/cassandra-schema.cql, which the node cannot create
# on Keyspaces (CASSANDRA_SCHEMA_AUTOCREATE=false). On demand, encrypted with AWS's key, point-in-
# time recovery. The node writes at LOCAL_QUORUM there (CASSANDRA_CONSISTENCY). Keyspaces ignores
# Cassandra's compaction options; the tag table's week is its TTL.

locals {
  # table => keyspace, columns (name => CQL type), partition key, clustering key (name => ASC|DESC), TTL
  tables = {
    messages = {
      keyspace = var.journal_keyspace
      columns = { persistence_id = "text", partition_nr = "bigint", sequence_nr = "bigint", timestamp = "timeuuid", timebucket = "text",
        writer_uuid = "text", ser_id = "int", ser_manifest = "text", event_manifest = "text", event = "blob", meta_ser_id = "int",
      meta_ser_manifest = "text", meta = "blob", tags = "set<text>" }
      partition  = ["persistence_id", "partition_nr"]
      clustering = [["sequence_nr", "ASC"], ["timestamp", "ASC"]]
      ttl        = null
    }
    metadata = {
      keyspace   = var.journal_keyspace
      columns    = { persistence_id = "text", deleted_to = "bigint", properties = "map<text, text>" }
      partition  = ["persistence_id"]
      clustering = []
      ttl        = null
    }
    all_persistence_ids = {
      keyspace   = var.journal_keyspace
      columns    = { persistence_id = "text" }
      partition  = ["persistence_id"]
      clustering = []
      ttl        = null
    }
    tag_views = {
      keyspace = var.journal_keyspace
      columns = { tag_name = "text", persistence_id = "text", sequence_nr = "bigint", timebucket = "bigint", timestamp = "timeuuid",
        tag_pid_sequence_nr = "bigint", writer_uuid = "text", ser_id = "int", ser_manifest = "text", event_manifest = "text", event = "blob",
      meta_ser_id = "int", meta_ser_manifest = "text", meta = "blob" }
      partition  = ["tag_name", "timebucket"]
      clustering = [["timestamp", "ASC"], ["persistence_id", "ASC"], ["tag_pid_sequence_nr", "ASC"]]
      ttl        = var.tag_view_ttl_seconds
    }
    tag_write_progress = {
      keyspace   = var.journal_keyspace
      columns    = { persistence_id = "text", tag = "text", sequence_nr = "bigint", tag_pid_sequence_nr = "bigint", offset = "timeuuid" }
      partition  = ["persistence_id"]
      clustering = [["tag", "ASC"]]
      ttl        = null
    }
    tag_scanning = {
      keyspace   = var.journal_keyspace
      columns    = { persistence_id = "text", sequence_nr = "bigint" }
      partition  = ["persistence_id"]
      clustering = []
      ttl        = null
    }
    fleet_view = {
      keyspace = var.journal_keyspace
      columns = { slice = "int", machine_id = "text", health = "text", execution_state = "text", sequence_nr = "bigint", entry = "text",
      updated_at = "timestamp" }
      partition  = ["slice"]
      clustering = [["machine_id", "ASC"]]
      ttl        = null
    }
    read_side_epoch = {
      keyspace   = var.journal_keyspace
      columns    = { name = "text", since = "timestamp" }
      partition  = ["name"]
      clustering = []
      ttl        = null
    }
    offset_store = {
      keyspace = var.journal_keyspace
      columns = { projection_name = "text", partition = "int", projection_key = "text", offset = "text", manifest = "text",
      last_updated = "timestamp" }
      partition  = ["projection_name", "partition"]
      clustering = [["projection_key", "ASC"]]
      ttl        = null
    }
    projection_management = {
      keyspace   = var.journal_keyspace
      columns    = { projection_name = "text", partition = "int", projection_key = "text", paused = "boolean", last_updated = "timestamp" }
      partition  = ["projection_name", "partition"]
      clustering = [["projection_key", "ASC"]]
      ttl        = null
    }
    snapshots = {
      keyspace = var.snapshot_keyspace
      columns = { persistence_id = "text", sequence_nr = "bigint", timestamp = "bigint", ser_id = "int", ser_manifest = "text",
      snapshot_data = "blob", snapshot = "blob", meta_ser_id = "int", meta_ser_manifest = "text", meta = "blob" }
      partition  = ["persistence_id"]
      clustering = [["sequence_nr", "DESC"]]
      ttl        = null
    }
  }
}

resource "aws_keyspaces_keyspace" "this" {
  for_each = toset([var.journal_keyspace, var.snapshot_keyspace])
  name     = each.key
  replication_specification {
    replication_strategy = "SINGLE_REGION"
  }
  tags = var.tags
}

resource "aws_keyspaces_table" "this" {
  for_each      = local.tables
  keyspace_name = aws_keyspaces_keyspace.this[each.value.keyspace].name
  table_name    = each.key
  schema_definition {
    dynamic "column" {
      for_each = each.value.columns
      content {
        name = column.key
        type = column.value
      }
    }
    dynamic "partition_key" {
      for_each = each.value.partition
      content {
        name = partition_key.value
      }
    }
    dynamic "clustering_key" {
      for_each = each.value.clustering
      content {
        name     = clustering_key.value[0]
        order_by = clustering_key.value[1]
      }
    }
  }
  capacity_specification {
    throughput_mode = "PAY_PER_REQUEST"
  }
  encryption_specification {
    type = "AWS_OWNED_KMS_KEY"
  }
  point_in_time_recovery {
    status = var.point_in_time_recovery ? "ENABLED" : "DISABLED"
  }
  ttl {
    status = "ENABLED"
  }
  default_time_to_live = each.value.ttl
  tags                 = var.tags
}
