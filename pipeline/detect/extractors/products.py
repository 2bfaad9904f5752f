"""Product and service names from a service description.

A product name is a run of capitalised words that either carries the operator's own name or a
CamelCase brand word ("ReadAlong"), or is introduced as the subject of a description
("X is a web-based ..."), or sits in quotes as a defined product. Generic defined terms
(Services, Agreement, Provider ...) are not products.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.detect.registry import register_extractor

_GENERIC = frozenset(
    [
        "the",
        "this",
        "that",
        "these",
        "those",
        "a",
        "an",
        "and",
        "or",
        "of",
        "for",
        "to",
        "in",
        "on",
        "with",
        "by",
        "our",
        "its",
        "their",
        "each",
        "any",
        "all",
        "services",
        "service",
        "agreement",
        "addendum",
        "provider",
        "operator",
        "vendor",
        "company",
        "licensor",
        "licensee",
        "district",
        "lea",
        "school",
        "schools",
        "customer",
        "client",
        "user",
        "users",
        "student",
        "students",
        "teacher",
        "teachers",
        "parent",
        "parents",
        "platform",
        "product",
        "products",
        "software",
        "application",
        "applications",
        "app",
        "program",
        "data",
        "exhibit",
        "schedule",
        "appendix",
        "attachment",
        "section",
        "article",
        "order",
        "form",
        "terms",
        "subscription",
        "support",
        "illinois",
        "soppa",
        "ferpa",
        "coppa",
        "state",
        "united",
        "states",
        "k-12",
        "pre-k",
        "kindergarten",
        "grade",
        "grades",
        "board",
        "education",
        "the",
        "provider",
        "website",
        "internet",
        "online",
        "mobile",
        "web",
        "cloud",
        "system",
        "systems",
        "information",
        "data",
        "records",
        "record",
        "covered",
        "personal",
        "act",
        "law",
        "policy",
        "notice",
        "amendment",
        "rights",
    ]
)
_WORD = r"[A-Z][\w'’&+-]*"
_RUN = re.compile(rf"{_WORD}(?:\s+(?:&\s+|for\s+|of\s+)?{_WORD}){{0,4}}")
_DESCRIBED = re.compile(
    r"^\s*(?:is|are|provides|lets|allows|helps|enables|offers|gives)\b|^\s*,\s+(?:a|an)\b", re.I
)
_CAMEL = re.compile(r"[a-z][A-Z]")


def find_products(text: str, operator_words: Iterable[str] = (), known: Iterable[str] = ()) -> list[str]:
    """Product names in ``text`` given the operator's name words and product words already known."""
    brand = {w.lower() for w in operator_words} | {w.lower() for k in known for w in k.split()}
    brand -= _GENERIC
    names = []
    for match in _RUN.finditer(text):
        name = _trim(match.group(0))
        if not name:
            continue
        words = name.split()
        lowered = {w.lower() for w in words}
        after = text[match.end() : match.end() + 20]
        described = bool(_DESCRIBED.search(after)) and len(words) >= 2
        branded = bool(lowered & brand) or any(_CAMEL.search(w) for w in words)
        generic_end = words[-1].lower() in _GENERIC
        if (branded or described) and not generic_end and not _only_operator(words, operator_words):
            names.append(name)
    return list(dict.fromkeys(names))


def _trim(name: str) -> str:
    """Drop leading articles and trailing connectors/possessives."""
    words = name.replace("’", "'").split()
    while words and words[0].lower() in {"the", "a", "an", "this", "our", "each"}:
        words = words[1:]
    while words and words[-1].lower() in {"&", "for", "of", "and"}:
        words = words[:-1]
    text = " ".join(words)
    return re.sub(r"'s$", "", text)


def _only_operator(words: list[str], operator_words: Iterable[str]) -> bool:
    """The operator's own name (with or without its corporate suffix) is not a product."""
    op = {w.lower().strip(".,") for w in operator_words}
    suffixes = {"inc", "inc.", "llc", "ltd", "co", "co.", "corp", "corporation", "company"}
    rest = {w.lower().strip(".,") for w in words} - op
    return bool(op) and rest <= suffixes


@register_extractor("products.v1")
def extract_products(
    text: str, operator_words: Iterable[str] = (), known: Iterable[str] = ()
) -> dict[str, object]:
    """``{"products": [...]}`` named in ``text``."""
    return {"products": find_products(text, operator_words, known)}
