"""The listing as CSV and JSON, for people who work in spreadsheets and for other programs.

The files hold the same facts as the HTML pages. CSV cells that a spreadsheet would run as a
formula (starting with = + - @, a tab or CR) get a leading apostrophe (``dpa.csv_safe``): agreement
text comes from vendors.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from dpa.csv_safe import to_csv as to_csv  # re-exported: the publish tests read it here
from dpa.publish.manifest import changes_json, operators_snapshot
from dpa.publish.types import Changes, Listing, PostedAgreement

OPERATOR_COLUMNS = (
    "operator",
    "business_address",
    "product_or_service",
    "agreement_id",
    "agreement_title",
    "signing_date",
    "posting_date",
    "redacted_agreement",
    "redacted_sha256",
    "operator_page",
    "subcontractor_list_url",
)


def write_data_files(listing: Listing, changes: Changes, out: Path) -> list[str]:
    """Write operators/data_elements/subcontractors/uses/breaches CSV and operators.json; return names."""
    tables: dict[str, tuple[Sequence[str], Iterable[Sequence[object]]]] = {
        "operators.csv": (OPERATOR_COLUMNS, (_operator_row(a) for a in listing.agreements)),
        "data_elements.csv": (
            ("operator", "agreement_id", "data_element"),
            ((a.operator, a.agreement_id, e) for a in listing.agreements for e in a.data_elements),
        ),
        "subcontractors.csv": (
            ("operator", "agreement_id", "subcontractor", "list_url"),
            _subcontractor_rows(listing.agreements),
        ),
        "uses.csv": (
            ("operator", "agreement_id", "statement"),
            ((a.operator, a.agreement_id, s) for a in listing.agreements for s in a.uses),
        ),
        "breaches.csv": (
            ("operator", "date", "estimated", "students_affected", "information_involved"),
            (
                (
                    b.operator or "",
                    b.date_text,
                    b.estimated,
                    _blank(b.students_affected),
                    b.information_involved,
                )
                for b in listing.breaches
            ),
        ),
    }
    for name, (header, rows) in tables.items():
        (out / name).write_text(to_csv(header, rows), encoding="utf-8", newline="")
    (out / "operators.json").write_text(
        json.dumps(listing_json(listing, changes), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return [*tables, "operators.json"]


def listing_json(listing: Listing, changes: Changes) -> dict[str, Any]:
    """operators.json: the district, each operator with its agreements, the breaches and the changes."""
    district = listing.district
    snapshot = operators_snapshot(listing.agreements)
    return {
        "district": {
            "name": district.name,
            "website": district.website_url,
            "privacy_officer": {
                "name": district.privacy_officer_name,
                "email": district.privacy_officer_email,
                "phone": district.privacy_officer_phone,
            },
            "parents_rights_procedure": district.parents_rights_procedure,
            "parents_rights_configured": district.parents_rights_procedure is not None,
        },
        "generated_on": listing.generated_on.isoformat(),
        "operators": [
            {
                "name": name,
                "page": listing.agreements_of(name)[0].operator_page,
                **snapshot[name],
                "agreements": [_agreement_json(a) for a in listing.agreements_of(name)],
            }
            for name in listing.operators()
        ],
        "breaches": [
            {
                "operator": b.operator,
                "date": b.date_text,
                "occurred_from": b.occurred_from.isoformat() if b.occurred_from else None,
                "occurred_to": b.occurred_to.isoformat() if b.occurred_to else None,
                "estimated": b.estimated,
                "students_affected": b.students_affected,
                "information_involved": b.information_involved,
            }
            for b in listing.breaches
        ],
        "changes": changes_json(changes),
    }


def _agreement_json(a: PostedAgreement) -> dict[str, Any]:
    return {
        "agreement_id": a.agreement_id,
        "title": a.title,
        "business_address": a.business_address,
        "products": list(a.products),
        "service_description": a.service_text,
        "signing_date": a.signing_date.isoformat() if a.signing_date else None,
        "posting_date": a.posting_date.isoformat(),
        "redacted_agreement": a.pdf_file,
        "redacted_sha256": a.redaction.output_sha256,
        "data_elements": list(a.data_elements),
        "uses_and_disclosures": list(a.uses),
        "subcontractors": list(a.subcontractors),
        "subcontractor_list_url": a.subcontractor_url,
    }


def _operator_row(a: PostedAgreement) -> tuple[object, ...]:
    return (
        a.operator,
        a.business_address or "",
        a.product_text,
        a.agreement_id,
        a.title,
        _blank(a.signing_date),
        a.posting_date.isoformat(),
        a.pdf_file,
        a.redaction.output_sha256,
        a.operator_page,
        a.subcontractor_url or "",
    )


def _subcontractor_rows(agreements: Iterable[PostedAgreement]) -> Iterable[tuple[object, ...]]:
    for a in agreements:
        for name in a.subcontractors:
            yield (a.operator, a.agreement_id, name, "")
        if a.subcontractor_url:
            yield (a.operator, a.agreement_id, "", a.subcontractor_url)


def _blank(value: object) -> str:
    return "" if value is None else str(value)
