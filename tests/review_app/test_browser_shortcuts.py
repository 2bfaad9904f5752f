"""Keyboard shortcuts of the review page in a real headless Chromium: the keys reach the database.

N / P walk the checklist, A approves, X rejects; typing the same letters into the note field
decides nothing. Screenshot of the page with the hint line goes to ``DPA_SCREENSHOT_DIR``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright
from sqlalchemy import select

from dpa.review.checklist_views import checklist
from models import Check
from models.db import open_database
from models.enums import ReviewAction
from pipeline.findings import Verdict
from tests.review_app.seed import build_template, settings_for
from tests.review_app.test_browser import APP, CHROMIUM, _free_port, _wait_healthy, sign_in

pytestmark = pytest.mark.browser

STEP_TIMEOUT_MS = 30_000


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path, int]]:
    """The ingested sample and one user per role, served on localhost; yields URL, folder, agreement."""
    agreement_id = build_template(tmp_path)
    settings = settings_for(tmp_path)
    port = _free_port()
    env = {
        **os.environ,
        "DPA_DATABASE_URL": settings.resolved_database_url,
        "DPA_DATA_DIR": str(settings.data_dir),
    }
    command = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    command += ["--browser.gatherUsageStats", "false"]
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, server)
        yield url, tmp_path, agreement_id
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def decisions(folder: Path) -> dict[int, list[tuple[ReviewAction, Verdict | None]]]:
    """Per check id, its decisions (action, verdict after) as stored."""
    database = open_database(settings_for(folder).resolved_database_url)
    with database.session_factory() as session:
        found = {
            c.id: [(d.decision, d.new_verdict) for d in c.decisions] for c in session.scalars(select(Check))
        }
    database.engine.dispose()
    return found


def order(folder: Path, agreement_id: int) -> list[tuple[int, str]]:
    """(check id, requirement) in the checklist's order, as the page shows it."""
    database = open_database(settings_for(folder).resolved_database_url)
    with database.session_factory() as session:
        rows = [(r.id, r.requirement_id.value) for r in checklist(session, agreement_id)]
    database.engine.dispose()
    return rows


def press_and_see(page: Page, key: str, text: str) -> None:
    page.keyboard.press(key)
    page.get_by_text(text).first.wait_for()


def selected(page: Page, check_id: int) -> None:
    """Wait until the decision buttons of ``check_id`` are on the page (it is the selected check)."""
    page.locator(f".st-key-review-approve-{check_id} button").wait_for()


def test_keys_approve_reject_and_walk_the_checklist(served: tuple[str, Path, int]) -> None:
    url, folder, agreement_id = served
    shots = Path(os.environ.get("DPA_SCREENSHOT_DIR", folder / "screenshots"))
    shots.mkdir(parents=True, exist_ok=True)
    (first, first_name), (second, second_name) = order(folder, agreement_id)[:2]
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(STEP_TIMEOUT_MS)
        page.goto(url)
        sign_in(page, "riley")
        page.get_by_role("link", name="Review").click()
        page.get_by_text("next check").first.wait_for()  # the hint line
        page.keyboard.press("n")
        selected(page, first)
        press_and_see(page, "a", f"{first_name}: approved")
        page.keyboard.press("n")
        selected(page, second)
        note = page.get_by_label("Note")
        note.click()
        note.type("a wrong passage: x marks it")  # the letters a, n, p and x are typing here
        page.get_by_role("heading", name="Review").click()  # leave the field: the keys work again
        verdict = page.get_by_role("combobox", name="Verdict (reject / correct)")
        verdict.click()
        verdict.fill("missing")  # the select's own search box: typing, no shortcut
        page.get_by_role("option", name="missing", exact=True).click()
        page.get_by_role("heading", name="Review").click()
        assert decisions(folder)[second] == []  # typing decided nothing
        press_and_see(page, "x", f"{second_name}: rejected, now missing")
        page.screenshot(path=str(shots / "review-shortcuts.png"), full_page=True)
        page.keyboard.press("p")
        selected(page, first)
        browser.close()
    stored = decisions(folder)
    assert stored[first] == [(ReviewAction.APPROVE, stored[first][0][1])] and stored[first][0][1] is not None
    assert stored[second] == [(ReviewAction.REJECT, Verdict.MISSING)]
    assert sum(1 for found in stored.values() if found) == 2  # nothing else was decided
    assert (shots / "review-shortcuts.png").stat().st_size > 10_000
