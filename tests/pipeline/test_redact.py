"""Redaction on small crafted PDFs: what a fake or careless redaction leaves behind is caught."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pymupdf
import pytest

from pipeline.findings import AgreementKind, Checklist, Evidence, RequirementId, RequirementResult, Verdict
from pipeline.parse import parse
from pipeline.redact import (
    Proposal,
    RedactionPlan,
    RedactionReason,
    apply_redactions,
    plan_redactions,
    verify_redactions,
)
from pipeline.redact.detectors import aba_checksum_ok, find_identifiers, is_role_address
from pipeline.redact.plan import protected_passages, reviewer_proposals, screen_proposals
from pipeline.segment import segment
from pipeline.types import BBox, SegmentedDocument
from tests.pdf_support import texts_by_page

PHONE = "(312) 555-0199"


def _pdf(path: Path, lines: list[str], **meta: str) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    for i, line in enumerate(lines):
        page.insert_text((72, 100 + 20 * i), line, fontsize=11, fontname="helv")
    if meta:
        doc.set_metadata(meta)
    doc.save(path)
    doc.close()
    return path


def _checklist(protected: tuple[Evidence, ...] = ()) -> Checklist:
    results = {
        RequirementId.DATA_CATEGORIES: RequirementResult(
            RequirementId.DATA_CATEGORIES, Verdict.FOUND, "", 1.0, evidence=protected
        )
    }
    return Checklist(results, AgreementKind.UNKNOWN, None, None, None)


def _segmented(path: Path) -> SegmentedDocument:
    return segment(parse(path, ocr=False))


def _texts(path: Path) -> tuple[str, str]:
    with pymupdf.open(path) as doc:
        fitz = " ".join(page.get_text() for page in doc)
    with pdfplumber.open(path) as pdf:
        plumber = " ".join(page.extract_text() or "" for page in pdf.pages)
    return fitz, plumber


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _phone_box(path: Path) -> BBox:
    with pymupdf.open(path) as doc:
        rect = doc[0].search_for(PHONE)[0]
    return BBox(rect.x0, rect.y0, rect.x1, rect.y1)


def test_box_drawn_over_text_is_caught(tmp_path: Path) -> None:
    src = _pdf(tmp_path / "a.pdf", [f"Call Pat at {PHONE} today."])
    box = _phone_box(src)
    fake = tmp_path / "fake.pdf"
    with pymupdf.open(src) as doc:
        doc[0].draw_rect(pymupdf.Rect(box.x0, box.top, box.x1, box.bottom), color=(0, 0, 0), fill=(0, 0, 0))
        doc.save(fake)
    plan = RedactionPlan((Proposal(1, box, PHONE, RedactionReason.PHONE),))
    report = verify_redactions(src, fake, plan)
    assert not report.verified
    assert any(PHONE in leak for leak in report.leaks)


def test_incremental_save_is_caught(tmp_path: Path) -> None:
    src = _pdf(tmp_path / "a.pdf", [f"Call Pat at {PHONE} today."])
    box = _phone_box(src)
    target = tmp_path / "incr.pdf"
    target.write_bytes(src.read_bytes())
    with pymupdf.open(target) as doc:
        doc[0].add_redact_annot(pymupdf.Rect(box.x0, box.top, box.x1, box.bottom))
        doc[0].apply_redactions()
        doc.saveIncr()
    report = verify_redactions(src, target, RedactionPlan((Proposal(1, box, PHONE, RedactionReason.PHONE),)))
    assert not report.single_revision
    assert not report.verified


def test_metadata_and_annotation_copies_are_caught_then_scrubbed(tmp_path: Path) -> None:
    src = _pdf(tmp_path / "a.pdf", [f"Call Pat at {PHONE} today."], title=f"Pat {PHONE}", author="Pat")
    with pymupdf.open(src) as doc:
        doc[0].add_text_annot((300, 300), f"phone is {PHONE}")
        doc.set_xml_metadata(f"<x:xmpmeta xmlns:x='adobe:ns:meta/'>{PHONE}</x:xmpmeta>")
        doc.save(tmp_path / "b.pdf")
    src = tmp_path / "b.pdf"
    plan = RedactionPlan((Proposal(1, _phone_box(src), PHONE, RedactionReason.PHONE),))
    unscrubbed = verify_redactions(src, src, plan)
    assert not unscrubbed.verified and not unscrubbed.metadata_clean
    out = apply_redactions(src, plan, tmp_path / "out.pdf")
    report = verify_redactions(src, out, plan)
    assert report.verified, report.leaks
    with pymupdf.open(out) as doc:
        assert not any(doc.metadata.get(k) for k in ("title", "author", "producer"))
        assert doc.get_xml_metadata() == ""
        assert doc[0].first_annot is None


def test_word_split_across_two_runs_is_removed(tmp_path: Path) -> None:
    path = tmp_path / "split.pdf"
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Phone: (312) 555-", fontsize=11, fontname="helv")
    width = pymupdf.get_text_length("Phone: (312) 555-", fontname="helv", fontsize=11)
    page.insert_text((72 + width, 100), "0199 is the desk line.", fontsize=11, fontname="helv")
    doc.save(path)
    doc.close()
    segmented = _segmented(path)
    plan = plan_redactions(segmented, _checklist())
    assert PHONE in plan.texts
    out = apply_redactions(path, plan, tmp_path / "out.pdf")
    for text in _texts(out):
        assert "555" not in text and "0199" not in text
        assert "Phone:" in text and "desk line." in text
    assert verify_redactions(path, out, plan).verified


def test_neighbouring_text_survives(tmp_path: Path) -> None:
    src = _pdf(
        tmp_path / "a.pdf",
        ["Contact jdoe@district.example now, or privacy@vendor.example later.", "The next line stays."],
    )
    plan = plan_redactions(_segmented(src), _checklist())
    assert plan.texts == ("jdoe@district.example",)
    out = apply_redactions(src, plan, tmp_path / "out.pdf")
    for text in _texts(out):
        squashed = _squash(text)
        assert "jdoe@" not in text
        assert "Contact" in text and _squash("now, or privacy@vendor.example later.") in squashed
        assert _squash("The next line stays.") in squashed
    assert verify_redactions(src, out, plan).verified


def test_protected_provision_overlap_is_refused(tmp_path: Path) -> None:
    passage = f"Data provided: names and the parent phone {PHONE} of each student."
    src = _pdf(tmp_path / "a.pdf", [f"1. {passage}", "2. Billing: Sam, (312) 555-0142."])
    segmented = _segmented(src)
    clause = next(c for c in segmented.clauses if "Data provided" in c.text)
    evidence = Evidence(1, passage, BBox(72, 90, 540, 104), clause.id)
    plan = plan_redactions(segmented, _checklist((evidence,)))
    assert [r.proposal.text for r in plan.refused] == [PHONE]
    assert "15(4)" in plan.refused[0].why
    assert plan.texts == ("(312) 555-0142",)
    out = apply_redactions(src, plan, tmp_path / "out.pdf")
    report = verify_redactions(src, out, plan)
    assert report.verified and report.protected_kept, report.leaks
    assert all(_squash(passage) in _squash(t) for t in _texts(out))


def test_the_whole_provision_is_protected_not_only_the_evidence_sentence(tmp_path: Path) -> None:
    lines = [
        "1. Data provided. The Provider receives student names.",
        "The Provider also receives grade levels of each student.",
        "2. Contacts. Billing questions go to Dana Reyes.",
    ]
    src = _pdf(tmp_path / "a.pdf", lines)
    segmented = _segmented(src)
    clause = next(c for c in segmented.clauses if "grade levels" in c.text)
    assert "Dana" not in clause.text, "the fixture needs the contacts line in its own clause"
    evidence = Evidence(1, "The Provider receives student names.", BBox(72, 90, 540, 104), clause.id)
    terms = ("grade levels", "Dana Reyes")
    plan = plan_redactions(segmented, _checklist((evidence,)), terms=terms)
    assert [r.proposal.text for r in plan.refused] == ["grade levels"]
    assert plan.texts == ("Dana Reyes",)


def test_reviewer_terms_and_patterns(tmp_path: Path) -> None:
    src = _pdf(tmp_path / "a.pdf", ["Project Bluebird starts; ticket REF-2231 is open."])
    plan = plan_redactions(_segmented(src), _checklist(), terms=["bluebird"], patterns=[r"REF-\d+"])
    assert set(plan.texts) == {"Bluebird", "REF-2231"}
    out = apply_redactions(src, plan, tmp_path / "out.pdf")
    assert all("Bluebird" not in t and "REF-2231" not in t for t in _texts(out))


@pytest.mark.parametrize(
    ("address", "role"),
    [
        ("privacy@x.example", True),
        ("legal@x.example", True),
        ("ar@x.example", True),
        ("support-team@x.example", True),
        ("jdoe@x.example", False),
        ("marcus.oyelowo@x.example", False),
    ],
    ids=str,
)
def test_role_addresses(address: str, role: bool) -> None:
    assert is_role_address(address) is role


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("ABA routing number: 021000021", ["021000021"]),
        ("routing number 021000022", ["021000022"]),  # labelled: a mistyped bank detail is still one
        ("send the ACH to 021000021 by Friday", ["021000021"]),  # valid checksum beside a bank word
        ("ACH batch reference 021000022", []),  # no label and the checksum fails
        ("Invoice 021000021 is due", []),  # no routing label
        ("Account number: 3318 0046 5521.", ["3318 0046 5521"]),
        ("Tax ID (EIN): 12-3456789", ["12-3456789"]),
        ("SSN 123-45-6789", ["123-45-6789"]),
        ("call +1 312-555-0199 now", ["+1 312-555-0199"]),
        ("order 3125550199 shipped", []),  # bare digits are not taken for a phone
    ],
    ids=str,
)
def test_identifier_detectors(text: str, found: list[str]) -> None:
    assert sorted({text[s:e] for s, e, _ in find_identifiers(text)}) == sorted(found)


def test_aba_checksum() -> None:
    assert (
        aba_checksum_ok("021000021") and not aba_checksum_ok("021000022") and not aba_checksum_ok("000000000")
    )


def test_text_removed_outside_the_boxes_is_reported_as_damage(tmp_path: Path) -> None:
    src = _pdf(tmp_path / "a.pdf", [f"Call Pat at {PHONE} today.", "This line must survive intact."])
    plan = RedactionPlan((Proposal(1, _phone_box(src), PHONE, RedactionReason.PHONE),))
    out = apply_redactions(src, plan, tmp_path / "out.pdf")
    assert verify_redactions(src, out, plan).verified
    damaged = tmp_path / "damaged.pdf"
    with pymupdf.open(out) as doc:
        doc[0].add_redact_annot(doc[0].search_for("must survive")[0])
        doc[0].apply_redactions()
        doc.save(damaged, garbage=4)
    report = verify_redactions(src, damaged, plan)
    assert report.damaged_pages == (1,) and not report.verified


def _turned_pdf(path: Path, lines: list[str]) -> Path:
    """A page stored sideways and shown upright through /Rotate 90 (as a landscape scanner writes it)."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.set_rotation(90)
    for i, line in enumerate(lines):
        where = pymupdf.Point(72, 100 + 20 * i) * page.derotation_matrix  # displayed -> stored
        page.insert_text(where, line, fontsize=11, fontname="helv", rotate=90)
    doc.save(path)
    doc.close()
    return path


def test_rotated_page_box_lands_on_the_right_words(tmp_path: Path) -> None:
    """Boxes are planned on the displayed page and applied to the stored (unturned) one."""
    lines = ["Vendor contact for billing questions:", f"Call Pat at {PHONE} today.", "The next line stays."]
    src = _turned_pdf(tmp_path / "turned.pdf", lines)
    segmented = _segmented(src)
    assert segmented.parsed.pages[0].rotation == 90
    plan = plan_redactions(segmented, _checklist())
    (proposal,) = plan.proposals
    assert proposal.text == PHONE
    with pymupdf.open(src) as doc:  # the phone's place on the displayed page
        shown = doc[0].search_for(PHONE)[0] * doc[0].rotation_matrix
    assert abs(proposal.bbox.x0 - shown.x0) < 3 and abs(proposal.bbox.x1 - shown.x1) < 3
    assert shown.y0 - 1 < proposal.bbox.top < proposal.bbox.bottom < shown.y1 + 1
    out = apply_redactions(src, plan, tmp_path / "out.pdf")
    assert verify_redactions(src, out, plan).verified
    for text in _texts(out):
        squashed = _squash(text)
        assert "555" not in text and "0199" not in text
        for kept in ("Call Pat at", "today.", lines[0], lines[2]):
            assert _squash(kept) in squashed, kept
    with pymupdf.open(out) as doc:
        assert doc[0].rotation == 90


def test_old_revision_of_the_input_does_not_survive(tmp_path: Path) -> None:
    """An input whose earlier revision held a number: the rewritten output carries no trace of it."""
    ssn = "123-45-6789"
    src = _pdf(tmp_path / "a.pdf", [f"Employee SSN {ssn} on file.", f"Call Pat at {PHONE} today."])
    with pymupdf.open(src) as doc:  # "removed" in a second revision, still in the file's bytes
        doc[0].add_redact_annot(doc[0].search_for(ssn)[0])
        doc[0].apply_redactions()
        doc.saveIncr()
    assert src.read_bytes().count(b"%%EOF") == 2
    plan = plan_redactions(_segmented(src), _checklist())
    assert plan.texts == (PHONE,)
    out = apply_redactions(src, plan, tmp_path / "out.pdf")
    report = verify_redactions(src, out, RedactionPlan(plan.proposals + (), (), ()))
    assert report.verified and report.single_revision
    with pymupdf.open(out) as doc:
        streams = b"".join(
            doc.xref_stream(x) or b"" for x in range(1, doc.xref_length()) if doc.xref_is_stream(x)
        )
    assert b"6789" not in streams and b"0199" not in streams and out.read_bytes().count(b"%%EOF") == 1


def _running_pdf(path: Path, body: list[list[str]]) -> Path:
    """Pages with a running header and footer naming the district, and the given body lines."""
    doc = pymupdf.open()
    for number, lines in enumerate(body, start=1):
        page = doc.new_page()
        page.insert_text((72, 40), "Ashgrove CUSD 212 - Student Data Privacy Agreement", fontsize=8)
        page.insert_text((72, 770), f"Prepared for ASHGROVE CUSD 212 - page {number}", fontsize=8)
        for i, line in enumerate(lines):
            page.insert_text((72, 120 + 20 * i), line, fontsize=11, fontname="helv")
    doc.save(path)
    doc.close()
    return path


def test_reviewer_term_in_running_header_and_footer_is_boxed_on_every_page(tmp_path: Path) -> None:
    """Regression: a term was searched in clause text only, which leaves out headers and footers."""
    body = [
        ["1. Parties. This agreement is made with the school district.", "2. Term. One year."],
        ["3. Notices. Send notices to the district office in Ashgrove."],
        ["4. Miscellaneous. Nothing else is agreed here."],
    ]
    src = _running_pdf(tmp_path / "a.pdf", body)
    segmented = _segmented(src)
    assert all(page.header_footer for page in segmented.parsed.pages), "the fixture needs running lines"
    assert sum("ashgrove" in c.text.casefold() for c in segmented.clauses) == 1
    plan = plan_redactions(segmented, _checklist(), terms=["ashgrove"], patterns=[r"Priv\w+"])
    for number in (1, 2, 3):  # the term in header and footer, the pattern in the header
        assert sum(p.page == number for p in plan.proposals) >= 3
    places = [(p.page, p.bbox) for p in plan.proposals]
    assert len(places) == len(set(places)) and not plan.refused
    out = apply_redactions(src, plan, tmp_path / "out.pdf")
    report = verify_redactions(src, out, plan)
    assert report.verified, report.leaks
    texts = texts_by_page(out)
    for text in texts:
        assert "ashgrove" not in text.casefold() and "Privacy" not in text
    assert "page 2" in texts[1] and "Notices" in texts[1]


def test_reviewer_additions_find_running_lines_and_stay_out_of_the_data_categories(tmp_path: Path) -> None:
    """The reviewer's path (``reviewer_proposals`` + ``screen_proposals``) boxes the running lines too,
    and still refuses the term inside the data-categories provision."""
    passage = "Data provided: names and Ashgrove grade levels of each student."
    src = _running_pdf(tmp_path / "a.pdf", [[f"1. {passage}", "2. Term. One year."], ["3. Notices."]])
    segmented = _segmented(src)
    clause = next(c for c in segmented.clauses if "Data provided" in c.text)
    checklist = _checklist((Evidence(1, passage, BBox(72, 110, 540, 124), clause.id),))
    kept, refused = screen_proposals(segmented, checklist, reviewer_proposals(segmented, terms=["Ashgrove"]))
    assert [(r.proposal.page, r.proposal.text) for r in refused] == [(1, "Ashgrove")]
    assert "15(4)" in refused[0].why
    assert sorted(p.page for p in kept) == [1, 1, 2, 2]  # header and footer of each page
    plan = RedactionPlan(kept, refused, protected_passages(checklist))
    out = apply_redactions(src, plan, tmp_path / "out.pdf")
    report = verify_redactions(src, out, plan)
    assert report.verified and report.protected_kept, report.leaks
    texts = texts_by_page(out)
    assert all(_squash(passage) in _squash(texts[i]) for i in (0, 2))  # the provision reads in full
    assert sum(t.casefold().count("ashgrove") for t in texts) == 2  # only there, in both extractors
    plan = plan_redactions(segmented, checklist, terms=["grade levels"])
    assert [r.proposal.text for r in plan.refused] == ["grade levels"] and not plan.texts
