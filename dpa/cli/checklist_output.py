"""The checklist as the documented JSON interface and as a table for the terminal (``dpa check``).

JSON schema (stable; other tools consume it)::

    {"file": str, "sha256": str, "pages": int, "kind": str,
     "operator": {"name": str|null, "address": str|null},
     "signing": {"district_signer": str|null, "title": str|null, "date": "YYYY-MM-DD"|null},
     "posting_deadline": "YYYY-MM-DD"|null,
     "requirements": {"<id>": {"verdict": "found|missing|non_compliant|needs_review", "reason": str,
                               "confidence": float, "values": {...same keys as the corpus labels...},
                               "evidence": [{"page": int, "text": str, "bbox": [x0, top, x1, bottom]}]}},
     "problems": [str]}
"""

from __future__ import annotations

from typing import Any

from rich.table import Table

from pipeline.findings import Checklist, RequirementResult, Verdict

_STYLE = {
    Verdict.FOUND: "green",
    Verdict.MISSING: "red",
    Verdict.NON_COMPLIANT: "red",
    Verdict.NEEDS_REVIEW: "yellow",
}


def checklist_to_json(checklist: Checklist, file: str, sha256: str, pages: int) -> dict[str, Any]:
    """The checklist in exactly the documented JSON schema."""
    operator, signing = checklist.operator, checklist.signing
    return {
        "file": file,
        "sha256": sha256,
        "pages": pages,
        "kind": checklist.kind.value,
        "operator": {
            "name": operator.name if operator else None,
            "address": operator.address if operator else None,
        },
        "signing": {
            "district_signer": signing.signer if signing else None,
            "title": signing.title if signing else None,
            "date": signing.date.isoformat() if signing and signing.date else None,
        },
        "posting_deadline": checklist.posting_deadline.isoformat() if checklist.posting_deadline else None,
        "requirements": {rid.value: _result_json(result) for rid, result in checklist.results.items()},
        "problems": [_problem_text(p) for p in checklist.problems],
    }


def _result_json(result: RequirementResult) -> dict[str, Any]:
    return {
        "verdict": result.verdict.value,
        "reason": result.reason,
        "confidence": round(float(result.confidence), 3),
        "values": dict(result.values),
        "evidence": [{"page": e.page, "text": e.text, "bbox": e.bbox.as_list()} for e in result.evidence],
    }


def _problem_text(problem: Any) -> str:
    page = f" (page {problem.page})" if getattr(problem, "page", None) else ""
    return f"{problem.stage}: {problem.message}{page}"


def checklist_table(checklist: Checklist, title: str = "") -> Table:
    """A rich table: one row per requirement with verdict, reason, values and first evidence page."""
    table = Table(
        title=title or f"SOPPA checklist ({checklist.kind.value.replace('_', ' ')})", show_lines=False
    )
    for column in ("requirement", "verdict", "reason", "values", "page"):
        table.add_column(column, overflow="fold")
    for rid, result in checklist.results.items():
        style = _STYLE[result.verdict]
        page = str(result.evidence[0].page) if result.evidence else ""
        table.add_row(
            rid.value, f"[{style}]{result.verdict.value}[/{style}]", result.reason, _values_text(result), page
        )
    return table


def _values_text(result: RequirementResult) -> str:
    parts = []
    for key, value in result.values.items():
        if isinstance(value, list):
            shown = ", ".join(str(v) for v in value[:4]) + (f" (+{len(value) - 4})" if len(value) > 4 else "")
        else:
            shown = str(value)
        parts.append(f"{key}: {shown}")
    return "; ".join(parts)
