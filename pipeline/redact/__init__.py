"""True, verified redaction: ``plan_redactions`` -> ``apply_redactions`` -> ``verify_redactions``."""

from pipeline.redact.apply import apply_redactions
from pipeline.redact.plan import plan_redactions
from pipeline.redact.printed_names import SignerNames
from pipeline.redact.types import Proposal, RedactionPlan, RedactionReason, VerificationReport
from pipeline.redact.verify import ExtractedText, extract_texts, verify_redactions

__all__ = [
    "ExtractedText",
    "Proposal",
    "RedactionPlan",
    "RedactionReason",
    "SignerNames",
    "VerificationReport",
    "apply_redactions",
    "extract_texts",
    "plan_redactions",
    "verify_redactions",
]
