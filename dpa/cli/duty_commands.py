"""``dpa district``, ``dpa signer``, ``dpa deadlines`` and ``dpa breach``: the district's SOPPA duties.

The use cases load the pipeline's modules (seconds of imports), so each command imports them when
it runs and ``dpa --help`` stays fast.
``register(app)`` attaches them to the main command. The shell user is trusted as an
administrator (as for ``dpa user add``): these commands call the ``*_as`` use cases with the
actor "cli", and every change is still an audit event.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from sqlalchemy.orm import Session

from dpa.cli.common import console, fail, transaction
from dpa.duties.signing_authority import AuthorityStatus, SigningAuthority

if TYPE_CHECKING:
    from dpa.duties.breaches import BreachView
    from dpa.duties.deadlines import DeadlineReport
    from dpa.duties.district_settings import SignerView

CLI_ACTOR = "cli"

district_app = typer.Typer(help="The district's name, website, privacy officer and parents' rights text.")
signer_app = typer.Typer(help="Employees the board authorized to sign agreements (105 ILCS 85/27(b)).")
breach_app = typer.Typer(help="Breaches of covered information and the parent notices (27(a)(5), 27(d)).")


def register(app: typer.Typer) -> None:
    """Add ``district``, ``signer``, ``deadlines`` and ``breach`` to the ``dpa`` command."""
    app.add_typer(district_app, name="district")
    app.add_typer(signer_app, name="signer")
    app.add_typer(breach_app, name="breach")
    app.command("deadlines")(show_deadlines)


@contextmanager
def _session(ctx: typer.Context) -> Iterator[Session]:
    """``transaction`` showing the duties' refusals plainly (their modules load when a command runs)."""
    from dpa.duties.breach_notice import NoticeError
    from dpa.review.accounts import ReviewError

    with transaction(ctx, ReviewError, NoticeError) as session:
        yield session


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise fail(f"{option} must be a date like 2026-03-01, not {text!r}") from None


# --- district ---------------------------------------------------------------------------------------


@district_app.command("show")
def district_show(ctx: typer.Context) -> None:
    """Show the district settings and the authorized signers."""
    from dpa.duties import district_settings as district

    with _session(ctx) as session:
        info = district.get_district(session)
        signers = district.list_signers(session)
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    for label, value in (
        ("District", info.name or "(not set)"),
        ("Website", info.website_url),
        ("Privacy officer", info.privacy_officer_name),
        ("E-mail", info.privacy_officer_email),
        ("Phone", info.privacy_officer_phone),
        ("Parents' rights", info.parents_rights_procedure),
        ("Enrollment", str(info.enrollment) if info.enrollment else None),
        ("Authorized signers", ", ".join(_signer_label(s) for s in signers) or "(none: `dpa signer add`)"),
    ):
        table.add_row(label, value or "(not set)")
    console.print(table)


@district_app.command("set")
def district_set(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Option("--name", help="The district's name.")] = None,
    website: Annotated[str | None, typer.Option("--website", help="The district website.")] = None,
    privacy_officer: Annotated[str | None, typer.Option("--privacy-officer", help="Name (27(f)).")] = None,
    email: Annotated[str | None, typer.Option("--privacy-email", help="Privacy officer's e-mail.")] = None,
    phone: Annotated[str | None, typer.Option("--privacy-phone", help="Privacy officer's phone.")] = None,
    rights_file: Annotated[
        Path | None,
        typer.Option("--parents-rights-file", exists=True, dir_okay=False, help="Text file (27(a)(4))."),
    ] = None,
    enrollment: Annotated[
        int | None,
        typer.Option("--enrollment", min=0, help="Students enrolled, for 27(a)(5)(i) (0 clears it)."),
    ] = None,
) -> None:
    """Change district settings (an empty value clears a field)."""
    from dpa.duties import district_settings as district

    changes = district.DistrictChanges(
        name=name,
        website_url=website,
        privacy_officer_name=privacy_officer,
        privacy_officer_email=email,
        privacy_officer_phone=phone,
        parents_rights_procedure=rights_file.read_text(encoding="utf-8") if rights_file else None,
        enrollment=enrollment,
    )
    with _session(ctx) as session:
        info = district.update_district_as(session, changes, by=CLI_ACTOR)
    console.print(f"Saved the settings of [bold]{info.name or '(unnamed district)'}[/].", highlight=False)


# --- signers ----------------------------------------------------------------------------------------


def _signer_label(signer: SignerView) -> str:
    return f"{signer.name} ({signer.title})" if signer.title else signer.name


@signer_app.command("add")
def signer_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The employee's name as it appears on signatures.")],
    title: Annotated[str | None, typer.Option("--title", help="Job title.")] = None,
) -> None:
    """Authorize an employee to sign agreements with operators."""
    from dpa.duties import district_settings as district

    with _session(ctx) as session:
        signer = district.add_signer_as(session, name, title, by=CLI_ACTOR)
    console.print(f"Authorized signer #{signer.id}: {_signer_label(signer)}.", highlight=False)


@signer_app.command("list")
def signer_list(
    ctx: typer.Context,
    show_all: Annotated[bool, typer.Option("--all", help="Include people taken off the list.")] = False,
) -> None:
    """List the authorized signers."""
    from dpa.duties import district_settings as district

    with _session(ctx) as session:
        signers = district.list_signers(session, include_inactive=show_all)
    table = Table(title=f"Authorized signers ({len(signers)})")
    for header in ("id", "name", "title", "active", "added", "removed"):
        table.add_column(header)
    for s in signers:
        removed = f"{s.deactivated_at:%Y-%m-%d}" if s.deactivated_at else ""
        table.add_row(
            str(s.id), s.name, s.title or "", "yes" if s.active else "no", f"{s.added_at:%Y-%m-%d}", removed
        )
    console.print(table)


@signer_app.command("remove")
def signer_remove(
    ctx: typer.Context, signer: Annotated[str, typer.Argument(help="The signer's id or name.")]
) -> None:
    """Take a signer off the list (kept as inactive, with the day, for agreements already signed)."""
    from dpa.duties import district_settings as district

    with _session(ctx) as session:
        removed = district.deactivate_signer_as(session, signer, by=CLI_ACTOR)
    console.print(f"{removed.name} is no longer an authorized signer.", highlight=False)


# --- deadlines --------------------------------------------------------------------------------------


def show_deadlines(
    ctx: typer.Context,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Day to judge from (default today).")] = None,
    within: Annotated[int, typer.Option("--within", help="Also list what falls due in these days.")] = 30,
) -> None:
    """List the SOPPA deadlines that are due or overdue, with what to do."""
    from dpa.duties import deadlines

    day = _date(as_of, "--as-of") if as_of else date.today()
    with _session(ctx) as session:
        report = deadlines.list_deadlines(session, day, within)
    table = deadline_table(report, within)
    console.print(table if report.items else "Nothing is due or overdue.", highlight=False)
    if report.undated_agreements:
        ids = ", ".join(f"#{i}" for i in report.undated_agreements)
        console.print(
            f"[yellow]No signing date, so no posting deadline:[/] agreements {ids}.", highlight=False
        )


def deadline_table(report: DeadlineReport, within: int) -> Table:
    """The deadlines as a table, overdue ones in bold red."""
    from dpa.duties.deadlines import DueState

    table = Table(title=f"SOPPA deadlines as of {report.as_of.isoformat()} (next {within} days)")
    for header in ("due", "state", "what", "to do", "law"):
        table.add_column(header, overflow="fold")
    for item in report.items:
        colour = "bold red" if item.state is DueState.OVERDUE else "yellow"
        table.add_row(
            item.due.isoformat(), f"[{colour}]{item.state.value}[/]", item.subject, item.action, item.citation
        )
    return table


# --- breaches ---------------------------------------------------------------------------------------


@breach_app.command("add")
def breach_add(
    ctx: typer.Context,
    discovered: Annotated[str, typer.Option("--discovered", help="Day the district learned of it.")],
    occurred: Annotated[str, typer.Option("--occurred", help="DATE, or a range FROM..TO.")],
    information: Annotated[str, typer.Option("--information", help="The information involved.")],
    operator: Annotated[
        str | None, typer.Option("--operator", help="Operator name (omit: district's own).")
    ] = None,
    estimate: Annotated[bool, typer.Option("--estimate", help="The date or range is an estimate.")] = False,
    students: Annotated[int | None, typer.Option("--students", help="Number of students involved.")] = None,
    description: Annotated[str | None, typer.Option("--description", help="What happened.")] = None,
    operator_contact: Annotated[
        str | None, typer.Option("--operator-contact", help="How parents reach the operator (27(d)(3)).")
    ] = None,
    delayed_until: Annotated[
        str | None,
        typer.Option("--delayed-until", help="End of a written law-enforcement delay of the notice (27(d))."),
    ] = None,
    parent_notice: Annotated[
        bool,
        typer.Option(
            "--parent-notice/--no-parent-notice", help="Whether 27(d) requires notifying the parents."
        ),
    ] = True,
) -> None:
    """Record a breach of covered information."""
    from dpa.duties import breaches

    start, _, end = occurred.partition("..")
    data = breaches.NewBreach(
        discovered_on=_date(discovered, "--discovered"),
        occurred_from=_date(start, "--occurred"),
        occurred_to=_date(end, "--occurred") if end else None,
        information_involved=information,
        operator=operator,
        date_is_estimate=estimate,
        students_affected=students,
        description=description,
        operator_contact=operator_contact,
        notice_delayed_until=_date(delayed_until, "--delayed-until") if delayed_until else None,
        parent_notice_required=parent_notice,
    )
    with _session(ctx) as session:
        view = breaches.record_breach_as(session, data, by=CLI_ACTOR)
    due = (
        f"notify parents by {view.notice_due.isoformat()}" if view.notice_due else "no parent notice required"
    )
    console.print(f"Recorded breach #{view.id}; {due}.", highlight=False)


@breach_app.command("list")
def breach_list(ctx: typer.Context) -> None:
    """List the recorded breaches and their parent notices."""
    from dpa.duties import breaches

    with _session(ctx) as session:
        views = breaches.list_breaches(session)
    table = Table(title=f"Breaches ({len(views)})")
    for header in ("id", "operator", "occurred", "learned", "students", "information", "parents notified"):
        table.add_column(header, overflow="fold")
    for b in views:
        table.add_row(
            str(b.id),
            b.operator or "(district)",
            b.occurred_text,
            b.discovered_on.isoformat(),
            "" if b.students_affected is None else str(b.students_affected),
            b.information_involved,
            _notice_state(b),
        )
    console.print(table)


def _notice_state(b: BreachView) -> str:
    """Notified on a day, not required, or due (red when overdue; a law-enforcement delay named)."""
    if b.parents_notified_on is not None:
        return b.parents_notified_on.isoformat()
    if b.notice_due is None:
        return "not required"
    due = f"due {b.notice_due}" + (" (delayed by law enforcement)" if b.notice_delayed_until else "")
    return f"[bold red]{due} (overdue)[/]" if b.notice_overdue_on else due


@breach_app.command("notice")
def breach_notice(
    ctx: typer.Context,
    breach_id: Annotated[int, typer.Argument(help="The breach id.")],
    out: Annotated[Path, typer.Option("--out", help="Where to write the PDF notice.")],
    text_out: Annotated[Path | None, typer.Option("--text", help="Also write the text version here.")] = None,
    operator_contact: Annotated[
        str | None,
        typer.Option("--operator-contact", help="Replaces the recorded operator contact in this notice."),
    ] = None,
) -> None:
    """Write the parent notice of a breach (27(d)) as PDF, and as text with --text."""
    from dpa.duties import breaches
    from dpa.duties.breach_notice import notice_pdf, notice_text

    with _session(ctx) as session:
        notice = breaches.parent_notice(session, breach_id, operator_contact=operator_contact)
    out.write_bytes(notice_pdf(notice))
    if text_out is not None:
        text_out.write_text(notice_text(notice), encoding="utf-8")
    console.print(f"Wrote {out}" + (f" and {text_out}" if text_out else "") + ".", highlight=False)


@breach_app.command("notified")
def breach_notified(
    ctx: typer.Context,
    breach_id: Annotated[int, typer.Argument(help="The breach id.")],
    on: Annotated[str, typer.Option("--on", help="Day the parent notice was sent.")],
) -> None:
    """Record the day the parents were notified (closes the 27(d) deadline)."""
    from dpa.duties import breaches

    with _session(ctx) as session:
        view = breaches.mark_parents_notified_as(session, breach_id, _date(on, "--on"), by=CLI_ACTOR)
    console.print(f"Breach #{view.id}: parents notified on {view.parents_notified_on}.", highlight=False)


def print_signing_authority(authority: SigningAuthority) -> None:
    """One line for ``dpa show``: the signer against the board's list (27(b)), red when it is a problem."""
    colours = {
        AuthorityStatus.AUTHORIZED: "green",
        AuthorityStatus.NOT_AUTHORIZED: "bold red",
        AuthorityStatus.UNKNOWN_SIGNER: "yellow",
        AuthorityStatus.NO_LIST_CONFIGURED: "yellow",
    }
    label = authority.status.value.replace("_", " ")
    console.print(
        f"[bold]Signing authority[/]  [{colours[authority.status]}]{label}[/]: {authority.explanation}"
    )
