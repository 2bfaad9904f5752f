"""Word fonts: the fast HTML reading agrees with the ``dict`` one, and the ``dict`` takes over when
the HTML does not spell the page's words."""

from __future__ import annotations

from bisect import bisect_right
from itertools import groupby
from operator import itemgetter
from pathlib import Path

import pymupdf
import pytest

from pipeline.parse.pymupdf_words import TEXT_FLAGS, page_words
from pipeline.parse.span_styles import LineStyle, dict_styles, html_runs
from tests.conftest import REALWORLD, corpus_pdfs

# fonts-dejavu-core, installed by scripts/bootstrap.sh
_DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_SAMPLES = corpus_pdfs + sorted((REALWORLD / "contracts").glob("*.pdf"))[:6]


def _style_at(runs: LineStyle, offset: int) -> tuple[float, bool]:
    run = next(r for r in runs if r[0] > offset)
    return run[1], run[2]


@pytest.mark.parametrize("pdf", _SAMPLES, ids=lambda p: p.name)
def test_html_runs_spell_the_words_and_match_the_dict(pdf: Path) -> None:
    with pymupdf.open(pdf) as doc:
        for page in doc:
            textpage = page.get_textpage(flags=TEXT_FLAGS)
            raw = textpage.extractWORDS()
            runs = html_runs(textpage)
            # the fast reading is the one used: the same characters as the words, in the same order
            assert runs.text == "".join(w[4] for w in raw), f"page {page.number + 1}"
            assert len(runs.ends) == len(runs.fonts) and runs.ends == sorted(runs.ends)
            table = dict_styles(textpage)
            page_offset = 0
            for _, line in groupby(raw, key=itemgetter(5, 6)):
                words = list(line)
                exact = table[(words[0][5], words[0][6])]
                line_offset = 0
                for word in words:
                    size, bold, _ = runs.fonts[bisect_right(runs.ends, page_offset)]
                    want_size, want_bold = _style_at(exact, line_offset)
                    assert bold == want_bold and size == pytest.approx(want_size, abs=0.051), word[4]
                    page_offset += len(word[4])
                    line_offset += len(word[4])


def test_bold_lead_in_and_body_on_one_line_get_their_own_fonts() -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    lead = "Section 5. "
    page.insert_text((72, 100), lead, fontname="hebo", fontsize=12)
    body_x = 72 + pymupdf.get_text_length(lead, "hebo", 12)
    page.insert_text((body_x, 100), "Data security applies.", fontname="helv", fontsize=11)
    words = {w.text: (w.font_size, w.bold) for w in page_words(page)}
    assert words == {
        "Section": (12.0, True),
        "5.": (12.0, True),
        "Data": (11.0, False),
        "security": (11.0, False),
        "applies.": (11.0, False),
    }


def test_words_the_html_does_not_spell_take_their_fonts_from_the_dict() -> None:
    """MuPDF keeps an em space inside a word; the HTML reading drops it as whitespace."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Term", fontname="hebo", fontsize=14)
    page.insert_text((72, 130), "alpha\u2003beta gamma", fontname="dejavu", fontfile=str(_DEJAVU), fontsize=9)
    runs = html_runs(page.get_textpage(flags=TEXT_FLAGS))
    assert "alpha\u2003beta" not in runs.text  # so it is the fallback that is exercised
    words = {w.text: (w.font_size, w.bold, w.font) for w in page_words(page)}
    assert words["Term"] == (14.0, True, "Helvetica-Bold")  # the dict's full font name
    assert words["alpha\u2003beta"] == (9.0, False, "DejaVuSans")
    assert words["gamma"] == (9.0, False, "DejaVuSans")
