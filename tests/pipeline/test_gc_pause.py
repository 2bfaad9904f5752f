"""The stages' collector pause: state restored, survivors promoted unexamined, no cyclic garbage left."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from pipeline.detect import detect
from pipeline.gc_pause import gc_paused
from pipeline.parse import parse
from pipeline.segment import segment
from tests.conftest import REALWORLD, corpus_pdfs


class _Value:
    """A tracked object to follow through the generations."""


def test_gc_paused_restores_the_collector() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        gc.enable()


def test_collector_comes_back_on_after_an_error() -> None:
    with pytest.raises(ValueError), gc_paused():
        raise ValueError("stage failed")
    assert gc.isenabled()


def test_values_built_in_a_paused_stage_end_in_the_oldest_generation_still_watched() -> None:
    with gc_paused():
        value = _Value()
        young = [_Value() for _ in range(2000)]
    assert gc.get_count()[0] < 50  # the young generation was emptied, not walked later
    assert gc.get_freeze_count() == 0  # nothing is left out of the collector's view
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert id(value) in oldest and all(id(v) in oldest for v in young)


@pytest.mark.parametrize(
    "pdf", [corpus_pdfs[0], sorted((REALWORLD / "contracts").glob("*.pdf"))[0]], ids=lambda p: p.name
)
def test_parse_segment_and_detect_leave_no_cyclic_garbage(pdf: Path) -> None:
    """The pause is only safe because these stages make no reference cycles: check it stays so."""
    detect(segment(parse(corpus_pdfs[-1], ocr=False)))  # lazy tables and the spaCy pipeline, built once
    gc.collect()
    gc.disable()
    try:
        detection = detect(segment(parse(pdf, ocr=False)))
        assert detection.findings
        del detection
        assert gc.collect() == 0
    finally:
        gc.enable()
