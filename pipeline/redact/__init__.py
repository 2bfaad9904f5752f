"""True, verified redaction: ``plan_redactions`` -> ``apply_redactions`` -> ``verify_redactions``."""

from pipeline.redact.apply import apply_redactions
from pipeline.redact.plan import plan_redactions
from pipeline.redact.types import Proposal, RedactionPlan, RedactionReason, VerificationReport
from pipeline.redact.verify import verify_redactions

__all__ = [
    "Proposal",
    "RedactionPlan",
    "RedactionReason",
    "VerificationReport",
    "apply_redactions",
    "plan_redactions",
    "verify_redactions",
]
