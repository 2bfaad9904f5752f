"""Signatures drawn into the page (vector ink, or pixels of a scan) and signers' names, on crafted PDFs."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pdfplumber
import pymupdf
import pytest

from pipeline.findings import AgreementKind, Checklist, SigningInfo
from pipeline.parse import parse
from pipeline.redact import (
    RedactionReason,
    SignerNames,
    apply_redactions,
    plan_redactions,
    verify_redactions,
)
from pipeline.redact.signatures import signature_images
from pipeline.segment import segment
from pipeline.types import BBox

# A signed block above, an unsigned one below: only the first holds handwriting.
BLOCKS = [
    (100, "PROVIDER"),
    (114, "Example Vendor Company"),
    (160, "By:"),
    (178, "Name: Robin Q. Hale"),
    (192, "Title: Chief Executive Officer"),
    (240, "DISTRICT"),
    (300, "By:"),
    (318, "Name: Dana Whitfield"),
    (332, "Title: Superintendent"),
]
INK = BBox(100, 128, 230, 164)  # where the pen stroke is drawn, over the first signature line


def _signature_page(path: Path) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    for y, text in BLOCKS:
        page.insert_text((72, y), text, fontsize=10, fontname="helv")
    for y in (162, 302):
        page.draw_line((92, y), (300, y), color=(0, 0, 0), width=0.8)
    xs = np.linspace(INK.x0, INK.x1, 60)
    ys = (INK.top + INK.bottom) / 2 + (INK.bottom - INK.top) / 2 * np.sin(xs / 7.0)
    page.draw_polyline(list(zip(xs.tolist(), ys.tolist(), strict=True)), color=(0.05, 0.05, 0.3), width=1.6)
    doc.save(path)
    doc.close()
    return path


def _as_scan(src: Path, path: Path) -> Path:
    """The page as a 200 dpi grey picture, with no text layer: what a scanner produces."""
    with pymupdf.open(src) as doc, pymupdf.open() as scan:
        pix = doc[0].get_pixmap(dpi=200, colorspace=pymupdf.csGRAY)
        page = scan.new_page(width=doc[0].rect.width, height=doc[0].rect.height)
        page.insert_image(page.rect, pixmap=pix)
        scan.save(path)
    return path


def _checklist(signer: str | None = None) -> Checklist:
    signing = SigningInfo(signer, None, None) if signer else None
    return Checklist({}, AgreementKind.UNKNOWN, None, signing, None)


def _covers(box: BBox, inner: BBox, slack: float = 4.0) -> bool:
    return (
        box.x0 <= inner.x0 + slack
        and box.top <= inner.top + slack
        and box.x1 >= inner.x1 - slack
        and box.bottom >= inner.bottom - slack
    )


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_drawn_signature_on_a_digital_page_is_found(tmp_path: Path) -> None:
    src = _signature_page(tmp_path / "signed.pdf")
    proposals = signature_images(segment(parse(src, ocr=False)), src)
    assert [p.reason for p in proposals] == [RedactionReason.SIGNATURE]  # the unsigned line stays
    (found,) = proposals
    assert _covers(found.bbox, INK) and found.bbox.bottom < 178 - 8  # the Name line is not touched


@pytest.mark.ocr
def test_handwriting_in_a_scan_is_redacted_in_the_image(tmp_path: Path) -> None:
    scan = _as_scan(_signature_page(tmp_path / "signed.pdf"), tmp_path / "scan.pdf")
    segmented = segment(parse(scan))
    plan = plan_redactions(segmented, _checklist())
    signatures = [p for p in plan.proposals if p.reason is RedactionReason.SIGNATURE]
    assert len(signatures) == 1 and _covers(signatures[0].bbox, INK)
    out = apply_redactions(scan, plan, tmp_path / "out.pdf")
    report = verify_redactions(scan, out, plan)
    assert report.verified and report.images_under_boxes == 0, report.leaks
    with pymupdf.open(out) as doc:
        box = signatures[0].bbox
        clip = pymupdf.Rect(box.x0 + 2, box.top + 2, box.x1 - 2, box.bottom - 2)
        pix = doc[0].get_pixmap(dpi=100, clip=clip, colorspace=pymupdf.csGRAY, annots=False)
        pixels = np.frombuffer(pix.samples, dtype=np.uint8)
        assert pixels.std() < 60  # blanked: the box and its small label, no pen stroke
    read = " ".join(page.text for page in parse(out).pages)
    assert "Robin Q. Hale" in read and "Dana Whitfield" in read  # the names under the line survive


@pytest.mark.parametrize(
    ("choice", "names"),
    [
        (SignerNames.NONE, []),
        (SignerNames.DISTRICT, ["Dana Whitfield"]),
        (SignerNames.ALL, ["Robin Q. Hale", "Dana Whitfield"]),
    ],
    ids=str,
)
def test_signer_names_where_the_district_chooses(
    tmp_path: Path, choice: SignerNames, names: list[str]
) -> None:
    src = _signature_page(tmp_path / "signed.pdf")
    plan = plan_redactions(
        segment(parse(src, ocr=False)), _checklist("Dana Whitfield"), redact_signer_names=choice
    )
    assert [p.text for p in plan.proposals if p.reason is RedactionReason.SIGNER_NAME] == names
    out = apply_redactions(src, plan, tmp_path / "out.pdf")
    assert verify_redactions(src, out, plan).verified
    with pdfplumber.open(out) as pdf:
        text = _squash(pdf.pages[0].extract_text() or "")
    for title in ("Title:ChiefExecutiveOfficer", "Title:Superintendent", "Name:"):
        assert title in text
    for name in ("Robin Q. Hale", "Dana Whitfield"):
        assert (_squash(name) in text) is (name not in names)


def test_typed_names_after_by_and_under_the_line(tmp_path: Path) -> None:
    path = tmp_path / "typed.pdf"
    doc = pymupdf.open()
    page = doc.new_page()
    lines = [
        (100, "VENDOR"),
        (130, "By: /s/ Morgan Ellis-Park"),
        (144, "Its: President"),
        (190, "SCHOOL DISTRICT"),
        (220, "By: ____________________"),
        (234, "Jordan T. Avery"),
        (248, "Board President"),
    ]
    for y, text in lines:
        page.insert_text((72, y), text, fontsize=10, fontname="helv")
    doc.save(path)
    doc.close()
    plan = plan_redactions(segment(parse(path, ocr=False)), _checklist(), redact_signer_names=SignerNames.ALL)
    names = [p.text for p in plan.proposals if p.reason is RedactionReason.SIGNER_NAME]
    assert names == ["Morgan Ellis-Park", "Jordan T. Avery"]  # not the party labels, not the titles
    assert (
        plan_redactions(segment(parse(path, ocr=False)), _checklist(), redact_signer_names=True).proposals
        == ()
    )
