"""Content-addressed store of original files: ``<root>/objects/ab/abcdef...`` named by SHA-256.

Files are written once, atomically (temporary file in the same folder, then ``os.replace``), and
never modified, so a reader sees either nothing or the whole file. ``put`` tells the caller whether
it created the object, so a failed upload removes only what it added.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

_SHA256 = re.compile(r"[0-9a-f]{64}")
_READ_ONLY = 0o444


@dataclass(frozen=True, slots=True)
class StoredObject:
    """Where ``put`` left the bytes, and whether this call wrote them."""

    sha256: str
    path: Path
    created: bool


class FileStore:
    """A folder of immutable objects addressed by the SHA-256 of their bytes."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.objects = self.root / "objects"

    def path_for(self, sha256: str) -> Path:
        """Where the object with this hash lives (whether or not it exists)."""
        if not _SHA256.fullmatch(sha256):
            raise ValueError(f"not a lowercase hex SHA-256: {sha256!r}")
        return self.objects / sha256[:2] / sha256

    def relative_path(self, sha256: str) -> str:
        """The object's path relative to the store root (what the database records)."""
        return self.path_for(sha256).relative_to(self.root).as_posix()

    def exists(self, sha256: str) -> bool:
        """Whether the object is stored."""
        return self.path_for(sha256).is_file()

    def put(self, data: bytes) -> StoredObject:
        """Store ``data`` under its SHA-256; storing the same bytes again changes nothing."""
        sha256 = hashlib.sha256(data).hexdigest()
        target = self.path_for(sha256)
        if target.is_file():
            return StoredObject(sha256=sha256, path=target, created=False)
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(target, data)
        return StoredObject(sha256=sha256, path=target, created=True)

    def read(self, sha256: str) -> bytes:
        """The stored bytes (raises FileNotFoundError when absent)."""
        return self.path_for(sha256).read_bytes()

    def remove(self, sha256: str) -> None:
        """Delete an object: only to undo a ``put`` whose upload failed (a no-op when absent)."""
        self.path_for(sha256).unlink(missing_ok=True)

    def all_hashes(self) -> list[str]:
        """Every stored object's hash, sorted (for checks and tests)."""
        if not self.objects.is_dir():
            return []
        return sorted(p.name for p in self.objects.glob("??/*") if _SHA256.fullmatch(p.name))


def _write_atomically(target: Path, data: bytes) -> None:
    """Write to a temporary file beside ``target``, flush to disk, then rename over it."""
    handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".part")
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temp.chmod(_READ_ONLY)  # originals are never modified
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
