"""The static HTML pages of the public listing, rendered with Jinja2 templates (autoescaped).

Pages: ``index.html`` (operators table and what changed), one page per operator under
``operators/`` (data elements, uses and disclosures, subcontractors), ``parents-rights.html``
(27(a)(4), the district's configured text or a plain "not configured" notice) and
``breaches.html`` (27(a)(5)). The templates carry the accessibility structure: ``lang``, one
``h1`` per page, a skip link, captioned tables with header scopes, link text naming the operator.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from dpa.publish.types import Changes, Listing, PostedAgreement

STYLESHEET = "style.css"


def write_pages(listing: Listing, changes: Changes, out: Path, data_files: Sequence[str]) -> list[str]:
    """Render every page into ``out`` (which exists); return the relative paths written."""
    env = _environment(listing)
    common = {"district": listing.district, "generated_on": listing.generated_on}
    pages: dict[str, str] = {
        "index.html": env.get_template("index.html.j2").render(
            **common,
            root="",
            current="index",
            agreements=listing.agreements,
            changes=changes,
            data_files=data_files,
        ),
        "parents-rights.html": env.get_template("parents.html.j2").render(
            **common,
            root="",
            current="parents",
            paragraphs=paragraphs(listing.district.parents_rights_procedure),
        ),
        "breaches.html": env.get_template("breaches.html.j2").render(
            **common, root="", current="breaches", breaches=listing.breaches
        ),
    }
    operator_template = env.get_template("operator.html.j2")
    for name in listing.operators():
        mine = listing.agreements_of(name)
        pages[mine[0].operator_page] = operator_template.render(
            **common, root="../", current="operator", operator=name, agreements=mine
        )
    for relative, html in pages.items():
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    stylesheet = package_files("dpa.publish").joinpath("templates", STYLESHEET).read_text(encoding="utf-8")
    (out / STYLESHEET).write_text(stylesheet, encoding="utf-8")
    return [*pages, STYLESHEET]


def paragraphs(text: str | None) -> list[str]:
    """The district's text split into paragraphs at blank lines (line breaks inside are joined)."""
    if not text:
        return []
    blocks = [" ".join(block.split()) for block in text.replace("\r\n", "\n").split("\n\n")]
    return [block for block in blocks if block]


def _environment(listing: Listing) -> Environment:
    env = Environment(
        loader=PackageLoader("dpa.publish", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default_for_string=True),
        undefined=StrictUndefined,  # a misspelt variable fails the build instead of printing nothing
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["link_text"] = _link_text_for(listing)
    return env


def _link_text_for(listing: Listing) -> Any:
    """Link text naming the operator; the signing date tells two agreements with one operator apart."""
    count = Counter(a.operator for a in listing.agreements)

    def link_text(agreement: PostedAgreement) -> str:
        text = f"Redacted agreement with {agreement.operator}"
        if count[agreement.operator] > 1:
            signed = agreement.signing_date.isoformat() if agreement.signing_date else "date unknown"
            text += f", signed {signed} (no. {agreement.agreement_id})"
        return text + " (PDF)"

    return link_text
