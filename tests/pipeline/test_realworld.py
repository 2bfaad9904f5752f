"""Robustness on real files: each one is accepted and parsed, or refused with a plain message, in time.

Every file under the real-world folder (contracts, hard cases from PDF libraries' test suites, scans) runs
in a child process with a deadline (``pipeline.guard``), so a hang or crash in MuPDF fails one case instead
of freezing the suite. ``EXPECTED_REFUSALS`` records which files are refused and why; every other file
must go through ingest, parse and segment.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.errors import PipelineError
from pipeline.guard import run_guarded
from tests.conftest import REALWORLD as SHARED_REALWORLD
from tests.pipeline.plain_message import assert_plain_message
from tests.pipeline.stages_in_child import Accepted, ingest_only, ingest_parse_segment

pytestmark = pytest.mark.slow

REALWORLD = Path(os.environ.get("DPA_REALWORLD_DIR", SHARED_REALWORLD))
PER_FILE_TIMEOUT_S = 60.0

_ENCRYPTED = "encrypted_pdf"
_CORRUPT = "corrupt_pdf"
_NOT_A_DOCUMENT = "unsupported_type"

# Relative path -> the code it is refused with. Why, per file:
EXPECTED_REFUSALS: dict[str, str] = {
    "MANIFEST.tsv": _NOT_A_DOCUMENT,  # the folder's licence list: a text file
    # "%PDF-1.3" followed by one line of prose: nothing to open.
    "hard/ocrmypdf__invalid.pdf": _CORRUPT,
    # Page 1 loads, pages 2-3 sit in a cycle of the page tree.
    "hard/pyhanko__circular-page-tree.pdf": _CORRUPT,
    # Password (standard security handler) that the empty password does not open.
    "hard/pyhanko__malformed-encrypt-dict1.pdf": _ENCRYPTED,
    "hard/pyhanko__minimal-aes256-empty-encrypted-string.pdf": _ENCRYPTED,
    "hard/pyhanko__minimal-aes256-malformed-perms.pdf": _ENCRYPTED,
    "hard/pyhanko__minimal-two-fields-aes256.pdf": _ENCRYPTED,
    # Certificate (public-key) encryption: MuPDF cannot open it at all.
    "hard/pyhanko__minimal-pubkey-rc4.pdf": _ENCRYPTED,
    "hard/pyhanko__signed-encrypted-pubkey-with-catalog-ref.pdf": _ENCRYPTED,
    # OCR reference texts that sit next to the scans.
    "scanned/ABILITYINC_06_15_2020-EX-425-SERVICESAGREEMENT_groundtruth.txt": _NOT_A_DOCUMENT,
    "scanned/ADUROBIOTECHINC_06_02_2020-EX-107-CONSULTINGAGREEMENT1_groundtruth.txt": _NOT_A_DOCUMENT,
    "scanned/AMERICASSHOPPINGMALLINC_12_10_1999-EX-102-SITEDEVELOPMENTAND_groundtruth.txt": _NOT_A_DOCUMENT,
    "scanned/ASPIRITYHOLDINGSLLC_05_07_2012-EX-106-OUTSOURCINGAGREEMENT_groundtruth.txt": _NOT_A_DOCUMENT,
}
# Accepted although a strict reader refuses them: MuPDF rebuilds the cross-reference table and the file
# ends properly, so the text is complete ("Hello World", as in the intact minimal file).
REPAIRED_AND_ACCEPTED = (
    "hard/pyhanko__minimal-badxref.pdf",
    "hard/pyhanko__minimal-startxref-hopeless.pdf",
    "hard/pyhanko__minimal-startxref-hopeless3.pdf",
    "hard/pyhanko__minimal-startxref-obo6.pdf",
)


def _all_files() -> list[str]:
    if not REALWORLD.is_dir():
        return []
    return sorted(str(p.relative_to(REALWORLD)) for p in REALWORLD.rglob("*") if p.is_file())


ALL_FILES = _all_files()
HARD_FILES = [name for name in ALL_FILES if name.startswith("hard/")]


def _check(relative: str, outcome: Accepted | PipelineError) -> None:
    expected_code = EXPECTED_REFUSALS.get(relative)
    if expected_code is None:
        assert isinstance(outcome, Accepted), f"{relative} refused: {outcome!r}"
        assert outcome.pages >= 1
    else:
        assert isinstance(outcome, PipelineError), f"{relative} accepted, expected {expected_code}"
        assert outcome.code == expected_code
        assert_plain_message(outcome, Path(relative).name)


def _run(func: Callable[[str], Accepted], relative: str) -> Accepted | PipelineError:
    try:
        return run_guarded(func, str(REALWORLD / relative), timeout=PER_FILE_TIMEOUT_S, file_name=relative)
    except PipelineError as error:
        assert error.code not in ("timeout", "unreadable_pdf"), f"{relative}: {error.message}"
        return error


@pytest.mark.parametrize("relative", ALL_FILES, ids=ALL_FILES)
def test_file_is_parsed_and_segmented_or_plainly_refused(relative: str) -> None:
    outcome = _run(ingest_parse_segment, relative)
    _check(relative, outcome)
    if relative.startswith("contracts/") or relative in REPAIRED_AND_ACCEPTED:
        assert isinstance(outcome, Accepted)
        assert outcome.text_chars > 0  # the text layer was read, not just the page count
    if relative.startswith("contracts/"):
        assert isinstance(outcome, Accepted) and outcome.clauses > 0


@pytest.mark.parametrize("relative", HARD_FILES, ids=HARD_FILES)
def test_ingest_alone_sorts_the_hard_files(relative: str) -> None:
    _check(relative, _run(ingest_only, relative))


def test_expected_refusals_name_existing_files() -> None:
    if not ALL_FILES:
        pytest.skip(f"{REALWORLD} not present")
    assert set(EXPECTED_REFUSALS) <= set(ALL_FILES)
    assert set(REPAIRED_AND_ACCEPTED) <= set(ALL_FILES) - set(EXPECTED_REFUSALS)
    contracts = [name for name in ALL_FILES if name.startswith("contracts/")]
    assert len(contracts) >= 30
    assert not any(name in EXPECTED_REFUSALS for name in contracts)
