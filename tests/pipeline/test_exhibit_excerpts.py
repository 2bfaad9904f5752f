"""Single exhibits and articles as districts receive them from consortium forms and vendor packets.

Each excerpt holds a few provisions and sits beside look-alikes: a state-terms exhibit that publishes the
agreement "on its website" before naming it, pays for "notification of parents" as a breach cost, and
mentions "the categories of Student Data" without listing them; a description-of-services exhibit that
names its product with no preamble to say who the operator is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.detect.rules.breach import BreachNoticeRule
from pipeline.detect.rules.data import DataCategoriesRule
from pipeline.detect.rules.sentence import SentenceRule
from pipeline.findings import AgreementKind, RequirementId, Verdict
from pipeline.run import check_pdf
from tests.pdf_support import paragraphs_pdf
from tests.pipeline.detect_support import context


@pytest.mark.parametrize(
    "sentence",
    [
        "The LEA will publish on its website a copy of the DPA and its exhibits.",
        "The District shall post on the District's web site copies of all agreements with operators.",
        "The School will make available for public inspection at its administrative office this Addendum.",
        "This Agreement will be posted on the District's website within ten business days of signing.",
    ],
)
def test_publishing_the_agreement_after_naming_the_place_is_the_posting_statement(sentence: str) -> None:
    ctx = context(("Publication of Agreements", sentence))
    assert SentenceRule().find(ctx, "posting_statement")


@pytest.mark.parametrize(
    "sentence",
    [
        "The University may publish on its website the results of the Study in aggregate form.",
        "The Provider will post on its website a list of its current subprocessors.",
    ],
)
def test_publishing_something_else_is_not_the_posting_statement(sentence: str) -> None:
    ctx = context(("Publication", sentence))
    assert SentenceRule().find(ctx, "posting_statement") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "In the event of a Security Breach attributable to the Provider, the Provider shall reimburse the "
        "LEA "
        "for costs and expenses, including notification of parents, credit monitoring and legal fees.",
        "The Provider shall bear the expense of any notification to affected families required by a breach "
        "of Student Data it caused.",
    ],
)
def test_notice_paid_for_as_a_breach_cost_is_not_the_breach_notice(sentence: str) -> None:
    ctx = context(("Breach Costs", sentence))
    assert BreachNoticeRule().find(ctx, "breach_notice") == []


def test_a_notice_duty_beside_its_cost_is_still_the_breach_notice() -> None:
    ctx = context(
        (
            "Data Breach",
            "The Provider shall notify the LEA within 72 hours of confirming a breach of Student Data and "
            "shall "
            "reimburse the costs of notification to parents.",
        )
    )
    (finding,) = BreachNoticeRule().find(ctx, "breach_notice")
    assert (finding.values["period"], finding.values["unit"]) == (72, "hours")


@pytest.mark.parametrize(
    ("sentence", "reported"),
    [
        (
            "The LEA will post on its website the list of the categories of Student Data the Provider "
            "receives.",
            False,
        ),
        ("The categories of Student Data the Provider receives are identified in Exhibit B.", True),
        ("The Provider will collect the following categories of Student Data:", True),
    ],
)
def test_a_categories_mention_without_a_list_stands_only_when_it_points_to_one(
    sentence: str, reported: bool
) -> None:
    ctx = context(("Student Data", sentence))
    assert bool(DataCategoriesRule().find(ctx, "data_categories")) is reported


def test_a_description_exhibit_names_its_product_without_a_preamble(tmp_path: Path) -> None:
    body = [
        "EXHIBIT A - DESCRIPTION OF SERVICES",
        "Lexora Math Online, a web-based adaptive mathematics practice program for students in grades K-8, "
        "with teacher reporting dashboards for the school district.",
        "Teachers assign practice sets, review each student's mastery by standard, and export progress "
        "reports for parent conferences.",
    ]
    checklist = check_pdf(paragraphs_pdf(tmp_path / "exhibit_a.pdf", body))
    result = checklist.results[RequirementId.SERVICE_DESCRIPTION]
    assert checklist.kind == AgreementKind.EXHIBIT
    assert result.verdict == Verdict.FOUND and result.values["products"] == ["Lexora Math Online"]
