"""Which of the Section 10 prohibitions a sentence states (sale, targeted advertising, profiling, disclosure).

A use word only counts when a prohibition word ("not", "never", "prohibited", "no") comes before it
in the same sentence, so "may disclose as required by law" states nothing.
"""

from __future__ import annotations

import re

from pipeline.detect.registry import register_extractor

_PROHIBITION = re.compile(
    r"\b(?:not|never|no|nor|prohibited|prohibits|forbidden|refrain|neither)\b|n't\b", re.I
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


def stated_uses(sentence: str) -> list[str]:
    """The prohibitions stated in one sentence, in catalogue order."""
    first = _PROHIBITION.search(sentence)
    if first is None:
        return []
    tail = sentence[first.start() :]
    return [name for name, pattern in _USES if pattern.search(tail)]


@register_extractor("prohibited_uses.v1")
def extract_prohibited_uses(text: str) -> dict[str, object]:
    """``{"stated": [...]}`` for one sentence."""
    return {"stated": stated_uses(text)}
