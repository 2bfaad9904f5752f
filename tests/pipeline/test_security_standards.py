"""Reasonable security: what the operator commits to, not every framework the paper names.

A security exhibit that aligns the program with named frameworks states the industry standard it meets;
a framework the operator says it does not hold, or an unchosen option of a menu in which another box
was ticked, is not a commitment.
"""

from __future__ import annotations

import pytest

from pipeline.detect.extractors.standards import standard_key
from pipeline.detect.rules.security import ReasonableSecurityRule
from tests.pipeline.detect_support import context


@pytest.mark.parametrize(
    ("sentence", "families"),
    [
        (
            "The Provider's information security program for Student Data is aligned with the NIST "
            "Cybersecurity Framework.",
            {"nist_csf"},
        ),
        ("Provider's security controls are audited annually under SOC 2 Type II.", {"soc 2"}),
        (
            "Vendor secures covered information under an ISO/IEC 27001:2022 certified management system "
            "and the CIS Critical Security Controls v8.",
            {"iso 27001", "cis"},
        ),
    ],
)
def test_a_framework_commitment_is_the_security_provision(sentence: str, families: set[str]) -> None:
    ctx = context(("EXHIBIT C - SECURITY MEASURES", sentence))
    (finding,) = ReasonableSecurityRule().find(ctx, "reasonable_security")
    assert {standard_key(s) for s in finding.values["standards"]} == families


@pytest.mark.parametrize(
    "disclaimer",
    [
        "The Provider does not currently hold an ISO/IEC 27001 certification or a SOC 2 report.",
        "Provider has not yet obtained a SOC 2 Type II attestation.",
        "The Provider is not certified under ISO/IEC 27001.",
    ],
)
def test_a_standard_the_operator_disclaims_is_not_claimed(disclaimer: str) -> None:
    ctx = context(
        (
            "Data Security",
            "The Provider shall implement and maintain reasonable security procedures and practices "
            "that meet or exceed industry standards to protect Student Data, following the NIST "
            "Cybersecurity Framework.",
        ),
        ("Data Security", disclaimer),
    )
    findings = ReasonableSecurityRule().find(ctx, "reasonable_security")
    assert {standard_key(s) for s in findings[0].values["standards"]} == {"nist_csf"}


def test_a_security_sentence_without_a_standard_or_duty_is_not_enough() -> None:
    ctx = context(("Support", "Security questions may be sent to the Provider's help desk."))
    assert ReasonableSecurityRule().find(ctx, "reasonable_security") == []
