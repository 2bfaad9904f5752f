"""Helpers for tests that compare parsed clauses with the corpus sources (NAME.md, NAME.labels.json)."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import yaml

from pipeline.parse import parse
from pipeline.segment import segment
from pipeline.types import SegmentedDocument

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2011": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
_SIGNATURE = re.compile(r"^\[signature (.*)\]$")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def normalise(text: str) -> str:
    """Whitespace collapsed, curly quotes straightened, dashes made hyphens."""
    return " ".join(text.translate(_TRANSLATE).split())


def normalise_with_map(text: str) -> tuple[str, list[int]]:
    """``normalise(text)`` plus, for each of its characters, the index it came from in ``text``."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text.translate(_TRANSLATE)):
        if ch.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                where.append(i)
            continue
        out.append(ch)
        where.append(i)
    while out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


@cache
def segmented(pdf: Path) -> SegmentedDocument:
    return segment(parse(pdf))


def front_matter(md: Path) -> dict:
    text = md.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1]) if text.startswith("---") else {}


def md_paragraphs(md: Path) -> list[str]:
    """The source's paragraphs without markup; a signature tag becomes its printed lines."""
    text = md.read_text(encoding="utf-8")
    meta = front_matter(md)
    body = text.split("---", 2)[2] if text.startswith("---") else text
    labels = {"name": "Name", "title": "Title", "date": "Date", **(meta.get("signature_labels") or {})}
    paras: list[str] = []
    for chunk in re.split(r"\n\s*\n", body):
        lines = []
        for line in chunk.splitlines():
            sig = _SIGNATURE.match(line.strip())
            if sig:  # each signer's block is a place of its own
                attrs = dict(_ATTR.findall(sig.group(1)))
                printed = [f"{labels[k]}: {attrs[k]}" for k in ("name", "title", "date") if k in attrs]
                paras.append(normalise(" ".join(printed)))
            elif line.strip() and not line.startswith("["):
                lines.append(line.lstrip("#").strip())
        if lines:
            paras.append(normalise(" ".join(lines)))
    return paras


def evidence_cases(corpus: Path) -> list[tuple[str, str, str]]:
    """(agreement id, where the label comes from, evidence string) for every digital agreement."""
    cases = []
    for labels_file in sorted(corpus.glob("*.labels.json")):
        name = labels_file.name.removesuffix(".labels.json")
        if not (corpus / f"{name}.pdf").exists():
            continue
        labels = json.loads(labels_file.read_text(encoding="utf-8"))
        for req, entry in labels["requirements"].items():
            cases += [(name, req, ev) for ev in entry.get("evidence", [])]
        cases += [(name, "must_keep", ev) for ev in labels.get("redaction", {}).get("must_keep", [])]
    return cases
