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
# Names of standards, laws and frameworks a product is aligned with or governed by, not products.
_NOT_PRODUCT_END = frozenset(
    [
        "standards",
        "standard",
        "framework",
        "frameworks",
        "guidelines",
        "controls",
        "benchmarks",
        "regulation",
        "regulations",
        "rule",
        "rules",
        "code",
        "statute",
        "principles",
        "criteria",
    ]
)
_WORD = r"[A-Z][\w'’&+-]*"
_RUN = re.compile(rf"{_WORD}(?:\s+(?:&\s+|for\s+|of\s+)?{_WORD}){{0,4}}")
_DESCRIBED = re.compile(
    r"^\s*(?:is|are|provides|lets|allows|helps|enables|offers|gives)\b|^\s*,\s+(?:a|an)\b", re.I
)
_CAMEL = re.compile(r"[a-z][A-Z]")
# An order-form row leads with a catalogue code ("KB-K8", "IMP-1", "KPM") before the product's name; the
# code is no part of the name. A code with a digit is one anywhere; a bare capitals code only beside prices.
_CODE_WITH_DIGIT = re.compile(
    r"^(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9]+(?:-[A-Z0-9]+)+$|^[A-Z]+\d+[A-Z0-9]*$"
)
_CAPITALS_CODE = re.compile(r"^[A-Z]{2,5}$")
_PRICE = re.compile(r"[$€£]\s?\d[\d,]*(?:\.\d{2})?")


def find_products(text: str, operator_words: Iterable[str] = (), known: Iterable[str] = ()) -> list[str]:
    """Product names in ``text`` given the operator's name words and product words already known."""
    brand = {w.lower() for w in operator_words} | {w.lower() for k in known for w in k.split()}
    brand -= _GENERIC
    names = []
    priced = len(_PRICE.findall(text)) >= 2
    for match in _RUN.finditer(text):
        name = _trim(_without_code(match.group(0), priced))
        if not name:
            continue
        words = name.split()
        lowered = {w.lower() for w in words}
        after = text[match.end() : match.end() + 20]
        described = bool(_DESCRIBED.search(after)) and len(words) >= 2
        branded = bool(lowered & brand) or any(_CAMEL.search(w) for w in words)
        generic_end = words[-1].lower() in _GENERIC or words[-1].lower() in _NOT_PRODUCT_END
        if (branded or described) and not generic_end and not _only_operator(words, operator_words):
            names.append(name)
    return list(dict.fromkeys(names))


def _without_code(name: str, priced: bool) -> str:
    """The name without a leading catalogue code (SKU) of an order-form row."""
    words = name.split()
    while len(words) > 1 and (
        _CODE_WITH_DIGIT.match(words[0]) or (priced and _CAPITALS_CODE.match(words[0]))
    ):
        words = words[1:]
    return " ".join(words)


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
    """The operator's own name (with or without its corporate suffix), or its first word, is not a
    product; a shorter part of a longer operator name may be ("Acme Sketch" of "Acme Sketch Labs")."""
    op = list(dict.fromkeys(w.lower().strip(".,") for w in operator_words))
    suffixes = {"inc", "inc.", "llc", "ltd", "co", "co.", "corp", "corporation", "company"}
    rest = [w.lower().strip(".,") for w in words if w.lower().strip(".,") not in suffixes]
    return bool(op) and (rest == op or rest == op[:1] or not rest)


@register_extractor("products.v1")
def extract_products(
    text: str, operator_words: Iterable[str] = (), known: Iterable[str] = ()
) -> dict[str, object]:
    """``{"products": [...]}`` named in ``text``."""
    return {"products": find_products(text, operator_words, known)}
