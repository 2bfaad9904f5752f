"""``dpa bench``: pages per second of each stage on a folder of PDFs, next to raw PyMuPDF extraction.

Every stage is timed on the same files in the same process, one file at a time, and compared with
PyMuPDF's own ``page.get_text("words")`` (the floor no stage built on it can beat). The whole folder
is read ``repeat`` times and each stage's figure is its fastest pass, as ``timeit`` reports the best
of its runs: on a shared machine other processes only ever add time, to raw PyMuPDF and to our
stages alike, so the fastest pass is the least disturbed one. Peak memory is the process's maximum
resident size; ``trace_memory`` adds each stage's peak Python allocations (tracemalloc, which slows
the code it watches, so it runs as a separate pass).
"""

from __future__ import annotations

import json
import resource
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pymupdf
from rich.table import Table

from pipeline.detect import detect
from pipeline.errors import PipelineError
from pipeline.ingest import ingest
from pipeline.judge import judge
from pipeline.parse import parse
from pipeline.segment import segment
from pipeline.worker_process import configure_worker_process

# The team's shared real-world sample sits beside the checkout (../shared/realworld/contracts).
DEFAULT_BENCH_DIR = Path(__file__).resolve().parents[2] / "shared" / "realworld" / "contracts"
RAW_NAME = "pymupdf get_text(words)"
DEFAULT_REPEAT = 3


@dataclass(frozen=True, slots=True)
class BenchStage:
    """A timed step: ``run(pdf_path, previous_output) -> output``; outputs feed the next step."""

    name: str
    run: Callable[[Path, Any], Any]


def _raw_words(path: Path, _: Any) -> int:
    with pymupdf.open(path) as doc:
        return sum(len(page.get_text("words")) for page in doc)


STAGES: tuple[BenchStage, ...] = (
    BenchStage("ingest", lambda path, _: ingest(path)),
    BenchStage("parse", lambda path, upload: parse(path, sha256=upload.sha256)),
    BenchStage("segment", lambda path, parsed: segment(parsed)),
    BenchStage("detect", lambda path, segmented: detect(segmented)),
    BenchStage("judge", lambda path, detection: judge(detection)),
)
RAW = BenchStage(RAW_NAME, _raw_words)


@dataclass(frozen=True, slots=True)
class StageFigures:
    """Totals for one stage over every file that went through all stages."""

    name: str
    pages: int
    seconds: float
    pages_per_second: float
    peak_python_mb: float | None = None


@dataclass(frozen=True, slots=True)
class BenchReport:
    """What ``dpa bench`` prints."""

    files: int
    pages: int
    passes: int
    stages: tuple[StageFigures, ...]
    raw: StageFigures
    max_rss_mb: float
    failures: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    # The project's two speed bars: parse + segment at least a third of raw PyMuPDF's pages per
    # second; detect + judge taking no longer than parse + segment.
    front_share_of_raw: float = 0.0
    back_over_front: float = 0.0

    def to_json(self) -> str:
        """The report as indented JSON."""
        return json.dumps(asdict(self), indent=2)


def pdfs_in(folder: Path) -> list[Path]:
    """The PDF files directly inside ``folder``, sorted by name."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".pdf")


def run_bench(
    pdfs: Sequence[Path], *, trace_memory: bool = False, repeat: int = DEFAULT_REPEAT
) -> BenchReport:
    """Time every stage and raw PyMuPDF on ``pdfs`` in ``repeat`` passes, keeping each stage's fastest
    pass; a file a stage refuses is listed, not counted."""
    configure_worker_process()  # the stages run in this process, as in the guarded child
    _warm_up()
    passes = max(1, repeat)
    seconds, pages, failures = _one_pass(pdfs)
    for _ in range(passes - 1):
        again, _, _ = _one_pass(pdfs)
        seconds = {name: min(spent, again[name]) for name, spent in seconds.items()}
    peaks = _peak_python_mb(pdfs, {p for p, _ in failures}) if trace_memory else {}
    figures = {name: _figures(name, pages, spent, peaks.get(name)) for name, spent in seconds.items()}
    front = seconds["parse"] + seconds["segment"]
    back = seconds["detect"] + seconds["judge"]
    return BenchReport(
        files=len(pdfs) - len(failures),
        pages=pages,
        passes=passes,
        stages=tuple(figures[stage.name] for stage in STAGES),
        raw=figures[RAW.name],
        max_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        failures=tuple(failures),
        front_share_of_raw=round(seconds[RAW.name] / front, 3) if front else 0.0,
        back_over_front=round(back / front, 3) if front else 0.0,
    )


def _one_pass(pdfs: Sequence[Path]) -> tuple[dict[str, float], int, list[tuple[str, str]]]:
    """Seconds per stage over the files every stage accepted, their pages, and the refusals."""
    seconds = {stage.name: 0.0 for stage in (*STAGES, RAW)}
    pages = 0
    failures: list[tuple[str, str]] = []
    for path in pdfs:
        try:
            timings, page_count = _time_file(path)
        except PipelineError as exc:
            failures.append((path.name, exc.message))
            continue
        pages += page_count
        for name, spent in timings.items():
            seconds[name] += spent
    return seconds, pages, failures


def _warm_up() -> None:
    """Load the tables a process loads once, outside the timings (one-off start-up costs): the
    spaCy pipeline, the requirement catalogue, and the English word list that decides whether a
    word hyphenated at a line end is rejoined (loaded at the first such break)."""
    from pipeline.detect.catalogue import default_catalogue
    from pipeline.detect.nlp import default_nlp
    from pipeline.parse.text_join import english_words

    default_catalogue()
    default_nlp()
    english_words()


def _time_file(path: Path) -> tuple[dict[str, float], int]:
    timings: dict[str, float] = {}
    start = time.perf_counter()
    RAW.run(path, None)
    timings[RAW.name] = time.perf_counter() - start
    output: Any = None
    page_count = 0
    for stage in STAGES:
        start = time.perf_counter()
        output = stage.run(path, output)
        timings[stage.name] = time.perf_counter() - start
        if stage.name == "parse":
            page_count = output.page_count
    return timings, page_count


def _peak_python_mb(pdfs: Sequence[Path], skip: set[str]) -> dict[str, float]:
    """Largest tracemalloc peak of each stage over the files (C allocations of MuPDF are not seen)."""
    peaks: dict[str, float] = {}
    tracemalloc.start()
    try:
        for path in (p for p in pdfs if p.name not in skip):
            output: Any = None
            for stage in (RAW, *STAGES):
                tracemalloc.reset_peak()
                result = stage.run(path, output)
                output = None if stage is RAW else result
                peak = tracemalloc.get_traced_memory()[1] / (1024 * 1024)
                peaks[stage.name] = round(max(peaks.get(stage.name, 0.0), peak), 1)
    finally:
        tracemalloc.stop()
    return peaks


def _figures(name: str, pages: int, seconds: float, peak: float | None) -> StageFigures:
    rate = pages / seconds if seconds > 0 else 0.0
    return StageFigures(name, pages, round(seconds, 3), round(rate, 1), peak)


def report_table(report: BenchReport) -> Table:
    """The report as a rich table, each stage's speed also as a share of raw PyMuPDF's."""
    title = (
        f"{report.files} files, {report.pages} pages, best of {report.passes} passes"
        f" — peak RSS {report.max_rss_mb} MB"
    )
    caption = (
        f"parse + segment at {report.front_share_of_raw:.2f} of raw PyMuPDF's speed (bar: at least 0.33); "
        f"detect + judge take {report.back_over_front:.2f} of parse + segment's time (bar: at most 1.00)"
    )
    table = Table(title=title, caption=caption)
    for header in ("stage", "pages", "seconds", "pages/s", "vs raw", "peak Python MB"):
        table.add_column(header, justify="left" if header == "stage" else "right")
    raw_rate = report.raw.pages_per_second
    for figures in (*report.stages, report.raw):
        share = f"{figures.pages_per_second / raw_rate:.0%}" if raw_rate else ""
        peak = "" if figures.peak_python_mb is None else f"{figures.peak_python_mb:.1f}"
        table.add_row(
            figures.name,
            str(figures.pages),
            f"{figures.seconds:.2f}",
            f"{figures.pages_per_second:.1f}",
            share,
            peak,
        )
    for name, message in report.failures:
        table.add_row(f"[red]refused[/] {name}: {message}", "", "", "", "", "")
    return table
