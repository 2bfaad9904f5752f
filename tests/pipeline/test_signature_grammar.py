"""The grammar of signature blocks: the forms drafters print, read alike by segment, detect and redact."""

from __future__ import annotations

import re
from importlib import import_module
from pathlib import Path

import pytest

from pipeline import signature_grammar as grammar
from pipeline.detect import esign_records, executions, signature_blocks, signature_tables, unlabelled_blocks
from pipeline.redact import printed_names, signers


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("By:", "by"),
        ("By: ______________________", "by"),
        ("BY:____________", "by"),
        ("Signature:", "signature"),
        ("Signature: /s/ Dana Roe", "signature"),
        ("Name:", "name"),
        ("Name: Dana Roe", "name"),
        ("Printed Name:", "name"),
        ("PRINTED NAME: ____", "name"),
        ("Print Name: Dana Roe", "name"),
        ("Title:", "title"),
        ("Its: Superintendent", "title"),
        ("Date:", "date"),
        ("Date Signed: May 2, 2026", "date"),
        ("Dated: May 2, 2026", "date"),
        ("Signed: May 2, 2026", "date"),
        ("E-mail: roe@district.example", "email"),
        ("Tel: 555-0100", "phone"),
    ],
)
def test_a_labelled_line_names_its_field(line: str, field: str) -> None:
    match = grammar.FIELD.match(line)
    assert match is not None
    assert grammar.field_of(match.group("label")) == field


@pytest.mark.parametrize(
    "line",
    [
        "By:",
        "By: ____",
        "Name: Dana Roe",
        "Printed Name:",
        "Print Name:",
        "Title:",
        "Its:",
        "Date:",
        "Witness:",
    ],
)
def test_a_block_line_opens_with_a_label_or_a_signature_rule(line: str) -> None:
    assert grammar.BLOCK_LINE.match(line)
    assert grammar.BLOCK_LINE_START.match(line.split()[0])


@pytest.mark.parametrize("line", ["____________________", "__________ Date", "Signature: ____"])
def test_a_signature_rule_or_label_opens_a_block_line(line: str) -> None:
    assert grammar.BLOCK_LINE.match(line)


@pytest.mark.parametrize(
    "line", ["Dated: May 2, 2026", "Tel: 555-0100", "Byline: the editor", "Names of parties"]
)
def test_segmentation_leaves_other_openings_to_the_prose_rules(line: str) -> None:
    assert not grammar.BLOCK_LINE.match(line)


def test_fields_printed_on_one_line_end_where_the_next_label_starts() -> None:
    value = grammar.FIELD.match("By: ________ Printed Name: Dana Roe Title: Superintendent")
    assert value is not None
    labels = [m.group(1) for m in grammar.INLINE_LABEL.finditer(value.group("value"))]
    assert [grammar.field_of(label) for label in labels] == ["name", "title"]


@pytest.mark.parametrize(
    ("word", "sign", "name"),
    [("by:", True, False), ("signature:", True, False), ("sign:", True, False), ("name:", False, True)],
)
def test_single_words_that_anchor_a_signers_slot(word: str, sign: bool, name: bool) -> None:
    assert (word in grammar.SIGN_WORDS, word in grammar.NAME_WORDS) == (sign, name)


@pytest.mark.parametrize(
    ("heading", "role"),
    [
        ("Printed Name", "name"),
        ("Signer", "name"),
        ("Signed by", "name"),
        ("Date Signed", "date"),
        ("Its", "title"),
        ("Position", "title"),
        ("Organisation", "party"),
    ],
)
def test_signature_table_headings(heading: str, role: str) -> None:
    patterns = {
        "name": grammar.TABLE_NAME_HEADING,
        "date": grammar.TABLE_DATE_HEADING,
        "title": grammar.TABLE_TITLE_HEADING,
        "party": grammar.TABLE_PARTY_HEADING,
    }
    assert [r for r, p in patterns.items() if p.match(heading)] == [role]


@pytest.mark.parametrize(
    ("text", "person", "only_a_name"),
    [
        ("Dana Roe", True, True),
        ("Jordan T. Avery", True, True),
        ("Dr. Dana Roe", True, True),
        ("Dana Roe, Ed.D.", True, False),  # a degree: a name to report, not a line to black out whole
        ("Acme Learning Company", True, False),  # the shape of a name, but a company's word
        ("Dana", False, False),
        ("dana roe", False, False),
    ],
)
def test_the_shape_of_a_persons_name(text: str, person: bool, only_a_name: bool) -> None:
    assert (bool(grammar.PERSON.match(text)), grammar.only_a_name(text)) == (person, only_a_name)


def test_a_longer_label_wins_over_its_prefix() -> None:
    assert grammar.LABEL_PREFIX.sub("", "Date Signed: May 2, 2026") == "May 2, 2026"


def test_segment_detect_and_redact_read_the_one_grammar() -> None:
    # ``pipeline.segment`` exports functions named like its modules: import the modules themselves.
    headings, outline, paragraphs, side_by_side = (
        import_module(f"pipeline.segment.{name}")
        for name in ("headings", "outline", "paragraphs", "signatures")
    )
    assert side_by_side.BLOCK_LINE is paragraphs.BLOCK_LINE is headings.BLOCK_LINE is grammar.BLOCK_LINE
    assert outline.BLOCK_LINE is grammar.BLOCK_LINE and outline.SIGNER_FIELD is grammar.SIGNER_FIELD
    assert signature_blocks.FIELD is grammar.FIELD and signature_blocks.PERSON is grammar.PERSON
    assert unlabelled_blocks.PERSON is signature_tables.PERSON is esign_records.PERSON is grammar.PERSON
    assert executions.LABEL_PREFIX is grammar.LABEL_PREFIX
    assert printed_names.NAME_LABEL is grammar.NAME_LABEL and printed_names.only_a_name is grammar.only_a_name
    assert signers.SIGN_WORDS is grammar.SIGN_WORDS


# Fragments of the grammar that only ``pipeline/signature_grammar.py`` may write.
_GRAMMAR_FRAGMENTS = re.compile(
    r"(?i:printed\\s|print\\s|name\|title|title\|its|dated\|date|by\|name|by\|signature)"
    r"|\"by:\"|\"name:\"|Dr\|Mr|Jr\|Sr|\[A-Z\]\[A-Za-z'’\.\\-\]\+"
)


@pytest.mark.parametrize("stage", ["parse", "segment", "detect", "redact"])
def test_no_stage_writes_the_grammar_again(stage: str) -> None:
    sources = Path("pipeline", stage).rglob("*.py")
    copies = {str(p): m.group(0) for p in sources if (m := _GRAMMAR_FRAGMENTS.search(p.read_text()))}
    assert copies == {}
