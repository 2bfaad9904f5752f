"""The content-addressed store: layout, idempotence, atomic writes, removal."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from models.filestore import FileStore


def test_put_stores_bytes_under_their_sha256(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    data = b"%PDF-1.7 example bytes"
    sha = hashlib.sha256(data).hexdigest()
    result = store.put(data)
    assert result.sha256 == sha
    assert result.created
    assert result.path == tmp_path / "objects" / sha[:2] / sha
    assert result.path.read_bytes() == data
    assert store.exists(sha)
    assert store.relative_path(sha) == f"objects/{sha[:2]}/{sha}"


def test_put_is_idempotent(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    first = store.put(b"same")
    mtime = first.path.stat().st_mtime_ns
    second = store.put(b"same")
    assert second.path == first.path
    assert not second.created
    assert first.path.stat().st_mtime_ns == mtime
    assert store.all_hashes() == [first.sha256]


def test_objects_are_read_only_and_leave_no_temp_files(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    result = store.put(b"original")
    assert not result.path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert [p.name for p in result.path.parent.iterdir()] == [result.sha256]


def test_failed_write_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = FileStore(tmp_path)

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        store.put(b"will not fit")
    sha = hashlib.sha256(b"will not fit").hexdigest()
    assert not store.exists(sha)
    assert list(store.path_for(sha).parent.iterdir()) == []


def test_remove_deletes_only_that_object(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    keep = store.put(b"keep")
    drop = store.put(b"drop")
    store.remove(drop.sha256)
    store.remove(drop.sha256)  # absent: no error
    assert store.all_hashes() == [keep.sha256]


@pytest.mark.parametrize("bad", ["", "abc", "../" + "a" * 61, "A" * 64, "g" * 64])
def test_path_for_refuses_anything_but_a_sha256(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ValueError, match="SHA-256"):
        FileStore(tmp_path).path_for(bad)
