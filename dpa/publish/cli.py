"""``dpa publish --out DIR [--as USER]``: write the public SOPPA listing and record the publication.

Who publishes: a director account, as in the review app. The command line asks for no password:
whoever runs it can already read and write the data folder, so a password would protect nothing.
It does record *which* director published, in the publication row and the audit trail: ``--as``
names the account, and may be left out only when exactly one director account exists.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from dpa.settings import Settings

if TYPE_CHECKING:  # dpa.review loads the pipeline stages: imported when the command runs
    from dpa.publish.types import Listing
    from dpa.review import Actor

console = Console()
err_console = Console(stderr=True)


def register(app: typer.Typer) -> None:
    """Add ``publish`` to the ``dpa`` command."""
    app.command("publish")(publish_command)


def publish_command(
    ctx: typer.Context,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Folder to write the site to (new, empty, or a previous site)."),
    ] = None,
    as_user: Annotated[
        str | None, typer.Option("--as", help="The director publishing (default: the only director account).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only show what would be published; change nothing.")
    ] = False,
) -> None:
    """Publish the district's SOPPA listing: operators, redacted agreements, data elements, breaches."""
    from dpa.publish.collect import RedactedFileError
    from dpa.publish.service import preview, publish
    from dpa.review import ReviewError
    from models.db import open_database

    if out is None and not dry_run:
        err_console.print("[bold red]error:[/] --out DIR is required (or --dry-run).")
        raise typer.Exit(2)
    settings: Settings = ctx.obj.settings if ctx.obj is not None else Settings()
    database = open_database(settings.resolved_database_url)
    try:
        with database.session_factory.begin() as session:
            actor = _director(session, as_user)
            if dry_run:
                shown = preview(session, settings.file_store(), actor)
                _print_listing(shown.listing)
                return
            assert out is not None
            result = publish(session, settings.file_store(), actor, out)
    except (ReviewError, RedactedFileError, OSError) as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False)
        raise typer.Exit(1) from None
    finally:
        database.engine.dispose()
    _print_listing(result.listing)
    console.print(
        f"Published {len(result.listing.agreements)} agreement(s) to {result.out_dir}; "
        f"newly posted: {', '.join(map(str, result.newly_posted)) or 'none'}.\n"
        f"Manifest SHA-256: {result.manifest_sha256}",
        highlight=False,
    )


def _director(session: Session, name: str | None) -> Actor:
    """The acting director: the named account, or the only director when no name is given."""
    from dpa.review import Actor, ReviewError
    from models.enums import Role
    from models.user import User

    if name is not None:
        user = session.scalars(select(User).where(User.name == name.strip())).first()
        if user is None:
            raise ReviewError(f"There is no user named {name!r}.")
    else:
        directors = list(session.scalars(select(User).where(User.role == Role.DIRECTOR)))
        if len(directors) != 1:
            raise ReviewError("Name the director who publishes with --as USER.")
        user = directors[0]
    return Actor(id=user.id, name=user.name, role=user.role)


def _print_listing(listing: Listing) -> None:
    """The agreements, then what is withheld and the breaches left off the list, each with why."""
    table = Table(title="Public listing")
    for header in ("agreement", "operator", "product or service", "signed", "posted"):
        table.add_column(header, overflow="fold")
    for a in listing.agreements:
        signed = a.signing_date.isoformat() if a.signing_date else ""
        table.add_row(str(a.agreement_id), a.operator, a.product_text, signed, a.posting_date.isoformat())
    console.print(table)
    for w in listing.withheld:
        console.print(f"[yellow]withheld[/] #{w.agreement_id} {w.title}: {w.reason}", highlight=False)
    console.print(f"Breaches listed: {len(listing.breaches)}.", highlight=False)
    for o in listing.omitted_breaches:
        console.print(f"[yellow]omitted[/] {o.line}", highlight=False)
