"""Failed verification checks in plain words: what is wrong, on which page, and what the reviewer can do.

A report that only says "not verified" leaves the reviewer guessing; each builder here turns one
failed check into a ``VerificationFailure`` a school technology director can act on. The wording
says "run the redaction again" because a reviewer applies again in the app and the CLI user re-runs
``dpa redact``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pipeline.geometry import overlaps
from pipeline.redact.types import FailedCheck, Proposal, ProtectedPassage, VerificationFailure

_QUOTE = 80  # characters of a passage quoted in a sentence; the record keeps it whole


def protected_missing(passage: ProtectedPassage, proposals: Sequence[Proposal]) -> VerificationFailure:
    """A never-redactable provision no longer reads in full; names the boxes that touch it, if any."""
    touching = [p for p in proposals if p.page == passage.page and overlaps(p.bbox, passage.bbox)]
    problem = (
        f"{_capital(passage.provision)} on page {passage.page} can no longer be read in full in the "
        f"redacted copy: {_quote(passage.text)}. The law never allows this provision to be hidden "
        "from the posted copy (105 ILCS 85/15(4)(F))."
    )
    if touching:
        boxes = "; ".join(_box(p) for p in touching)
        advice = (
            f"Reject the box that covers it ({boxes}), or draw a smaller box that leaves the provision "
            "clear, then run the redaction again."
        )
    else:
        advice = (
            f"No box touches it, so the redacted copy probably reads it differently. Compare page "
            f"{passage.page} of the redacted copy with the original; if the provision is intact, run the "
            "redaction again, and if this check still fails, ask your system administrator before posting."
        )
    return VerificationFailure(
        FailedCheck.PROTECTED_PROVISION_MISSING,
        problem,
        advice,
        text=passage.text,
        pages=(passage.page,),
        provision=passage.provision,
        requirement=passage.requirement,
    )


def text_still_readable(text: str, extractors: Sequence[str], pages: Iterable[int]) -> VerificationFailure:
    """A redacted string that some extractor still reads in the output."""
    where = _pages(pages)
    problem = (
        f"{_quote(text)} was to be blacked out but can still be read in the redacted copy"
        f"{' on ' + where if where else ''} (found by {_and(extractors)})."
    )
    advice = (
        "Make sure every place it occurs has an accepted box (adding it as a term boxes every "
        "occurrence), then run the redaction again."
    )
    return VerificationFailure(
        FailedCheck.TEXT_STILL_READABLE, problem, advice, text, tuple(sorted(set(pages)))
    )


def words_under_box(page: int, words: Sequence[str]) -> VerificationFailure:
    """Words that survived under the boxes of one page."""
    text = " ".join(words)
    problem = f"Text is still readable under a black box on page {page}: {_quote(text)}."
    advice = (
        "Run the redaction again. If the words are still there, draw a box a little larger than them; "
        "if they were boxed by mistake, reject that box instead."
    )
    return VerificationFailure(FailedCheck.WORD_UNDER_BOX, problem, advice, text, (page,))


def image_under_box(pages: Sequence[int]) -> VerificationFailure:
    """Part of a picture (a signature, a scanned page) still visible under boxes."""
    problem = f"Part of a picture is still visible under a black box on {_pages(pages)}."
    advice = (
        "Run the redaction again. If it stays, draw the box over the whole picture (a signature or a "
        "logo) so the picture is removed entirely."
    )
    return VerificationFailure(FailedCheck.IMAGE_UNDER_BOX, problem, advice, pages=tuple(sorted(set(pages))))


def hidden_data(problems: Sequence[str], pages: Iterable[int]) -> VerificationFailure:
    """Copies outside the page text (properties, comments, form fields, attachments) left in the file."""
    problem = (
        "The redacted file still carries hidden data that could repeat what was blacked out: "
        f"{'; '.join(problems)}."
    )
    advice = (
        "Run the redaction again: it rewrites the file without these. If they remain, do not post the "
        "copy and ask your system administrator to look at the original file."
    )
    return VerificationFailure(FailedCheck.HIDDEN_DATA, problem, advice, pages=tuple(sorted(set(pages))))


def extra_revision() -> VerificationFailure:
    """The file was saved as an update on top of an earlier version, which still holds the old text."""
    problem = (
        "The redacted file keeps an earlier version of itself, in which the blacked-out text can still "
        "be read."
    )
    advice = (
        "Run the redaction again so the file is written anew, and do not open and re-save the redacted "
        "copy in another program before posting it."
    )
    return VerificationFailure(FailedCheck.EXTRA_REVISION, problem, advice)


def page_count_changed(before: int, after: int) -> VerificationFailure:
    """The output has a different number of pages from the original."""
    problem = f"The redacted copy has {after} page(s) but the original has {before}."
    advice = (
        "Run the redaction again. If the count still differs, the original file may be damaged: ask the "
        "operator for a fresh copy of the agreement."
    )
    return VerificationFailure(FailedCheck.PAGE_COUNT_CHANGED, problem, advice)


def page_changed(page: int) -> VerificationFailure:
    """A page whose rendering changed outside the boxes: something next to a box was lost."""
    problem = (
        f"Page {page} changed outside the black boxes: a box also removed something next to it, such as "
        "a table line, a picture or nearby words."
    )
    advice = (
        f"Compare page {page} of the preview with the original. Make the box there smaller (draw it "
        "around only the words to hide) or reject it, then run the redaction again."
    )
    return VerificationFailure(FailedCheck.PAGE_CHANGED_OUTSIDE_BOXES, problem, advice, pages=(page,))


def _box(p: Proposal) -> str:
    return f"page {p.page}, over {_quote(p.text)}" if p.text else f"page {p.page}, over a picture"


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    return f"“{flat if len(flat) <= _QUOTE else flat[: _QUOTE - 1].rstrip() + '…'}”"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _pages(pages: Iterable[int]) -> str:
    numbers = sorted(set(pages))
    if not numbers:
        return ""
    return ("page " if len(numbers) == 1 else "pages ") + _and([str(n) for n in numbers])


def _and(items: Sequence[str]) -> str:
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
