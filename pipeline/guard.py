"""Run work on an untrusted file in a child process, so a hang or crash in MuPDF cannot take us down.

MuPDF is C code reading hostile input: a crafted file can loop for ever or crash the interpreter. A batch
(``dpa ingest FOLDER``) must get a clear error for that file and move on, and the review app's server must
stay up. ``run_guarded`` runs one call in a child process with a deadline; a ``PipelineError`` raised in
the child is re-raised as is, any other exception is re-raised with the child's traceback attached (a bug
must stay visible, not become a "damaged file" message). With ``progress``, the call gets a callable that
reports ``(done, total)`` to the parent, which passes it on while it waits.

The child is a worker process (``pipeline.worker_process``) and leads its own process group, so a child
that is stopped takes its OCR pool and Tesseract runs with it. It is started by the ``forkserver`` method
with the worker settings applied and PyMuPDF and the stages preloaded (about 1 s of import saved per
file); ``spawn`` where forkserver does not exist. The callable and its arguments must be picklable (a
module-level function).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from multiprocessing.context import ForkServerContext, SpawnContext
from typing import Any, TypeVar, cast

from pipeline.errors import IngestError, PipelineError
from pipeline.worker_process import configure_worker_process

log = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_TIMEOUT_S = 60.0
# What a forkserver imports once so its children need not: first the worker settings, then the guarded
# jobs with the stages they run, detection's spaCy (a check's child then starts in 1.1 s instead of
# 2.4, building only its spaCy pipeline) and Tesseract's wrapper, which imports pandas (~0.6 s). The
# server starts once, at the first guarded call (2.5 s).
FORKSERVER_PRELOAD = [
    "pipeline.worker_boot",
    "pipeline.ingest",
    "pipeline.worker_jobs",
    "pipeline.detect",
    "pipeline.detect.nlp",
    "pipeline.judge",
    "pytesseract",
]
Progress = Callable[[int, int], None]
_context: ForkServerContext | SpawnContext | None = None


class ChildTracebackError(Exception):
    """The formatted traceback of an exception raised in the child, chained as ``__cause__``."""

    def __str__(self) -> str:
        return str(self.args[0])


def run_guarded(
    func: Callable[..., T],
    *args: Any,
    timeout: float = DEFAULT_TIMEOUT_S,
    file_name: str,
    progress: Progress | None = None,
    **kwargs: Any,
) -> T:
    """Return ``func(*args, **kwargs)`` computed in a child process within ``timeout`` seconds.

    With ``progress``, ``func`` is also given ``progress=``, a callable whose ``(done, total)`` calls
    reach ``progress`` here, in this process and thread, while the child works.

    Raises:
        IngestError: ``timeout`` if the child did not finish in time (it is killed), ``unreadable_pdf``
            if it died without answering (a crash in the PDF library).
        PipelineError: whatever the child raised.
    """
    ctx = _get_context()
    receiver, sender = ctx.Pipe(duplex=False)
    target_args = (sender, func, args, kwargs, progress is not None)
    process = ctx.Process(target=_child_main, args=target_args, name=f"guarded:{file_name}")
    process.start()
    sender.close()  # so that recv() sees end-of-file if the child dies
    answered = False
    try:
        outcome = _await_outcome(receiver, process, time.monotonic() + timeout, progress)
        if outcome is None:
            raise _timeout_error(file_name, timeout)
        if outcome is _DIED:
            _kill_group(process)  # before _crash_error reaps the child
            raise _crash_error(file_name, process)
        answered = True
    finally:
        receiver.close()
        if not answered:  # late, crashed, or the caller's progress callback raised
            _kill_group(process)
        _stop(process, grace=5.0 if answered else 0.0)
    return cast(T, _unwrap(outcome))


_DIED = ("died",)


def _await_outcome(
    receiver: Connection,
    process: multiprocessing.process.BaseProcess,
    deadline: float,
    progress: Progress | None,
) -> tuple[Any, ...] | None:
    """The child's answer, passing its progress reports on; ``None`` past the deadline, ``_DIED`` if it
    died without answering (its own exit is watched too: a process it forked may hold the pipe open)."""
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not wait([receiver, process.sentinel], remaining):
            return None
        if not receiver.poll():
            return _DIED  # only the sentinel is ready: the child exited and sent nothing more
        try:
            message: tuple[Any, ...] = receiver.recv()
        except EOFError:
            return _DIED
        if message[0] != "progress":
            return message
        if progress is not None:
            progress(message[1], message[2])


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


def _child_main(
    sender: Connection, func: Callable[..., Any], args: tuple[Any, ...], kwargs: Any, reports: bool
) -> None:
    """Run in the child: send back ("ok", result) or the exception, never let one escape silently."""
    os.setsid()  # a process group of its own, which _stop can end with everything it started
    configure_worker_process()  # done already by the forkserver's preload; not by spawn
    if reports:
        kwargs = {**kwargs, "progress": _ProgressSender(sender)}
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


class _ProgressSender:
    """The child's ``progress(done, total)``: each call goes to the parent over the result pipe."""

    def __init__(self, sender: Connection) -> None:
        self._sender = sender

    def __call__(self, done: int, total: int) -> None:
        self._sender.send(("progress", done, total))


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


def _kill_group(process: multiprocessing.process.BaseProcess) -> None:
    """Kill the child's process group: its OCR workers and Tesseract runs, which outlive it otherwise.

    Called before the child is reaped, so its id cannot yet belong to anyone else.
    """
    if process.pid is not None:
        with contextlib.suppress(ProcessLookupError, PermissionError):  # the group is already empty
            os.killpg(process.pid, signal.SIGKILL)


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
