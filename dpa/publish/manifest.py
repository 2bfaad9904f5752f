"""The provenance manifest of one publication, its SHA-256, and what changed since the previous one.

For each posted agreement the manifest links, by SHA-256, the original upload, the redacted file
actually posted, the reviewer decisions on every check (who, when, what; notes stay internal) and
the approval of the redaction. It also names the previous manifest's hash, so the publications
form a chain the district can check. Change detection compares the operators, subcontractors and
data elements with the previous manifest.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from dpa.publish.types import Changes, Listing, PostedAgreement

MANIFEST_FORMAT = 1


def build_manifest(
    listing: Listing, changes: Changes, *, published_at: datetime, published_by: str
) -> dict[str, Any]:
    """The manifest as JSON-ready data (its hash is taken over ``manifest_bytes``)."""
    return {
        "format": MANIFEST_FORMAT,
        "published_at": published_at.isoformat(),
        "published_by": published_by,
        "district": listing.district.name,
        "previous_manifest_sha256": changes.previous_manifest_sha256,
        "agreements": [_agreement_entry(a) for a in listing.agreements],
        "operators": operators_snapshot(listing.agreements),
        "breaches_listed": [b.breach_id for b in listing.breaches],
        "breaches_omitted": [
            {"breach_id": o.breach_id, "rule": o.rule.value, "reason": o.reason}
            for o in listing.omitted_breaches
        ],
        "changes": changes_json(changes),
    }


def manifest_bytes(manifest: Mapping[str, Any]) -> bytes:
    """The exact bytes written to manifest.json (sorted keys, so the hash is reproducible)."""
    return (json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def manifest_sha256(manifest: Mapping[str, Any]) -> str:
    """SHA-256 of ``manifest_bytes(manifest)``."""
    return hashlib.sha256(manifest_bytes(manifest)).hexdigest()


def operators_snapshot(agreements: Iterable[PostedAgreement]) -> dict[str, dict[str, Any]]:
    """Per operator: subcontractors, their list's URL and data elements, over all its agreements."""
    merged: dict[str, dict[str, Any]] = {}
    for a in agreements:
        entry = merged.setdefault(
            a.operator, {"subcontractors": [], "subcontractor_urls": [], "data_elements": []}
        )
        _extend(entry["subcontractors"], a.subcontractors)
        _extend(entry["subcontractor_urls"], [a.subcontractor_url] if a.subcontractor_url else [])
        _extend(entry["data_elements"], a.data_elements)
    return merged


def diff_listing(
    previous: Mapping[str, Any] | None, previous_sha256: str | None, listing: Listing
) -> Changes:
    """What the listing adds to or removes from the previous publication's manifest."""
    now = operators_snapshot(listing.agreements)
    before: Mapping[str, Any] = (previous or {}).get("operators", {})
    shared = [name for name in now if name in before]
    return Changes(
        first_publication=previous is None,
        previous_manifest_sha256=previous_sha256,
        new_operators=tuple(sorted((n for n in now if n not in before), key=str.casefold)),
        removed_operators=tuple(sorted((n for n in before if n not in now), key=str.casefold)),
        subcontractors_added=_per_operator(shared, now, before, "subcontractors", added=True),
        subcontractors_removed=_per_operator(shared, now, before, "subcontractors", added=False),
        data_elements_added=_per_operator(shared, now, before, "data_elements", added=True),
        data_elements_removed=_per_operator(shared, now, before, "data_elements", added=False),
        replaced_agreements=_replaced(previous, listing),
    )


def changes_json(changes: Changes) -> dict[str, Any]:
    """The changes as JSON-ready data (also shown in operators.json)."""
    return {
        "first_publication": changes.first_publication,
        "previous_manifest_sha256": changes.previous_manifest_sha256,
        "new_operators": list(changes.new_operators),
        "removed_operators": list(changes.removed_operators),
        "subcontractors_added": {k: list(v) for k, v in changes.subcontractors_added.items()},
        "subcontractors_removed": {k: list(v) for k, v in changes.subcontractors_removed.items()},
        "data_elements_added": {k: list(v) for k, v in changes.data_elements_added.items()},
        "data_elements_removed": {k: list(v) for k, v in changes.data_elements_removed.items()},
        "replaced_agreements": list(changes.replaced_agreements),
    }


def _agreement_entry(a: PostedAgreement) -> dict[str, Any]:
    r = a.redaction
    return {
        "agreement_id": a.agreement_id,
        "title": a.title,
        "operator": a.operator,
        "signing_date": _iso(a.signing_date),
        "posting_date": _iso(a.posting_date),
        "original": {
            "sha256": a.original_sha256,
            "name": a.original_name,
            "converted_pdf_sha256": a.converted_pdf_sha256,
        },
        "redacted": {
            "sha256": r.output_sha256,
            "file": a.pdf_file,
            "redaction_run": r.run_id,
            "verified": r.verified,
            "approved_by": r.approved_by,
            "approved_at": _iso(r.approved_at),
        },
        "review": [
            {
                "requirement": c.requirement_id,
                "verdict": c.verdict,
                "decisions": [
                    {"who": d.who, "when": d.when.isoformat(), "action": d.action, "verdict": d.verdict}
                    for d in c.decisions
                ],
            }
            for c in a.review
        ],
    }


def _per_operator(
    names: Iterable[str], now: Mapping[str, Any], before: Mapping[str, Any], key: str, *, added: bool
) -> dict[str, tuple[str, ...]]:
    """For each operator in both publications, the items only in the new (or only in the old) list."""
    out: dict[str, tuple[str, ...]] = {}
    for name in names:
        new_items, old_items = now[name].get(key, []), before[name].get(key, [])
        source, other = (new_items, old_items) if added else (old_items, new_items)
        known = {_norm(x) for x in other}
        delta = tuple(x for x in source if _norm(x) not in known)
        if delta:
            out[name] = delta
    return out


def _replaced(previous: Mapping[str, Any] | None, listing: Listing) -> tuple[int, ...]:
    """Agreements posted before whose redacted file is now a different one."""
    old = {e["agreement_id"]: e["redacted"]["sha256"] for e in (previous or {}).get("agreements", [])}
    return tuple(
        a.agreement_id
        for a in listing.agreements
        if a.agreement_id in old and old[a.agreement_id] != a.redaction.output_sha256
    )


def _extend(target: list[str], items: Iterable[str]) -> None:
    known = {_norm(x) for x in target}
    for item in items:
        if _norm(item) not in known:
            target.append(item)
            known.add(_norm(item))


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
