"""Pages per second of each pipeline stage next to PyMuPDF's raw ``get_text("words")``.

Every figure is process CPU time (``time.process_time``), so other jobs on a shared machine do
not skew it. Each stage is timed on the previous stage's output, file by file:

- raw:     ``page.get_text("words")`` on every page (opening the file included);
- parse:   ``pipeline.parse.parse(path, ocr=False)``;
- segment: ``pipeline.segment.segment(parsed)``;
- detect:  ``pipeline.detect.detect(segmented)`` (the spaCy pipeline is built before timing);
- judge:   ``pipeline.judge.judge(detection)``.

Issue bars: parse + segment at no less than 1/3 of raw throughput; detect + judge adding no more
than the parse time again (``detect+judge seconds <= parse+segment seconds``).

Usage: ``python bench/stage_speed.py [FOLDER or PDF ...] [--repeat N] [--stages raw,parse,...]``
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pymupdf

from pipeline.detect import detect
from pipeline.detect.nlp import default_nlp
from pipeline.judge import judge
from pipeline.parse import parse
from pipeline.parse.text_join import english_words
from pipeline.segment import segment
from pipeline.worker_process import configure_worker_process

DEFAULT_FOLDER = Path("/work/shared/realworld/contracts")
STAGES = ("raw", "parse", "segment", "detect", "judge")


def pdfs(inputs: list[Path]) -> list[Path]:
    """The PDFs named, or found directly in the folders named, sorted."""
    found: list[Path] = []
    for item in inputs:
        found += sorted(item.glob("*.pdf")) if item.is_dir() else [item]
    return found


def raw_words(path: Path) -> int:
    """Read every page's words the plainest way PyMuPDF offers; the page count."""
    with pymupdf.open(path) as doc:
        for page in doc:
            page.get_text("words")
        return doc.page_count


def _timed(step: Callable[[], Any]) -> tuple[Any, float]:
    start = time.process_time()
    out = step()
    return out, time.process_time() - start


def measure(paths: list[Path], stages: tuple[str, ...]) -> tuple[int, dict[str, float]]:
    """Total pages and CPU seconds per stage over ``paths``."""
    seconds = dict.fromkeys(stages, 0.0)
    pages = 0
    for path in paths:
        if "raw" in stages:
            _, spent = _timed(lambda p=path: raw_words(p))
            seconds["raw"] += spent
        parsed, spent = _timed(lambda p=path: parse(p, ocr=False))
        pages += parsed.page_count
        seconds["parse"] += spent
        if "segment" not in stages:
            continue
        segmented, spent = _timed(lambda d=parsed: segment(d))
        seconds["segment"] += spent
        if "detect" not in stages:
            continue
        detection, spent = _timed(lambda s=segmented: detect(s))
        seconds["detect"] += spent
        if "judge" in stages:
            _, spent = _timed(lambda d=detection: judge(d))
            seconds["judge"] += spent
    return pages, seconds


def report(pages: int, seconds: dict[str, float]) -> list[str]:
    """Lines of the report: per-stage and combined pages/s, and the two issue ratios."""

    def rate(total: float) -> str:
        return f"{pages / total:8.1f} p/s  ({total:6.2f} s)" if total > 0 else "       -"

    lines = [f"{pages} pages"]
    lines += [f"{name:<14}{rate(spent)}" for name, spent in seconds.items()]
    front = seconds.get("parse", 0.0) + seconds.get("segment", 0.0)
    back = seconds.get("detect", 0.0) + seconds.get("judge", 0.0)
    lines.append(f"{'parse+segment':<14}{rate(front)}")
    if back:
        lines.append(f"{'detect+judge':<14}{rate(back)}")
        lines.append(f"{'all four':<14}{rate(front + back)}")
    if seconds.get("raw") and front:
        lines.append(f"parse+segment / raw throughput: {seconds['raw'] / front:.3f}  (bar >= 0.333)")
    if back and front:
        lines.append(f"detect+judge time / parse+segment time: {back / front:.3f}  (bar <= 1.0)")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", type=Path, default=[DEFAULT_FOLDER])
    parser.add_argument("--stages", default=",".join(STAGES), help="comma-separated subset, in order")
    parser.add_argument("--repeat", type=int, default=1, help="run the whole set N times, keep the fastest")
    args = parser.parse_args()
    configure_worker_process()  # the stages run in this process, as in the guarded child
    stages = tuple(s for s in STAGES if s in args.stages.split(",") or s == "parse")
    paths = pdfs(args.inputs)
    default_nlp()  # built once per process; not part of any document's time
    english_words()  # likewise: the word list for rejoining hyphenated line ends
    judge(detect(segment(parse(paths[0], ocr=False))))  # warm imports and lazy tables
    best: tuple[int, dict[str, float]] | None = None
    for _ in range(max(1, args.repeat)):
        pages, seconds = measure(paths, stages)
        if best is None or sum(seconds.values()) < sum(best[1].values()):
            best = (pages, seconds)
    assert best is not None
    print("\n".join(report(*best)))


if __name__ == "__main__":
    main()
