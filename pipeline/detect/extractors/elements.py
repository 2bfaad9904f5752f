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
# A symbol-font bullet (Word's "\uf0b7") is a private-use character.
_BULLET = re.compile(r"^\s*(?:[\ue000-\uf8ff]\s*|(?:[-•*▪◦●☐☒✓✔]|\(?[a-z0-9]{1,3}[.)])\s+)", re.I)


def split_run_in(text: str) -> list[str]:
    """Items of a run-in list in one sentence (needs at least three items to count as a list)."""
    if ":" in text:
        tail = text.split(":", 1)[1]
    elif match := _LEAD_IN.search(text):
        tail = match.group(1)
    else:
        return []
    return split_items(tail)


def listed_in(text: str) -> list[str]:
    """The list a sentence gives: after a lead-in ("including", "the following:") or as the object
    of a collecting verb, whichever starts first. "We receive a, b; and usage data such as x, y
    and z" lists what is received; the "such as" after it only gives examples of its last item."""
    verb = _VERB_LIST.search(text)
    lead = text.find(":") if ":" in text else (m.start() if (m := _LEAD_IN.search(text)) else -1)
    if verb is not None and (lead < 0 or verb.start() < lead) and (items := split_after_verb(text)):
        return items
    return split_run_in(text)


def split_items(tail: str) -> list[str]:
    """The items of a list written out in prose ("a, b, and c" or "a; b; and c"), at least three.

    A semicolon list keeps the commas inside its items; an item that shares a trailing owner
    ("the name, telephone number and email address of each parent") becomes one item per head.
    """
    tail = tail.strip().rstrip(".;")
    tail = re.sub(r"\([^)]*\)", lambda m: m.group(0).replace(",", "\x00"), tail)
    semicolons = tail.count(";") >= 2
    if not semicolons:
        tail = _cut_final_examples(tail)
    separator = r";\s*(?:and\s+|or\s+)?" if semicolons else r";|,\s*(?:and\s+|or\s+)?"
    pieces = [p.replace("\x00", ",").strip(" ;:") for p in re.split(separator, tail)]
    if len(pieces) >= 2 and not re.search(r"[,;]\s*(?:and|or)\s", tail):
        pieces[-1:] = _FINAL_AND.split(pieces[-1], maxsplit=1)  # "a, b and c": no comma before "and"
    if semicolons:
        pieces = [item for p in pieces for item in _sub_items(p)]
    pieces = [_EXAMPLES.sub("", p) if len(p.split()) > 12 or semicolons else p for p in pieces]
    items = [_bare(item) for p in pieces if p for item in _distribute(p) if len(item.split()) <= 12]
    items = [item for item in items if item]
    return items if len(items) >= 3 else []


_DETERMINER = re.compile(
    r"^(?:the|a|an|any|all|each|its|their|his|her|our|your)\s+(?:(?:student|pupil|learner|child|user|parent)['’]s\s+)?",
    re.I,
)


def _bare(item: str) -> str:
    """An element without the article or possessive it was written with ("the student's grade"),
    nor the purpose a sentence ends with ("IP address to keep the service running")."""
    return _PURPOSE.sub("", _DETERMINER.sub("", item.strip())).strip()


_PURPOSE = re.compile(
    r"\s+(?:in\s+order\s+to|so\s+that|so\s+we\s+can|to\s+(?:keep|run|provide|operate|support|improve|"
    r"deliver|maintain|secure|troubleshoot))\b.*$",
    re.I | re.S,
)


_FINAL_AND = re.compile(r"\s+(?:and|or)\s+")
_NAMELY = re.compile(r"[,\s]+(?:namely|i\.e\.|that is|specifically)[,:]?\s+", re.I)


def _sub_items(piece: str) -> list[str]:
    """The elements inside one item of a semicolon list: the items it names ("practice data, namely
    a, b and c"), or its own comma list when it is too long to be one element ("name, grade, ID,
    and the class to which the student is assigned"); else the item itself ("grade, section and
    teacher")."""
    named = _NAMELY.split(piece, maxsplit=1)
    if len(named) == 2 and len(inner := _comma_items(named[1])) >= 2:
        return inner
    if len(piece.split()) > 12 and len(inner := _comma_items(piece)) >= 3:
        return inner
    return [piece]


def _comma_items(text: str) -> list[str]:
    """ "a, b, and c", "a, b and c" or "a and b" -> [a, b, c] (parentheses kept whole)."""
    text = re.sub(r"\([^)]*\)", lambda m: m.group(0).replace(",", "\x00"), text)
    pieces = [p.replace("\x00", ",").strip() for p in re.split(r",\s*(?:and\s+|or\s+)?", text)]
    if not re.search(r",\s*(?:and|or)\s", text):
        pieces[-1:] = _FINAL_AND.split(pieces[-1], maxsplit=1)
    return [p for p in pieces if p]


_EXAMPLES = re.compile(r"\s+(?:such as|including|e\.g\.|for example)\b.*$", re.I | re.S)
_LAST_ITEM = re.compile(r",\s*(?:and|or)\s+(?!.*,\s*(?:and|or)\s+)", re.S)


def _cut_final_examples(tail: str) -> str:
    """Drop the examples after the last item ("..., and device data such as a, b and c")."""
    last = _LAST_ITEM.search(tail)
    if last is None:
        return tail
    examples = _EXAMPLES.search(tail, last.end())
    return tail[: examples.start()] if examples else tail


_SHARED_OWNER = re.compile(
    r"^(?:and\s+|or\s+)?(?:the\s+)?(?P<heads>[^,;]+?(?:,\s*[^,;]+?)*(?:,?\s+and\s+)[^,;]+?)\s+of\s+"
    r"(?:each|every|the|a|an|any)\s+(?:\w+['’]s\s+)?(?P<owner>.+)$",
    re.I,
)


def _distribute(item: str) -> list[str]:
    """ "the name, phone and email of each parent" -> ["parent name", "parent phone", "parent email"]."""
    match = _SHARED_OWNER.match(item)
    if match is None or "," not in match.group("heads"):
        return [item]
    heads = [h.strip() for h in re.split(r",\s*(?:and\s+)?|\s+and\s+", match.group("heads")) if h.strip()]
    if len(heads) < 2 or any(len(h.split()) > 3 for h in heads) or len(match.group("owner").split()) > 4:
        return [item]
    return [f"{match.group('owner')} {head}" for head in heads]


_VERB_LIST = re.compile(
    r"\b(?:collect|collects|receive|receives|obtain|obtains|gather|gathers|store|stores|log|logs|capture|"
    r"captures)\s+(.+)$",
    re.I,
)


def split_after_verb(text: str) -> list[str]:
    """Items of a list that is the object of a collecting verb ("we collect a, b, and c")."""
    match = _VERB_LIST.search(text)
    if match is None or ":" in text:
        return []
    items = split_items(match.group(1))
    return items if all(len(item.split()) <= 16 for item in items) else []


_ENUMERATOR = re.compile(r"(?:^|\s)\(?(?:\d{1,2}|[a-z])[.)]\s+", re.I)


def split_enumerated(text: str) -> list[str]:
    """Items numbered or lettered inside one line or paragraph ("1. name 2. grade 3. scores", "(a)
    name (b) grade (c) scores"): the text starts with an item marker and holds at least three."""
    marks = list(_ENUMERATOR.finditer(text))
    if len(marks) < 3 or marks[0].start() != 0:
        return [text]
    ends = [m.start() for m in marks[1:]] + [len(text)]
    return [text[m.end() : end].strip().rstrip(".;,") for m, end in zip(marks, ends, strict=True)]


def clean_item(text: str) -> str:
    """A list item without its bullet and trailing punctuation."""
    return _BULLET.sub("", text).strip().rstrip(".;,")


@register_extractor("data_elements.v1")
def extract_elements(text: str) -> dict[str, object]:
    """``{"elements": [...]}`` from a run-in list in ``text``."""
    return {"elements": split_run_in(text)}
