"""Errors a director can read: every fatal input problem is a ``PipelineError``."""

from __future__ import annotations


class PipelineError(Exception):
    """A file or stage failure with a message meant for a non-technical user.

    ``code`` is a stable machine-readable reason (for tests, the database and the app).
    """

    code = "pipeline_error"

    def __init__(self, message: str, *, file_name: str | None = None) -> None:
        self.message = message
        self.file_name = file_name
        super().__init__(f"{file_name}: {message}" if file_name else message)

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle by attributes: subclasses' ``__init__`` signatures differ, and errors cross processes."""
        return (_rebuild_error, (type(self), self.message, self.file_name, self.code))


class IngestError(PipelineError):
    """The upload cannot be accepted (empty, wrong type, corrupt, encrypted, too large...)."""

    code = "ingest_error"

    def __init__(self, code: str, message: str, *, file_name: str | None = None) -> None:
        super().__init__(message, file_name=file_name)
        self.code = code


class ParseError(PipelineError):
    """The document was accepted but could not be read."""

    code = "parse_error"


class ConversionError(PipelineError):
    """A Word file could not be converted to PDF."""

    code = "conversion_error"


def _rebuild_error(cls: type[PipelineError], message: str, file_name: str | None, code: str) -> PipelineError:
    """Recreate a pickled error without calling a subclass ``__init__`` (see ``PipelineError.__reduce__``)."""
    error = cls.__new__(cls)
    PipelineError.__init__(error, message, file_name=file_name)
    error.code = code
    return error
