"""Amendments and precedence: the text that governs is the one judged and shown first.

Written from how agreements change themselves: word-for-word substitutions in an amendment or an
"additional terms" exhibit, sections "deleted and replaced", "notwithstanding" clauses, and riders or
exhibits declared to control over the body.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from pipeline.detect.precedence import find_substitutions, governing_clauses
from pipeline.findings import RequirementId, Verdict
from pipeline.run import check_pdf
from tests.pipeline.detect_support import segmented


@pytest.mark.parametrize(
    ("sentence", "old", "new"),
    [
        (
            'In Section 5, the words "sixty (60) days" are deleted and replaced with "ninety (90) days."',
            "sixty (60) days",
            "ninety (90) days.",
        ),
        (
            "Section 4.2 is amended by replacing “seventy-two (72) hours” with “ten (10) business days”.",
            "seventy-two (72) hours",
            "ten (10) business days",
        ),
        (
            'Section 4.2 is amended by substituting "5 business days" for "48 hours".',
            "48 hours",
            "5 business days",
        ),
        (
            'Article V is amended by striking "thirty (30) days" and inserting in its place '
            '"fifteen (15) days".',
            "thirty (30) days",
            "fifteen (15) days",
        ),
        (
            'The phrase "within 72 hours" is hereby changed to "within 6 weeks".',
            "within 72 hours",
            "within 6 weeks",
        ),
    ],
)
def test_word_substitutions_are_read_in_every_drafting_form(sentence: str, old: str, new: str) -> None:
    (sub,) = find_substitutions(segmented(sentence))
    assert (sub.old, sub.new) == (old, new)


def test_a_quotation_without_replacing_words_is_no_substitution() -> None:
    doc = segmented('The Provider calls this period the "retention window" and the "grace period".')
    assert find_substitutions(doc) == []


@pytest.mark.parametrize(
    ("paragraphs", "governs"),
    [
        (
            [
                "Section 6.3 of the Agreement is deleted and replaced with the following: notice within 6 "
                "weeks."
            ],
            True,
        ),
        (
            [
                "Section 4 is amended to read as follows: the Provider shall delete Student Data within 30 "
                "days."
            ],
            True,
        ),
        (
            [
                "Notwithstanding Section 6.4 of the Master Terms, the Provider will notify the District "
                "within 5 days."
            ],
            True,
        ),
        (["This Section replaces Section 5.4 of the Master Terms."], True),
        (["The Provider shall notify the District within 72 hours of a breach."], False),
        (["This Agreement may be amended only in a writing signed by both parties."], False),
    ],
)
def test_clauses_that_replace_others_govern(paragraphs: list[str], governs: bool) -> None:
    doc = segmented(*paragraphs)
    assert bool(governing_clauses(doc)) is governs


@pytest.mark.parametrize(
    "declaration",
    [
        "If this Exhibit H conflicts with the body of this DPA, this Exhibit H controls.",
        "Under Article VII, this Exhibit H shall prevail over the body of this DPA.",
        "Exhibit H takes precedence: the Exhibit H governs over any other term.",
    ],
)
def test_a_part_declared_controlling_governs_all_its_clauses(declaration: str) -> None:
    doc = segmented(
        ("ARTICLE IV: DATA", "The Provider shall delete Student Data within sixty days."),
        ("EXHIBIT H - ADDITIONAL TERMS", declaration),
        ("EXHIBIT H - ADDITIONAL TERMS", "The Provider shall delete Student Data within 120 days."),
    )
    clauses = doc.clauses
    assert {clauses[1].id, clauses[2].id} <= governing_clauses(doc)
    assert clauses[0].id not in governing_clauses(doc)


def _agreement(path: Path, body: list[tuple[str, str]]) -> Path:
    doc = pymupdf.open()
    page, top = doc.new_page(), 60.0
    for heading, text in body:
        height = 14 * (len(text) // 85 + 2)
        if top + height + 30 > 780:
            page, top = doc.new_page(), 60.0
        if heading:
            page.insert_text((60, top + 10), heading, fontsize=11, fontname="hebo")
            top += 22
        page.insert_textbox(pymupdf.Rect(60, top, 540, top + height), text, fontsize=10)
        top += height + 6
    doc.save(str(path))
    return path


BODY = [
    (
        "STUDENT DATA PRIVACY AGREEMENT",
        "This Agreement is entered into by and between Maple Grove School District 90 and Brightpath "
        "Learning, Inc. "
        "for the protection of Student Data of the District's students and schools.",
    ),
    (
        "ARTICLE V: DATA BREACH",
        "5.4 In the event of a Breach of Student Data, the Provider shall notify the District within "
        "seventy-two (72) "
        "hours after discovering the incident.",
    ),
]


def test_a_substituted_breach_period_governs_and_is_judged(tmp_path: Path) -> None:
    body = [
        *BODY,
        (
            "EXHIBIT H - ADDITIONAL TERMS OR MODIFICATIONS",
            'H-1. In Article V, Section 4, the words "within seventy-two (72) hours after discovering the '
            'incident" are deleted and replaced with "within six (6) weeks after confirming the incident."',
        ),
    ]
    result = check_pdf(_agreement(tmp_path / "dpa.pdf", body)).results[RequirementId.BREACH_NOTICE]
    assert (result.values["period"], result.values["unit"]) == (6, "weeks")
    assert result.verdict == Verdict.NON_COMPLIANT
    assert "deleted and replaced" in result.evidence[0].text  # the governing text is shown first
    assert any("seventy-two" in e.text for e in result.evidence)  # and the text it changed beside it


def test_a_replacing_section_outranks_the_original(tmp_path: Path) -> None:
    body = [
        *BODY,
        (
            "PRIVACY RIDER",
            "R-2. Notwithstanding Section 5.4, the Provider shall notify the District of any Breach of "
            "Student Data within ten (10) calendar days after determining it.",
        ),
    ]
    result = check_pdf(_agreement(tmp_path / "rider.pdf", body)).results[RequirementId.BREACH_NOTICE]
    assert (result.values["period"], result.values["unit"]) == (10, "calendar_days")
    assert "Notwithstanding" in result.evidence[0].text


def test_without_an_amendment_the_body_period_stands(tmp_path: Path) -> None:
    result = check_pdf(_agreement(tmp_path / "plain.pdf", BODY)).results[RequirementId.BREACH_NOTICE]
    assert (result.values["period"], result.values["unit"]) == (72, "hours")
    assert result.verdict == Verdict.FOUND
