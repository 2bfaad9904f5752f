"""A throw-away PostgreSQL server for tests: ``initdb`` in a temporary folder, a Unix socket, trust auth.

The server binaries come from Debian's ``postgresql`` package, installed by ``scripts/bootstrap.sh``.
PostgreSQL refuses to run as root, so under root (containers, CI) the cluster belongs to the
``postgres`` system user the package creates; its folder is made directly under the system
temporary directory because pytest's own folders are private to the current user.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

TIMEOUT_S = 60


def server_bin_dir() -> Path:
    """The newest installed PostgreSQL server's ``bin`` folder (Debian keeps it out of PATH)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb is None:
        raise RuntimeError("the PostgreSQL server is not installed: run scripts/bootstrap.sh")
    return Path(initdb).parent


def _run(bin_dir: Path, program: str, *args: str) -> None:
    command = [str(bin_dir / program), *args]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, capture_output=True, text=True, timeout=TIMEOUT_S)


@contextmanager
def temporary_cluster() -> Iterator[str]:
    """Start a private cluster and yield a SQLAlchemy URL (psycopg 3) to its ``postgres`` database."""
    bin_dir = server_bin_dir()
    root = Path(tempfile.mkdtemp(prefix="dpa-pg-"))
    data, sockets = root / "data", root / "run"
    for folder in (data, sockets):
        folder.mkdir()
    if os.geteuid() == 0:
        for folder in (root, data, sockets):
            shutil.chown(folder, "postgres")
    try:
        _run(
            bin_dir,
            "initdb",
            "-D",
            str(data),
            "--auth=trust",
            "--username=postgres",
            "--encoding=UTF8",
            "--no-sync",
        )
        options = f"-k {sockets} -c listen_addresses='' -c fsync=off"
        _run(bin_dir, "pg_ctl", "-D", str(data), "-o", options, "-w", "-l", str(root / "server.log"), "start")
        try:
            yield f"postgresql+psycopg://postgres@/postgres?host={sockets}"
        finally:
            _run(bin_dir, "pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(root, ignore_errors=True)
