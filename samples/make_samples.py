"""Render the sample vendor agreements in ``samples/source/*.html`` to PDFs in ``samples/``.

The agreements are fictional and written for this project. They are laid out with PyMuPDF's
``Story`` (HTML + CSS); afterwards the script draws what HTML cannot express the way real
agreements show it: vector checkboxes in the schedule of data, handwritten-looking signature
images, a running header and "Page n of N" footers. Metadata dates are fixed and the file ID is
not regenerated, so running the script twice gives the same bytes.

Usage: ``python samples/make_samples.py [--out DIR]``
"""

from __future__ import annotations

import argparse
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pymupdf

HERE = Path(__file__).resolve().parent
SOURCE_DIR = HERE / "source"
PAGE = pymupdf.paper_rect("letter")
BODY = pymupdf.Rect(72, 80, PAGE.width - 72, PAGE.height - 64)
FIXED_DATE = "D:20250901090000Z"

CSS = """
body { font-family: serif; font-size: 10.5pt; line-height: 1.3; text-align: justify; }
h1 { font-size: 16pt; text-align: center; font-weight: bold; margin-bottom: 6pt; }
h2 { font-size: 11.5pt; font-weight: bold; margin-top: 12pt; margin-bottom: 4pt; text-align: left; }
p { margin-top: 0; margin-bottom: 7pt; }
p.center { text-align: center; margin-bottom: 3pt; }
table.grid { table-layout: fixed; border-collapse: collapse; width: 100%; font-size: 9.5pt; }
table.grid th { border: 1px solid black; background-color: #e6e6e6; padding: 3pt; text-align: left; }
table.grid td { border: 1px solid black; padding: 3pt; text-align: left; }
table.sigs { width: 100%; margin-top: 14pt; }
table.sigs td { width: 50%; vertical-align: top; text-align: left; padding-right: 12pt; }
p.sigspace { height: 38pt; margin: 0; }
span.box { font-size: 10pt; }
"""


@dataclass(frozen=True, slots=True)
class SampleSpec:
    """One agreement to render: its source file, output name and document metadata."""

    name: str
    title: str
    author: str
    header: str


SAMPLES: tuple[SampleSpec, ...] = (
    SampleSpec(
        "mossbrook_il_dpa",
        "Illinois Student Data Privacy Agreement - Mossbrook Learning Systems",
        "Mossbrook Learning Systems, Inc.",
        "Illinois Student Data Privacy Agreement - Ashgrove CUSD 212 / Mossbrook Learning Systems, Inc.",
    ),
    SampleSpec(
        "quillon_addendum",
        "Student Data Addendum - Quillon Analytics",
        "Quillon Analytics LLC",
        "Quillon Analytics - Student Data Addendum",
    ),
    SampleSpec(
        "tessaline_msa",
        "Master Services Agreement - Tessaline Software Corporation",
        "Tessaline Software Corporation",
        "Tessaline Software Corporation - Master Services Agreement",
    ),
)


@dataclass(frozen=True, slots=True)
class Marker:
    """Where the layout placed an element the script must draw on (a checkbox or a signature)."""

    page: int  # 0-based page index in the written PDF
    kind: str  # "cb-x" (checked box), "cb-o" (empty box) or "sig"
    rect: pymupdf.Rect


def _prepare_html(html: str) -> str:
    """Replace the ``[x]``/``[ ]``/``[[signature]]`` placeholders with elements that carry ids."""
    counter = iter(range(1, 10_000))

    def box(match: re.Match[str]) -> str:
        kind = "cb-x" if match.group(1) == "x" else "cb-o"
        return f'<span class="box" id="{kind}-{next(counter)}">&#160;&#160;&#160;&#160;</span>'

    html = re.sub(r"\[(x| )\]", box, html)
    return re.sub(
        r"\[\[signature\]\]",
        lambda _m: f'<p class="sigspace" id="sig-{next(counter)}">&#160;</p>',
        html,
    )


def _chunks(html: str) -> list[str]:
    """Split the body before each exhibit heading: every exhibit starts on a new page."""
    parts = re.split(r'(?=<h2 class="exhibit">)', html)
    return [part for part in parts if part.strip()]


def _layout(html: str) -> tuple[bytes, list[Marker]]:
    """Lay the HTML out on letter pages; return the PDF and the positions of the markers."""
    buffer = io.BytesIO()
    writer = pymupdf.DocumentWriter(buffer)
    markers: dict[str, Marker] = {}
    page_index = -1

    def collect(position: pymupdf.ElementPosition) -> None:
        element_id = position.id or ""
        if element_id.startswith(("cb-", "sig-")) and position.open_close & 2:
            kind = element_id.rsplit("-", 1)[0]
            markers[element_id] = Marker(page_index, kind, pymupdf.Rect(position.rect))

    for chunk in _chunks(_prepare_html(html)):
        story = pymupdf.Story(chunk, user_css=CSS, em=10.5)
        more = True
        while more:
            page_index += 1
            device = writer.begin_page(PAGE)
            more, _filled = story.place(BODY)
            story.element_positions(collect)
            story.draw(device)
            writer.end_page()
    writer.close()
    return buffer.getvalue(), list(markers.values())


def _draw_checkbox(page: pymupdf.Page, rect: pymupdf.Rect, checked: bool) -> None:
    """A 9-point square drawn as vector graphics, crossed when checked."""
    size = 9.0
    middle = (rect.y0 + rect.y1) / 2
    square = pymupdf.Rect(rect.x0, middle - size / 2, rect.x0 + size, middle + size / 2)
    page.draw_rect(square, color=(0, 0, 0), width=0.8)
    if checked:
        inner = square + (1.8, 1.8, -1.8, -1.8)
        page.draw_line(inner.tl, inner.br, color=(0, 0, 0), width=1.1)
        page.draw_line(inner.bl, inner.tr, color=(0, 0, 0), width=1.1)


def _signature_png(seed: int) -> bytes:
    """A handwritten-looking scribble as a PNG with a transparent background.

    The stroke is a prolate cycloid (loops like joined cursive letters) whose loop size varies
    with ``seed``, so each signer gets a different but reproducible signature.
    """
    scratch = pymupdf.open()
    page = scratch.new_page(width=160, height=44)
    points = []
    for step in range(260):
        t = step / 260 * 7 * 2 * math.pi
        loop = 6.5 + 2.5 * math.sin(seed * 1.7 + t / 5)
        x = 8 + t * 3.2 - loop * math.sin(t)
        y = 24 - loop * math.cos(t) * (1.2 + 0.4 * math.sin(seed + t / 3)) - t * 0.25
        points.append(pymupdf.Point(x, y))
    shape = page.new_shape()
    shape.draw_polyline(points)
    shape.draw_line((4, 36), (150, 31))
    shape.finish(color=(0.05, 0.1, 0.45), width=1.3, closePath=False)
    shape.commit()
    return page.get_pixmap(dpi=144, alpha=True).tobytes("png")


def _decorate(doc: pymupdf.Document, markers: list[Marker], header: str) -> None:
    """Draw checkboxes, signatures, the running header and page numbers onto the laid-out pages."""
    for number, marker in enumerate(markers):
        page = doc[marker.page]
        if marker.kind == "sig":
            origin = marker.rect.tl
            page.insert_image(
                pymupdf.Rect(origin.x, origin.y + 2, origin.x + 140, origin.y + 40),
                stream=_signature_png(number),
            )
        else:
            _draw_checkbox(page, marker.rect, checked=marker.kind == "cb-x")
    total = doc.page_count
    for page in doc:
        page.insert_text((72, 50), header, fontname="tiro", fontsize=8.5, color=(0.3, 0.3, 0.3))
        page.draw_line((72, 56), (PAGE.width - 72, 56), color=(0.6, 0.6, 0.6), width=0.5)
        footer = f"Page {page.number + 1} of {total}"
        width = pymupdf.get_text_length(footer, fontname="tiro", fontsize=8.5)
        page.insert_text(((PAGE.width - width) / 2, PAGE.height - 36), footer, fontname="tiro", fontsize=8.5)


def render_sample(spec: SampleSpec, source_dir: Path = SOURCE_DIR) -> bytes:
    """Render one sample agreement to PDF bytes (deterministic)."""
    html = (source_dir / f"{spec.name}.html").read_text(encoding="utf-8")
    laid_out, markers = _layout(html)
    doc = pymupdf.open("pdf", laid_out)
    _decorate(doc, markers, spec.header)
    doc.set_metadata(
        {
            "title": spec.title,
            "author": spec.author,
            "subject": "Sample vendor agreement (fictional) for the SOPPA pipeline",
            "creator": "samples/make_samples.py",
            "producer": "PyMuPDF",
            "creationDate": FIXED_DATE,
            "modDate": FIXED_DATE,
        }
    )
    return doc.tobytes(garbage=4, deflate=True, no_new_id=True)


def build_all(out_dir: Path = HERE) -> list[Path]:
    """Write every sample PDF to ``out_dir`` and return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in SAMPLES:
        path = out_dir / f"{spec.name}.pdf"
        path.write_bytes(render_sample(spec))
        written.append(path)
    return written


def main() -> None:
    """Command-line entry: render the samples into ``--out`` (default: this folder)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder for the PDFs")
    args = parser.parse_args()
    for path in build_all(args.out):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
