"""``dpa review`` (start the review app) and ``dpa user add`` (create accounts), added to the CLI.

``register(app)`` attaches them to the main ``dpa`` command; they read the settings the global
options decided (``ctx.obj.settings``), so ``--db`` and ``--data-dir`` apply here too.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from dpa.cli.common import console, settings_of, transaction
from models.enums import Role

APP_SCRIPT = Path(__file__).resolve().parents[1] / "review_app" / "streamlit_app.py"
CLI_ACTOR = "cli"
DEFAULT_PORT = 8501

user_app = typer.Typer(help="Manage the review app's accounts.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add ``review`` and ``user`` to the ``dpa`` command."""
    app.command("review")(review)
    app.add_typer(user_app, name="user")


def review(
    ctx: typer.Context,
    port: Annotated[int, typer.Option(help="Port to serve the app on.")] = DEFAULT_PORT,
    address: Annotated[str, typer.Option(help="Address to listen on.")] = "localhost",
) -> None:
    """Start the review app (Streamlit) on the configured database; sign in with a `dpa user add` account."""
    from models.db import open_database

    settings = settings_of(ctx)
    open_database(settings.resolved_database_url).engine.dispose()  # migrate before serving
    env = {
        **os.environ,
        "DPA_DATABASE_URL": settings.resolved_database_url,
        "DPA_DATA_DIR": str(settings.data_dir.resolve()),
    }
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP_SCRIPT),
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    console.print(f"Review app on http://{address}:{port}  (database: {settings.resolved_database_url})")
    raise typer.Exit(subprocess.call(command, env=env))


@user_app.command("add")
def add_user(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="User name to sign in with.")],
    role: Annotated[Role, typer.Option("--role", help="director, reviewer or admin.")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin.")
    ] = False,
) -> None:
    """Create an account (the password is hashed with argon2id)."""
    from dpa.review.accounts import ReviewError, create_user

    password = _read_password(password_stdin)
    with transaction(ctx, ReviewError) as session:
        actor = create_user(session, name, role, password, actor=CLI_ACTOR)
    console.print(f"Created {actor.role.value} [bold]{actor.name}[/].")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))
