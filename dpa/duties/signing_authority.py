"""Was an agreement signed by someone the board authorized? (105 ILCS 85/27(b))

The Act makes an agreement entered into in violation of it void, so a district signer who is not
on the district's list is shown plainly. The signer comes from the stored ``signing`` check (a
reviewer's correction included), else from the detection finding behind it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from dpa.duties.person_names import same_person, same_surname
from models.agreement import Agreement
from models.check_store import check_for, strongest_finding
from models.duty_store import all_signers
from pipeline.findings import RequirementId

CITATION = "105 ILCS 85/27(b)"
VOID_WARNING = f"{CITATION}: an agreement signed by someone the board has not authorized is void."


class AuthorityStatus(StrEnum):
    """How the agreement's district signer compares with the authorized list."""

    AUTHORIZED = "authorized"
    NOT_AUTHORIZED = "not_authorized"
    UNKNOWN_SIGNER = "unknown_signer"  # no district signer found in the agreement
    NO_LIST_CONFIGURED = "no_list_configured"  # the district has not entered its list


@dataclass(frozen=True, slots=True)
class SigningAuthority:
    """The comparison, with an explanation a director can act on."""

    status: AuthorityStatus
    signer: str | None
    title: str | None
    signed_on: date | None
    matched: str | None  # the list entry the signer matched
    explanation: str

    @property
    def problem(self) -> bool:
        """Whether someone must look at it (anything but authorized)."""
        return self.status is not AuthorityStatus.AUTHORIZED


@dataclass(frozen=True, slots=True)
class ListEntry:
    """One name on the authorized list; ``removed_on`` is when an inactive one was taken off."""

    name: str
    title: str | None
    active: bool
    removed_on: date | None


def signing_authority(session: Session, agreement_id: int) -> SigningAuthority:
    """Compare the agreement's district signer with the board's authorized list."""
    if session.get(Agreement, agreement_id) is None:
        raise LookupError(f"There is no agreement {agreement_id}.")
    values = _signing_values(session, agreement_id)
    signer = (values.get("district_signer") or "").strip() or None
    title = (values.get("title") or "").strip() or None
    signed_on = _date(values.get("date"))
    entries = _entries(session)
    return judge_authority(signer, title, signed_on, entries)


def judge_authority(
    signer: str | None, title: str | None, signed_on: date | None, entries: list[ListEntry]
) -> SigningAuthority:
    """The verdict for one signer against the list entries (pure)."""

    def result(status: AuthorityStatus, matched: str | None, text: str) -> SigningAuthority:
        return SigningAuthority(status, signer, title, signed_on, matched, text)

    if not any(e.active for e in entries):
        return result(
            AuthorityStatus.NO_LIST_CONFIGURED,
            None,
            f"The district has not entered its list of employees authorized to sign ({CITATION}); "
            "an administrator adds them on the District page or with `dpa signer add`.",
        )
    if signer is None:
        return result(
            AuthorityStatus.UNKNOWN_SIGNER,
            None,
            "No district signer was found in the agreement; check the signature page by hand "
            f"against the authorized list ({CITATION}).",
        )
    entry = next((e for e in entries if e.active and same_person(e.name, signer)), None)
    if entry is not None:
        return result(AuthorityStatus.AUTHORIZED, entry.name, f"{signer} is on the authorized list.")
    removed = next((e for e in entries if same_person(e.name, signer)), None)
    if removed is not None and signed_on and removed.removed_on and signed_on < removed.removed_on:
        return result(
            AuthorityStatus.AUTHORIZED,
            removed.name,
            f"{signer} was on the authorized list when signing (removed on {removed.removed_on}).",
        )
    return result(AuthorityStatus.NOT_AUTHORIZED, None, _not_authorized_text(signer, entries))


def _not_authorized_text(signer: str, entries: list[ListEntry]) -> str:
    near = [e.name for e in entries if e.active and same_surname(e.name, signer)]
    hint = f" The list has {', '.join(near)}: if that is the same person, correct the name." if near else ""
    return f"{signer} is not on the district's list of authorized signers. {VOID_WARNING}{hint}"


def _signing_values(session: Session, agreement_id: int) -> dict[str, Any]:
    """The reviewed check's values, else the strongest detection finding's."""
    check = check_for(session, agreement_id, RequirementId.SIGNING)
    if check is not None and check.values.get("district_signer"):
        return dict(check.values)
    finding = strongest_finding(session, agreement_id, RequirementId.SIGNING)
    if finding is not None and finding.values.get("district_signer"):
        return dict(finding.values)
    return dict(check.values) if check is not None else {}


def _entries(session: Session) -> list[ListEntry]:
    """Every list entry, with the day an inactive one was taken off (``deactivated_at``)."""
    return [
        ListEntry(
            row.name,
            row.title,
            row.active,
            row.deactivated_at.date() if not row.active and row.deactivated_at else None,
        )
        for row in all_signers(session)
    ]


def _date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
