"""The layers point one way: review_app -> dpa -> models -> pipeline (import-linter contracts in pyproject);
queries live in the store modules and one helper owns transactions."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_layers_are_kept() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


# --- queries and transactions each have one home ------------------------------------------------

QUERY_CALLS = frozenset(
    {"select()", "update()", "delete()", "insert()", ".execute()", ".scalars()", ".scalar()"}
)  # a sqlalchemy statement built, or a Session running one
TRANSACTION_CALLS = frozenset({".commit()", ".begin()"})
TRANSACTION_HOME = Path("dpa/transactions.py")


def _modules(*packages: str) -> list[Path]:
    return sorted(p.relative_to(ROOT) for package in packages for p in (ROOT / package).rglob("*.py"))


def _is_store(path: Path) -> bool:
    """``models/store.py`` and the ``models/*_store.py`` beside it (``models/db.py`` and the migrations
    hold connections and schema, not the application's queries)."""
    if path.parts[0] != "models":
        return False
    return path.name in ("store.py", "db.py") or path.name.endswith("_store.py") or "migrations" in path.parts


def _calls(path: Path) -> list[tuple[int, str]]:
    """(line, call) of every call in the module: ``name()`` for a plain name, ``.name()`` for a method."""
    found = []
    for node in ast.walk(ast.parse((ROOT / path).read_text(), filename=str(path))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            found.append((node.lineno, f"{node.func.id}()"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            found.append((node.lineno, f".{node.func.attr}()"))
    return found


def test_queries_live_in_the_store_modules() -> None:
    queries = [
        f"{path}:{line} {call}"
        for path in _modules("dpa", "models", "review_app")
        if not _is_store(path)
        for line, call in _calls(path)
        if call in QUERY_CALLS
    ]
    assert queries == [], "queries outside models/store.py and models/*_store.py:\n" + "\n".join(queries)


def test_only_dpa_transactions_begins_and_commits() -> None:
    ends = [
        f"{path}:{line} {call}"
        for path in _modules("dpa", "review_app")
        if path != TRANSACTION_HOME
        for line, call in _calls(path)
        if call in TRANSACTION_CALLS
    ]
    assert ends == [], "transactions begun or committed outside dpa/transactions.py:\n" + "\n".join(ends)
