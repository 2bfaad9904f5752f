"""Redaction over the labelled corpus: every must_redact string gone, every must_keep passage kept."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pdfplumber
import pymupdf
import pytest

from pipeline.detect import detect
from pipeline.judge import judge
from pipeline.parse import parse
from pipeline.redact import RedactionReason, apply_redactions, plan_redactions, verify_redactions
from pipeline.segment import segment
from tests.conftest import corpus_pdfs, scanned_pdfs


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("pdf", corpus_pdfs, ids=lambda p: p.stem)
def test_corpus_redaction(pdf: Path, tmp_path: Path) -> None:
    labels = json.loads(pdf.with_name(pdf.stem + ".labels.json").read_text())["redaction"]
    segmented = segment(parse(pdf))
    plan = plan_redactions(segmented, judge(detect(segmented)))
    out = apply_redactions(pdf, plan, tmp_path / "out.pdf")
    report = verify_redactions(pdf, out, plan)
    assert report.verified, report.leaks
    with pymupdf.open(out) as doc:
        fitz = _squash("".join(page.get_text() for page in doc))
        images = sum(len(page.get_images()) for page in doc)
    with pdfplumber.open(out) as doc:
        plumber = _squash("".join(page.extract_text() or "" for page in doc.pages))
    with pymupdf.open(pdf) as doc:
        images_before = sum(len(page.get_images()) for page in doc)
    for secret in labels["must_redact"]:
        assert _squash(secret) not in fitz and _squash(secret) not in plumber, secret
    for kept in labels["must_keep"]:
        assert _squash(kept) in fitz, kept
    signatures = [p for p in plan.proposals if p.reason is RedactionReason.SIGNATURE]
    assert len(signatures) == labels["signature_images"]
    assert images == images_before - labels["signature_images"]


@pytest.mark.ocr
@pytest.mark.parametrize("pdf", scanned_pdfs, ids=lambda p: p.stem)
def test_scanned_corpus_redaction(pdf: Path, tmp_path: Path) -> None:
    """On scans the pixels under each box are blanked: Tesseract no longer reads the redacted strings.

    The signatures are ink in the page image: each signer's one must be found and blanked.
    """
    labels = json.loads(pdf.with_name(pdf.name.replace(".scanned.pdf", ".labels.json")).read_text())[
        "redaction"
    ]
    parsed = parse(pdf)
    segmented = segment(parsed)
    plan = plan_redactions(segmented, judge(detect(segmented)))
    out = apply_redactions(pdf, plan, tmp_path / "out.pdf")
    report = verify_redactions(pdf, out, plan)
    assert report.verified, report.leaks
    signatures = [p for p in plan.proposals if p.reason is RedactionReason.SIGNATURE]
    assert len(signatures) == labels["signature_images"]  # handwriting found in the page image
    assert report.images_under_boxes == 0  # ... and blanked there
    before = _squash(" ".join(page.text for page in parsed.pages))
    after = _squash(" ".join(page.text for page in parse(out).pages))
    for secret in labels["must_redact"]:
        assert _squash(secret) not in after, secret
    for kept in labels["must_keep"]:
        assert _squash(kept) not in before or _squash(kept) in after, kept
