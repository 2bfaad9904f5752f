"""End to end in a real headless Chromium against the app served on localhost.

A director signs in and uploads a sample agreement; a reviewer opens it, sees the evidence
highlighted, corrects one value and approves every check. The database and the audit log must
hold those decisions. Screenshots of the review page go to ``DPA_SCREENSHOT_DIR`` (default: the
test's temporary folder). Needs Debian's ``chromium`` and the ``playwright`` Python package.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pymupdf
import pytest
from playwright.sync_api import sync_playwright  # installed by the set-up; missing means failing
from sqlalchemy import select

from dpa.intake.uploads import ingest_file
from dpa.review.accounts import create_user
from models import Agreement, AuditEvent, Check
from models.db import open_database
from models.enums import AgreementStatus, ReviewAction
from pipeline.findings import RequirementId, Verdict
from tests.review_app.seed import PASSWORD, SAMPLE_PDF, USERS, settings_for

pytestmark = pytest.mark.browser

APP = Path(__file__).resolve().parents[2] / "review_app" / "streamlit_app.py"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
START_TIMEOUT_S = 60
STEP_TIMEOUT_MS = 90_000  # an upload runs the whole pipeline on a shared 2-core machine


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A users-only database and the app serving it; yields the URL and the folder."""
    settings = settings_for(tmp_path)
    database = open_database(settings.resolved_database_url)
    with database.session_factory() as session:
        for name, role in USERS.items():
            create_user(session, name, role, PASSWORD)
        session.commit()
    database.engine.dispose()
    port = _free_port()
    env = {
        **os.environ,
        "DPA_DATABASE_URL": settings.resolved_database_url,
        "DPA_DATA_DIR": str(settings.data_dir),
    }
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, server)
        yield url, tmp_path
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def _wait_healthy(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the app exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError("the app did not start")


def sign_in(page: object, name: str) -> None:
    page.get_by_label("User name").fill(name)  # type: ignore[attr-defined]
    page.locator("input[type=password]").fill(PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Sign in").click()  # type: ignore[attr-defined]
    page.get_by_text(f"Signed in as {name}").wait_for()  # type: ignore[attr-defined]


def click_and_see(page: object, selector: str, text: str) -> None:
    page.locator(selector).click()  # type: ignore[attr-defined]
    page.get_by_text(text).first.wait_for()  # type: ignore[attr-defined]


def undecided_checks(folder: Path) -> dict[RequirementId, int]:
    database = open_database(settings_for(folder).resolved_database_url)
    with database.session_factory() as session:
        checks = {c.requirement_id: c.id for c in session.scalars(select(Check)) if not c.decisions}
    database.engine.dispose()
    return checks


def test_director_uploads_and_reviewer_corrects_and_approves_everything(served: tuple[str, Path]) -> None:
    url, folder = served
    shots = Path(os.environ.get("DPA_SCREENSHOT_DIR", folder / "screenshots"))
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(STEP_TIMEOUT_MS)
        page.goto(url)
        sign_in(page, "dana")
        page.get_by_role("link", name="Upload").click()
        page.locator("input[type=file]").set_input_files(str(SAMPLE_PDF))
        page.get_by_test_id("stFileUploader").get_by_text(
            re.compile(r"[\d.]+KB")
        ).wait_for()  # the file is in
        click_and_see(page, ".st-key-upload-submit button", "Stored as agreement 1")
        page.get_by_role("button", name="Sign out").click()

        sign_in(page, "riley")
        page.get_by_role("link", name="Review").click()
        checks = undecided_checks(folder)
        breach = checks[RequirementId.BREACH_NOTICE]
        click_and_see(page, f".st-key-review-select-{breach} button", "evidence box(es) of breach_notice")
        page.locator(f".st-key-review-correct-{breach} button").wait_for()  # the run has finished
        image = page.get_by_test_id("stImage").first
        image.scroll_into_view_if_needed()
        image.screenshot(path=str(shots / "review-evidence-page.png"))
        page.screenshot(path=str(shots / "review-evidence.png"))
        page.get_by_label("Corrected values (JSON)").fill('{"period": 45, "unit": "calendar_days"}')
        click_and_see(
            page, f".st-key-review-correct-{breach} button", "breach_notice: corrected, now non_compliant"
        )
        click_and_see(page, ".st-key-review-approve_all button", "high-confidence checks")
        for requirement, check_id in undecided_checks(folder).items():
            click_and_see(page, f".st-key-review-select-{check_id} button", f"of {requirement.value}")
            click_and_see(page, f".st-key-review-approve-{check_id} button", f"{requirement.value}: approved")
        click_and_see(page, ".st-key-review-status-approved button", "The agreement is now approved")
        page.screenshot(path=str(shots / "review-approved.png"), full_page=True)
        browser.close()
    assert (shots / "review-evidence-page.png").stat().st_size > 10_000
    database = open_database(settings_for(folder).resolved_database_url)
    with database.session_factory() as session:
        agreement = session.scalars(select(Agreement)).one()
        assert agreement.status is AgreementStatus.APPROVED
        assert all(c.decisions and c.decisions[-1].user.name == "riley" for c in agreement.checks)
        breach_check = next(c for c in agreement.checks if c.requirement_id is RequirementId.BREACH_NOTICE)
        assert breach_check.verdict is Verdict.NON_COMPLIANT
        assert breach_check.decisions[0].decision is ReviewAction.CORRECT
        events = [(e.actor, e.action) for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    database.engine.dispose()
    assert events[:2] == [("dana", "agreement.ingested"), ("riley", "check.correct")] or (
        ("dana", "agreement.ingested") in events and ("riley", "check.correct") in events
    )
    assert ("riley", "checks.bulk_approved") in events and ("riley", "agreement.status") in events


class _Hits(BaseHTTPRequestHandler):
    """Counts every request: the planted image must never be fetched."""

    paths: list[str] = []

    def do_GET(self) -> None:
        type(self).paths.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def _planted_pdf(path: Path, bait: str) -> Path:
    """The sample agreement with a last page whose clauses hold a Markdown image and an HTML image."""
    with pymupdf.open(SAMPLE_PDF) as doc:
        page = doc.new_page()
        for top, text in (
            (72, f"14. Planted terms. The operator keeps planted ![x]({bait}/md.png) nowhere."),
            (144, f'15. Other terms. The operator keeps planted <img src="{bait}/html.png"> nowhere.'),
        ):
            page.insert_textbox(pymupdf.Rect(60, top, 560, top + 60), text, fontsize=10)
        doc.save(str(path))
    return path


def test_clause_text_is_shown_as_text_and_never_fetches_a_planted_image(served: tuple[str, Path]) -> None:
    url, folder = served
    bait_server = ThreadingHTTPServer(("127.0.0.1", 0), _Hits)
    threading.Thread(target=bait_server.serve_forever, daemon=True).start()
    bait = f"http://127.0.0.1:{bait_server.server_address[1]}"
    settings = settings_for(folder)
    database = open_database(settings.resolved_database_url)
    with database.session_factory() as session:
        ingest_file(session, settings, _planted_pdf(folder / "planted.pdf", bait), actor="dana")
        session.commit()
    database.engine.dispose()
    requested: list[str] = []
    try:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(STEP_TIMEOUT_MS)
            page.on("request", lambda request: requested.append(request.url))
            page.goto(url)
            sign_in(page, "riley")
            page.get_by_role("link", name="Review").click()
            check_id = next(iter(undecided_checks(folder).values()))
            click_and_see(page, f".st-key-review-select-{check_id} button", "Mark a different passage")
            page.get_by_text("Mark a different passage as the evidence").click()
            field = page.get_by_label("Text in the agreement")
            field.fill("keeps planted")
            field.press("Enter")
            page.get_by_text("Where it occurs").wait_for()
            page.wait_for_timeout(2_000)  # time for an image, had one been rendered, to be fetched
            assert requested, "the page's requests were watched"
            assert not [r for r in requested if r.startswith(bait)], "the browser fetched the planted image"
            assert _Hits.paths == []
            page.get_by_text(f"![x]({bait}/md.png)").first.wait_for(timeout=5_000)  # shown as text
            page.get_by_text(f'<img src="{bait}/html.png">').first.wait_for(timeout=5_000)
            browser.close()
    finally:
        bait_server.shutdown()
        bait_server.server_close()
