"""How many SOPPA content terms the product reports in contracts that hold no student-data terms.

A commercial contract (an NDA, a supply or licence agreement) promises confidentiality, security and
return of materials about business secrets; none of that is a SOPPA provision. On such a folder every
content requirement (all but operator identity and signing) should come out missing: this prints the
mean number reported found (found, non-compliant, or needs review with evidence) per document, which
requirements they were, and the documents with any.

Issue 14's bar: at most 0.3 of the eleven content requirements on average.

Usage: ``python bench/false_findings.py FOLDER [--workers N] [--limit N]``
(e.g. ``../shared/realworld/contracts``, or a folder of NDAs such as Kleister-NDA's ``documents``).
"""

from __future__ import annotations

import argparse
import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from rich.console import Console
from rich.progress import track

from pipeline.findings import PARTY_REQUIREMENTS, Verdict

BAR = 0.3


def reported_terms(pdf: Path) -> tuple[str, list[str] | None, str]:
    """(file name, the content requirements reported present or None on an error, the kind or error)."""
    from pipeline.run import check_pdf

    try:
        checklist = check_pdf(pdf)
    except Exception as exc:  # noqa: BLE001 - a file that cannot be read is counted, not fatal
        return pdf.name, None, type(exc).__name__
    present = [
        rid.value
        for rid, result in checklist.results.items()
        if rid not in PARTY_REQUIREMENTS
        and (result.verdict in (Verdict.FOUND, Verdict.NON_COMPLIANT) or result.evidence)
    ]
    return pdf.name, present, checklist.kind.value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--limit", type=int, default=None, help="only the first N PDFs (sorted by name)")
    args = parser.parse_args()
    pdfs = sorted(args.folder.glob("*.pdf"))[: args.limit]
    console = Console()
    per_term: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    checked, reported, errors = 0, 0, 0
    with ProcessPoolExecutor(args.workers) as pool:
        for name, present, kind in track(pool.map(reported_terms, pdfs), total=len(pdfs), console=console):
            kinds[kind] += 1
            if present is None:
                errors += 1
                continue
            checked += 1
            reported += len(present)
            per_term.update(present)
            if present:
                console.print(f"{len(present):2d}  {kind:22s} {name}: {', '.join(present)}", highlight=False)
    mean = reported / checked if checked else 0.0
    verdict = "meets" if mean <= BAR else "misses"
    console.print(f"\n{checked} documents checked, {errors} unreadable; kinds: {dict(kinds)}")
    console.print(f"content terms reported per document: {mean:.3f} ({verdict} the bar of {BAR})")
    if per_term:
        console.print("by requirement: " + ", ".join(f"{k} {v}" for k, v in per_term.most_common()))


if __name__ == "__main__":
    main()
