"""Pure pipeline stages (the Python API): ingest -> parse -> segment -> detect -> judge -> redact -> publish.

No database, no UI, no globals: each stage is a function from typed data to typed data, and importing
the package changes nothing in the process. A process that runs the stages on a file configures itself
first (``pipeline.worker_process.configure_worker_process``); the application runs them on uploads in
a guarded child process (``pipeline.guarded``).
"""
