"""How ``dpa eval`` prints its figures: a plain-text table with the misses, or JSON (``--json``)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from dpa.devtools.eval_matching import Matching
from dpa.devtools.evaluate import EvalReport


def report_to_json(report: EvalReport) -> dict[str, Any]:
    """A JSON-ready dict of the report (``dpa eval --json``)."""
    return {
        "directory": report.directory,
        "variant": report.variant,
        "agreements": report.agreements,
        "errors": report.errors,
        "macro": report.macro(),
        "matching": report.matching.to_json(),
        "requirements": {
            rid: {k: _round(v) for k, v in s.rates().items()} for rid, s in report.scores.items()
        },
        "wrong": [asdict(w) for w in report.wrong],
        "redaction": report.redaction.to_json() if report.redaction else None,
    }


def render_text(report: EvalReport, show_wrong: bool = True) -> str:
    """A plain-text table of the figures and the list of misses."""
    head = (
        f"{'requirement':24} {'P':>5} {'R':>5} {'F1':>5} {'probF1':>6} "
        + f"{'verdict':>7} {'value':>5} {'evid':>5}"
    )
    lines = [f"{report.directory} [{report.variant}] - {len(report.agreements)} agreements", head]
    for rid, score in report.scores.items():
        r = score.rates()
        cells = [
            r["presence_precision"],
            r["presence_recall"],
            r["presence_f1"],
            r["problem_f1"],
            r["verdict_accuracy"],
            r["value_accuracy"],
            r["evidence_hit_rate"],
        ]
        lines.append(
            f"{rid:24} " + " ".join(_cell(c, w) for c, w in zip(cells, (5, 5, 5, 6, 7, 5, 5), strict=True))
        )
    macro = report.macro()
    lines.append("macro: " + ", ".join(f"{k}={v:.3f}" for k, v in macro.items()))
    lines.extend(_matching_lines(report.matching))
    for name, error in report.errors.items():
        lines.append(f"ERROR {name}: {error}")
    if report.redaction is not None:
        lines.extend(report.redaction.render_lines())
    if show_wrong and report.wrong:
        lines.append("wrong:")
        lines.extend(
            f"  {w.agreement} / {w.requirement} [{w.aspect}] expected {w.expected} got {w.got}"
            for w in report.wrong
        )
    return "\n".join(lines)


def _matching_lines(matching: Matching) -> list[str]:
    """The value-matching rules under the figures, so a reader knows which tolerance they were taken at."""
    return [f"values matched {matching.mode}:", *(f"  - {rule}" for rule in matching.rules())]


def _cell(value: float | None, width: int) -> str:
    return f"{'-':>{width}}" if value is None else f"{value:>{width}.2f}"


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
