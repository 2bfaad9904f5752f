"""The parts of the redaction page: the page with its boxes, the proposals, additions, the result.

Controls that change a run are disabled for anyone but a reviewer; ``dpa.redaction.runs``
refuses them anyway, so a disabled button is a courtesy, not the control.
"""

from __future__ import annotations

import streamlit as st

from dpa.redaction.preview import draw_run
from dpa.redaction.run_views import RunView, failure_message
from review_app import resources
from review_app.components import redaction_actions as actions
from review_app.components import redaction_state as keys
from review_app.components.plain import md

ZOOM = 1.5


def page_panel(run: RunView) -> int:
    """Page number, the preview switch and the page with the run's boxes; returns the page shown."""
    if run.page_count < 1 or not run.pdf_path.is_file():
        st.warning("The stored PDF of this agreement is not available.")
        return 1
    page = keys.page_number(run.page_count)
    st.session_state[keys.PAGE] = page
    st.number_input("Page", min_value=1, max_value=run.page_count, step=1, key=keys.PAGE)
    preview = st.toggle("Preview as posted", key=keys.PREVIEW)
    png = resources.page_png(run.pdf_sha256, page, ZOOM, run.pdf_path)
    on_page = [p for p in run.proposals if p.page == page]
    refused = sum(1 for r in run.refused if r.page == page)
    accepted = sum(p.accepted for p in on_page)
    caption = f"Page {page} of {run.page_count} · {accepted} of {len(on_page)} box(es) accepted"
    caption += f" · {refused} refused (red)" if refused else ""
    st.image(draw_run(png, run, page, ZOOM, preview=preview), caption=caption, width="stretch")
    return page


def proposals_panel(run: RunView, editable: bool) -> None:
    """One checkbox per proposal: ticked boxes are redacted when the run is applied."""
    st.markdown(f"**Proposals** ({run.accepted_count} of {len(run.proposals)} accepted)")
    if not run.proposals:
        st.caption("Nothing proposed. Add terms, patterns, boxes or clauses below.")
    for p in run.proposals:
        what = p.text or ("(image)" if p.source != "box" else "(drawn box)")
        asked = f" · {md(p.request)}" if p.request else ""
        st.checkbox(
            f"{p.index + 1}. page {p.page} · {md(p.label)} · {md(what)}{asked}",
            value=p.accepted,
            key=f"redact.accept.{run.id}.{run.version}.{p.index}",
            on_change=actions.set_accepted,
            args=(run.id, p.index, run.version, not p.accepted),
            disabled=not editable,
        )


def refusals_panel(run: RunView) -> None:
    """Every refused box with the plain reason: these can never be redacted, whoever asks."""
    if not run.refused:
        return
    st.markdown(f"**Refused** ({len(run.refused)}): protected by law, never redacted")
    for r in run.refused:
        asked = r.request or "proposed automatically"
        st.warning(f"Page {r.page}, {md(asked)}: “{md(r.text or '(box)')}” is {md(r.why)}.")


def additions_panel(run: RunView, page: int, clauses: list[tuple[str, str]], editable: bool) -> None:
    """Add by term, pattern, a box in points, or a whole clause."""
    args = (run.id, run.version)
    term, pattern, box, clause = st.tabs(["Term", "Pattern", "Box", "Clause"])
    with term:
        st.text_input("Words to redact wherever they occur", key=keys.TERM)
        st.button(
            "Add term", key="redact.add_term", on_click=actions.add_term, args=args, disabled=not editable
        )
    with pattern:
        st.text_input("Regular expression", key=keys.PATTERN, placeholder=r"e.g. \bStudent ID \d+")
        st.button(
            "Add pattern",
            key="redact.add_pattern",
            on_click=actions.add_pattern,
            args=args,
            disabled=not editable,
        )
    with box:
        st.session_state.setdefault(keys.BOX_PAGE, page)
        st.number_input("Page", min_value=1, max_value=max(run.page_count, 1), step=1, key=keys.BOX_PAGE)
        cols = st.columns(4)
        for col, (key, label) in zip(
            cols,
            ((keys.BOX_X0, "x0"), (keys.BOX_TOP, "top"), (keys.BOX_X1, "x1"), (keys.BOX_BOTTOM, "bottom")),
            strict=True,
        ):
            col.number_input(f"{label} (pt)", min_value=0.0, step=1.0, key=key)
        st.caption(
            "Points from the page's top-left corner (72 points to the inch; a letter page is 612 x 792)."
        )
        st.button("Add box", key="redact.add_box", on_click=actions.add_box, args=args, disabled=not editable)
    with clause:
        labels = dict(clauses)
        st.selectbox("Clause", options=list(labels), format_func=labels.__getitem__, key=keys.CLAUSE)
        st.button(
            "Add whole clause",
            key="redact.add_clause",
            on_click=actions.add_clause,
            args=args,
            disabled=not editable,
        )


def result_panel(run: RunView, can_apply: bool) -> None:
    """The apply button, then the stored verification: SHA-256, approver and the download, or each failure."""
    st.button(
        "Apply and verify",
        key="redact.apply",
        on_click=actions.apply,
        args=(run.id, run.version),
        type="primary",
        disabled=not can_apply or run.verified,
        help="Reviewers only. Removes text, images and graphics under the accepted boxes, then checks.",
    )
    if not run.applied or run.report is None:
        return
    if run.verified and run.output_sha256:
        st.success(
            f"Verified: {run.report.get('redactions', 0)} redaction(s), nothing recoverable. "
            f"SHA-256 {run.output_sha256}"
            + (
                f" · approved by {md(run.approved_by)} on {run.approved_at:%Y-%m-%d %H:%M} UTC"
                if run.approved_at
                else ""
            )
        )
        data = resources.settings().file_store().read(run.output_sha256)
        st.download_button(
            "Download the verified PDF",
            data=data,
            file_name=f"agreement-{run.agreement_id}-redacted.pdf",
            mime="application/pdf",
            key="redact.download",
        )
        return
    st.error(md("Last attempt " + failure_message(run.explained_failures)))
