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
from rich.table import Table

from dpa.cli.common import console, err_console, settings_of, transaction

if TYPE_CHECKING:  # dpa.review.decisions loads the pipeline stages: imported when the command runs
    from dpa.publish.types import Listing


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
    from dpa.review.accounts import ReviewError, find_director

    if out is None and not dry_run:
        err_console.print("[bold red]error:[/] --out DIR is required (or --dry-run).")
        raise typer.Exit(2)
    settings = settings_of(ctx)
    with transaction(ctx, ReviewError, RedactedFileError, OSError) as session:
        actor = find_director(session, as_user)
        if dry_run:
            shown = preview(session, settings.file_store(), actor)
            _print_listing(shown.listing)
            return
        assert out is not None
        result = publish(session, settings.file_store(), actor, out)
    _print_listing(result.listing)
    console.print(
        f"Published {len(result.listing.agreements)} agreement(s) to {result.out_dir}; "
        f"newly posted: {', '.join(map(str, result.newly_posted)) or 'none'}.\n"
        f"Manifest SHA-256: {result.manifest_sha256}",
        highlight=False,
    )


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
