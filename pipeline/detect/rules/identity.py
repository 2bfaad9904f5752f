"""Operator identity (27(a)(2)) and district signing (27(b),(c)) from the parties' readers.

``pipeline.detect.operator`` reads the preamble, notices clause and letterhead, ``signing_forms`` the
signature blocks; these rules turn their answers into findings. When a reader is unavailable the rule
raises, and ``detect`` records a problem so the verdict is ``needs_review`` rather than a silent
``missing``.
"""

from __future__ import annotations

from typing import Any

from pipeline.detect.context import DocumentContext
from pipeline.detect.registry import register_rule
from pipeline.findings import Finding, OperatorInfo, RequirementId, SigningInfo


@register_rule("operator_identity.v1")
class OperatorIdentityRule:
    """The operator's legal name and business address."""

    name = "operator_identity.v1"

    def find(self, ctx: DocumentContext, requirement_id: str) -> list[Finding]:
        info = ctx.extras.get("operator")
        if not isinstance(info, OperatorInfo) or not info.name:
            return []
        values = {"name": info.name, "address": info.address}
        confidence = 0.85 if info.address else 0.5
        clause_id = info.evidence[0].clause_id if info.evidence else ""
        return [
            Finding(RequirementId(requirement_id), clause_id, info.evidence, values, confidence, self.name)
        ]


@register_rule("signing.v1")
class SigningRule:
    """Who signed for the district and when."""

    name = "signing.v1"

    def find(self, ctx: DocumentContext, requirement_id: str) -> list[Finding]:
        info = ctx.extras.get("signing")
        if not isinstance(info, SigningInfo) or not (info.signer or info.date or info.blank):
            return []
        values: dict[str, Any] = {
            "district_signer": info.signer,
            "title": info.title,
            "date": info.date.isoformat() if info.date else None,
        }
        if info.blank and not (info.signer or info.date):
            values["unsigned"] = True  # the block is there, empty: judged missing with that reason
        confidence = 0.85 if (info.signer and info.date) or info.blank else 0.5
        clause_id = info.evidence[0].clause_id if info.evidence else ""
        return [
            Finding(RequirementId(requirement_id), clause_id, info.evidence, values, confidence, self.name)
        ]
