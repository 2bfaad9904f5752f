"""Which of the Section 10 prohibitions a sentence states (sale, targeted advertising, profiling, disclosure).

A use word only counts inside the scope of a prohibition: a prohibition word ("not", "never",
"prohibited", "no") opens the scope; an exception ("except", "unless", "other than") or a permission
("may", "is permitted to") closes it, so "will not sell data, but may disclose it to subprocessors" states
the sale prohibition only; a list break ("; (c)", "; or") reopens it for the next item of the same list.
"""

from __future__ import annotations

import re

from pipeline.detect.registry import register_extractor

_PROHIBITION = re.compile(
    r"\b(?:not|never|no|nor|prohibited|prohibits|forbidden|refrain|neither)\b|n't\b", re.I
)
# Words that end a prohibition's reach: what follows is carved out of it or allowed.
_CLOSE = re.compile(
    r"\b(?:except|excepting|unless|other\s+than|apart\s+from|but|however|provided\s*,?\s*(?:however|that))\b"
    r"|\b(?:may|can)\b(?!\s+not\b)(?!\s+only\b)"
    r"|\b(?:is|are|be)\s+(?:permitted|allowed|authori[sz]ed|entitled|free)\s+to\b",
    re.I,
)
# A list break that starts the next item of the same list: "; (c)", "; or use", "(d) disclose".
_REOPEN = re.compile(
    r";\s*(?:(?:and|or)\s+)?(?=\(?[a-z0-9ivx]{1,4}\)|[a-z])|\(\s*(?:[a-h]|[ivx]{1,4}|\d{1,2})\s*\)"
)
_USES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "sale",
        re.compile(
            r"\b(?:sell|sells|selling|sold|sale|rent|rents|renting|lease|leasing|trade|trading)\b", re.I
        ),
    ),
    ("targeted_advertising", re.compile(r"\badverti[sz]\w*|\btarget(?:ed|ing)?\s+(?:ads|marketing)\b", re.I)),
    ("profiling", re.compile(r"\bprofil(?:e|es|ing)\b|\bamass\w*", re.I)),
    ("disclosure", re.compile(r"\b(?:re-?)?disclos\w*|\bshare\b|\bsharing\b", re.I)),
)
ORDER = tuple(name for name, _ in _USES)


def prohibited_spans(sentence: str) -> list[tuple[int, int]]:
    """Character ranges of ``sentence`` inside the scope of a prohibition."""
    events = sorted(
        [(m.start(), m.end(), "open") for m in _PROHIBITION.finditer(sentence)]
        + [(m.start(), m.end(), "close") for m in _CLOSE.finditer(sentence)]
        + [(m.start(), m.end(), "reopen") for m in _REOPEN.finditer(sentence)]
    )
    spans: list[tuple[int, int]] = []
    start: int | None = None
    seen = False
    for begin, end, kind in events:
        if kind == "close" and start is not None:
            spans.append((start, begin))
            start = None
        elif kind == "open" or (kind == "reopen" and seen):
            seen = True
            start = end if start is None else start
    if start is not None:
        spans.append((start, len(sentence)))
    return spans


def stated_uses(sentence: str) -> list[str]:
    """The prohibitions stated in one sentence, in catalogue order."""
    scope = " | ".join(sentence[a:b] for a, b in prohibited_spans(sentence))
    return [name for name, pattern in _USES if pattern.search(scope)] if scope else []


@register_extractor("prohibited_uses.v1")
def extract_prohibited_uses(text: str) -> dict[str, object]:
    """``{"stated": [...]}`` for one sentence."""
    return {"stated": stated_uses(text)}
