"""The application layer: the use cases the CLI and the review app share, in packages by use case.

- ``intake``: an upload validated, stored, parsed and checked
- ``review``: accounts, decisions on checks, evidence, audit trail, label export, single sign-on
- ``redaction``: redaction runs, proposed, decided, applied and verified
- ``duties``: district settings, signers and signing authority, deadlines, breaches, parent notices
- ``publish``: the public SOPPA listing
- ``cli``: the ``dpa`` command (commands and console output only)
- ``devtools``: ``dpa eval`` and ``dpa bench``, development tools
- ``settings``: where data lives and the upload limits
- ``transactions``: the one way an action runs in a transaction (commit on success, rollback on error)
- ``vocabulary``: the enums, box and error the interfaces share with the use cases
"""

from pipeline.worker_process import skip_pymupdf_companions

# Before anything imports PyMuPDF: its ONNX companions (0.8 s, 60 MB, and a process-wide word-box
# flag) are never used here. The stages themselves run in worker processes (pipeline.guarded).
skip_pymupdf_companions()
