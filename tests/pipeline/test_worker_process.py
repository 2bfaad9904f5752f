"""Importing ``pipeline`` changes nothing in the process; ``configure_worker_process`` sets what workers need.

Each check runs in a fresh interpreter: the test process itself is configured as a worker (conftest).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

_STATE = """
import gc, json, os, sys
import pymupdf  # first: whatever PyMuPDF's own import does is the baseline

def state():
    return {
        "gc": gc.isenabled(),
        "threshold": gc.get_threshold(),
        "frozen": gc.get_freeze_count(),
        "env": dict(os.environ),
        "skipped": sorted(name for name, module in sys.modules.items() if module is None),
        "quads": pymupdf.TOOLS.unset_quad_corrections(),
        "mupdf_errors": pymupdf.TOOLS.mupdf_display_errors(),
    }
"""
_PIPELINE_MODULES = (
    "pipeline, pipeline.parse, pipeline.parse.ocr, pipeline.segment, pipeline.detect, pipeline.judge, "
    "pipeline.run, pipeline.ingest, pipeline.guard, pipeline.guarded, pipeline.worker_jobs, pipeline.redact, "
    "pipeline.worker_process, pipeline.gc_pause"
)
_BLOCK_COMPANIONS = "import sys\nsys.modules['pymupdf.layout'] = sys.modules['pymupdf4llm'] = None\n"


def _run(code: str) -> dict:
    """Run ``code`` in a fresh interpreter, without the settings this (configured) test process has."""
    env = {name: value for name, value in os.environ.items() if name != "OMP_THREAD_LIMIT"}
    command = [sys.executable, "-c", code]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True, env=env)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("companions", ["installed", "blocked"])
def test_importing_pipeline_changes_nothing_in_the_process(companions: str) -> None:
    """``blocked`` keeps pymupdf4llm out, whose own import sets PyMuPDF's flags, to see PyMuPDF's defaults."""
    probe = (
        (_BLOCK_COMPANIONS if companions == "blocked" else "")
        + _STATE
        + f"before = state()\nimport {_PIPELINE_MODULES}\n"
        + "from pipeline.gc_pause import gc_paused\n"
        + "with gc_paused():\n    inside = gc.isenabled()\n"
        + "print(json.dumps({'before': before, 'after': state(), 'inside': inside}))"
    )
    seen = _run(probe)
    assert seen["after"] == seen["before"]
    assert seen["inside"] is True  # the stages' collector pause is for worker processes only
    if companions == "installed":
        assert seen["after"]["skipped"] == []
    else:
        assert (seen["after"]["quads"], seen["after"]["mupdf_errors"]) == (False, True)  # PyMuPDF's own


@pytest.mark.parametrize(
    "configure",
    [
        "from pipeline.worker_process import configure_worker_process; configure_worker_process()",
        "import pipeline.worker_boot",  # what the guard's forkserver imports first
    ],
    ids=["function", "forkserver-preload"],
)
def test_configured_worker_has_the_projects_settings(configure: str) -> None:
    probe = (
        f"{configure}\n"
        + _STATE
        + "from pipeline.gc_pause import gc_paused\n"
        + "with gc_paused():\n    inside = gc.isenabled()\n"
        + "print(json.dumps({'state': state(), 'inside': inside, "
        + "'layout_loaded': 'onnxruntime' in sys.modules}))"
    )
    seen = _run(probe)
    state = seen["state"]
    assert (state["quads"], state["mupdf_errors"]) == (True, False)
    assert state["env"]["OMP_THREAD_LIMIT"] == "1"
    assert state["skipped"] == ["pymupdf.layout", "pymupdf4llm"]
    assert seen["layout_loaded"] is False
    assert seen["inside"] is False and state["gc"] is True


def test_only_the_forkserver_imports_the_boot_module() -> None:
    """``pipeline.worker_boot`` configures the process that imports it: no module may import it."""
    root = Path(__file__).resolve().parents[2]
    sources = [
        p
        for folder in ("pipeline", "dpa", "review_app", "models", "bench")
        for p in (root / folder).rglob("*.py")
    ]
    importers = [
        str(p.relative_to(root))
        for p in sources
        if "import pipeline.worker_boot" in (text := p.read_text(encoding="utf-8"))
        or "from pipeline.worker_boot" in text
        or "from pipeline import worker_boot" in text
    ]
    assert importers == []
