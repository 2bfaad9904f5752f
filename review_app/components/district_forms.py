"""Writes of the District and Breaches pages, as on_click callbacks, and the session-state keys they use.

The keys live here (prefixed ``district.`` / ``breach.``) rather than in ``state.py`` so the pages
that own them stay together. Each callback is one transaction through ``dpa.duties.district_settings`` or
``dpa.duties.breaches``, which check the role the database holds; a refusal leaves a message and
changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import streamlit as st

from dpa.duties import breaches
from dpa.duties import district_settings as district
from dpa.review.accounts import ReviewError
from dpa.transactions import Session
from review_app import resources, state

DISTRICT_NAME = "district.name"
DISTRICT_WEBSITE = "district.website"
DISTRICT_OFFICER = "district.officer"
DISTRICT_EMAIL = "district.email"
DISTRICT_PHONE = "district.phone"
DISTRICT_RIGHTS = "district.rights"
DISTRICT_ENROLLMENT = "district.enrollment"
SIGNER_NAME = "district.signer_name"
SIGNER_TITLE = "district.signer_title"

BREACH_OPERATOR = "breach.operator"
BREACH_DISCOVERED = "breach.discovered"
BREACH_FROM = "breach.from"
BREACH_TO = "breach.to"
BREACH_ESTIMATE = "breach.estimate"
BREACH_STUDENTS = "breach.students"
BREACH_INFORMATION = "breach.information"
BREACH_DESCRIPTION = "breach.description"
BREACH_OPERATOR_CONTACT = "breach.new_operator_contact"
BREACH_DELAYED_UNTIL = "breach.delayed_until"
BREACH_NOTICE_REQUIRED = "breach.notice_required"
BREACH_SELECTED = "breach.selected"
BREACH_CONTACT = "breach.operator_contact"
BREACH_NOTIFIED_ON = "breach.notified_on"

DISTRICT_OWN_SYSTEMS = "(the district's own systems)"


def _text(key: str) -> str:
    return str(st.session_state.get(key) or "")


def _run(action: Callable[[Session, Any], Any], done: Callable[[Any], str]) -> None:
    """Run one use case as the signed-in user in one transaction; flash the outcome."""
    actor = state.current_user()
    if actor is None:
        state.flash("error", "Sign in first.")
        return
    try:
        with resources.transaction() as session:
            result = action(session, actor)
    except ReviewError as exc:
        state.flash("error", str(exc))
        return
    state.flash("success", done(result))


def save_district() -> None:
    """Save the settings form (administrators only)."""
    changes = district.DistrictChanges(
        name=_text(DISTRICT_NAME),
        website_url=_text(DISTRICT_WEBSITE),
        privacy_officer_name=_text(DISTRICT_OFFICER),
        privacy_officer_email=_text(DISTRICT_EMAIL),
        privacy_officer_phone=_text(DISTRICT_PHONE),
        parents_rights_procedure=_text(DISTRICT_RIGHTS),
        enrollment=int(st.session_state.get(DISTRICT_ENROLLMENT) or 0),
    )
    _run(
        lambda session, actor: district.update_district(session, actor, changes),
        lambda info: f"Saved the settings of {info.name}.",
    )


def add_signer() -> None:
    """Add the signer typed in the form (administrators only)."""
    name, title = _text(SIGNER_NAME), _text(SIGNER_TITLE) or None
    _run(
        lambda session, actor: district.add_signer(session, actor, name, title),
        lambda signer: f"{signer.name} may now sign agreements for the district.",
    )


def remove_signer(signer_id: int) -> None:
    """Take one signer off the list (administrators only)."""
    _run(
        lambda session, actor: district.deactivate_signer(session, actor, signer_id),
        lambda signer: f"{signer.name} is no longer an authorized signer.",
    )


def record_breach() -> None:
    """Record the breach typed in the form (reviewers and administrators)."""
    operator = _text(BREACH_OPERATOR)
    students = st.session_state.get(BREACH_STUDENTS)
    data = breaches.NewBreach(
        discovered_on=st.session_state.get(BREACH_DISCOVERED) or date.today(),
        occurred_from=st.session_state.get(BREACH_FROM) or date.today(),
        occurred_to=st.session_state.get(BREACH_TO),
        date_is_estimate=bool(st.session_state.get(BREACH_ESTIMATE)),
        students_affected=int(students) if students is not None else None,
        information_involved=_text(BREACH_INFORMATION),
        description=_text(BREACH_DESCRIPTION) or None,
        operator=None if operator in ("", DISTRICT_OWN_SYSTEMS) else operator,
        operator_contact=_text(BREACH_OPERATOR_CONTACT) or None,
        notice_delayed_until=st.session_state.get(BREACH_DELAYED_UNTIL),
        parent_notice_required=bool(st.session_state.get(BREACH_NOTICE_REQUIRED, True)),
    )
    _run(lambda session, actor: breaches.record_breach(session, actor, data), _recorded)


def _recorded(view: breaches.BreachView) -> str:
    due = view.notice_due
    then = f"notify the parents by {due:%B %d, %Y}" if due else "no parent notice is required"
    return f"Recorded breach #{view.id}; {then}."


def mark_notified(breach_id: int) -> None:
    """Record the day the parent notice of one breach went out."""
    on = st.session_state.get(BREACH_NOTIFIED_ON) or date.today()
    _run(
        lambda session, actor: breaches.mark_parents_notified(session, actor, breach_id, on),
        lambda view: f"Breach #{view.id}: parents notified on {view.parents_notified_on}.",
    )
