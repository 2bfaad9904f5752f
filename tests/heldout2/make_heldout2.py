"""Render the second held-out set in ``tests/heldout2/*.html`` to PDFs in ``tests/heldout2/``.

This set was written independently of the labelled corpus, of the first held-out set and of the
detection rules (see README.md). Layout reuses the sample renderer's helpers (placeholders, drawn
checkboxes, signature images) but each agreement gets its own style sheet, column count and
running header, so the set does not share one look. Metadata dates are fixed and the file ID is
kept: output is byte-stable.
``--check`` also verifies that every labelled evidence string occurs in the rendered text.

Two layout fixes compared with ``tests/heldout/make_heldout.py``: ``hyphens: none`` stops the Story
engine from breaking words at the soft hyphens that ``_no_ligatures`` inserts (which put "forty-f-ive"
into the text layer), and table headers have no background colour (the engine repeated a header's
background as a stray grey bar on every later page of the same chunk).

Usage: ``python tests/heldout2/make_heldout2.py [--out DIR] [--check]``
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import pymupdf

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "tests" / "heldout"))

# The first set's layout, decoration and text check; this set changes only the style sheet.
import make_heldout as first_set  # noqa: E402 - the held-out folders are not packages
from make_samples import FIXED_DATE  # noqa: E402 - put on the path by make_heldout

SOURCE_DIR = HERE

BASE_CSS = """
h1 { text-align: center; font-weight: bold; margin-bottom: 6pt; }
h2 { font-weight: bold; margin-top: 10pt; margin-bottom: 4pt; text-align: left; }
h3 { font-weight: bold; margin-top: 6pt; margin-bottom: 2pt; text-align: left; }
p { margin-top: 0; margin-bottom: 6pt; }
p.center { text-align: center; margin-bottom: 3pt; }
p.small { font-size: 8pt; }
ul { margin-top: 0; margin-bottom: 6pt; }
table.grid { table-layout: fixed; border-collapse: collapse; width: 100%; }
table.grid th { border: 1px solid black; padding: 3pt; text-align: left; font-weight: bold; }
table.grid td { border: 1px solid black; padding: 3pt; text-align: left; vertical-align: top; }
table.plain { width: 100%; }
table.plain td { padding: 2pt; text-align: left; vertical-align: top; }
table.sigs { width: 100%; margin-top: 12pt; }
table.sigs td { width: 50%; vertical-align: top; text-align: left; padding-right: 12pt; }
p.sigspace { height: 38pt; margin: 0; }
span.box { font-size: 10pt; }
"""


@dataclass(frozen=True, slots=True)
class Style:
    """What varies between agreements: font, size, alignment, columns, header and footer."""

    font: str = "serif"
    size: float = 10.5
    align: str = "justify"
    columns: int = 1
    header: str = ""
    footer: str = "Page {n} of {total}"

    def css(self) -> str:
        body = (
            f"body {{ font-family: {self.font}; font-size: {self.size}pt; line-height: 1.25; "
            f"text-align: {self.align}; hyphens: none; }}\nh1 {{ font-size: {self.size + 5}pt; }}\n"
            f"h2 {{ font-size: {self.size + 1}pt; }}\n"
        )
        return BASE_CSS + body


@dataclass(frozen=True, slots=True)
class HeldOutSpec:
    """One held-out document: source name, PDF title and style."""

    name: str
    title: str
    style: Style


SPECS: tuple[HeldOutSpec, ...] = (
    HeldOutSpec(
        "lumenfield_privacy_addendum",
        "Lumenfield Student Data Privacy Addendum - Order Form Q-22817",
        Style(
            font="sans-serif",
            size=10,
            header="Lumenfield Learning, Inc. | Student Data Privacy Addendum | Order Form Q-22817",
            footer="Lumenfield Confidential - Page {n} of {total}",
        ),
    ),
    HeldOutSpec(
        "orchard_lane_il_dpa",
        "Illinois Student Data Privacy Agreement - Prairie Ridge CUSD 311 / Orchard Lane Assessments",
        Style(
            font="serif",
            size=10,
            header=(
                "Prairie Ridge CUSD 311 - Orchard Lane Assessments, LLC - Illinois Student Data Privacy "
                "Agreement"
            ),
        ),
    ),
    HeldOutSpec(
        "hummingbird_terms",
        "Hummingbird Class Journal Terms of Service for Schools",
        Style(
            font="sans-serif",
            size=8.5,
            columns=2,
            header="Hummingbird Labs, Inc. - Terms of Service for Schools (US) v4.2",
            footer="{n}",
        ),
    ),
    HeldOutSpec(
        "quarrystone_msa",
        "Master Services Agreement - Quarrystone Software Corporation",
        Style(
            font="serif",
            size=10,
            header="Quarrystone Software Corporation - Master Services Agreement - Harrow Creek CHSD 156",
            footer="MSA-HC156-2025 | {n}/{total}",
        ),
    ),
    HeldOutSpec(
        "tillman_grove_mou",
        "Memorandum of Understanding - Tillman Grove CUSD 404 / Northstar Pathways",
        Style(
            font="serif",
            size=11,
            align="left",
            header="TILLMAN GROVE COMMUNITY UNIT SCHOOL DISTRICT 404 - MEMORANDUM OF UNDERSTANDING",
            footer="MOU 2025-22 - page {n}",
        ),
    ),
    HeldOutSpec(
        "copperleaf_quote",
        "Quote CRE-Q-25-1187 - Copperleaf Robotics Education",
        Style(
            font="sans-serif",
            size=9,
            align="left",
            header="",
            footer="Quote CRE-Q-25-1187 | Page {n} of {total}",
        ),
    ),
)


def render(spec: HeldOutSpec, source_dir: Path = SOURCE_DIR) -> bytes:
    """Render one held-out document to PDF bytes (deterministic)."""
    html = (source_dir / f"{spec.name}.html").read_text(encoding="utf-8")
    laid_out, markers = first_set._layout(html, spec.style)
    doc = pymupdf.open("pdf", laid_out)
    first_set._decorate(doc, markers, spec.style)
    doc.set_metadata(
        {
            "title": spec.title,
            "subject": "Held-out (set 2) fictional document for the SOPPA pipeline",
            "creator": "tests/heldout2/make_heldout2.py",
            "producer": "PyMuPDF",
            "creationDate": FIXED_DATE,
            "modDate": FIXED_DATE,
        }
    )
    return doc.tobytes(garbage=4, deflate=True, no_new_id=True)


REQUIREMENT_IDS = (
    "data_categories",
    "service_description",
    "school_official",
    "breach_cost_allocation",
    "return_or_delete",
    "posting_statement",
    "reasonable_security",
    "delete_on_request",
    "breach_notice",
    "third_parties",
    "prohibited_uses",
    "operator_identity",
    "signing",
)
UNITS = {None, "hours", "calendar_days", "business_days", "days", "weeks", "months"}


def label_problems(pdf: Path, labels: Path, source: Path) -> list[str]:
    """Schema-level problems: requirement ids, units, absent-with-evidence, image and page counts."""
    data = json.loads(labels.read_text(encoding="utf-8"))
    problems = []
    requirements = data["requirements"]
    if set(requirements) != set(REQUIREMENT_IDS):
        problems.append(f"requirement ids differ: {sorted(set(requirements) ^ set(REQUIREMENT_IDS))}")
    for rid, req in requirements.items():
        if not req["present"] and (req["compliant"] or req["evidence"]):
            problems.append(f"{rid}: absent but compliant or with evidence")
        if req["present"] and not req["evidence"]:
            problems.append(f"{rid}: present without evidence")
        if (req.get("values") or {}).get("unit", None) not in UNITS:
            problems.append(f"{rid}: unknown unit {req['values']['unit']!r}")
    images = source.read_text(encoding="utf-8").count("[[signature]]")
    if data["redaction"]["signature_images"] != images:
        problems.append(f"signature_images {data['redaction']['signature_images']} != {images} in source")
    with pymupdf.open(pdf) as doc:
        if not 2 <= doc.page_count <= 5:
            problems.append(f"{doc.page_count} pages (want 2-5)")
        drawn = sum(len(page.get_images()) for page in doc)
    if drawn != images:
        problems.append(f"{drawn} images in the PDF, {images} signatures in the source")
    return problems


def main() -> None:
    """Render every held-out document into ``--out``; with ``--check`` verify the labels' strings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    bad = 0
    for spec in SPECS:
        path = args.out / f"{spec.name}.pdf"
        path.write_bytes(render(spec))
        print(f"wrote {path}")
        if args.check:
            labels = HERE / f"{spec.name}.labels.json"
            for miss in first_set.missing_evidence(path, labels):
                bad += 1
                print(f"  NOT IN TEXT: {miss!r}")
            for problem in label_problems(path, labels, SOURCE_DIR / f"{spec.name}.html"):
                bad += 1
                print(f"  LABELS: {problem}")
    if args.check:
        print(f"check: {bad} problem(s) in {len(SPECS)} documents")
    raise SystemExit(1 if bad else 0)


if __name__ == "__main__":
    main()
