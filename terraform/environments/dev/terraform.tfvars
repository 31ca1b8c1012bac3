machine_ids       = ["cnc-001", "cnc-002", "cnc-003"]
github_repository = "cnc-twin/cnc-twin"
