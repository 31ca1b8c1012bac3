machine_ids       = ["cnc-001", "cnc-002", "cnc-003", "cnc-004", "cnc-005", "cnc-006", "cnc-007", "cnc-008", "cnc-009", "cnc-010", "cnc-011", "cnc-012"]
github_repository = "cnc-twin/cnc-twin"
