"""Is this ZIP a readable Word document? Checked without unpacking more than the limit allows.

A .docx is a ZIP of XML parts. We refuse it here rather than let the converter fail later when the ZIP
expands beyond the limit (a "zip bomb"), when a part's data fails its checksum, or when the main text part
(``word/document.xml``) or the content-type list is not well-formed XML. The XML is streamed through expat
with document type declarations refused: Office never writes them, and entity tricks need them.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from enum import StrEnum
from typing import IO
from xml.parsers import expat

from pipeline.sniff import DOCX_REQUIRED_PARTS

_CHUNK = 1024 * 1024


class DocxProblem(StrEnum):
    """Why a ZIP with Word parts cannot be accepted."""

    DAMAGED = "damaged"
    UNPACKS_TOO_LARGE = "unpacks_too_large"


class _NotOfficeXmlError(Exception):
    """Raised from expat handlers: a DTD or entity declaration, which Office XML never contains."""


def docx_problem(data: bytes, *, max_unpacked_bytes: int) -> DocxProblem | None:
    """Return what is wrong with the Word file ``data``, or ``None`` when it looks sound."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > max_unpacked_bytes:
                return DocxProblem.UNPACKS_TOO_LARGE
            for part in DOCX_REQUIRED_PARTS:
                with archive.open(part) as stream:
                    _parse_xml(stream, expect_root="document" if part.startswith("word/") else "Types")
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError, KeyError):
        return DocxProblem.DAMAGED  # bad checksum, truncated or unsupported compression, missing part
    except (expat.ExpatError, _NotOfficeXmlError):
        return DocxProblem.DAMAGED
    return None


def _parse_xml(stream: IO[bytes], *, expect_root: str) -> None:
    """Stream-parse one XML part; raise if it is malformed, declares a DTD, or has the wrong root."""
    parser = expat.ParserCreate(namespace_separator=" ")
    roots: list[str] = []

    def refuse(*_: object) -> None:
        raise _NotOfficeXmlError

    def start(tag: str, _attrs: dict[str, str]) -> None:
        if not roots:
            roots.append(tag.rsplit(" ", 1)[-1])

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    while chunk := stream.read(_CHUNK):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)
    if roots != [expect_root]:
        raise _NotOfficeXmlError
