"""Shared check that an error message is written for a technology director, not a programmer."""

from __future__ import annotations

from pipeline.errors import PipelineError

# Words that would mean a technical error leaked into a message meant for a non-programmer.
JARGON = (
    "Traceback",
    "Exception",
    "xref",
    "trailer",
    "MuPDF",
    "mupdf",
    "FzError",
    "BadZip",
    "expat",
    "Errno",
    "None",
    "0x",
    "code=",
)


def assert_plain_message(error: PipelineError, file_name: str) -> None:
    """The error names the file, its message reads as one sentence or more, and leaks no internals."""
    assert error.file_name == file_name
    assert file_name in str(error)
    assert error.message.rstrip().endswith("."), error.message
    assert "\n" not in error.message
    leaked = [word for word in JARGON if word in error.message]
    assert not leaked, f"technical words in message: {leaked}: {error.message}"
