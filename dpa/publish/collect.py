"""Read what may be published from the database into a ``Listing`` (plain frozen values).

An agreement is published only when all of these hold: its status is ``redacted`` or ``posted``;
every check has a reviewer decision; its newest verified redaction run was approved by a
reviewer; and the redacted file in the store still has the SHA-256 recorded for it. Anything else
is returned as ``Withheld`` with the reason, for the director to see, and never reaches the site.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from dpa.duties.breaches import list_breaches
from dpa.duties.district_settings import DistrictInfo as DistrictSettingsView
from dpa.duties.district_settings import get_district
from dpa.publish.breach_list import ListContext, breach_list
from dpa.publish.types import (
    CheckRecord,
    DecisionRecord,
    DistrictInfo,
    Listing,
    PostedAgreement,
    RedactionApproval,
    Withheld,
)
from dpa.publish.wording import describe_uses
from dpa.redaction.run_views import latest_verified_run
from models.agreement import Agreement
from models.agreement_store import agreements_with_decisions
from models.enums import AgreementStatus
from models.filestore import FileStore
from models.finding import Check
from models.publication_store import publication_manifests
from models.redaction import RedactionRun
from pipeline.findings import RequirementId, Verdict

PUBLISHABLE = frozenset({AgreementStatus.REDACTED, AgreementStatus.POSTED})
SERVICE_TEXT_MAX = 400
UNKNOWN_OPERATOR = "Operator not identified"


class RedactedFileError(RuntimeError):
    """The redacted file is missing, outside the store, or its bytes no longer match the recorded hash."""


def collect_listing(session: Session, files: FileStore, *, today: date) -> Listing:
    """Everything the public site may show today, and what is withheld and why."""
    posted: list[PostedAgreement] = []
    withheld: list[Withheld] = []
    for agreement in agreements_with_decisions(session):
        run = latest_verified_run(session, agreement.id)
        reason = _withhold_reason(agreement, run, files)
        if reason is not None or run is None:
            withheld.append(Withheld(agreement.id, agreement.title, reason or "no verified redaction"))
            continue
        posted.append(_posted(agreement, run, files, today))
    settings = get_district(session)
    context = ListContext(today=today, enrollment=settings.enrollment, posted_on=previously_posted(session))
    breaches, omitted = breach_list(list_breaches(session), context)
    return Listing(
        district=district_info(settings),
        agreements=tuple(sorted(posted, key=lambda a: (a.operator.casefold(), a.agreement_id))),
        breaches=breaches,
        omitted_breaches=omitted,
        withheld=tuple(withheld),
        generated_on=today,
    )


def redacted_file_path(files: FileStore, run: RedactionRun) -> Path:
    """Where the run's output lives, refusing a recorded path that leaves the file store."""
    if run.output_sha256 is None:
        raise RedactedFileError(f"redaction run {run.id} has no output")
    if not run.output_path:
        return files.path_for(run.output_sha256)
    root = files.root.resolve()
    path = (root / run.output_path).resolve()
    if not path.is_relative_to(root):
        raise RedactedFileError(f"redaction run {run.id} points outside the file store")
    return path


def read_verified_bytes(path: Path, expected_sha256: str) -> bytes:
    """The file's bytes, if their SHA-256 is the one recorded at verification (else RedactedFileError)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RedactedFileError(f"cannot read the redacted file {path.name}: {exc.strerror}") from exc
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected_sha256:
        raise RedactedFileError(
            f"the redacted file {path.name} has SHA-256 {actual}, not the verified {expected_sha256}"
        )
    return data


def district_info(settings: DistrictSettingsView) -> DistrictInfo:
    """The district's settings as the site shows them: blanks are None so it says 'not configured'."""

    def text(value: str | None) -> str | None:
        return value.strip() or None if value else None

    return DistrictInfo(
        name=text(settings.name),
        website_url=text(settings.website_url),
        privacy_officer_name=text(settings.privacy_officer_name),
        privacy_officer_email=text(settings.privacy_officer_email),
        privacy_officer_phone=text(settings.privacy_officer_phone),
        parents_rights_procedure=text(settings.parents_rights_procedure),
    )


# --- one agreement -----------------------------------------------------------------------------


def _withhold_reason(agreement: Agreement, run: RedactionRun | None, files: FileStore) -> str | None:
    """Why the agreement may not be published, or None when it may."""
    if agreement.status not in PUBLISHABLE:
        return f"its status is {agreement.status.value}: it must be approved and redacted first"
    undecided = sorted(c.requirement_id.value for c in agreement.checks if not c.decisions)
    if undecided or not agreement.checks:
        return f"checks without a reviewer decision: {', '.join(undecided) or 'all'}"
    if run is None or run.output_sha256 is None:
        return "no verified redaction approved by a reviewer"
    try:
        read_verified_bytes(redacted_file_path(files, run), run.output_sha256)
    except RedactedFileError as exc:
        return str(exc)
    return None


def _posted(agreement: Agreement, run: RedactionRun, files: FileStore, today: date) -> PostedAgreement:
    checks = {c.requirement_id: c for c in agreement.checks}
    identity = _values(checks, RequirementId.OPERATOR_IDENTITY)
    row = agreement.operator
    operator = _text(identity.get("name")) or (row.name if row else None) or UNKNOWN_OPERATOR
    products = _strings(_values(checks, RequirementId.SERVICE_DESCRIPTION).get("products"))
    parties = _values(checks, RequirementId.THIRD_PARTIES)
    subcontractors = _strings(parties.get("names"))
    url = _text(parties.get("url"))
    official = checks.get(RequirementId.SCHOOL_OFFICIAL)
    return PostedAgreement(
        agreement_id=agreement.id,
        title=agreement.title,
        operator=operator,
        business_address=_text(identity.get("address")) or (row.business_address if row else None),
        products=products,
        service_text=None if products else _service_text(agreement),
        signing_date=agreement.signing_date or _date(_values(checks, RequirementId.SIGNING).get("date")),
        posting_date=agreement.posted_on or today,
        newly_posted=agreement.status is not AgreementStatus.POSTED or agreement.posted_on is None,
        data_elements=_strings(_values(checks, RequirementId.DATA_CATEGORIES).get("elements")),
        uses=describe_uses(
            operator,
            products,
            school_official=official is not None and official.verdict is Verdict.FOUND,
            prohibited=_strings(_values(checks, RequirementId.PROHIBITED_USES).get("stated")),
            subcontractors=subcontractors,
            subcontractor_url=url,
        ),
        subcontractors=subcontractors,
        subcontractor_url=url,
        original_sha256=agreement.file.sha256,
        original_name=agreement.file.original_name,
        converted_pdf_sha256=agreement.file.pdf_sha256,
        redaction=_approval(run, files),
        review=tuple(
            _check_record(c) for c in sorted(agreement.checks, key=lambda c: c.requirement_id.value)
        ),
    )


def _approval(run: RedactionRun, files: FileStore) -> RedactionApproval:
    assert run.output_sha256 is not None and run.approved_by is not None  # guaranteed by the query
    return RedactionApproval(
        run_id=run.id,
        output_sha256=run.output_sha256,
        output_path=redacted_file_path(files, run),
        approved_by=run.approved_by,
        approved_at=run.approved_at,
        verified=run.verified,
    )


def _check_record(check: Check) -> CheckRecord:
    decisions = tuple(
        DecisionRecord(
            who=d.user.name,
            when=d.created_at,
            action=d.decision.value,
            verdict=d.new_verdict.value if d.new_verdict else None,
        )
        for d in sorted(check.decisions, key=lambda d: (d.created_at, d.id))
    )
    return CheckRecord(check.requirement_id.value, check.verdict.value, decisions)


def _values(checks: Mapping[RequirementId, Check], requirement: RequirementId) -> Mapping[str, Any]:
    """The reviewed values of a check, or nothing when the reviewer left it missing."""
    check = checks.get(requirement)
    if check is None or check.verdict is Verdict.MISSING:
        return {}
    return check.values or {}


def _service_text(agreement: Agreement) -> str | None:
    for finding in agreement.findings:
        if finding.requirement_id is RequirementId.SERVICE_DESCRIPTION and finding.evidence:
            text = " ".join(str(finding.evidence[0].get("text", "")).split())
            return text[:SERVICE_TEXT_MAX] or None
    return None


def previously_posted(session: Session) -> dict[int, date]:
    """Breach id -> the last day a publication listed it (the manifests' ``breaches_listed``)."""
    posted: dict[int, date] = {}
    for published_at, manifest in publication_manifests(session):
        for breach_id in manifest.get("breaches_listed", []):
            day = published_at.date()
            posted[breach_id] = max(day, posted.get(breach_id, day))
    return posted


def _text(value: object) -> str | None:
    return " ".join(value.split()) or None if isinstance(value, str) else None


def _strings(value: object) -> tuple[str, ...]:
    """A JSON list of strings, cleaned and de-duplicated (case-insensitively), order kept."""
    if not isinstance(value, list):
        return ()
    seen: dict[str, str] = {}
    for item in value:
        text = _text(item)
        if text and text.casefold() not in seen:
            seen[text.casefold()] = text
    return tuple(seen.values())


def _date(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
