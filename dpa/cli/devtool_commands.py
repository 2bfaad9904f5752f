"""``dpa eval`` and ``dpa bench``: development tools (accuracy on labelled sets, speed), not district duties.

They run the stages in this process, configured as the workers that run them for the product.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from dpa.cli.common import console, fail


def register(app: typer.Typer) -> None:
    """Add ``eval`` and ``bench`` to the ``dpa`` command."""
    app.command("eval")(evaluate_corpus)
    app.command("bench")(bench)


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
    from dpa.devtools.eval_matching import Matching
    from dpa.devtools.eval_report import render_text, report_to_json
    from dpa.devtools.evaluate import evaluate

    if not directory.is_dir():
        fail(f"{directory} is not a folder")
    matching = Matching.strict() if strict else Matching.lenient()
    report = evaluate(directory, variant=variant, only_with=only_with, redaction=redaction, matching=matching)
    if as_json:
        typer.echo(json.dumps(report_to_json(report), indent=2))
    else:
        typer.echo(render_text(report))


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
    from dpa.devtools import bench as bench_module  # heavy: the pipeline stages

    folder = directory or bench_module.DEFAULT_BENCH_DIR
    pdfs = (
        sorted(p for p in folder.glob("*") if p.is_file() and p.suffix.lower() == ".pdf")
        if folder.is_dir()
        else []
    )
    if not pdfs:
        fail(f"no PDF files in {folder}")
    report = bench_module.run_bench(pdfs, trace_memory=trace_memory, repeat=repeat)
    if as_json:
        typer.echo(report.to_json())
    else:
        console.print(bench_module.report_table(report))
