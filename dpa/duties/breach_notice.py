"""The letter to parents after a breach, with every element 105 ILCS 85/27(d) requires.

27(d) asks for: (1) the date, estimated date or estimated date range of the breach; (2) a
description of the covered information compromised or reasonably believed compromised; (3) how to
contact the operator and the school about it; (4) toll-free numbers, addresses and websites of
the consumer reporting agencies; (5) the same for the Federal Trade Commission; (6) a statement
that the parent may obtain information from the FTC and the agencies about fraud alerts and
security freezes. ``build_notice`` refuses to produce a notice that would lack (1) or (3), and
the notice is rendered from one structure as text, HTML and PDF (PyMuPDF's Story), so the three
always say the same.
"""

from __future__ import annotations

import html
import io
import textwrap
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from dpa.duties.consumer_contacts import CONSUMER_REPORTING_AGENCIES, FEDERAL_TRADE_COMMISSION, PublicContact

if TYPE_CHECKING:
    from dpa.duties.breaches import BreachView
    from dpa.duties.district_settings import DistrictInfo

TEXT_WIDTH = 78
PAGE_MARGIN = 54  # points (3/4 inch)
_CSS = """
* {font-family: sans-serif; font-size: 11pt; line-height: 1.35;}
h1 {font-size: 16pt; margin-bottom: 4pt;}
h2 {font-size: 12.5pt; margin-top: 10pt; margin-bottom: 2pt;}
p {margin-top: 2pt; margin-bottom: 4pt;}
.lines {margin-left: 14pt;}
"""
FRAUD_STATEMENT = (
    "You may obtain information from the Federal Trade Commission and from the consumer reporting "
    "agencies listed above about fraud alerts and security freezes."
)


class NoticeError(ValueError):
    """A notice that would be missing something the Act requires (message says what to enter)."""


@dataclass(frozen=True, slots=True)
class NoticeSection:
    """A heading, paragraphs of prose, then lines kept as they are (addresses, numbers)."""

    heading: str
    paragraphs: tuple[str, ...] = ()
    lines: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ParentNotice:
    """One parent notice, ready to render."""

    breach_id: int
    district: str
    issued_on: date
    title: str
    sections: tuple[NoticeSection, ...]


def long_date(day: date) -> str:
    """ "March 3, 2026"."""
    return f"{day:%B} {day.day}, {day.year}"


def breach_dates(start: date, end: date | None, estimated: bool) -> str:
    """27(d)(1) in words: the date, estimated date or (estimated) date range."""
    if end is None or end == start:
        return f"on or about {long_date(start)} (estimated date)" if estimated else f"on {long_date(start)}"
    span = f"between {long_date(start)} and {long_date(end)}"
    return f"{span} (estimated date range)" if estimated else span


def build_notice(
    breach: BreachView, district: DistrictInfo, *, operator_contact: str | None, issued_on: date
) -> ParentNotice:
    """The notice for one breach; NoticeError names what must be entered first."""
    if not district.name:
        raise NoticeError("Enter the district name first (District page or `dpa district set --name`).")
    if breach.occurred_from is None:
        raise NoticeError("The notice must give the date or estimated date range of the breach (27(d)(1)).")
    sections = (
        _what_happened(breach, district, breach.occurred_from),
        NoticeSection("What information was involved", (breach.information_involved,)),
        _contacts(breach, district, operator_contact),
        NoticeSection(
            "Consumer reporting agencies",
            ("You can reach the nationwide consumer reporting agencies free of charge:",),
            _contact_lines(CONSUMER_REPORTING_AGENCIES),
        ),
        NoticeSection(
            "Federal Trade Commission",
            ("The Federal Trade Commission helps people protect themselves from identity theft:",),
            _contact_lines((FEDERAL_TRADE_COMMISSION,)),
        ),
        NoticeSection(
            "Fraud alerts and security freezes",
            (
                FRAUD_STATEMENT,
                "A fraud alert asks lenders to check that it is really you before opening credit in your "
                "or your child's name. A security freeze stops new credit from being opened in that name "
                "until you lift it; it is free, and parents may request one for a child under 16.",
            ),
        ),
    )
    return ParentNotice(
        breach_id=breach.id,
        district=district.name,
        issued_on=issued_on,
        title="Notice of a breach of your child's student information",
        sections=sections,
    )


def _what_happened(breach: BreachView, district: DistrictInfo, start: date) -> NoticeSection:
    when = breach_dates(start, breach.occurred_to, breach.date_is_estimate)
    where = (
        f"{breach.operator}, a company that provides an online service to {district.name}"
        if breach.operator
        else f"systems maintained by {district.name}"
    )
    learned = "was told of" if breach.operator else "determined"
    paragraphs = [
        f"We are writing because covered information about your child, held by {where}, was involved "
        f"in a data breach. The breach happened {when}. {district.name} {learned} the breach on "
        f"{long_date(breach.discovered_on)}.",
    ]
    if breach.description:
        paragraphs.append(breach.description)
    paragraphs.append(
        "Illinois' Student Online Personal Protection Act (105 ILCS 85/27(d)) requires us to tell you "
        "about it and about the steps you can take."
    )
    return NoticeSection("What happened", tuple(paragraphs))


def _contacts(breach: BreachView, district: DistrictInfo, operator_contact: str | None) -> NoticeSection:
    school = [district.name]
    if district.privacy_officer_name:
        school.append(f"Privacy officer: {district.privacy_officer_name}")
    school += [f"Phone: {p}" for p in [district.privacy_officer_phone] if p]
    school += [f"E-mail: {e}" for e in [district.privacy_officer_email] if e]
    if not (district.privacy_officer_phone or district.privacy_officer_email):
        raise NoticeError(
            "Enter the privacy officer's phone or e-mail first: parents must be able to ask (27(d)(3))."
        )
    school += [f"Website: {w}" for w in [district.website_url] if w]
    lines = ["The school district:", *(f"  {line}" for line in school)]
    if breach.operator:
        operator = [
            breach.operator,
            *(breach.operator_address or "").splitlines(),
            *(operator_contact or "").splitlines(),
        ]
        if len(operator) == 1:
            raise NoticeError(
                f"Record a way to contact {breach.operator} with the breach (its address is not known; "
                "`dpa breach add --operator-contact`, or `--operator-contact` on `dpa breach notice`)."
            )
        lines += ["The operator:", *(f"  {line.strip()}" for line in operator if line.strip())]
    return NoticeSection(
        "Whom to contact with questions",
        ("You may contact us, or the operator, about this breach:",),
        tuple(lines),
    )


def _contact_lines(contacts: tuple[PublicContact, ...]) -> tuple[str, ...]:
    lines: list[str] = []
    for c in contacts:
        if lines:
            lines.append("")
        lines += [c.name, f"  Toll-free: {c.toll_free}", *(f"  {a}" for a in c.address if a != c.name)]
        lines += [f"  Website: {w}" for w in c.websites]
    return tuple(lines)


# --- rendering ------------------------------------------------------------------------------------


def notice_text(notice: ParentNotice) -> str:
    """The notice as plain text (for e-mail or a mail merge), paragraphs wrapped at 78 columns."""
    out = [notice.district, long_date(notice.issued_on), "", notice.title, "=" * len(notice.title)]
    for section in notice.sections:
        out += ["", section.heading, "-" * len(section.heading)]
        for paragraph in section.paragraphs:
            out += [*textwrap.wrap(paragraph, TEXT_WIDTH, break_on_hyphens=False), ""]
        out += list(section.lines)
    return "\n".join(out).rstrip() + "\n"


def notice_html(notice: ParentNotice) -> str:
    """The notice as a small HTML document (what the PDF is laid out from)."""
    e = html.escape
    parts = [
        f"<p>{e(notice.district)}<br/>{e(long_date(notice.issued_on))}</p>",
        f"<h1>{e(notice.title)}</h1>",
    ]
    for section in notice.sections:
        parts.append(f"<h2>{e(section.heading)}</h2>")
        parts += [f"<p>{e(p)}</p>" for p in section.paragraphs]
        if section.lines:
            shown = "<br/>".join(_html_line(line) for line in section.lines)
            parts.append(f'<p class="lines">{shown}</p>')
    return f'<html lang="en"><body>{"".join(parts)}</body></html>'


def _html_line(line: str) -> str:
    """An indented line keeps its indent (HTML would collapse the spaces)."""
    indent = "&nbsp;&nbsp;&nbsp;&nbsp;" if line.startswith("  ") else ""
    return indent + html.escape(line.strip())


def notice_pdf(notice: ParentNotice) -> bytes:
    """The notice as a letter-size PDF, laid out by PyMuPDF's Story over as many pages as needed."""
    import pymupdf  # loaded only when a PDF is made, so the CLI starts fast

    buffer = io.BytesIO()
    story = pymupdf.Story(html=notice_html(notice), user_css=_CSS)
    writer = pymupdf.DocumentWriter(buffer)
    page = pymupdf.paper_rect("letter")
    area = page + (PAGE_MARGIN, PAGE_MARGIN, -PAGE_MARGIN, -PAGE_MARGIN)
    more = True
    while more:
        device = writer.begin_page(page)
        more, _ = story.place(area)
        story.draw(device)
        writer.end_page()
    writer.close()
    with pymupdf.open("pdf", buffer.getvalue()) as doc:
        doc.set_metadata({"title": notice.title, "author": notice.district, "subject": "105 ILCS 85/27(d)"})
        data: bytes = doc.tobytes(garbage=3, deflate=True)
        return data
