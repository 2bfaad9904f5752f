"""Lists written in prose, run-in forms and product introductions, in invented wording.

These cover drafting patterns beyond the labelled corpus: elements after a colon or a collecting
verb, a run-in heading whose list is in the next sentence, subprocessors named in bullets under a
lead-in that never says "subprocessor", table rows read as plain clauses under a header line, and
products introduced by what they do or as a defined term.
"""

from __future__ import annotations

import pytest

from pipeline.detect.catalogue import default_catalogue
from pipeline.detect.context import DocumentContext
from pipeline.detect.extractors.elements import split_after_verb, split_run_in
from pipeline.detect.extractors.products import find_products
from pipeline.detect.nlp import default_nlp
from pipeline.detect.registry import get_rule
from pipeline.findings import Finding
from pipeline.types import Clause, ClauseKind, ParsedDocument, SegmentedDocument
from tests.pipeline.detect_support import clause, context


def run(
    requirement_id: str, *paragraphs: str | tuple[str, str], operator: tuple[str, ...] = ()
) -> list[Finding]:
    rule = get_rule(default_catalogue().get(requirement_id).rule)
    return rule.find(context(*paragraphs, operator=operator), requirement_id)


RUN_IN = [
    (
        "The Vendor may access only these records: learner full name; homeroom; lunch account balance; "
        "and the address, phone number and email of each learner's guardian.",
        [
            "learner full name",
            "homeroom",
            "lunch account balance",
            "guardian address",
            "guardian phone number",
            "guardian email",
        ],
    ),
    (
        "Items supplied: course roster, reading level, essay drafts, and any audio recordings.",
        ["course roster", "reading level", "essay drafts", "audio recordings"],
    ),
    (
        "Shared data: badge number; bus route, stop and pickup time; and allergy flags.",
        ["badge number", "bus route, stop and pickup time", "allergy flags"],
    ),
]


@pytest.mark.parametrize(("text", "expected"), RUN_IN, ids=[t[:30] for t, _ in RUN_IN])
def test_run_in_lists_split_by_their_own_separator(text: str, expected: list[str]) -> None:
    assert split_run_in(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "For club members we collect a nickname, the team code, the maps each member draws, and coach "
            "notes.",
            ["nickname", "team code", "maps each member draws", "coach notes"],
        ),
        (
            "The Company receives the learner's given name, the section number, and basic device details "
            "such as screen size, operating system version and the language setting of the tablet.",
            ["given name", "section number", "basic device details"],
        ),
        ("We collect feedback from teachers.", []),
        (  # no comma before the final "and"; the purpose the sentence ends with is not an element
            "The app also logs browser type, screen size and network address to troubleshoot problems.",
            ["browser type", "screen size", "network address"],
        ),
    ],
)
def test_list_as_object_of_collecting_verb(text: str, expected: list[str]) -> None:
    assert split_after_verb(text) == expected


DATA_CASES = [
    (
        (
            "Information we hold",
            "To run the tool we keep a little information about each learner: given name, "
            "homeroom, locker number, and reading scores.",
        ),
        ["given name", "homeroom", "locker number", "reading scores"],
    ),
    (
        (
            "Privacy",
            "7.2 What we gather. For learner profiles we collect the learner's initials, the team "
            "code, the maps the learner draws, and device data such as screen size.",
        ),
        ["initials", "team code", "maps the learner draws", "device data"],
    ),
    (
        (
            "Exhibit",
            "B-3. Data Elements. Vendor will receive: learner name; home room; quiz marks; and "
            "portfolio uploads.",
        ),
        ["learner name", "home room", "quiz marks", "portfolio uploads"],
    ),
    (
        (
            "Information we hold",
            "We keep the following information about each learner: given name, homeroom and reading "
            "scores. We also capture the tablet model, app build and session times.",
        ),
        ["given name", "homeroom", "reading scores", "tablet model", "app build", "session times"],
    ),
]


@pytest.mark.parametrize(
    ("paragraph", "elements"), DATA_CASES, ids=["colon", "verb", "run-in heading", "also-sentence"]
)
def test_data_elements_from_prose(paragraph: tuple[str, str], elements: list[str]) -> None:
    found = run("data_categories", paragraph)
    assert found and found[0].values["elements"] == elements
    assert any(e in found[0].evidence[-1].text or e in found[0].evidence[0].text for e in elements[:1])


def _find_in(requirement_id: str, *clauses: Clause) -> list[Finding]:
    """Run a rule over hand-built clauses (headings and section paths as the segmenter gives them)."""
    segmented = SegmentedDocument(ParsedDocument("0" * 64, "/nonexistent.pdf", ()), clauses)
    ctx = DocumentContext(segmented, default_catalogue(), default_nlp())
    return get_rule(default_catalogue().get(requirement_id).rule).find(ctx, requirement_id)


def test_subprocessors_in_bullets_under_a_plain_lead_in() -> None:
    section = ("Who helps us",)
    found = _find_in(
        "third_parties",
        clause("Who helps us", 0, "Who helps us", kind=ClauseKind.HEADING),
        clause(
            "These firms help us run the tool and may handle learner information for us:", 1, section=section
        ),
        clause("• Orchard Cloud Works, Inc. (servers)", 2, section=section),
        clause("• Tallpine Messaging LLC (email delivery)", 3, section=section),
    )
    assert found and found[0].values["names"] == ["Orchard Cloud Works, Inc.", "Tallpine Messaging LLC"]


def test_run_in_heading_then_disclosure_to_named_providers() -> None:
    found = run(
        "third_parties",
        (
            "Service Providers",
            "Q-7. Service Providers. Vendor shares pupil records only with "
            "Heronfield Storage Corp. (backups) "
            "and Moss Lane Analytics, LLC (usage reports).",
        ),
    )
    assert found[0].values["names"] == ["Heronfield Storage Corp.", "Moss Lane Analytics, LLC"]
    assert any("Heronfield" in ev.text for f in found for ev in f.evidence)


def test_rows_read_as_clauses_under_a_table_header() -> None:
    header = "Company Name Purpose"
    clauses = (
        clause(
            "9.1 The Vendor relies on the subcontractors in the table below. Each signs a written contract.",
            0,
        ),
        clause(header, 1, header, kind=ClauseKind.HEADING),
        clause("Larkfield Servers, Inc. Hosting", 2, section=(header,)),
        clause("Bramble Post LLC Email delivery", 3, section=(header,)),
    )
    found = _find_in("third_parties", *clauses)
    assert found[0].values["names"] == ["Larkfield Servers, Inc.", "Bramble Post LLC"]


@pytest.mark.parametrize(
    ("paragraphs", "operator", "products"),
    [
        (
            [
                "Lanternfish Reader connects your students with volunteer readers over short video calls. "
                "We also "
                "provide Lanternfish Shelf, a class library of levelled books."
            ],
            ("Lanternfish", "Lanternfish Learning"),
            ["Lanternfish Reader", "Lanternfish Shelf"],
        ),
        (
            [
                '2.1 "Learner data" has the meaning given in the Act and includes grades.',
                '2.2 "Tool" means Copperleaf Attendance Ledger, a web application that records absences.',
            ],
            ("Copperleaf", "Copperleaf Systems"),
            ["Copperleaf Attendance Ledger"],
        ),
        (
            [
                "The Vendor will supply the School with Saltbush Maths Lab, an online set of practice "
                "problems "
                "aligned to the Common Core State Standards, a bank of quizzes, and a teacher view."
            ],
            ("Saltbush", "Saltbush Education"),
            ["Saltbush Maths Lab"],
        ),
    ],
    ids=["connects", "defined term", "supply with"],
)
def test_products_introduced_in_other_drafting(
    paragraphs: list[str], operator: tuple[str, ...], products: list[str]
) -> None:
    found = run("service_description", *paragraphs, operator=operator)
    assert found and found[0].values["products"] == products
    assert products[0] in found[0].evidence[0].text


def test_shorter_part_of_operator_name_can_be_a_product() -> None:
    words = ["Kitefold", "Kitefold", "Canvas", "Labs"]
    assert find_products("Kitefold Canvas is a drawing app for classrooms.", words) == ["Kitefold Canvas"]
    assert find_products("Kitefold Canvas Labs, Inc. is a company.", words) == []
