"""Detection quality floors, measured by the project's own evaluator.

The corpus figures are the acceptance bars of issue 3; the second corpus (``../shared/corpus2``, ten
agreements by other hands) carries the bars of issue 14. The sets in ``tests/heldout`` and
``tests/heldout2`` were written apart from the rules but have since been used to tune (their READMEs say
so), as has the second corpus after its first score (``tests/corpus2/README.md``); their floors sit a
little under today's figures so a change that fits one set at the cost of other drafting fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dpa.devtools.evaluate import EvalReport, evaluate
from tests.conftest import CORPUS, SHARED

HELDOUT = Path(__file__).resolve().parents[1] / "heldout"
HELDOUT_2 = Path(__file__).resolve().parents[1] / "heldout2"
CORPUS_2 = SHARED / "corpus2"


@pytest.fixture(scope="module")
def corpus_report() -> EvalReport:
    return evaluate(CORPUS)


@pytest.fixture(scope="module")
def heldout_report() -> EvalReport:
    return evaluate(HELDOUT)


def test_corpus_meets_the_issue_3_bars(corpus_report: EvalReport) -> None:
    macro = corpus_report.macro()
    assert not corpus_report.errors
    assert macro["presence_f1"] >= 0.95
    assert macro["problem_f1"] >= 0.90
    assert macro["verdict_accuracy"] >= 0.95
    assert macro["value_accuracy"] >= 0.90
    assert macro["evidence_hit_rate"] >= 0.90


def test_heldout_stays_above_its_floor(heldout_report: EvalReport) -> None:
    macro = heldout_report.macro()
    assert len(heldout_report.agreements) == 6 and not heldout_report.errors
    assert macro["presence_f1"] >= 0.95
    assert macro["problem_f1"] >= 0.90
    assert macro["verdict_accuracy"] >= 0.90
    assert macro["value_accuracy"] >= 0.85
    assert macro["evidence_hit_rate"] >= 0.90


def test_second_set_stays_above_its_floor() -> None:
    """Written apart from the rules, then used to fix what it showed (tests/heldout2/README.md)."""
    report = evaluate(HELDOUT_2)
    macro = report.macro()
    assert len(report.agreements) == 6 and not report.errors
    assert macro["presence_f1"] >= 0.95
    assert macro["problem_f1"] >= 0.90
    assert macro["verdict_accuracy"] >= 0.90
    assert macro["value_accuracy"] >= 0.85
    assert macro["evidence_hit_rate"] >= 0.90


def test_second_corpus_meets_the_issue_14_bars() -> None:
    """Agreements by other hands: first score in tests/corpus2/README.md, then used as a development set."""
    report = evaluate(CORPUS_2)
    macro = report.macro()
    assert len(report.agreements) == 10 and not report.errors
    assert macro["presence_f1"] >= 0.95
    assert macro["problem_f1"] >= 0.90
    assert macro["value_accuracy"] >= 0.90
    assert macro["evidence_hit_rate"] >= 0.90
