"""``dpa export-labels``: reviewed agreements written as labelled agreements for ``dpa eval``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dpa.cli.common import open_db, settings_of
from dpa.review.label_export import export_labels
from dpa.transactions import reading
from models import store


def register(app: typer.Typer) -> None:
    """Add ``export-labels`` to the ``dpa`` command."""
    app.command("export-labels")(export_labels_command)


def export_labels_command(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="Folder to write NAME.pdf + NAME.labels.json into.")],
    agreement: Annotated[
        str | None, typer.Option("--agreement", help="Only this agreement (id or SHA-256 prefix).")
    ] = None,
) -> None:
    """Write fully reviewed agreements as labelled agreements (corpus format) for ``dpa eval``."""
    settings = settings_of(ctx)
    database = open_db(ctx)
    try:
        with reading(database) as session:
            ids = None
            if agreement is not None:
                try:
                    ids = [store.get_agreement_detail(session, agreement).summary.id]
                except store.AgreementNotFoundError as exc:
                    typer.echo(f"error: {exc.args[0]}", err=True)
                    raise typer.Exit(1) from None
            result = export_labels(session, settings, out, ids)
    finally:
        database.engine.dispose()
    for item in result.exported:
        typer.echo(f"exported agreement {item.agreement_id} as {item.labels.name}")
    for skipped in result.skipped:
        typer.echo(f"skipped agreement {skipped.agreement_id}: {skipped.reason}", err=True)
    if agreement is not None and not result.exported:
        raise typer.Exit(1)
