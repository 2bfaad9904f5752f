"""Redaction figures of ``dpa eval``: each labelled agreement redacted, re-read, and scored.

For every ``NAME.labels.json`` with the chosen rendering, the product's own redaction runs (default
proposals, as ``dpa redact``) into a temporary file, which is then read by every extractor (PyMuPDF,
pdfplumber, the raw objects and, for scanned pages, Tesseract):

- ``must_redact``: a string counts as redacted only when no extractor finds it (compared without
  case, spaces or punctuation);
- ``must_keep``: a passage counts as kept when the main reading of the output still holds it (PyMuPDF's
  text; Tesseract's for a scan). Passages the same reading cannot find in the *original* (OCR slips)
  are left out of the rate and counted as ``must_keep_unreadable``;
- signatures: the signature boxes applied, with their pixels verified blank, against ``signature_images``;
- metadata clean and verified: as ``verify_redactions`` reports.
"""

from __future__ import annotations

import json
import re
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pymupdf

from pipeline.detect import detect
from pipeline.judge import judge
from pipeline.parse import parse
from pipeline.parse.docx_to_pdf import convert_docx_to_pdf
from pipeline.redact import (
    ExtractedText,
    RedactionPlan,
    RedactionReason,
    VerificationReport,
    apply_redactions,
    extract_texts,
    plan_redactions,
    verify_redactions,
)
from pipeline.segment import segment
from pipeline.types import ParsedDocument

VARIANT_SUFFIXES = {"pdf": ".pdf", "scanned": ".scanned.pdf", "docx": ".docx"}


@dataclass(frozen=True, slots=True)
class AgreementRedaction:
    """The redaction outcome of one labelled agreement."""

    agreement: str
    must_redact: int
    redacted: int  # must_redact strings no extractor finds in the output
    must_keep: int  # must_keep passages readable in the original
    kept: int  # ... and still readable in the output
    must_keep_unreadable: int
    signatures_expected: int
    signatures_redacted: int
    metadata_clean: bool
    verified: bool
    leaks: tuple[str, ...]  # what was found: labelled strings by extractor, then the verifier's leaks
    seconds: float

    @property
    def signatures_match(self) -> bool:
        return self.signatures_redacted == self.signatures_expected


@dataclass(frozen=True, slots=True)
class RedactionEval:
    """Redaction figures over the agreements of one directory and rendering."""

    directory: str
    variant: str
    agreements: tuple[AgreementRedaction, ...]
    errors: tuple[tuple[str, str], ...] = ()  # (agreement, error) for files that could not be redacted

    @property
    def must_redact_absent_rate(self) -> float:
        return _rate(sum(a.redacted for a in self.agreements), sum(a.must_redact for a in self.agreements))

    @property
    def must_keep_present_rate(self) -> float:
        return _rate(sum(a.kept for a in self.agreements), sum(a.must_keep for a in self.agreements))

    @property
    def signature_match_rate(self) -> float:
        return self._share(sum(a.signatures_match for a in self.agreements))

    @property
    def metadata_clean_rate(self) -> float:
        return self._share(sum(a.metadata_clean for a in self.agreements))

    @property
    def verified_rate(self) -> float:
        return self._share(sum(a.verified for a in self.agreements))

    def _share(self, hits: int) -> float:
        """Share of the agreements tried, a file that failed to redact counting against it."""
        tried = len(self.agreements) + len(self.errors)
        return hits / tried if tried else 0.0

    def summary(self) -> dict[str, float | int]:
        """The headline figures (rates 0..1, counts)."""
        return {
            "agreements": len(self.agreements),
            "errors": len(self.errors),
            "must_redact_absent_rate": round(self.must_redact_absent_rate, 4),
            "must_keep_present_rate": round(self.must_keep_present_rate, 4),
            "must_keep_unreadable": sum(a.must_keep_unreadable for a in self.agreements),
            "signatures_expected": sum(a.signatures_expected for a in self.agreements),
            "signatures_redacted": sum(a.signatures_redacted for a in self.agreements),
            "signature_match_rate": round(self.signature_match_rate, 4),
            "metadata_clean_rate": round(self.metadata_clean_rate, 4),
            "verified_rate": round(self.verified_rate, 4),
        }

    def to_json(self) -> dict[str, Any]:
        """The ``"redaction"`` entry of ``dpa eval --json``."""
        return {
            "summary": self.summary(),
            "agreements": [_agreement_json(a) for a in self.agreements],
            "errors": dict(self.errors),
        }

    def render_lines(self) -> list[str]:
        """Lines for the eval table: the summary, then each agreement that missed something."""
        s = self.summary()
        lines = [
            f"redaction [{self.variant}] - {s['agreements']} agreements: "
            f"must_redact absent {s['must_redact_absent_rate']:.3f}, "
            f"must_keep present {s['must_keep_present_rate']:.3f}"
            + (f" ({s['must_keep_unreadable']} unreadable before)" if s["must_keep_unreadable"] else "")
            + f", signatures {s['signatures_redacted']}/{s['signatures_expected']}"
            f" (match {s['signature_match_rate']:.3f}), metadata clean {s['metadata_clean_rate']:.3f}, "
            f"verified {s['verified_rate']:.3f}"
        ]
        for a in self.agreements:
            if a.leaks or not a.verified or not a.signatures_match or a.kept < a.must_keep:
                lines.append(
                    f"  {a.agreement}: redacted {a.redacted}/{a.must_redact}, kept {a.kept}/{a.must_keep}, "
                    f"signatures {a.signatures_redacted}/{a.signatures_expected}, "
                    f"verified {a.verified}; " + "; ".join(a.leaks[:4])
                )
        lines += [f"  ERROR {name}: {error}" for name, error in self.errors]
        return lines


def evaluate_redaction(
    directory: str | Path, variant: str = "pdf", *, only_with: str | None = None
) -> RedactionEval:
    """Redact every labelled agreement of ``directory`` in ``variant`` and score the outputs."""
    directory = Path(directory)
    results: list[AgreementRedaction] = []
    errors: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as work:
        for labels_path in sorted(directory.glob("*.labels.json")):
            document = _variant_path(labels_path, variant)
            if document is None or (only_with is not None and _variant_path(labels_path, only_with) is None):
                continue
            labels = json.loads(labels_path.read_text(encoding="utf-8"))
            name = labels.get("id") or labels_path.name.removesuffix(".labels.json")
            try:
                results.append(redact_and_score(name, document, labels["redaction"], Path(work)))
            except Exception as exc:  # noqa: BLE001 - one broken file is reported, the rest still scored
                errors.append((name, f"{type(exc).__name__}: {exc}"))
    return RedactionEval(str(directory), variant, tuple(results), tuple(errors))


def redact_and_score(name: str, document: Path, labels: dict[str, Any], work: Path) -> AgreementRedaction:
    """Run the product's redaction on one file and compare the output with its ``redaction`` labels."""
    started = time.perf_counter()
    pdf = _as_pdf(document, work)
    parsed = parse(pdf)
    segmented = segment(parsed)
    plan = plan_redactions(segmented, judge(detect(segmented)))
    out = apply_redactions(pdf, plan, work / f"{name}.{document.name}.redacted.pdf")
    after = extract_texts(out)
    report = verify_redactions(pdf, out, plan, extracted=after)
    secrets = [s for s in labels.get("must_redact", []) if s]
    raw = " ".join(after.raw.split()).casefold()
    finding = {s: _readers_finding(after, raw, s) for s in secrets}
    found = [f"{s!r} in the {where}" for s, readers in finding.items() for where in readers]
    redacted = sum(1 for readers in finding.values() if not readers)
    before = _main_reading(parsed, pdf)
    readable = [k for k in labels.get("must_keep", []) if k and _has(before, k)]
    kept = sum(1 for k in readable if _has(after.pymupdf + after.ocr, k))
    return AgreementRedaction(
        agreement=name,
        must_redact=len(secrets),
        redacted=redacted,
        must_keep=len(readable),
        kept=kept,
        must_keep_unreadable=len(labels.get("must_keep", [])) - len(readable),
        signatures_expected=int(labels.get("signature_images", 0)),
        signatures_redacted=_signatures_redacted(plan, report),
        metadata_clean=report.metadata_clean,
        verified=report.verified,
        leaks=tuple(found) + report.leaks,
        seconds=round(time.perf_counter() - started, 2),
    )


def _signatures_redacted(plan: RedactionPlan, report: VerificationReport) -> int:
    """Signature boxes applied, less any under which the verifier still saw image pixels."""
    boxes = sum(1 for p in plan.proposals if p.reason is RedactionReason.SIGNATURE)
    return max(0, boxes - report.images_under_boxes)


def _main_reading(parsed: ParsedDocument, pdf: Path) -> str:
    """The original as the output will be read: PyMuPDF's text, plus the OCR of its scanned pages."""
    with pymupdf.open(pdf) as doc:
        text = "\n".join(page.get_text() for page in doc)
    return text + "\n" + "\n".join(page.text for page in parsed.pages if page.ocr_applied)


def _readers_finding(extracted: ExtractedText, raw: str, secret: str) -> list[str]:
    """The extractors that still read ``secret``.

    Extracted text is compared without spaces or punctuation; the raw objects literally (spaces
    collapsed, in ``raw``), because squashed content streams are long runs of numbers that would match
    any digits.
    """
    literal = " ".join(secret.split()).casefold()
    return [
        where
        for where, text in extracted.sources()
        if (literal in raw if where == "raw objects" else _has(text, secret))
    ]


def _has(text: str, needle: str) -> bool:
    squashed = _squash(needle)
    return bool(squashed) and squashed in _squash(text)


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).casefold()


def _variant_path(labels_path: Path, variant: str) -> Path | None:
    stem = labels_path.name.removesuffix(".labels.json")
    path = labels_path.with_name(stem + VARIANT_SUFFIXES[variant])
    return path if path.exists() else None


def _as_pdf(path: Path, work: Path) -> Path:
    """The PDF that is redacted: the file, or the product's conversion of a Word file."""
    if path.suffix.lower() != ".docx":
        return path
    converted = work / (path.stem + ".docx.pdf")
    converted.write_bytes(convert_docx_to_pdf(path.read_bytes()))
    return converted


def _agreement_json(a: AgreementRedaction) -> dict[str, Any]:
    return {
        "agreement": a.agreement,
        "must_redact": a.must_redact,
        "redacted": a.redacted,
        "must_keep": a.must_keep,
        "kept": a.kept,
        "must_keep_unreadable": a.must_keep_unreadable,
        "signatures_expected": a.signatures_expected,
        "signatures_redacted": a.signatures_redacted,
        "metadata_clean": a.metadata_clean,
        "verified": a.verified,
        "leaks": list(a.leaks),
        "seconds": a.seconds,
    }


def _rate(hits: int, total: int) -> float:
    return hits / total if total else 1.0


__all__: Sequence[str] = ("AgreementRedaction", "RedactionEval", "evaluate_redaction", "redact_and_score")
