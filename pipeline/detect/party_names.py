"""Who a party is, by its name: a company with a corporate suffix, a school district, a district's role
or office. Read by the operator (``operator``) and by every reader of the signing (``signature_blocks``,
``signing_forms``)."""

from __future__ import annotations

import re

_WORD = r"[A-Z][A-Za-z0-9&'’.\-]*"
_SUFFIX = (
    r"(?:(?i:inc|llc|l\.l\.c|corp|co|ltd|lp|l\.p|llp|pbc|pllc|gmbh|n\.a)\.?"
    r"|(?:Corporation|CORPORATION|Company|COMPANY|Incorporated|INCORPORATED|Limited|LIMITED)(?!\s+[A-Z]))"
)
ORG_NAME = re.compile(rf"\b({_WORD}(?:\s+(?:{_WORD}|&|of)){{0,7}}),?\s+{_SUFFIX}(?![A-Za-z-])")
DISTRICT = re.compile(
    r"\b(school\s+district|district\s+no\b|board\s+of\s+education|c\.?u\.?s\.?d|community\s+unit|"
    r"public\s+schools?|unified|independent\s+school|school\s+board|local\s+education(al)?\s+agency|"
    r"LEA|high\s+school\s+district|county\s+schools|charter\s+school|school\s+corporation)\b",
    re.I,
)
# Words that end a run of capitals before a name starts ("AGREEMENT BETWEEN ACME, INC.").
_BREAKS = frozenset({"the", "this", "by", "between", "and", "with", "to", "from", "for", "at", "notices"})
# "For the District" / "On behalf of the Board": the party a block signs for, named by its role.
DISTRICT_ROLE = re.compile(
    r"\b(for|on\s+behalf\s+of)\s+(the\s+)?(district|board|school|lea|licensee)\b", re.I
)
# The offices that sign for a district.
DISTRICT_TITLE = re.compile(
    r"\b(superintendent|board\s+(president|of\s+education)|principal|business\s+(manager|official)|"
    r"chief\s+school\s+business)\b",
    re.I,
)


def org_names(text: str) -> list[tuple[int, int, str]]:
    """Company names with a corporate suffix in ``text``: (start, end, name), districts excluded."""
    found = []
    for match in ORG_NAME.finditer(text):
        words = match.group(0).split()
        cut = max((i + 1 for i, w in enumerate(words[:-1]) if w.lower() in _BREAKS), default=0)
        words = words[cut:]
        if len(words) < 2:
            continue
        start = text.index(words[0], match.start() + sum(len(w) for w in match.group(0).split()[:cut]))
        name = " ".join(words)
        if not DISTRICT.search(name) and not _only_place(words):
            found.append((start, match.end(), name))
    return found


def _only_place(words: list[str]) -> bool:
    """ "Delaware Corporation" names a form of incorporation, not a party."""
    return len(words) == 2 and words[1].lower().startswith(("corporation", "company", "limited"))


def party_key(name: str) -> str:
    """A name reduced to its letters and digits, to compare how two places write one party."""
    return re.sub(r"[^a-z0-9]", "", name.lower())
