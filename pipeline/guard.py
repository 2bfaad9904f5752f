"""Run work on an untrusted file in a child process, so a hang or crash in MuPDF cannot take us down.

MuPDF is C code reading hostile input: a crafted file can loop for ever or crash the interpreter. A batch
(``dpa ingest FOLDER``) must get a clear error for that file and move on. ``run_guarded`` runs one call in
a child process with a deadline; a ``PipelineError`` raised in the child is re-raised as is, any other
exception is re-raised with the child's traceback attached (a bug must stay visible, not become a
"damaged file" message).

The child is started by the ``forkserver`` method with PyMuPDF and the pipeline preloaded (about 1 s of
import saved per file); ``spawn`` where forkserver does not exist. The callable and its arguments must be
picklable (a module-level function).
"""

from __future__ import annotations

import logging
import multiprocessing
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext, SpawnContext
from typing import Any, TypeVar, cast

from pipeline.errors import IngestError, PipelineError

log = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_TIMEOUT_S = 60.0
# What a forkserver imports once so its children need not: the guarded ingest, OCR (its workers use
# the same server) and Tesseract's wrapper, which imports pandas when present (~0.6 s).
FORKSERVER_PRELOAD = ["pipeline.ingest", "pipeline.parse.ocr", "pytesseract"]
_context: ForkServerContext | SpawnContext | None = None


class ChildTracebackError(Exception):
    """The formatted traceback of an exception raised in the child, chained as ``__cause__``."""

    def __str__(self) -> str:
        return str(self.args[0])


def run_guarded(
    func: Callable[..., T], *args: Any, timeout: float = DEFAULT_TIMEOUT_S, file_name: str, **kwargs: Any
) -> T:
    """Return ``func(*args, **kwargs)`` computed in a child process within ``timeout`` seconds.

    Raises:
        IngestError: ``timeout`` if the child did not finish in time (it is killed), ``unreadable_pdf``
            if it died without answering (a crash in the PDF library).
        PipelineError: whatever the child raised.
    """
    ctx = _get_context()
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child_main, args=(sender, func, args, kwargs), name=f"guarded:{file_name}")
    process.start()
    sender.close()  # so that recv() sees end-of-file if the child dies
    answered = False
    try:
        if not receiver.poll(timeout):
            raise _timeout_error(file_name, timeout)
        try:
            outcome = receiver.recv()
        except EOFError:
            raise _crash_error(file_name, process) from None
        answered = True
    finally:
        receiver.close()
        _stop(process, grace=5.0 if answered else 0.0)
    return cast(T, _unwrap(outcome))


def _get_context() -> ForkServerContext | SpawnContext:
    global _context  # one forkserver per process, started on first use
    if _context is None:
        if "forkserver" in multiprocessing.get_all_start_methods():
            forkserver = multiprocessing.get_context("forkserver")
            forkserver.set_forkserver_preload(FORKSERVER_PRELOAD)
            _context = forkserver
        else:
            _context = multiprocessing.get_context("spawn")
    return _context


def _child_main(sender: Connection, func: Callable[..., Any], args: tuple[Any, ...], kwargs: Any) -> None:
    """Run in the child: send back ("ok", result) or the exception, never let one escape silently."""
    try:
        outcome: tuple[Any, ...] = ("ok", func(*args, **kwargs))
    except PipelineError as error:
        outcome = ("error", error)
    except BaseException as error:  # noqa: BLE001 - re-raised in the parent with its traceback
        outcome = ("bug", error, traceback.format_exc())
    try:
        sender.send(outcome)
    except Exception:  # noqa: BLE001 - the exception itself would not pickle: send its text
        sender.send(("bug", RuntimeError(repr(outcome[1])), traceback.format_exc()))
    finally:
        sender.close()


def _unwrap(outcome: tuple[Any, ...]) -> object:
    status = outcome[0]
    if status == "ok":
        return outcome[1]
    error: BaseException = outcome[1]
    if status == "bug":
        raise error from ChildTracebackError(outcome[2])
    raise error


def _stop(process: multiprocessing.process.BaseProcess, *, grace: float) -> None:
    """Reap the child, waiting ``grace`` seconds for it to exit; terminate (then kill) it if it hangs on."""
    process.join(timeout=grace)
    if process.is_alive():
        process.terminate()
        process.join(timeout=5)
    if process.is_alive():
        process.kill()
        process.join()


def _timeout_error(file_name: str, timeout: float) -> IngestError:
    return IngestError(
        "timeout",
        f"Reading “{file_name}” took longer than {timeout:g} seconds and was stopped. The file may be "
        "damaged or unusually complex. Open it in a PDF reader, print it to a new PDF, and upload that.",
        file_name=file_name,
    )


def _crash_error(file_name: str, process: multiprocessing.process.BaseProcess) -> IngestError:
    process.join(timeout=5)
    log.warning("guarded child for %s died with exit code %s", file_name, process.exitcode)
    return IngestError(
        "unreadable_pdf",
        f"The PDF reader stopped unexpectedly while reading “{file_name}”; the file is probably damaged. "
        "Open it in a PDF reader, print it to a new PDF, and upload that.",
        file_name=file_name,
    )
