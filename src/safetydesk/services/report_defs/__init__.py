"""Report declarations, one module per area (discovered by services.report_catalog)."""
