"""The words that tell a data schedule from other grids and lists: header, caption and row-label tests.

A grid is a data schedule when its header (or the text above it) talks about data and its rows read
like student data elements; these tests are shared by the grid and list readers of ``schedule`` and
by the data rules.
"""

from __future__ import annotations

import re

# Header words naming the element column, a free-text column, or a grid that is not a
# data schedule at all (security frameworks, responsibilities, options, prices).
ELEMENT_HEADER = re.compile(
    r"\belements?\b|\bdata\s+(fields?|types?|items?)\b|\bcategor(y|ies)\s+of\s+(data|information|records)\b",
    re.I,
)
NOTE_HEADER = re.compile(
    r"\b(source|notes?|comments?|purpose|reason|explanation|location|retention|specify)\b", re.I
)
_NEGATIVE = re.compile(
    r"\b(frameworks?|tasks?|responsibilit\w*|methods?|options?|renewal|price|fees?|amount|qty|quantity|"
    r"disposition|subprocessors?|service providers?|priority)\b",
    re.I,
)
DATA_WORDS = re.compile(
    r"\b(data|elements?|information|categor(y|ies)|records?|fields?|pii|collected)\b", re.I
)
# Nouns typical of student data elements; used to judge a grid's row labels.
_ELEMENT_NOUNS = re.compile(
    r"\b(names?|id|identifiers?|numbers?|grades?|e-?mail|address(es)?|phone|birth|gender|race|ethnicity|"
    r"language|enrollment|attendance|assessments?|scores?|usernames?|passwords?|ip|devices?|parents?|"
    r"guardians?|teachers?|schools?|courses?|schedules?|disabilit\w*|iep|504|health|medical|photo\w*|"
    r"biometric|location|geolocation|log-?in|cookies|browser|demographics?|behavior\w*|discipline|"
    r"transcripts?|students?|messages?|recordings?|metadata|responses|work)\b",
    re.I,
)


def is_header_label(text: str) -> bool:
    """A row label that is only a column title ("Elements", "Data Elements", "Category of Data"):
    a wrapped header cell read as a row, never an element a district shares."""
    return bool(text) and ELEMENT_HEADER.sub("", text).strip(" :-/&") in ("", "data", "Data")


def negative_header(text: str) -> bool:
    """True when a header or caption names something other than data elements."""
    return bool(_NEGATIVE.search(text))


def element_share(labels: list[str]) -> float:
    """The share of ``labels`` that name student data (a name, an ID, a grade, scores ...)."""
    return sum(1 for label in labels if _ELEMENT_NOUNS.search(label)) / len(labels) if labels else 0.0


def looks_like_data_schedule(header: str, context: str, labels: list[str]) -> bool:
    """A grid is a data schedule when its header (or caption) talks about data and its rows
    read like data elements (short noun phrases naming student data), and nothing says otherwise."""
    if negative_header(header) or not labels:
        return False
    nouns = element_share(labels)
    if DATA_WORDS.search(header):
        return nouns >= 0.2
    return bool(DATA_WORDS.search(context)) and not negative_header(context) and nouns >= 0.4
