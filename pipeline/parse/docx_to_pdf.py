"""Word (.docx) to PDF with LibreOffice headless: ``convert_docx_to_pdf``.

The PDF is what the pipeline checks, reviews, redacts and posts; the original DOCX is kept by
ingest. Each conversion runs in its own temporary directory with its own LibreOffice profile
(``-env:UserInstallation``), so conversions can run side by side and never touch a user's
LibreOffice settings or lock files. LibreOffice runs in a new process group under a time limit; on
timeout the whole group is killed (``soffice`` starts a child ``oosplash``/``soffice.bin``). The
Word import filter is named explicitly, because without it LibreOffice quietly imports a damaged
file as plain text and "succeeds" with a PDF of garbage.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from io import BytesIO
from pathlib import Path

import pymupdf

from pipeline.errors import ConversionError

WORD_IMPORT_FILTER = "MS Word 2007 XML"
_PROGRAMS = ("soffice", "libreoffice")


def convert_docx_to_pdf(data: bytes, *, timeout: float = 120) -> bytes:
    """Convert a Word file to PDF bytes.

    Raises:
        ConversionError: the file is not a readable Word document, LibreOffice is missing,
            fails or takes longer than ``timeout`` seconds, or the PDF it wrote is unusable.
    """
    _check_word_package(data)
    program = _find_libreoffice()
    with tempfile.TemporaryDirectory(prefix="dpa-docx-") as workdir:
        work = Path(workdir)
        source = work / "agreement.docx"
        source.write_bytes(data)
        _run(_command(program, source, work), work, timeout)
        return _read_pdf(work / "out" / "agreement.pdf")


def _check_word_package(data: bytes) -> None:
    """A .docx is a zip holding ``word/document.xml``; anything else cannot be a Word document."""
    if not data:
        raise ConversionError("The Word file is empty.")
    try:
        with zipfile.ZipFile(BytesIO(data)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ConversionError(
            "The Word file is damaged and cannot be opened; save it again and re-upload."
        ) from exc
    if "word/document.xml" not in names:
        raise ConversionError(
            "The file is not a Word document (.docx); save it as .docx or PDF and re-upload."
        )


def _find_libreoffice() -> str:
    for name in _PROGRAMS:
        found = shutil.which(name)
        if found:
            return found
    raise ConversionError("Word files cannot be converted here: LibreOffice is not installed.")


def _command(program: str, source: Path, work: Path) -> list[str]:
    return [
        program,
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--nodefault",
        "--nologo",
        f"-env:UserInstallation={(work / 'profile').as_uri()}",
        f"--infilter={WORD_IMPORT_FILTER}",
        "--convert-to",
        "pdf:writer_pdf_Export",
        "--outdir",
        str(work / "out"),
        str(source),
    ]


def _run(command: list[str], work: Path, timeout: float) -> None:
    """Run LibreOffice in its own process group; kill the whole group when the time is up."""
    env = {**os.environ, "HOME": str(work), "SAL_USE_VCLPLUGIN": "svp"}
    process = subprocess.Popen(
        command, cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        _out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise ConversionError(
            f"Converting the Word file took longer than {timeout:g} seconds and was stopped; "
            "try again, or upload the agreement as a PDF."
        ) from None
    finally:
        _kill_group(process)  # LibreOffice may leave helpers behind even after a normal exit
    if process.returncode != 0:
        detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise ConversionError(f"The Word file could not be converted to PDF (LibreOffice: {detail[0]}).")


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):  # the group has already exited
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _read_pdf(path: Path) -> bytes:
    """The converted PDF, checked to open and to have pages."""
    if not path.is_file() or path.stat().st_size == 0:
        raise ConversionError("The Word file could not be converted to PDF: LibreOffice produced no output.")
    data = path.read_bytes()
    try:
        with pymupdf.open(stream=data, filetype="pdf") as doc:
            pages = doc.page_count
    except (RuntimeError, ValueError) as exc:
        raise ConversionError("The Word file was converted, but the PDF produced is unreadable.") from exc
    if pages == 0:
        raise ConversionError("The Word file was converted to an empty PDF; it may have no content.")
    return data
