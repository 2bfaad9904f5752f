"""Pure pipeline stages (the Python API): ingest -> parse -> segment -> detect -> judge -> redact -> publish.

No database, no UI, no globals: each stage is a function from typed data to typed data.
"""
