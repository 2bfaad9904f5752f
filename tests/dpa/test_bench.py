"""``dpa bench`` measures each stage and raw PyMuPDF on the same files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from dpa.devtools.bench import RAW_NAME, STAGES, run_bench
from tests.dpa.conftest import SMALL_PDF


def test_run_bench_reports_every_stage(bad_files: dict[str, Path]) -> None:
    report = run_bench([SMALL_PDF, bad_files["truncated"]], trace_memory=True, repeat=2)
    assert report.files == 1
    assert report.pages == 3  # a page is counted once, however many passes
    assert report.passes == 2
    assert (
        [s.name for s in report.stages]
        == [stage.name for stage in STAGES]
        == ["ingest", "parse", "segment", "detect", "judge"]
    )
    for figures in (*report.stages, report.raw):
        assert figures.pages == 3
        assert figures.seconds > 0
        assert figures.pages_per_second > 0
        assert figures.peak_python_mb is not None
    assert report.raw.name == RAW_NAME
    assert report.max_rss_mb > 10
    assert [name for name, _ in report.failures] == ["truncated.pdf"]  # listed once, not once a pass
    seconds = {s.name: s.seconds for s in (*report.stages, report.raw)}  # rounded, hence rel=0.1
    front = seconds["parse"] + seconds["segment"]
    assert report.front_share_of_raw == pytest.approx(seconds[RAW_NAME] / front, rel=0.1)
    assert report.back_over_front == pytest.approx((seconds["detect"] + seconds["judge"]) / front, rel=0.1)


def test_bench_command_json(run_cli: Callable[..., Result], corpus_copy: Callable[..., Path]) -> None:
    folder = corpus_copy(SMALL_PDF).parent
    result = run_cli("bench", str(folder), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["pages"] == 3
    assert data["passes"] == 3  # the default: the best of three passes
    assert {s["name"] for s in data["stages"]} == {"ingest", "parse", "segment", "detect", "judge"}
    assert data["raw"]["pages_per_second"] > 0
    assert data["front_share_of_raw"] > 0 and data["back_over_front"] > 0
