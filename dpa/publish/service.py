"""Publish the SOPPA listing: the use case shared by ``dpa publish`` and the app's publish page.

Only a director publishes: posting is the director's step (``dpa.review.workflow.TRANSITIONS``), and
publishing marks every newly listed agreement ``posted`` with today's posting date. An
administrator may preview. The site is written into a staging folder beside ``out`` and swapped
in whole, so a failure leaves the previous site untouched; each redacted PDF is re-hashed as it is
copied and a mismatch stops the publication. The database changes (statuses, posting dates, the
``Publication`` row, audit events) are made in the caller's transaction, which the caller commits
only after this returns.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from dpa.publish.collect import collect_listing, read_verified_bytes
from dpa.publish.data_files import write_data_files
from dpa.publish.manifest import build_manifest, diff_listing, manifest_bytes, manifest_sha256
from dpa.publish.site import write_pages
from dpa.publish.types import Changes, Listing
from dpa.review.accounts import Actor, ReviewError, require_role
from dpa.review.workflow import Via, move
from models import store
from models.agreement import Agreement
from models.enums import AgreementStatus, Role
from models.filestore import FileStore
from models.publication import Publication
from models.publication_store import latest_publication
from models.user import User

PUBLISH_ROLES = frozenset({Role.DIRECTOR})
PREVIEW_ROLES = frozenset({Role.DIRECTOR, Role.ADMIN})
MANIFEST_NAME = "manifest.json"


class PublishError(ReviewError):
    """The listing cannot be published as asked (message meant for the director)."""


@dataclass(frozen=True, slots=True)
class LastPublication:
    """The most recent publication, as the app shows it."""

    id: int
    published_at: datetime
    published_by: str
    out_dir: str
    manifest_sha256: str
    agreements: int


@dataclass(frozen=True, slots=True)
class Preview:
    """What publishing now would post, what is withheld, and what changed."""

    listing: Listing
    changes: Changes
    last: LastPublication | None


@dataclass(frozen=True, slots=True)
class PublishResult:
    """What ``publish`` wrote and recorded."""

    publication_id: int
    out_dir: Path
    manifest_sha256: str
    newly_posted: tuple[int, ...]
    listing: Listing
    changes: Changes


def preview(session: Session, files: FileStore, actor: Actor, *, today: date | None = None) -> Preview:
    """The listing publishing would write now (director or administrator); nothing is changed."""
    require_role(session, actor, PREVIEW_ROLES, "preview the public listing")
    listing = collect_listing(session, files, today=today or date.today())
    previous = latest_publication(session)
    changes = diff_listing(previous.manifest if previous else None, _sha(previous), listing)
    return Preview(listing=listing, changes=changes, last=last_publication(session))


def publish(
    session: Session, files: FileStore, actor: Actor, out: Path, *, now: datetime | None = None
) -> PublishResult:
    """Write the public site into ``out`` and record the publication, as a director.

    Raises:
        NotAllowedError: the actor is not a director.
        PublishError: ``out`` is not a folder this command may replace.
        RedactedFileError: a redacted file's bytes no longer match its verified SHA-256.
    """
    user = require_role(session, actor, PUBLISH_ROLES, "publish the public listing")
    out = out.expanduser().resolve()
    _check_target(out)
    moment = now or datetime.now(UTC)
    listing = collect_listing(session, files, today=moment.astimezone().date())
    previous = latest_publication(session)
    changes = diff_listing(previous.manifest if previous else None, _sha(previous), listing)
    manifest = build_manifest(listing, changes, published_at=moment, published_by=user.name)
    digest = manifest_sha256(manifest)
    newly = _post_new(session, user, listing)
    publication = Publication(
        published_at=moment,
        published_by=user.name,
        out_dir=str(out),
        manifest_sha256=digest,
        manifest=manifest,
    )
    session.add(publication)
    session.flush()
    store.record_event(
        session,
        actor=user.name,
        action="listing.published",
        entity_type="publication",
        entity_id=publication.id,
        after={
            "out_dir": str(out),
            "manifest_sha256": digest,
            "agreements": [a.agreement_id for a in listing.agreements],
        },
    )
    _write_site(listing, changes, manifest, out)
    return PublishResult(publication.id, out, digest, newly, listing, changes)


def last_publication(session: Session) -> LastPublication | None:
    """The most recent publication, if any."""
    row = latest_publication(session)
    if row is None:
        return None
    return LastPublication(
        id=row.id,
        published_at=row.published_at,
        published_by=row.published_by,
        out_dir=row.out_dir,
        manifest_sha256=row.manifest_sha256,
        agreements=len(row.manifest.get("agreements", [])),
    )


def _sha(row: Publication | None) -> str | None:
    return row.manifest_sha256 if row is not None else None


def _post_new(session: Session, user: User, listing: Listing) -> tuple[int, ...]:
    """Mark newly listed agreements posted, with today's posting date, each change audited."""
    newly: list[int] = []
    for entry in listing.agreements:
        if not entry.newly_posted:
            continue
        agreement = session.get(Agreement, entry.agreement_id)
        assert agreement is not None  # just read by collect_listing in this session
        if agreement.status is not AgreementStatus.POSTED:
            move(session, user, agreement, AgreementStatus.POSTED, Via.PUBLISHING)
        before = agreement.posted_on
        agreement.posted_on = entry.posting_date
        store.record_event(
            session,
            actor=user.name,
            action="agreement.posted",
            entity_type="agreement",
            entity_id=agreement.id,
            before={"posted_on": before.isoformat() if before else None},
            after={
                "posted_on": entry.posting_date.isoformat(),
                "redacted_sha256": entry.redaction.output_sha256,
            },
        )
        newly.append(agreement.id)
    return tuple(newly)


# --- files -------------------------------------------------------------------------------------


def _check_target(out: Path) -> None:
    """``out`` must be new, empty, or a site this command wrote before (it holds manifest.json)."""
    if out.exists() and not out.is_dir():
        raise PublishError(f"{out} is a file, not a folder.")
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST_NAME).is_file():
        raise PublishError(
            f"{out} is not empty and is not a site published by this command; choose a new or empty folder."
        )


def _write_site(listing: Listing, changes: Changes, manifest: dict[str, object], out: Path) -> None:
    """Build the whole site in a staging folder beside ``out``, then swap it in."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read the site
    try:
        _copy_agreements(listing, staging)
        data_files = write_data_files(listing, changes, staging)
        write_pages(listing, changes, staging, data_files)
        (staging / MANIFEST_NAME).write_bytes(manifest_bytes(manifest))
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _copy_agreements(listing: Listing, site: Path) -> None:
    """Copy each verified redacted PDF, re-checking its SHA-256 on the bytes actually written."""
    for entry in listing.agreements:
        data = read_verified_bytes(entry.redaction.output_path, entry.redaction.output_sha256)
        target = site / entry.pdf_file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        read_verified_bytes(target, entry.redaction.output_sha256)


def _swap(staging: Path, out: Path) -> None:
    """Replace ``out`` by ``staging``; the old site is removed only once the new one is in place."""
    if not out.exists():
        staging.rename(out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    old.rmdir()
    out.rename(old)
    try:
        staging.rename(out)
    except OSError:
        old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)
