"""The ``dpa`` command: its global options, and every command group registered on it."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from dpa.cli import (
    agreement_commands,
    devtool_commands,
    duty_commands,
    label_commands,
    publish_commands,
    redaction_commands,
    review_commands,
)
from dpa.cli.common import AppState, fail
from dpa.settings import Settings

app = typer.Typer(
    help="Check Illinois SOPPA (105 ILCS 85) vendor agreements: ingest, check, list, show, eval, bench.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database URL (overrides DPA_DATABASE_URL).", show_default=False),
    ] = None,
    data_dir: Annotated[
        Path | None,
        typer.Option("--data-dir", help="Folder for the database and stored files (overrides DPA_DATA_DIR)."),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log details, with tracebacks.")] = False,
) -> None:
    """Global options shared by every command."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING, format="%(levelname)s %(message)s"
    )
    try:
        settings = Settings().with_overrides(database_url=db, data_dir=data_dir)
    except ValidationError as exc:
        fail(f"invalid setting: {exc.errors()[0]['loc'][0]}: {exc.errors()[0]['msg']}")
    ctx.obj = AppState(settings=settings)


agreement_commands.register(app)  # ingest, list, show, check
devtool_commands.register(app)  # eval, bench (development tools)
review_commands.register(app)  # review (start the app), user add
redaction_commands.register(app)  # redact
publish_commands.register(app)  # publish
duty_commands.register(app)  # district, signer, deadlines, breach
label_commands.register(app)  # export-labels
