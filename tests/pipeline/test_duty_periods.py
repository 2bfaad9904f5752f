"""A period belongs to the duty it is written with, not to whatever duty a sentence names first.

Master agreements bind the operator to many things in one sentence, each with its own period:
investigation, reports, maintenance notices, invoices. The breach notice and the deletion duties take
only the period of their own part of the sentence, or of an opening phrase that governs every part.
"""

from __future__ import annotations

import pytest

from pipeline.detect.catalogue import default_catalogue
from pipeline.detect.rules.breach import BreachNoticeRule
from pipeline.detect.rules.deletion import ReturnOrDeleteRule
from tests.pipeline.detect_support import context


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the notice's own period, after another duty's
        (
            "The Provider shall investigate any Breach of Student Data within ten (10) days and shall notify "
            "the District within forty-eight (48) hours after discovering it.",
            (48, "hours"),
        ),
        # the notice's own period, before another duty's
        (
            "The Provider shall notify the District of any Breach of Student Data within 72 hours, and the "
            "Provider will deliver a written root-cause report within 30 days.",
            (72, "hours"),
        ),
        (
            "The Provider shall notify the District of a Breach of Student Data within five (5) business "
            "days; "
            "the Provider shall remediate the vulnerability within 60 days.",
            (5, "business_days"),
        ),
        # an opening phrase governs every duty after it
        (
            "Within twenty-four (24) hours after confirming a Breach of Student Data, the Provider will "
            "contain "
            "it and will notify the District in writing.",
            (24, "hours"),
        ),
        # one duty, one period: as always
        (
            "The Provider shall notify the District of any Breach of Student Data no later than 30 calendar "
            "days "
            "after determining it.",
            (30, "calendar_days"),
        ),
        # the notice itself has no bound: another duty's period is not lent to it
        (
            "The Provider shall notify the District of any Breach of Student Data without unreasonable "
            "delay and "
            "shall restore the service within 10 days.",
            (None, None),
        ),
    ],
)
def test_breach_notice_takes_its_own_period(sentence: str, expected: tuple[object, object]) -> None:
    ctx = context(("Data Breach", sentence))
    (finding,) = BreachNoticeRule().find(ctx, "breach_notice")
    assert (finding.values["period"], finding.values["unit"]) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Within ninety (90) days after termination of the Agreement, the Provider will make Student Data "
            "available for export and will then securely destroy all Student Data.",
            (90, "days"),
        ),
        (
            "Upon termination of the Agreement the Provider shall send a final invoice within 15 days and "
            "shall "
            "delete all Student Data within sixty (60) days.",
            (60, "days"),
        ),
        (
            "8.1 No later than 45 days after the Agreement expires, the Provider shall return all Student "
            "Data "
            "and shall delete every copy.",
            (45, "days"),
        ),
    ],
)
def test_return_or_delete_takes_its_own_period(sentence: str, expected: tuple[object, object]) -> None:
    ctx = context(("Return and Deletion of Data", sentence))
    (finding,) = ReturnOrDeleteRule().find(ctx, "return_or_delete")
    assert (finding.values["period"], finding.values["unit"]) == expected


def test_the_catalogue_names_the_duty_groups_the_rules_anchor_on() -> None:
    catalogue = default_catalogue()
    assert "notify" in catalogue.get("breach_notice").cues
    assert "erase" in catalogue.get("return_or_delete").cues
    assert "erase" in catalogue.get("delete_on_request").cues
