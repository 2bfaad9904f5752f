"""The detection pipeline's fast paths give exactly what the plain spaCy components give.

``pipeline.detect.nlp`` sets norms on lexemes, cuts sentences from token arrays and matches phrases
without ``Span`` objects; ``pipeline.detect.clause_docs`` runs many clauses in one Doc. Each is
checked here against the spaCy component it replaces (``sentencizer``, a norm per token, a
``span_ruler`` over ``NORM``) or against one Doc per clause, on the corpus agreement texts.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.detect import clause_docs
from pipeline.detect.catalogue import default_catalogue
from pipeline.detect.context import DocumentContext
from pipeline.detect.nlp import SPANS_KEY, _patterns, default_nlp, normalise_word
from tests.conftest import CORPUS
from tests.pipeline.detect_support import segmented

TRICKY = [
    "Provider can't and won't sell Student Data, e.g. to advertisers; it doesn't.",
    'Acme Learning, Inc. ("Acme") will notify the U.S. Department... within 72 hours!',
    '"Breach" means an unauthorized disclosure. Provider shall notify the District.',
    "(a) delete;  (b) return.\tThe end?! Yes.",
    "Subprocessors: Example Cloud Services, Inc.; Mailer Co. See www.example.com/subprocessors.",
    "",
    "   ",
    "No full stop at all",
]


@lru_cache(maxsize=1)
def corpus_paragraphs() -> tuple[str, ...]:
    """Every paragraph of the corpus sources, markdown and table pipes included (odd text is good)."""
    out: list[str] = []
    for source in sorted(CORPUS.glob("*.md")):
        body = source.read_text(encoding="utf-8").split("---", 2)[-1]
        out += [" ".join(p.split()) for p in re.split(r"\n\s*\n", body) if p.strip()]
    return tuple(out)


def _texts() -> list[str]:
    return [*TRICKY, *corpus_paragraphs()]


@Language.component("test_token_norms")
def _token_norms(doc: Doc) -> Doc:
    """The reference: every token's norm set one by one to its lookup lemma."""
    for token in doc:
        token.norm_ = normalise_word(token.text)
    return doc


@lru_cache(maxsize=1)
def reference_nlp() -> Language:
    """What detection ran before the fast paths: norms per token, sentencizer, span_ruler."""
    nlp = spacy.blank("en")
    nlp.add_pipe("test_token_norms")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("span_ruler", config={"spans_key": SPANS_KEY, "phrase_matcher_attr": "NORM"})
    ruler.add_patterns(_patterns(default_catalogue()))  # type: ignore[attr-defined]
    return nlp


def test_corpus_texts_are_there() -> None:
    assert len(corpus_paragraphs()) > 100


def test_tokens_and_norms_match_the_reference() -> None:
    for text in _texts():
        ours, ref = default_nlp()(text), reference_nlp()(text)
        assert [t.text for t in ours] == [t.text for t in ref], text
        assert [t.norm_ for t in ours] == [t.norm_ for t in ref], text


def test_exception_tokens_take_the_lookup_lemma_not_the_exception_norm() -> None:
    doc = default_nlp()("Provider can't sell it.")
    assert [t.text for t in doc][:3] == ["Provider", "ca", "n't"]
    assert doc[2].norm_ == normalise_word("n't")


def test_sentences_match_spacy_sentencizer() -> None:
    for text in _texts():
        ours, ref = default_nlp()(text), reference_nlp()(text)
        assert [s.text for s in ours.sents] == [s.text for s in ref.sents], text


def test_phrase_matches_match_a_span_ruler_over_norms() -> None:
    found = 0
    for text in _texts():
        ours = list(default_nlp()(text).user_data[SPANS_KEY])
        ref_doc = reference_nlp()(text)
        ref = [(s.label_, s.start, s.end) for s in ref_doc.spans[SPANS_KEY]]
        assert ours == ref, text
        found += len(ours)
    assert found > 500  # the corpus is full of catalogue phrases


def _lone_sentences(text: str) -> list[tuple[str, dict[str, list[tuple[int, int]]]]]:
    """Sentences and their matches (as character ranges) when the clause is a Doc of its own."""
    doc = reference_nlp()(text)
    out = []
    for sent in doc.sents:
        labels: dict[str, list[tuple[int, int]]] = {}
        for span in doc.spans[SPANS_KEY]:
            if sent.start <= span.start < sent.end:
                labels.setdefault(span.label_, []).append((span.start_char, span.end_char))
        out.append((sent.text, labels))
    return out


def _context_sentences(ctx: DocumentContext, clause_id: str) -> list[tuple[str, dict]]:
    out = []
    for sentence in ctx.sentences:
        if sentence.clause.id != clause_id:
            continue
        labels = {
            label: [(m.start_char, m.end_char) for m in sentence.spans(*label.split("/", 1))]
            for label in sentence.labels
        }
        out.append((sentence.text, labels))
    return out


@pytest.mark.parametrize("batch_chars", [1, 300, clause_docs.BATCH_CHARS])
def test_batched_clauses_cut_as_lone_clauses(monkeypatch: pytest.MonkeyPatch, batch_chars: int) -> None:
    """Sentences, their text, matches and character offsets are those of a Doc per clause, for any
    batch size, with clauses whose whitespace forces a Doc of their own among them."""
    monkeypatch.setattr(clause_docs, "BATCH_CHARS", batch_chars)
    texts = [*corpus_paragraphs()[:60], " leading space. Provider shall notify.", "trailing. ", *TRICKY]
    ctx = DocumentContext(segmented(*texts), default_catalogue(), default_nlp())
    for clause in ctx.segmented.clauses:
        expected = _lone_sentences(clause.text) if clause.text else []
        assert _context_sentences(ctx, clause.id) == expected, clause.text
    assert [s.order for s in ctx.sentences] == list(range(len(ctx.sentences)))


def test_clauses_share_batch_docs() -> None:
    pieces = list(clause_docs.clause_tokens(default_nlp(), segmented(*corpus_paragraphs()[:40]).clauses))
    docs = {id(tokens.shared.doc) for _, tokens in pieces}
    assert len(pieces) == 40 and len(docs) < 10


def test_a_clause_with_outer_whitespace_gets_a_doc_of_its_own() -> None:
    texts = ["First clause here.", " Spaced clause. ", "Last clause."]
    pieces = list(clause_docs.clause_tokens(default_nlp(), segmented(*texts).clauses))
    assert [tokens.shared.doc.text for _, tokens in pieces] == texts


def test_sentence_span_and_phrase_tokens_agree() -> None:
    """Token indices of a sentence and of its matches live in the same Doc (rules compare them)."""
    ctx = DocumentContext(
        segmented("Intro text.", "Provider will notify the District within 72 hours of a breach."),
        default_catalogue(),
        default_nlp(),
    )
    sentence = next(s for s in ctx.sentences if "notify" in s.text)
    notify = sentence.spans("breach_notice", "notify")
    assert notify and sentence.span.start <= notify[0].start < sentence.span.end
    assert notify[0].text.lower().startswith("notif")
    assert sentence.span.text == sentence.text
