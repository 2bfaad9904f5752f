"""The spaCy pipeline over all clauses of a document, in a few large Docs instead of one per clause.

An agreement has hundreds of clauses, most of them short; a Doc per clause paid spaCy's per-Doc
costs (the Doc and its span groups, the pipeline's per-call work) hundreds of times. Clause texts
are joined with ``SEPARATOR`` into batches of up to ``BATCH_CHARS`` characters and each batch is
one Doc. spaCy's tokenizer cuts text at every run of whitespace and tokenises the pieces between
independently, so a clause gets exactly the tokens it gets alone; that is checked for every clause
(its first token starts where its text starts, its last token ends where it ends), and a batch that
fails the check (a clause text with whitespace at an end) is run a clause at a time instead. No
catalogue phrase contains the separator, so no match straddles two clauses. Sentences are cut per
clause (``nlp.sentence_starts``), exactly as the pipeline's sentence component cuts a lone clause.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.detect.nlp import SENTENCES, SPANS_KEY, sentence_starts, token_flags
from pipeline.types import Clause

SEPARATOR = " \n "
BATCH_CHARS = 4_000  # a few clauses: see the module docstring


@dataclass(frozen=True, slots=True)
class SharedDoc:
    """One batch Doc and what its clauses read from it: per-token flags and character bounds."""

    doc: Doc
    punct: list[int]
    ends: list[int]
    begin: list[int]  # character where each token starts in the Doc text
    finish: list[int]  # character where each token ends


@dataclass(frozen=True, slots=True)
class ClauseTokens:
    """One clause inside a batch Doc: tokens ``[start, end)``, its text from character ``offset``."""

    shared: SharedDoc
    start: int
    end: int
    offset: int
    matches: tuple[tuple[str, int, int], ...]  # (label, start token, end token), in text order

    def sentence_starts(self) -> list[int]:
        return sentence_starts(self.shared.punct, self.shared.ends, self.start, self.end)

    def char_span(self, start: int, end: int) -> tuple[int, int]:
        """Clause-text characters of tokens ``[start, end)``."""
        return self.shared.begin[start] - self.offset, self.shared.finish[end - 1] - self.offset


def clause_tokens(nlp: Language, clauses: Sequence[Clause]) -> Iterator[tuple[Clause, ClauseTokens]]:
    """Every clause with text, in order, with its tokens and phrase matches."""
    batch: list[Clause] = []
    size = 0
    for clause in clauses:
        if not clause.text:
            continue
        if batch and size + len(clause.text) > BATCH_CHARS:
            yield from _run_batch(nlp, batch)
            batch, size = [], 0
        batch.append(clause)
        size += len(clause.text) + len(SEPARATOR)
    if batch:
        yield from _run_batch(nlp, batch)


def _run_batch(nlp: Language, batch: list[Clause]) -> Iterator[tuple[Clause, ClauseTokens]]:
    shared = _shared_doc(nlp, SEPARATOR.join(c.text for c in batch))
    found = _split(shared, batch)
    if found is not None:
        yield from found
        return
    for clause in batch:  # some clause did not tokenise as it would alone: a Doc of its own each
        alone = _shared_doc(nlp, clause.text)
        matches = tuple(alone.doc.user_data.get(SPANS_KEY, ()))
        yield clause, ClauseTokens(alone, 0, len(alone.doc), 0, matches)


def _shared_doc(nlp: Language, text: str) -> SharedDoc:
    """``text`` through the pipeline (less its sentence component: sentences are cut per clause)."""
    doc = nlp.make_doc(text)
    for name, component in nlp.pipeline:
        if name != SENTENCES:
            doc = component(doc)
    chars = doc.to_array([IDX, LENGTH])
    punct, ends = token_flags(doc)
    return SharedDoc(doc, punct, ends, chars[:, 0].tolist(), (chars[:, 0] + chars[:, 1]).tolist())


def _split(shared: SharedDoc, batch: list[Clause]) -> list[tuple[Clause, ClauseTokens]] | None:
    """The batch Doc cut into its clauses, or None when a clause's tokens do not align with its text."""
    matches: list[tuple[str, int, int]] = list(shared.doc.user_data.get(SPANS_KEY, ()))
    match_starts = [m[1] for m in matches]
    out = []
    offset = 0
    for clause in batch:
        stop = offset + len(clause.text)
        start, end = bisect_left(shared.begin, offset), bisect_left(shared.begin, stop)
        if start == end or shared.begin[start] != offset or shared.finish[end - 1] != stop:
            return None
        inside = matches[bisect_left(match_starts, start) : bisect_left(match_starts, end)]
        out.append((clause, ClauseTokens(shared, start, end, offset, tuple(inside))))
        offset = stop + len(SEPARATOR)
    return out
