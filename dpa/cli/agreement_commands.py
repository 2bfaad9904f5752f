"""``dpa ingest``, ``list``, ``show`` and ``check``: the director's commands for agreements.

Commands are thin: they read options, call ``dpa.intake.uploads`` or ``models.store`` inside one
transaction per file or action, and render the result with rich. A ``PipelineError`` is always
shown as its plain message, never as a traceback.

The stages (PyMuPDF and friends, about 2 s of imports) are imported by the commands that run them,
so ``dpa list``/``show``/``--help`` start fast, and so do the guarded ingest's child processes,
which re-import this module.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.tree import Tree
from sqlalchemy.exc import SQLAlchemyError

from dpa.cli.common import console, db_reason, err_console, fail, open_db
from dpa.cli.duty_commands import print_signing_authority
from dpa.duties.signing_authority import signing_authority
from dpa.settings import Settings
from dpa.transactions import Database, reading, transaction
from models import store
from models.store import AgreementDetail, AgreementNotFoundError
from pipeline.errors import PipelineError
from pipeline.types import Clause

log = logging.getLogger(__name__)

INGEST_SUFFIXES = frozenset({".pdf", ".docx"})
CLI_ACTOR = "cli"


def register(app: typer.Typer) -> None:
    """Add ``ingest``, ``list``, ``show`` and ``check`` to the ``dpa`` command."""
    app.command("ingest")(ingest)
    app.command("list")(list_agreements)
    app.command("show")(show)
    app.command("check")(check)


# --- ingest -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IngestRow:
    """One line of the ingest summary."""

    file: str
    status: str  # "new", "duplicate" or "error"
    pages: int | None = None
    agreement_id: int | None = None
    message: str = ""


def ingest(
    ctx: typer.Context,
    paths: Annotated[
        list[Path], typer.Argument(help="PDF or Word files, or folders (searched recursively).")
    ],
) -> None:
    """Add agreements (PDF or Word files, or folders of them) and parse them into clauses."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        fail(f"not found: {', '.join(missing)}")
    files = collect_files(paths)
    if not files:
        fail("no PDF or Word files found", code=1)
    database = open_db(ctx)
    rows = _ingest_all(database, ctx.obj.settings, files)
    database.engine.dispose()
    console.print(_ingest_table(rows))
    if any(row.status == "error" for row in rows):
        raise typer.Exit(1)


def collect_files(paths: list[Path]) -> list[Path]:
    """The files to ingest: named files as given, folders walked for PDF/Word (hidden entries skipped)."""
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            for candidate in sorted(path.rglob("*")):
                relative = candidate.relative_to(path).parts
                hidden = any(part.startswith((".", "~$")) for part in relative)
                if candidate.is_file() and not hidden and _looks_ingestible(candidate):
                    found[candidate] = None
        else:
            found[path] = None
    return list(found)


def _looks_ingestible(path: Path) -> bool:
    """*.pdf / *.docx by name; a file without extension by its first bytes (PDF or ZIP)."""
    suffix = path.suffix.lower()
    if suffix:
        return suffix in INGEST_SUFFIXES
    with path.open("rb") as stream:
        head = stream.read(1024)
    return b"%PDF-" in head or head.startswith(b"PK\x03\x04")


def _ingest_all(database: Database, settings: Settings, files: list[Path]) -> list[IngestRow]:
    """Ingest each file with a progress bar over the files, and one over OCR pages while a scan is read."""
    rows: list[IngestRow] = []
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err_console, transient=True) as progress:
        task = progress.add_task("Ingesting", total=len(files), visible=len(files) > 1)
        for path in files:
            progress.update(task, description=f"Ingesting {path.name[:40]}")
            rows.append(_ingest_one(database, settings, path, _ocr_reporter(progress, path)))
            progress.advance(task)
    return rows


def _ocr_reporter(progress: Progress, path: Path) -> Callable[[int, int], None]:
    """A callback showing OCR progress (pages read / pages to read) for one file."""
    task: TaskID | None = None

    def report(done: int, total: int) -> None:
        nonlocal task
        if task is None:
            task = progress.add_task(f"  OCR {path.name[:36]}", total=total)
        progress.update(task, completed=done, visible=done < total)

    return report


def _ingest_one(
    database: Database, settings: Settings, path: Path, ocr_progress: Callable[[int, int], None] | None = None
) -> IngestRow:
    """Ingest one file in its own transaction; any failure becomes an error row, the batch goes on."""
    from dpa.intake import uploads as workflows  # heavy: the pipeline stages

    try:
        with transaction(database) as session:
            outcome = workflows.ingest_file(
                session, settings, path, actor=CLI_ACTOR, ocr_progress=ocr_progress
            )
    except PipelineError as exc:
        return IngestRow(file=str(path), status="error", message=exc.message)
    except SQLAlchemyError as exc:
        log.debug("database error on %s", path, exc_info=True)
        return IngestRow(str(path), "error", message=f"database error, nothing was saved: {db_reason(exc)}")
    except OSError as exc:
        log.debug("file error on %s", path, exc_info=True)
        return IngestRow(str(path), "error", message=f"could not read or store the file: {exc}")
    return IngestRow(
        file=str(path), status=outcome.status.value, pages=outcome.pages, agreement_id=outcome.agreement_id
    )


def _ingest_table(rows: list[IngestRow]) -> Table:
    table = Table(title="Ingest", show_lines=False)
    for header in ("file", "pages", "status", "agreement", "message"):
        table.add_column(header, overflow="fold")
    styles = {"new": "green", "duplicate": "yellow", "error": "bold red"}
    for row in rows:
        table.add_row(
            row.file,
            _blank(row.pages),
            f"[{styles[row.status]}]{row.status}[/]",
            _blank(row.agreement_id),
            row.message,
        )
    return table


def _count(number: int) -> str:
    return f"[bold red]{number}[/]" if number else "0"


def _blank(value: object) -> str:
    return "" if value is None else str(value)


# --- list / show ------------------------------------------------------------------------------


def list_agreements(ctx: typer.Context) -> None:
    """List every agreement: operator, status, what is missing or non-compliant, and the posting deadline."""
    database = open_db(ctx)
    with reading(database) as session:
        summaries = store.list_agreements(session)
    database.engine.dispose()
    table = Table(title=f"Agreements ({len(summaries)})")
    for header in (
        "id",
        "operator / title",
        "file",
        "pages",
        "status",
        "missing",
        "non-compl.",
        "review",
        "signed",
        "post by",
    ):
        table.add_column(header, overflow="fold")
    today = date.today()
    for s in summaries:
        name = s.operator or s.title
        counts = s.verdict_counts
        overdue = s.posting_deadline is not None and s.posting_deadline < today and s.status != "posted"
        deadline = _blank(s.posting_deadline)
        table.add_row(
            str(s.id),
            name,
            s.file_name,
            _blank(s.pages),
            s.status.value,
            _count(counts.get("missing", 0)),
            _count(counts.get("non_compliant", 0)),
            str(counts.get("needs_review", 0)),
            _blank(s.signing_date),
            f"[red]{deadline} overdue[/]" if overdue else deadline,
        )
    console.print(table)


def show(
    ctx: typer.Context,
    agreement: Annotated[
        str, typer.Argument(help="Agreement id, or the first characters of its file's SHA-256.")
    ],
) -> None:
    """Show one agreement: its file, status, checklist and the outline of its sections and clauses."""
    database = open_db(ctx)
    try:
        with reading(database) as session:
            detail = store.get_agreement_detail(session, agreement)
            authority = signing_authority(session, detail.summary.id)
    except AgreementNotFoundError as exc:
        raise fail(str(exc.args[0])) from None
    finally:
        database.engine.dispose()
    _print_header(detail)
    print_signing_authority(authority)
    if detail.checks:
        console.print(_checks_table(detail))
    console.print(clause_tree(detail))


def _checks_table(detail: AgreementDetail) -> Table:
    table = Table(title="SOPPA checklist")
    for header in ("requirement", "verdict", "reason"):
        table.add_column(header, overflow="fold")
    colours = {"found": "green", "missing": "red", "non_compliant": "red", "needs_review": "yellow"}
    for check in detail.checks:
        colour = colours.get(check.verdict, "white")
        table.add_row(check.requirement_id, f"[{colour}]{check.verdict}[/]", _escape(check.reason))
    return table


def _print_header(detail: AgreementDetail) -> None:
    s = detail.summary
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    for label, value in (
        ("Agreement", f"{s.id}: {s.title}"),
        ("Operator", s.operator or "(not identified yet)"),
        ("File", f"{s.file_name} ({s.file_type.value}, {_blank(s.pages) or '?'} pages)"),
        ("SHA-256", s.sha256),
        ("Status", f"{s.status.value}, {s.processing.value}"),
        ("Added", s.created_at.strftime("%Y-%m-%d %H:%M UTC")),
        ("Clauses", str(s.clause_count)),
    ):
        table.add_row(label, value)
    console.print(table)
    for problem in detail.problems:
        where = f" (page {problem.page})" if problem.page else ""
        console.print(f"[yellow]problem[/] {problem.stage}{where}: {problem.message}", highlight=False)


def clause_tree(detail: AgreementDetail) -> Tree:
    """The clauses as a tree (parent ids), each with number, heading or first words, and pages."""
    root = Tree(f"[bold]{detail.summary.title}[/]")
    nodes: dict[str | None, Tree] = {None: root}
    for clause in detail.clauses:  # reading order: a parent comes before its children
        parent = nodes.get(clause.parent_id, root)
        nodes[clause.id] = parent.add(_clause_label(clause), highlight=False)
    return root


def _clause_label(clause: Clause) -> str:
    words = clause.heading or clause.text
    if clause.number and words.startswith(clause.number):  # the text often repeats its number
        words = words[len(clause.number) :].lstrip(" .)")
    label = words if len(words) <= 70 else words[:67].rstrip() + "…"
    pages = clause.pages
    where = "" if not pages else f"p. {pages[0]}" if len(pages) == 1 else f"pp. {pages[0]}–{pages[-1]}"
    number = f"[bold]{clause.number}[/] " if clause.number else ""
    kind = "" if clause.kind == "clause" else f"[dim]{clause.kind.value}[/] "
    return f"{kind}{number}{_escape(label)} [dim]{where}[/]"


def _escape(text: str) -> str:
    return text.replace("[", r"\[")


# --- check ---------------------------------------------------------------------------


def check(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A PDF or Word agreement to check (nothing is stored).")],
    output_format: Annotated[
        str, typer.Option("--format", help="table (for people) or json (the documented interface).")
    ] = "table",
) -> None:
    """Print the SOPPA checklist of one agreement: a verdict, reason and evidence per requirement."""
    from dpa.cli.checklist_output import checklist_table, checklist_to_json
    from dpa.intake.file_check import check_file

    if output_format not in ("table", "json"):
        fail("--format must be 'table' or 'json'", code=2)
    try:
        checked = check_file(ctx.obj.settings, file)
    except PipelineError as exc:
        raise fail(str(exc)) from None
    upload, checklist = checked.upload, checked.checklist
    if output_format == "json":
        payload = checklist_to_json(checklist, str(file), upload.sha256, checklist.pages)
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    console.print(checklist_table(checklist, title=f"{upload.original_name} ({checklist.pages} pages)"))
    deadline = (
        checklist.posting_deadline.isoformat() if checklist.posting_deadline else "unknown (no signing date)"
    )
    console.print(f"Kind: {checklist.kind.value}    Posting deadline: {deadline}", highlight=False)
    for problem in checklist.problems:
        console.print(f"[yellow]problem[/] {problem.stage}: {problem.message}", highlight=False)
