"""The district's own settings and the board's list of authorized signers (105 ILCS 85/27(a)(4), (b), (f)).

Only an administrator changes them (``update_district``, ``add_signer``, ``deactivate_signer``
check the role the database holds). The ``*_as`` variants are the trusted path of the ``dpa``
command, run by whoever holds the database file, as ``create_user`` is for ``dpa user add``.
Contact details are validated with maintained libraries (``email-validator``, ``phonenumbers``)
because they are printed on parent notices and the public site.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any
from urllib.parse import urlparse

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from sqlalchemy.orm import Session

from dpa.duties.person_names import same_person
from dpa.review.accounts import Actor, ReviewError, require_role
from models import store
from models.base import utcnow
from models.district import AuthorizedSigner, DistrictSettings
from models.duty_store import all_signers, signers_by_name
from models.enums import Role

SETTINGS_ID = 1
PHONE_REGION = "US"  # numbers written without +country are read as US numbers
ADMIN_ONLY = frozenset({Role.ADMIN})


class DistrictSettingsError(ReviewError):
    """A setting that cannot be saved as given (message meant for the administrator)."""


@dataclass(frozen=True, slots=True)
class DistrictInfo:
    """The district settings as plain values (empty strings where nothing is configured)."""

    name: str = ""
    website_url: str | None = None
    privacy_officer_name: str | None = None
    privacy_officer_email: str | None = None
    privacy_officer_phone: str | None = None
    parents_rights_procedure: str | None = None
    enrollment: int | None = None  # students enrolled (27(a)(5)(i): the 10 % omission)
    updated_at: datetime | None = None
    updated_by: str | None = None


@dataclass(frozen=True, slots=True)
class DistrictChanges:
    """What to change: ``None`` keeps a field, an empty string (enrollment: 0) clears it."""

    name: str | None = None
    website_url: str | None = None
    privacy_officer_name: str | None = None
    privacy_officer_email: str | None = None
    privacy_officer_phone: str | None = None
    parents_rights_procedure: str | None = None
    enrollment: int | None = None


@dataclass(frozen=True, slots=True)
class SignerView:
    """One entry of the authorized-signer list."""

    id: int
    name: str
    title: str | None
    active: bool
    added_at: datetime
    deactivated_at: datetime | None = None


# --- validation -----------------------------------------------------------------------------------


def normalise_email(text: str) -> str:
    """The address in its normal form (domain lower-cased); syntax only, no DNS look-up."""
    try:
        return str(validate_email(text.strip(), check_deliverability=False).normalized)
    except EmailNotValidError as exc:
        raise DistrictSettingsError(f"{text.strip()!r} is not a usable e-mail address: {exc}") from None


def normalise_phone(text: str) -> str:
    """A valid phone number written the usual US way, e.g. ``(217) 555-0100 ext. 12``."""
    try:
        number = phonenumbers.parse(text.strip(), PHONE_REGION)
    except phonenumbers.NumberParseException:
        raise DistrictSettingsError(f"{text.strip()!r} is not a phone number.") from None
    if not phonenumbers.is_valid_number(number):
        raise DistrictSettingsError(f"{text.strip()!r} is not a valid phone number.")
    style = phonenumbers.PhoneNumberFormat
    us = phonenumbers.region_code_for_number(number) == PHONE_REGION
    return phonenumbers.format_number(number, style.NATIONAL if us else style.INTERNATIONAL)


def normalise_url(text: str) -> str:
    """An http(s) address; ``district.org`` becomes ``https://district.org``."""
    text = text.strip()
    if "://" not in text:
        text = f"https://{text}"
    parsed = urlparse(text)
    if parsed.scheme not in ("http", "https") or "." not in parsed.netloc or " " in text:
        raise DistrictSettingsError(f"{text!r} is not a web address (https://...).")
    return text


_VALIDATORS = {
    "privacy_officer_email": normalise_email,
    "privacy_officer_phone": normalise_phone,
    "website_url": normalise_url,
}


def _enrollment(value: int) -> int | None:
    """A head count, 0 to clear it."""
    if value < 0:
        raise DistrictSettingsError("The enrollment cannot be negative.")
    return value or None


def _cleaned(changes: DistrictChanges) -> dict[str, str | int | None]:
    """Field -> new value (None to clear) for every field the changes touch."""
    cleaned: dict[str, str | int | None] = {}
    for field in fields(changes):
        value = getattr(changes, field.name)
        if value is None:
            continue
        if isinstance(value, int):
            cleaned[field.name] = _enrollment(value)
            continue
        value = value.strip() if field.name == "parents_rights_procedure" else " ".join(value.split())
        if not value:
            if field.name == "name":
                raise DistrictSettingsError("The district name cannot be empty.")
            cleaned[field.name] = None
            continue
        validate = _VALIDATORS.get(field.name)
        cleaned[field.name] = validate(value) if validate else value
    return cleaned


# --- settings -------------------------------------------------------------------------------------


def get_district(session: Session) -> DistrictInfo:
    """The configured settings, or empty ones before an administrator has saved any."""
    row = session.get(DistrictSettings, SETTINGS_ID)
    return _info(row) if row is not None else DistrictInfo()


def update_district(session: Session, actor: Actor, changes: DistrictChanges) -> DistrictInfo:
    """Change the district settings, as an administrator."""
    admin = require_role(session, actor, ADMIN_ONLY, "change the district settings")
    return update_district_as(session, changes, by=admin.name)


def update_district_as(session: Session, changes: DistrictChanges, *, by: str) -> DistrictInfo:
    """Change the settings on the trusted path (the ``dpa`` command); one audit event with the changes."""
    cleaned = _cleaned(changes)
    row = session.get(DistrictSettings, SETTINGS_ID)
    if row is None:
        row = DistrictSettings(id=SETTINGS_ID, district_name="")
        session.add(row)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for key, value in cleaned.items():
        column = "district_name" if key == "name" else key
        old = getattr(row, column)
        if old != value:
            before[key], after[key] = old, value
            setattr(row, column, value)
    if after:
        row.updated_at = utcnow()
        row.updated_by = by
        store.record_event(
            session,
            actor=by,
            action="district.updated",
            entity_type="district",
            entity_id=SETTINGS_ID,
            before=before,
            after=after,
        )
    session.flush()
    return _info(row)


def _info(row: DistrictSettings) -> DistrictInfo:
    return DistrictInfo(
        name=row.district_name,
        website_url=row.website_url,
        privacy_officer_name=row.privacy_officer_name,
        privacy_officer_email=row.privacy_officer_email,
        privacy_officer_phone=row.privacy_officer_phone,
        parents_rights_procedure=row.parents_rights_procedure,
        enrollment=row.enrollment,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
    )


# --- authorized signers ---------------------------------------------------------------------------


def list_signers(session: Session, *, include_inactive: bool = False) -> list[SignerView]:
    """The authorized signers by name (active ones only unless asked)."""
    return [_signer(row) for row in signers_by_name(session, active_only=not include_inactive)]


def add_signer(session: Session, actor: Actor, name: str, title: str | None = None) -> SignerView:
    """Put an employee on the authorized list, as an administrator."""
    admin = require_role(session, actor, ADMIN_ONLY, "change the authorized signers")
    return add_signer_as(session, name, title, by=admin.name)


def add_signer_as(session: Session, name: str, title: str | None = None, *, by: str) -> SignerView:
    """Add (or re-activate) a signer on the trusted path; the same person twice is refused."""
    name, title = " ".join(name.split()), " ".join((title or "").split()) or None
    if not name:
        raise DistrictSettingsError("A signer needs a name.")
    rows = all_signers(session)
    same = next((r for r in rows if r.name == name or same_person(r.name, name)), None)
    if same is not None and same.active:
        raise DistrictSettingsError(f"{name} is already on the list as {same.name}.")
    before = None
    if same is None:
        same = AuthorizedSigner(name=name, title=title, active=True, added_at=utcnow())
        session.add(same)
    else:
        before = {"name": same.name, "title": same.title, "active": False}
        same.active, same.title, same.deactivated_at = True, title or same.title, None
    session.flush()
    store.record_event(
        session,
        actor=by,
        action="signer.added" if before is None else "signer.reactivated",
        entity_type="authorized_signer",
        entity_id=same.id,
        before=before,
        after={"name": same.name, "title": same.title, "active": True},
    )
    return _signer(same)


def deactivate_signer(session: Session, actor: Actor, ref: int | str) -> SignerView:
    """Take a signer off the list (kept, inactive, so old agreements still explain), as an administrator."""
    admin = require_role(session, actor, ADMIN_ONLY, "change the authorized signers")
    return deactivate_signer_as(session, ref, by=admin.name)


def deactivate_signer_as(session: Session, ref: int | str, *, by: str) -> SignerView:
    """Deactivate the signer with this id or name on the trusted path."""
    row = _find_signer(session, ref)
    if not row.active:
        raise DistrictSettingsError(f"{row.name} is not on the active list.")
    row.active = False
    row.deactivated_at = utcnow()  # signatures before this stay authorized (dpa.duties.signing_authority)
    store.record_event(
        session,
        actor=by,
        action="signer.deactivated",
        entity_type="authorized_signer",
        entity_id=row.id,
        before={"name": row.name, "title": row.title, "active": True},
        after={
            "name": row.name,
            "title": row.title,
            "active": False,
            "deactivated_at": row.deactivated_at.isoformat(),
        },
    )
    session.flush()
    return _signer(row)


def _find_signer(session: Session, ref: int | str) -> AuthorizedSigner:
    text = str(ref).strip()
    if text.isdigit():
        row = session.get(AuthorizedSigner, int(text))
        if row is not None:
            return row
    rows = all_signers(session, active_first=True)
    match = next((r for r in rows if r.name == text or same_person(r.name, text)), None)
    if match is None:
        raise DistrictSettingsError(f"No authorized signer {text!r}.")
    return match


def _signer(row: AuthorizedSigner) -> SignerView:
    return SignerView(
        id=row.id,
        name=row.name,
        title=row.title,
        active=row.active,
        added_at=row.added_at,
        deactivated_at=row.deactivated_at,
    )
