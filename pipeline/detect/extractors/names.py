"""Third-party (subprocessor) names and list URLs from sentences, list items and table rows.

Legal entity names are recognised by their corporate suffix (Inc., LLC, Ltd., GmbH ...); a short list
item or table cell without a suffix is taken up to its first separator ("Name - hosting").
"""

from __future__ import annotations

import re

from pipeline.detect.registry import register_extractor

_SUFFIX = (
    r"(?:Inc\.?|Incorporated|LLC|L\.L\.C\.|Ltd\.?|Limited|Co\.|Company|Corp\.?|Corporation|LLP|L\.P\.|"
    r"PLC|plc|GmbH|S\.A\.|B\.V\.|AG|Pty\.? Ltd\.?|ULC|S\.r\.l\.)"
)
_CAP = r"(?:[A-Z0-9][\w'’.-]*)"
_ENTITY = re.compile(
    rf"(?<![\w])({_CAP}(?:\s+(?:&\s+|and\s+|of\s+|for\s+|de\s+)?{_CAP}){{0,5}}),?\s+{_SUFFIX}(?![\w])"
)
_URL = re.compile(r"\b(?i:https?://|www\.)[^\s<>\"')\]]+[^\s<>\"')\].,;:]")
# The token after a broken address: path characters, then (group 2) an end of sentence or clause.
_OCR_SLASHES = re.compile(r"\b((?i:https?)):(?!//)[/\\|][/\\|AI1]?(?=[a-z0-9-]+\.)")  # "https:/Awww."
_PATH_TAIL = re.compile(r"\s+([a-z0-9][\w/.\-~%?=&#]*)(\s*$|[.;,:)](?:\s|$))?")
_NOT_PATH = frozenset(
    ["and", "or", "for", "which", "to", "where", "that", "as", "in", "on", "at", "is", "are"]
)
_ITEM_SPLIT = re.compile(r"\s+[-–—]\s+|:\s|\s\(|;|,\s(?:which|who|for|to|providing)\b")
_LEADING_JUNK = re.compile(r"^(?:[-•*▪◦●]|\(?[a-z0-9]{1,3}[.)])\s+|^(?:and|or)\s+", re.I)
_STOP_FIRST = frozenset(
    ["the", "this", "that", "these", "those", "each", "any", "all", "such", "our", "its", "a", "an"]
)


def find_entities(text: str) -> list[str]:
    """Company names with a corporate suffix, in order, e.g. 'Example Hosting, Inc.'."""
    names = []
    for match in _ENTITY.finditer(text):
        words = match.group(1).split()
        while words and words[0].lower() in _STOP_FIRST:
            words = words[1:]
        if words:
            full = match.group(0)
            names.append(full[full.index(words[0]) :].strip())
    return list(dict.fromkeys(names))


def find_urls(text: str) -> list[str]:
    """Web addresses in ``text`` (trailing punctuation removed); an address a line break cut after a
    slash is joined again when the next token carries on its path. The "//" that OCR misreads
    ("https:/Awww.", "https:\\www.") is mended first."""
    text = _OCR_SLASHES.sub(r"\1://", text)
    return list(dict.fromkeys(_rejoin(m.group(0), text[m.end() :]) for m in _URL.finditer(text)))


def _rejoin(url: str, after: str) -> str:
    """``url`` plus the next token when the address ended in "/" or "-" at a line break and that token
    is a path ("legal/vendors", "sub-processors"), the last word before the sentence ends, or a word
    that English would not put right after an address ("... /legal/ subprocessors and is updated":
    a sentence goes on after a link with "and", "which", "is" ..., spaCy's English stop words)."""
    if not url.endswith(("/", "-")):
        return url
    match = _PATH_TAIL.match(after)
    if match is None or match.group(1).lower() in _NOT_PATH:
        return url
    token = match.group(1)
    if re.search(r"[/_.\-?=#]", token.rstrip(".")) or match.group(2) is not None:
        return url + token.rstrip(".,;:")
    if token.isalnum() and token.islower():
        from spacy.lang.en.stop_words import STOP_WORDS  # here: importing spaCy costs start-up time

        return url if token in STOP_WORDS else url + token
    return url


def item_name(text: str) -> str | None:
    """The name a list item or table cell leads with, or None when it does not look like a name."""
    entities = find_entities(text)
    if entities:
        return entities[0]
    head = _ITEM_SPLIT.split(_LEADING_JUNK.sub("", text.strip()), maxsplit=1)[0].strip(" .;,")
    words = head.split()
    if not 1 <= len(words) <= 6 or not words[0][:1].isupper() or words[0].lower() in _STOP_FIRST:
        return None
    return head


def run_in_names(sentence: str) -> list[str]:
    """Names in a run-in list after a colon ('... the following Subprocessors: A, B and C.')."""
    if ":" not in sentence:
        return find_entities(sentence)
    tail = sentence.split(":", 1)[1]
    entities = find_entities(tail)
    if entities:
        return entities
    tail = re.sub(r"\([^)]*\)", "", tail)
    pieces = re.split(r";|,\s*(?:and\s+)?|\s+and\s+", tail)
    names = [name for piece in pieces if (name := item_name(piece))]
    return names if len(names) >= 2 else []


@register_extractor("third_party_names.v1")
def extract_third_parties(text: str) -> dict[str, object]:
    """``{"names": [...], "url": str|None}`` from one piece of text."""
    urls = find_urls(text)
    return {"names": run_in_names(text), "url": urls[0] if urls else None}
