"""Data elements from prose: bulleted lists and run-in lists ("... including name, grade and ID").

Checkbox schedules are read from the PDF by ``pipeline.detect.schedule``; this module covers the
agreements that list the categories in text.
"""

from __future__ import annotations

import re

from pipeline.detect.registry import register_extractor

_LEAD_IN = re.compile(
    r"(?:including|includes|include|such as|consist(?:s|ing)? of|following|namely)\s*:?\s*(.+)$", re.I | re.S
)
_BULLET = re.compile(r"^\s*(?:[-•*▪◦●☐☒✓✔]|\(?[a-z0-9]{1,3}[.)])\s+", re.I)


def split_run_in(text: str) -> list[str]:
    """Items of a run-in list in one sentence (needs at least three items to count as a list)."""
    if ":" in text:
        tail = text.split(":", 1)[1]
    elif match := _LEAD_IN.search(text):
        tail = match.group(1)
    else:
        return []
    tail = tail.strip().rstrip(".;")
    tail = re.sub(r"\([^)]*\)", lambda m: m.group(0).replace(",", "\x00"), tail)
    pieces = [p.replace("\x00", ",").strip(" ;:") for p in re.split(r";|,\s*(?:and\s+|or\s+)?", tail)]
    items = [p for p in pieces if p and len(p.split()) <= 12]
    return items if len(items) >= 3 else []


def clean_item(text: str) -> str:
    """A list item without its bullet and trailing punctuation."""
    return _BULLET.sub("", text).strip().rstrip(".;,")


@register_extractor("data_elements.v1")
def extract_elements(text: str) -> dict[str, object]:
    """``{"elements": [...]}`` from a run-in list in ``text``."""
    return {"elements": split_run_in(text)}
