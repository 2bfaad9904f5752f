"""Intake: an uploaded file validated, stored, parsed, segmented and checked (``ingest_file``), or
checked without being stored (``check_file``)."""
