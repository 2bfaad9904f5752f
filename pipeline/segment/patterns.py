"""What a line or paragraph opens with: clause numbers, bullets, exhibit headings.

Pure text tests shared by the segmentation steps; compiled once here.
"""

from __future__ import annotations

import re

_ROMAN = r"(?:i{1,3}|iv|vi{0,3}|ix|xi{0,3}|x)"
_NUMBER_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("article", re.compile(r"^(?:ARTICLE|Article)\s+([IVXLC]+|\d+)\b[.:]?")),
    ("section", re.compile(r"^(?:SECTION|Section|§)\s*(\d+(?:\.\d+)*)\b\.?:?")),
    ("dec", re.compile(r"^(\d{1,3}(?:\.\d{1,3})+)\.?(?=\s)")),
    ("dec", re.compile(r"^(\d{1,3})\.(?=\s)")),
    ("dec", re.compile(r"^([A-Z]{1,2}-\d{1,3}(?:\.\d{1,3})*)\.?(?=\s)")),
    ("roman", re.compile(rf"^\(({_ROMAN})\)(?=\s)")),
    ("alpha", re.compile(r"^\(([a-z])\)(?=\s)")),
    ("alpha", re.compile(r"^([a-z])[.)](?=\s)")),
    ("num", re.compile(r"^\((\d{1,2})\)(?=\s)")),
    ("num", re.compile(r"^(\d{1,2})\)(?=\s)")),
    ("ALPHA", re.compile(r"^\(([A-Z])\)(?=\s)")),
    ("ALPHA", re.compile(r"^([A-Z])\.(?=\s)")),
)
# All the patterns as one alternation, tried in the order above (the first alternative that
# matches wins, as the first pattern of the loop would): one regex call per line instead of twelve.
# Each pattern has one group, so the group that matched names the pattern.
_ANY_NUMBER = re.compile("|".join(f"(?:{p.pattern})" for _, p in _NUMBER_PATTERNS))
_STYLE_OF_GROUP = {i + 1: style for i, (style, _) in enumerate(_NUMBER_PATTERNS)}
BULLET = re.compile(r"^[\u2022\u25aa\u25cf\u25e6\u2023\u2043\u00b7\-\u2013*]\s")
EXHIBIT = re.compile(
    r"^(?:EXHIBIT|Exhibit|SCHEDULE|Schedule|APPENDIX|Appendix|ATTACHMENT|Attachment|ANNEX|Annex|"
    r"ADDENDUM|Addendum)\b\s*[\"\u201c\u201d]?([A-Z0-9]{1,3}(?:[-.][A-Z0-9]{1,3})?)?[\"\u201c\u201d]?"
)
WITNESS = re.compile(r"^IN WITNESS WHEREOF", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?:;][\"'\u201d\u2019)]*$")
RUN_IN = re.compile(r"^([A-Z][^.:;]{1,60}?)[.:]\s+(?=[A-Z(\"\u201c])")


def number_of(text: str) -> tuple[str, str, int] | None:
    """(style, number, length of the number prefix) when ``text`` opens with a clause number."""
    match = _ANY_NUMBER.match(text)
    if match is None:
        return None
    group = match.lastindex
    assert group is not None
    style, number = _STYLE_OF_GROUP[group], match.group(group)
    if style in {"dec", "section"}:
        return f"dec{number.count('.') + 1}", number, match.end()
    if style == "roman":
        return "roman", f"({number})", match.end()
    if style in {"alpha", "num", "ALPHA"} and "(" in match.group(0):
        return style, f"({number})", match.end()
    return style, number, match.end()


def opens_item(text: str) -> bool:
    """True when ``text`` opens with a bullet or a clause number."""
    return bool(BULLET.match(text) or number_of(text))


def numbered_start(text: str) -> bool:
    """A multi-level number followed by a capital ("8.2 Provider"), unlikely in a wrapped line."""
    found = number_of(text)
    if not found or not found[0].startswith("dec") or found[0] == "dec1":
        return False
    rest = text[found[2] :].lstrip()
    return rest[:1].isupper() or rest[:1] in '"\u201c('


def is_caps(text: str) -> bool:
    """True for text in capitals (at least three letters)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)
