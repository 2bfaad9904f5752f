"""How ``dpa eval`` compares an extracted value with its label: the policy, the comparison, its wording.

One ``Matching`` object decides every tolerance and also writes the plain statement of the rules that
``dpa eval`` prints, so the printed rules cannot drift from the code that applies them.

- ``lenient`` (the default, and the documented interface of the quality floors): a list item matches
  when equal, when one contains the other, or when their word sets overlap by at least 60% (Jaccard);
  a list is correct when the F1 of matched items is at least 0.8.
- ``strict`` (``dpa eval --strict``): items must be equal after normalisation and every listed item
  must be matched, with nothing extra (item F1 = 1.0), so the gap between the two shows how much of the
  lenient score rests on near misses.

Both modes normalise the same way: text lower-cased with punctuation and whitespace collapsed; a url
without its scheme, ``www.`` and trailing slash; a standard as family and number (``standard_key``:
"ISO/IEC 27001:2022" = "ISO 27001"). ``period``/``unit``, ``stated`` and dates are always exact.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, Literal

from pipeline.detect.extractors.standards import standard_key

LIST_KEYS = ("elements", "products", "names")
ITEM_KEYS = ("name", "district_signer", "title", "address")  # operator/signing: one item each
ITEM_JACCARD = 0.6
LIST_F1 = 0.8


@dataclass(frozen=True, slots=True)
class Matching:
    """The tolerance of value scoring; ``lenient()`` or ``strict()``."""

    mode: Literal["lenient", "strict"]
    containment: bool  # an item matches when one contains the other
    jaccard: float | None  # ... or when their word sets overlap this much (None: never)
    list_f1: float  # a list is correct at this F1 of matched items

    @classmethod
    def lenient(cls) -> Matching:
        return cls("lenient", containment=True, jaccard=ITEM_JACCARD, list_f1=LIST_F1)

    @classmethod
    def strict(cls) -> Matching:
        return cls("strict", containment=False, jaccard=None, list_f1=1.0)

    def rules(self) -> list[str]:
        """The rules in force, in plain words (printed under the figures and carried in the JSON)."""
        return [
            "period, unit and dates: exactly equal; stated prohibited uses: the same set",
            "url: equal after dropping the scheme, 'www.' and a trailing slash",
            "standards: every one, compared by family and number (ISO 27001 = ISO/IEC 27001:2022)",
            f"list items (elements, products, names) and operator/signing names: {self._item_rule()}",
            f"a list is correct when {self._list_rule()}",
        ]

    def to_json(self) -> dict[str, Any]:
        return {"mode": self.mode, "rules": self.rules()}

    def _item_rule(self) -> str:
        ways = ["equal after lower-casing and collapsing punctuation and whitespace"]
        if self.containment:
            ways.append("one contains the other")
        if self.jaccard is not None:
            ways.append(f"their words overlap by at least {self.jaccard:.0%} (Jaccard)")
        return ", or ".join(ways)

    def _list_rule(self) -> str:
        if self.list_f1 >= 1.0:
            return "every listed item is matched and nothing extra is given (item F1 = 1.0)"
        return f"the F1 of matched items is at least {self.list_f1:g}"


LENIENT = Matching.lenient()


def values_match(key: str, expected: Any, got: Any, matching: Matching = LENIENT) -> bool:
    """Whether one extracted value matches its label under ``matching``."""
    if key == "standards":  # the key already is the normalisation; every standard, both modes
        keys = [standard_key(s) for s in expected or []], [standard_key(s) for s in got or []]
        return _lists_match(*keys, same=operator.eq, min_f1=1.0)
    if key in LIST_KEYS:
        same = partial(item_match, matching=matching)
        return _lists_match(expected or [], got or [], same=same, min_f1=matching.list_f1)
    if key == "stated":
        return set(expected or []) == set(got or [])
    if key == "url":
        return _url(expected) == _url(got)
    if key in ITEM_KEYS:
        if expected is None or got is None:
            return expected is None and got is None
        return item_match(expected, got, matching)
    return bool(expected == got)


def item_match(a: str, b: str, matching: Matching = LENIENT) -> bool:
    """Whether two list items (or names) match: equal after ``normalise``, or the policy's tolerance."""
    na, nb = normalise(a), normalise(b)
    if na == nb:
        return True
    if not na or not nb:
        return False
    if matching.containment and (na in nb or nb in na):
        return True
    if matching.jaccard is None:
        return False
    sa, sb = set(na.split()), set(nb.split())
    return len(sa & sb) / len(sa | sb) >= matching.jaccard


def normalise(text: str) -> str:
    """Lower case, every run of punctuation or whitespace one space: "Acme Cloud, Inc." = "acme cloud inc"."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", str(text).lower()).split())


def _lists_match(
    expected: list[str], got: list[str], *, same: Callable[[str, str], bool], min_f1: float
) -> bool:
    """Whether the F1 of matched items (``same``) reaches ``min_f1``; two empty lists agree."""
    if not expected and not got:
        return True
    hit_expected = sum(1 for e in expected if any(same(e, g) for g in got))
    hit_got = sum(1 for g in got if any(same(e, g) for e in expected))
    precision = hit_got / len(got) if got else 0.0
    recall = hit_expected / len(expected) if expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1 >= min_f1


def _url(url: str | None) -> str | None:
    if not url:
        return None
    return re.sub(r"^(https?://)?(www\.)?", "", url.lower()).rstrip("/")
