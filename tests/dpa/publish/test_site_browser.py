"""Acceptance: from the samples to a published site, checked in a real headless Chromium.

The three sample agreements are ingested into a temporary database, every check is approved by a
reviewer through ``dpa.review.decisions``, each stored PDF is redacted with the pipeline (plan, apply,
verify) and the verified output is stored with an approved ``RedactionRun``. A director publishes;
the site is served on a free local port. The test checks the listed operators, follows every
agreement link to a PDF that passes ``verify_redactions`` again and holds none of the strings that
had to go, runs axe-core (bundled by the ``axe-playwright-python`` package) on every page and
requires no serious or critical violation, and checks that the pages fit a phone's width.
Screenshots go to ``DPA_SCREENSHOT_DIR`` (default: the test's temporary folder).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pdfplumber
import pymupdf
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, sync_playwright
from sqlalchemy import select
from sqlalchemy.orm import Session

from dpa.intake.uploads import ingest_file
from dpa.publish import publish
from dpa.review.accounts import create_user
from dpa.review.decisions import decide_check
from dpa.review.workflow import set_status
from dpa.settings import Settings
from models import Agreement, Breach, DistrictSettings, Operator, RedactionRun
from models.db import open_database
from models.enums import AgreementStatus, ReviewAction, Role
from pipeline.detect import detect
from pipeline.judge import judge
from pipeline.parse import parse
from pipeline.redact import RedactionPlan, apply_redactions, plan_redactions, verify_redactions
from pipeline.segment import segment

pytestmark = pytest.mark.browser

SAMPLES = Path(__file__).resolve().parents[3] / "samples"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PASSWORD = "correct horse battery"
# From samples/README.md: what a posted copy must not contain.
MUST_GO = ("mokafor@ashgrove212.example", "(217) 555-0132", "271987650", "4410229877", "36-5550142")
BLOCKING = {"serious", "critical"}
PHONE = {"width": 375, "height": 740}


@dataclass(frozen=True)
class Published:
    out: Path
    originals: dict[str, Path]  # redacted sha256 -> the PDF it was redacted from
    plans: dict[str, RedactionPlan]  # redacted sha256 -> its plan
    operators: list[str]


def _prepare(settings: Settings, work: Path) -> Published:
    """Ingest, review, redact and publish the samples."""
    database = open_database(settings.resolved_database_url)
    files = settings.file_store()
    originals: dict[str, Path] = {}
    plans: dict[str, RedactionPlan] = {}
    with database.session_factory.begin() as session:
        reviewer = create_user(session, "rita", Role.REVIEWER, PASSWORD)
        director = create_user(session, "dora", Role.DIRECTOR, PASSWORD)
        for sample in sorted(SAMPLES.glob("*.pdf")):
            agreement_id = ingest_file(session, settings, sample, actor="dora").agreement_id
            agreement = session.get(Agreement, agreement_id)
            assert agreement is not None
            for check in list(agreement.checks):
                decide_check(
                    session, reviewer, check.id, ReviewAction.APPROVE, expected_version=check.version
                )
            set_status(session, reviewer, agreement_id, AgreementStatus.APPROVED)
            source = files.path_for(agreement.file.pdf_sha256 or agreement.file.sha256)
            segmented = segment(parse(source, sha256=agreement.file.sha256))
            plan = plan_redactions(segmented, judge(detect(segmented)))
            output = apply_redactions(source, plan, work / f"{agreement_id}.redacted.pdf")
            report = verify_redactions(source, output, plan)
            assert report.verified, report.leaks
            stored = files.put(output.read_bytes())
            session.add(
                RedactionRun(
                    agreement_id=agreement_id,
                    created_by="rita",
                    proposals=[{"page": p.page, "text": p.text, "accepted": True} for p in plan.proposals],
                    output_sha256=stored.sha256,
                    output_path=files.relative_path(stored.sha256),
                    verified=True,
                    report={"leaks": list(report.leaks), "redactions": report.redactions},
                    approved_by="rita",
                )
            )
            set_status(session, reviewer, agreement_id, AgreementStatus.REDACTED)
            originals[stored.sha256], plans[stored.sha256] = source, plan
        _district_and_breach(session)
        result = publish(session, files, director, work / "site")
        operators = sorted(session.scalars(select(Operator.name)))
    database.engine.dispose()
    assert len(result.listing.agreements) == 3 and not result.listing.withheld
    return Published(result.out_dir, originals, plans, operators)


def _district_and_breach(session: Session) -> None:
    """A configured district and one listed breach, so those pages carry real content too."""
    session.add(
        DistrictSettings(
            id=1,
            district_name="Example Prairie Community Unit School District 9",
            privacy_officer_name="Privacy Officer",
            privacy_officer_email="privacy@district.example",
            parents_rights_procedure="To inspect or correct your child's information, write to the "
            "privacy officer.\n\nThe district answers within 30 days.",
        )
    )
    operator = session.scalars(select(Operator).order_by(Operator.name)).first()
    session.add(
        Breach(
            operator=operator,
            discovered_on=date(2025, 11, 3),
            occurred_from=date(2025, 10, 28),
            students_affected=140,
            information_involved="Names and grade levels",
            recorded_by="dora",
        )
    )
    session.flush()


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    work = tmp_path_factory.mktemp("publish")
    settings = Settings(data_dir=work / "data", database_url=f"sqlite:///{work / 'dpa.sqlite3'}")
    return _prepare(settings, work)


@pytest.fixture(scope="module")
def site_url(published: Published) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(published.out))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """Keep the test output clean."""


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            yield browser.new_page()
        finally:
            browser.close()


def _screenshot_dir(fallback: Path) -> Path:
    folder = Path(os.environ.get("DPA_SCREENSHOT_DIR") or fallback)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_index_lists_every_operator_and_links_verified_pdfs(
    published: Published, site_url: str, page: Page, tmp_path: Path
) -> None:
    page.goto(f"{site_url}/index.html")
    listed = page.locator("table tbody th[scope=row]").all_inner_texts()
    assert sorted(t.strip() for t in listed) == published.operators
    links = page.get_by_role("link", name="Redacted agreement with")
    assert links.count() == 3
    manifest = json.loads((published.out / "manifest.json").read_text())
    expected = {e["redacted"]["file"]: e["redacted"]["sha256"] for e in manifest["agreements"]}
    for i in range(links.count()):
        link = links.nth(i)
        name, href = link.inner_text(), link.get_attribute("href")
        assert href in expected and name.endswith("(PDF)")
        response = page.request.get(f"{site_url}/{href}")
        assert response.ok and response.headers["content-type"] == "application/pdf"
        data = response.body()
        sha = hashlib.sha256(data).hexdigest()
        assert sha == expected[href]
        downloaded = tmp_path / f"{i}.pdf"
        downloaded.write_bytes(data)
        _assert_redacted(published, sha, downloaded)
    page.screenshot(path=str(_screenshot_dir(tmp_path) / "publish-index.png"), full_page=True)


def _assert_redacted(published: Published, sha: str, downloaded: Path) -> None:
    plan = published.plans[sha]
    report = verify_redactions(published.originals[sha], downloaded, plan)
    assert report.verified, report.leaks
    with pymupdf.open(downloaded) as doc:
        fitz_text = "".join(p.get_text() for p in doc)
    with pdfplumber.open(downloaded) as pdf:
        plumber_text = "".join(p.extract_text() or "" for p in pdf.pages)
    for text in (*plan.texts, *MUST_GO):
        assert text not in fitz_text and text not in plumber_text, text


def test_every_page_passes_axe_and_fits_a_phone(
    published: Published, site_url: str, page: Page, tmp_path: Path
) -> None:
    pages = sorted(p.relative_to(published.out).as_posix() for p in published.out.rglob("*.html"))
    assert len(pages) == 3 + len(published.operators)
    axe = Axe()
    for relative in pages:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{site_url}/{relative}")
        assert page.locator("h1").count() == 1 and page.locator("html").get_attribute("lang") == "en"
        violations = axe.run(page).response["violations"]
        blocking = [f"{v['id']} ({v['impact']}): {v['help']}" for v in violations if v["impact"] in BLOCKING]
        assert not blocking, f"{relative}: {blocking}"
        page.set_viewport_size(PHONE)
        page.goto(f"{site_url}/{relative}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{relative} is {overflow}px wider than a phone"
    page.goto(f"{site_url}/index.html")
    page.screenshot(path=str(_screenshot_dir(tmp_path) / "publish-index-phone.png"), full_page=True)
    page.get_by_role("link", name=published.operators[0]).first.click()
    assert page.locator("h1").inner_text() == published.operators[0]
    assert page.get_by_role("heading", name="Subcontractors and third parties").count() >= 1
    page.goto(f"{site_url}/breaches.html")
    assert page.locator("table tbody tr").count() == 1 and "140" in page.locator("tbody").inner_text()


def test_skip_link_moves_focus_to_main(site_url: str, page: Page) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site_url}/index.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
