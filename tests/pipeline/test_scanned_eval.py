"""Issue 6 acceptance: scans score within 0.05 of the digital PDFs of the same agreements, and the
Word file gives the same verdicts as its PDF.

Each evaluation runs once per module (OCR of every corpus scan takes about a minute on two cores).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dpa.devtools.evaluate import EvalReport, evaluate
from pipeline.findings import Checklist
from pipeline.run import check_pdf
from tests.conftest import CORPUS as SHARED_CORPUS

pytestmark = [pytest.mark.ocr, pytest.mark.slow, pytest.mark.timeout(900)]

CORPUS = SHARED_CORPUS
TOLERANCE = 0.05
FIGURES = ("presence_f1", "problem_f1", "evidence_hit_rate")


@pytest.fixture(scope="module")
def scanned() -> EvalReport:
    return evaluate(CORPUS, variant="scanned")


@pytest.fixture(scope="module")
def digital_of_scanned() -> EvalReport:
    return evaluate(CORPUS, variant="pdf", only_with="scanned")


@pytest.fixture(scope="module")
def verdicts_by_variant() -> dict[str, dict[str, Checklist]]:
    """Checklists of every agreement with a Word file, from its PDF and from its converted .docx."""
    out: dict[str, dict[str, Checklist]] = {"pdf": {}, "docx": {}}

    def keep(variant: str):
        def checker(path: Path) -> Checklist:
            checklist = check_pdf(path)
            out[variant][path.name.split(".")[0]] = checklist
            return checklist

        return checker

    evaluate(CORPUS, variant="pdf", only_with="docx", checker=keep("pdf"))
    evaluate(CORPUS, variant="docx", checker=keep("docx"))
    return out


def test_the_same_agreements_are_compared(scanned: EvalReport, digital_of_scanned: EvalReport) -> None:
    assert scanned.agreements
    assert not scanned.errors
    assert sorted(scanned.agreements) == sorted(digital_of_scanned.agreements)


@pytest.mark.parametrize("figure", FIGURES)
def test_scans_score_within_tolerance_of_digital(
    scanned: EvalReport, digital_of_scanned: EvalReport, figure: str
) -> None:
    got, reference = scanned.macro()[figure], digital_of_scanned.macro()[figure]
    assert abs(got - reference) <= TOLERANCE, f"{figure}: scanned {got:.3f} vs digital {reference:.3f}"


def test_docx_gives_the_verdicts_of_its_pdf(verdicts_by_variant: dict[str, dict[str, Checklist]]) -> None:
    pdf, docx = verdicts_by_variant["pdf"], verdicts_by_variant["docx"]
    assert pdf and sorted(pdf) == sorted(docx)
    for name, checklist in pdf.items():
        expected = {rid: r.verdict for rid, r in checklist.results.items()}
        got = {rid: r.verdict for rid, r in docx[name].results.items()}
        assert got == expected, name
