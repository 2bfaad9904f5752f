"""The ``dpa`` command: ingest agreements, list and show them, benchmark the stages.

Commands are thin: they read options, call ``dpa.workflows`` or ``models.store`` inside one
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
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.tree import Tree
from sqlalchemy.exc import SQLAlchemyError

from dpa.cli_district import print_signing_authority
from dpa.cli_district import register as register_district_commands
from dpa.cli_review import register as register_review_commands
from dpa.export_labels import register as register_export_labels
from dpa.publish.cli import register as register_publish_commands
from dpa.redaction import register as register_redaction_commands
from dpa.settings import Settings
from dpa.signing_authority import signing_authority
from models import store
from models.db import Database, open_database
from models.store import AgreementDetail, AgreementNotFoundError
from pipeline.errors import PipelineError
from pipeline.types import Clause

log = logging.getLogger(__name__)
console = Console()
err_console = Console(stderr=True)

app = typer.Typer(
    help="Check Illinois SOPPA (105 ILCS 85) vendor agreements: ingest, check, list, show, eval, bench.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

INGEST_SUFFIXES = frozenset({".pdf", ".docx"})
CLI_ACTOR = "cli"


@dataclass(frozen=True, slots=True)
class AppState:
    """What the global options decided, handed to every command through ``ctx.obj``."""

    settings: Settings


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database URL (overrides DPA_DATABASE_URL).", show_default=False),
    ] = None,
    data_dir: Annotated[
        Path | None,
        typer.Option("--data-dir", help="Folder for the database and stored files (overrides DPA_DATA_DIR)."),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log details, with tracebacks.")] = False,
) -> None:
    """Global options shared by every command."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING, format="%(levelname)s %(message)s"
    )
    try:
        settings = Settings().with_overrides(database_url=db, data_dir=data_dir)
    except ValidationError as exc:
        _fail(f"invalid setting: {exc.errors()[0]['loc'][0]}: {exc.errors()[0]['msg']}")
    ctx.obj = AppState(settings=settings)


def _fail(message: str, code: int = 1) -> typer.Exit:
    err_console.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def _open(ctx: typer.Context) -> Database:
    settings = ctx.obj.settings
    try:
        return open_database(settings.resolved_database_url)
    except SQLAlchemyError as exc:
        raise _fail(f"cannot open the database {settings.resolved_database_url}: {_db_reason(exc)}") from None


def _db_reason(exc: SQLAlchemyError) -> str:
    """The driver's own words (e.g. 'attempt to write a readonly database'), without SQL or parameters."""
    orig = getattr(exc, "orig", None)
    return str(orig) if orig is not None else type(exc).__name__


# --- ingest -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IngestRow:
    """One line of the ingest summary."""

    file: str
    status: str  # "new", "duplicate" or "error"
    pages: int | None = None
    agreement_id: int | None = None
    message: str = ""


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[
        list[Path], typer.Argument(help="PDF or Word files, or folders (searched recursively).")
    ],
) -> None:
    """Add agreements (PDF or Word files, or folders of them) and parse them into clauses."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        _fail(f"not found: {', '.join(missing)}")
    files = collect_files(paths)
    if not files:
        _fail("no PDF or Word files found", code=1)
    database = _open(ctx)
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
    from dpa import workflows  # heavy: the pipeline stages

    try:
        with database.session_factory.begin() as session:
            outcome = workflows.ingest_file(
                session, settings, path, actor=CLI_ACTOR, ocr_progress=ocr_progress
            )
    except PipelineError as exc:
        return IngestRow(file=str(path), status="error", message=exc.message)
    except SQLAlchemyError as exc:
        log.debug("database error on %s", path, exc_info=True)
        return IngestRow(str(path), "error", message=f"database error, nothing was saved: {_db_reason(exc)}")
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


@app.command("list")
def list_agreements(ctx: typer.Context) -> None:
    """List every agreement: operator, status, what is missing or non-compliant, and the posting deadline."""
    database = _open(ctx)
    with database.session_factory() as session:
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


@app.command()
def show(
    ctx: typer.Context,
    agreement: Annotated[
        str, typer.Argument(help="Agreement id, or the first characters of its file's SHA-256.")
    ],
) -> None:
    """Show one agreement: its file, status, checklist and the outline of its sections and clauses."""
    database = _open(ctx)
    try:
        with database.session_factory() as session:
            detail = store.get_agreement_detail(session, agreement)
            authority = signing_authority(session, detail.summary.id)
    except AgreementNotFoundError as exc:
        raise _fail(str(exc.args[0])) from None
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


# --- check and eval ---------------------------------------------------------------------------


@app.command()
def check(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A PDF or Word agreement to check (nothing is stored).")],
    output_format: Annotated[
        str, typer.Option("--format", help="table (for people) or json (the documented interface).")
    ] = "table",
) -> None:
    """Print the SOPPA checklist of one agreement: a verdict, reason and evidence per requirement."""
    from dpa.checking import checklist_table, checklist_to_json
    from dpa.workflows import check_file

    if output_format not in ("table", "json"):
        _fail("--format must be 'table' or 'json'", code=2)
    try:
        checked = check_file(ctx.obj.settings, file)
    except PipelineError as exc:
        raise _fail(str(exc)) from None
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


@app.command("eval")
def evaluate_corpus(
    directory: Annotated[
        Path, typer.Argument(help="A labelled folder in the corpus format (NAME.labels.json + files).")
    ],
    variant: Annotated[
        str, typer.Option("--variant", help="Which rendering to score: pdf, scanned or docx.")
    ] = "pdf",
    only_with: Annotated[
        str | None,
        typer.Option("--only-with", help="Keep only agreements that also have this variant (e.g. scanned)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    redaction: Annotated[
        bool,
        typer.Option(
            "--redaction/--no-redaction",
            help="Also redact each agreement and score it against its labels (slow on scans: OCR).",
        ),
    ] = True,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Score values strictly: equal after normalisation, every listed item (no partial matches).",
        ),
    ] = False,
) -> None:
    """Score detection against labelled agreements: presence, problem F1, verdicts, values, evidence."""
    from dpa.evaluate import evaluate, render_text, report_to_json
    from dpa.evaluate_matching import Matching

    if not directory.is_dir():
        _fail(f"{directory} is not a folder")
    matching = Matching.strict() if strict else Matching.lenient()
    report = evaluate(directory, variant=variant, only_with=only_with, redaction=redaction, matching=matching)
    if as_json:
        typer.echo(json.dumps(report_to_json(report), indent=2))
    else:
        typer.echo(render_text(report))


# --- bench ------------------------------------------------------------------------------------


@app.command()
def bench(
    directory: Annotated[
        Path | None, typer.Argument(help="Folder of PDFs (default: the real-world contracts, when present).")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the figures as JSON instead of a table.")
    ] = False,
    trace_memory: Annotated[
        bool, typer.Option("--trace-memory", help="Also measure each stage's peak Python memory (slower).")
    ] = False,
    repeat: Annotated[
        int, typer.Option("--repeat", min=1, help="Passes over the folder; each stage's fastest one counts.")
    ] = 3,
) -> None:
    """Measure pages per second of ingest, parse, segment, detect and judge next to raw PyMuPDF."""
    from dpa import bench as bench_module  # heavy: the pipeline stages

    folder = directory or bench_module.DEFAULT_BENCH_DIR
    pdfs = (
        sorted(p for p in folder.glob("*") if p.is_file() and p.suffix.lower() == ".pdf")
        if folder.is_dir()
        else []
    )
    if not pdfs:
        _fail(f"no PDF files in {folder}")
    report = bench_module.run_bench(pdfs, trace_memory=trace_memory, repeat=repeat)
    if as_json:
        typer.echo(report.to_json())
    else:
        console.print(bench_module.report_table(report))


register_review_commands(app)  # `dpa review` and `dpa user add`
register_redaction_commands(app)  # `dpa redact`
register_publish_commands(app)  # `dpa publish`
register_district_commands(app)  # `dpa district|signer|deadlines|breach`
register_export_labels(app)  # `dpa export-labels`
