"""The sample agreements regenerate byte for byte and open as text PDFs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
NAMES = ("mossbrook_il_dpa", "quillon_addendum", "tessaline_msa")


def test_script_regenerates_the_committed_samples(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(SAMPLES / "make_samples.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for name in NAMES:
        assert (tmp_path / f"{name}.pdf").read_bytes() == (SAMPLES / f"{name}.pdf").read_bytes(), name


@pytest.mark.parametrize("name", NAMES)
def test_sample_opens_with_text_and_no_personal_names_in_metadata(name: str) -> None:
    with pymupdf.open(SAMPLES / f"{name}.pdf") as doc:
        text = "".join(page.get_text() for page in doc)
        assert doc.page_count >= 2
        assert len(text.split()) > 400
        assert doc.metadata["creationDate"] == "D:20250901090000Z"
        assert all(page.get_text("words") for page in doc), "every page has a text layer"


def test_schedule_of_data_has_drawn_checkboxes_and_signatures_are_images() -> None:
    with pymupdf.open(SAMPLES / "mossbrook_il_dpa.pdf") as doc:
        schedule = next(page for page in doc if "SCHEDULE OF DATA" in page.get_text())
        drawings = schedule.get_drawings()
        squares = [
            d for d in drawings if d["type"] == "s" and 8 < d["rect"].width < 11 and 8 < d["rect"].height < 11
        ]
        crosses = [d for d in drawings if [item[0] for item in d["items"]] == ["l"] and d["rect"].width < 8]
        assert len(squares) == 20
        assert len(crosses) == 2 * 12  # two strokes per checked box
        signature_page = next(page for page in doc if "IN WITNESS WHEREOF" in page.get_text())
        assert len(signature_page.get_images()) == 2
        assert "(217) 555-0132" in signature_page.get_text()


def test_addendum_states_the_non_compliant_periods() -> None:
    with pymupdf.open(SAMPLES / "quillon_addendum.pdf") as doc:
        flags = pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_PRESERVE_LIGATURES
        text = " ".join(" ".join(page.get_text(flags=flags).split()) for page in doc)
    assert "within forty-five (45) days after confirming the incident" in text
    assert "will delete the School's student data from its production systems" in text
