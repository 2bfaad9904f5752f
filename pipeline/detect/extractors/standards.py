"""Named security standards and frameworks (NIST, SOC 2, ISO/IEC 27001, CIS Controls ...).

Each pattern maps a surface form to a *family* key so different spellings of one standard compare
equal ("ISO 27001" = "ISO/IEC 27001:2022"). Privacy laws (FERPA, COPPA, SOPPA) are not security
standards and are deliberately absent.
"""

from __future__ import annotations

import re

from pipeline.detect.registry import register_extractor

_STANDARDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (family, re.compile(pattern, re.IGNORECASE))
    for family, pattern in (
        (
            "nist_csf",
            r"\bNIST\s+(?:Cyber\s*security\s+Framework|CSF)(?:\s*,?\s*(?:Version|v\.?)\s*\d(?:\.\d)?|\s+\d\.\d)?",
        ),
        (
            "nist_sp_800",
            r"\bNIST\s+(?:SP|Special\s+Publication)?\s*800[-‐–]\s?\d+[A-Z]?(?:\s*(?:Rev(?:ision)?\.?\s*\d+|r\d))?",
        ),
        ("nist_sp_800", r"(?<!NIST )\bSP\s*800[-‐–]\s?\d+[A-Z]?"),
        ("soc", r"\bSOC\s*[123](?:\s*(?:,\s*)?Type\s*(?:II|I|2|1)\b)?"),
        ("iso", r"\bISO(?:\s*/\s*IEC)?\s*2\d{4}(?:\s*:\s*\d{4})?"),
        (
            "cis",
            r"\b(?:CIS\s+(?:Critical\s+Security\s+)?Controls|Center\s+for\s+Internet\s+Security\s+(?:Critical\s+Security\s+)?Controls)(?:\s*(?:\(\s*)?(?:version|v\.?)\s*\d+\)?)?",
        ),
        ("fedramp", r"\b(?:FedRAMP|StateRAMP|TX-RAMP)(?:\s+(?:Low|Moderate|High))?"),
        ("hitrust", r"\bHITRUST(?:\s+CSF)?"),
        ("pci", r"\bPCI[\s-]?DSS"),
        ("csa", r"\bCSA\s+STAR"),
        ("ssae", r"\bSSAE\s*1[68]"),
    )
)


# What every pattern above starts with (the lookahead lets most positions fail on one character):
# one pass of this rejects a page or sentence naming no standard, the common case, for a fraction
# of the eleven passes of the patterns.
_ANY_STANDARD = re.compile(
    r"\b(?=[cfhinpst])(?:NIST\s|SP\s*800|SOC\s*[123]|ISO|CIS\s|Center\s+for\s+Internet|FedRAMP|StateRAMP|"
    r"TX-RAMP|HITRUST|PCI|CSA\s+STAR|SSAE)",
    re.IGNORECASE,
)


def find_standards(text: str) -> list[str]:
    """Surface forms of every security standard named in ``text`` (one per distinct mention)."""
    if not _ANY_STANDARD.search(text):
        return []
    hits: list[tuple[int, int, str]] = []
    for _family, pattern in _STANDARDS:
        for match in pattern.finditer(text):
            if not any(s <= match.start() < e for s, e, _ in hits):
                hits.append((match.start(), match.end(), " ".join(match.group(0).split())))
    return list(dict.fromkeys(name for _, _, name in sorted(hits)))


def standard_key(name: str) -> str:
    """A comparison key for one standard name: family plus number, version-insensitive.

    "ISO/IEC 27001:2022" and "ISO 27001" -> "iso 27001"; "SOC 2 Type II" and "SOC 2" -> "soc 2";
    "NIST Cybersecurity Framework 2.0" -> "nist_csf". Used by the evaluator's documented tolerance.
    """
    for family, pattern in _STANDARDS:
        if pattern.search(name):
            number = re.search(r"800[-‐–]\s?(\d+)|\b(2\d{4})\b|SOC\s*([123])", name, re.I)
            if family in {"nist_sp_800", "iso", "soc"} and number:
                return f"{family} {''.join(g for g in number.groups() if g)}"
            return family
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


@register_extractor("standards.v1")
def extract_standards(text: str) -> dict[str, object]:
    """``{"standards": [...]}`` named in ``text``."""
    return {"standards": find_standards(text)}
