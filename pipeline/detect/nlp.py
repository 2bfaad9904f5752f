"""The one spaCy pipeline of detection: blank English tokenizer + sentence starts + catalogue phrases.

No downloaded model is needed: ``spacy-lookups-data`` provides the lemma lookup table. Every
lexeme's ``NORM`` is the lemma of its lower-cased text, set once when the vocabulary first meets the
word (so a document costs nothing for it), and the phrase matcher matches catalogue phrases on
``NORM``, so "Notified", "notifies" and "notify" are one phrase. Match labels are
``"<requirement_id>/<group>"`` where group is a cue group name or one of ``_boost``, ``_neg``,
``_dist``; the matches of a Doc are ``doc.user_data[SPANS_KEY]``, ``(label, start, end)`` in text order.

Speed: the pipeline runs over every clause of every agreement, so it keeps to what the rules read
(token text, norms, sentence starts, phrase matches). Lexemes compute only the two attributes used
(``NORM``, ``IS_PUNCT``), sentence starts are set from token arrays, and matches are plain tuples
rather than ``Span`` objects in a ``SpanGroup``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import spacy
from spacy.attrs import IS_PUNCT, NORM, SENT_START
from spacy.language import Language
from spacy.lookups import Table, load_lookups
from spacy.matcher import PhraseMatcher
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.detect.catalogue import Catalogue, default_catalogue
from pipeline.gc_pause import gc_paused

SPANS_KEY = "soppa"
BOOST, NEGATION, DISTRACTOR = "_boost", "_neg", "_dist"
# The characters after which spaCy's ``sentencizer`` starts a new sentence.
_SENTENCE_END_CHARS = frozenset(Sentencizer.default_punct_chars)


@lru_cache(maxsize=1)
def _lemma_table() -> Table:
    return load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")


@lru_cache(maxsize=200_000)
def normalise_word(text: str) -> str:
    """Lower-case lookup lemma of one token ("Subprocessors" -> "subprocessor")."""
    lower = text.lower()
    lemma = _lemma_table().get(lower, None)
    if lemma is None and len(lower) > 4 and lower.endswith("s") and not lower.endswith("ss"):
        lemma = lower[:-1]
    return str(lemma if lemma is not None else lower)


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    """One catalogue phrase found in a text: label, token range and character range."""

    label: str
    start: int
    end: int
    start_char: int
    end_char: int
    text: str


SENTENCES = "soppa_sentences"


def token_flags(doc: Doc) -> tuple[list[int], list[int]]:
    """Per token: is it punctuation, and is it one of the sentencizer's sentence-ending characters."""
    if not len(doc):
        return [], []
    flags = doc.to_array([IS_PUNCT, _sentence_end_flag(doc.vocab)])
    return flags[:, 0].tolist(), flags[:, 1].tolist()


def sentence_starts(punct: list[int], ends: list[int], start: int, end: int) -> list[int]:
    """Where the sentences of tokens ``[start, end)`` start, exactly as spaCy's ``sentencizer``
    (default punctuation) would cut those tokens alone: a token other than punctuation starts a
    sentence when a sentence-ending character came since the previous such token."""
    starts = [start]
    seen = False
    for i in range(start, end):
        if seen and not punct[i] and not ends[i]:
            starts.append(i)
            seen = False
        elif ends[i]:
            seen = True
    return starts if end > start else []


@Language.component(SENTENCES)
def soppa_sentences(doc: Doc) -> Doc:
    """Sentence starts as spaCy's ``sentencizer`` sets them, read from token arrays (the
    ``sentencizer`` builds a ``Token`` object per token, which cost more than tokenising)."""
    if not len(doc):
        return doc
    flags = np.full(len(doc), -1, dtype=np.int64)
    flags[sentence_starts(*token_flags(doc), 0, len(doc))] = 1
    doc.from_array([SENT_START], flags.view(np.uint64).reshape(-1, 1))  # type: ignore[arg-type]
    return doc


def _sentence_end_flag(vocab: Vocab) -> int:
    """The lexeme flag "is one of the sentencizer's sentence-ending characters" of ``vocab``."""
    flag = _END_FLAGS.get(id(vocab))
    if flag is None or flag[0] is not vocab:  # the vocabulary is kept alive, so ids are not reused
        flag = _END_FLAGS[id(vocab)] = (vocab, vocab.add_flag(_SENTENCE_END_CHARS.__contains__))
    return flag[1]


_END_FLAGS: dict[int, tuple[Vocab, int]] = {}


class PhraseTagger:
    """Catalogue phrases matched on ``NORM``; the matches go to ``doc.user_data[SPANS_KEY]``.

    Each match is a ``(label, start token, end token)`` tuple; same matches, order and
    de-duplication as a ``span_ruler`` over ``NORM`` (sorted by position, then by label id), without
    building ``Span`` objects.
    """

    def __init__(self, nlp: Language, name: str = "soppa_phrases") -> None:
        self.nlp = nlp
        self.name = name
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self.labels: dict[int, str] = {}

    def add_patterns(self, patterns: list[dict[str, str]]) -> None:
        """Add ``{"label": ..., "pattern": phrase}`` entries."""
        by_label: dict[str, list[Doc]] = {}
        for entry in patterns:
            by_label.setdefault(entry["label"], []).append(self.nlp.make_doc(entry["pattern"]))
        for label, docs in by_label.items():
            self.labels[self.nlp.vocab.strings.add(label)] = label
            self.matcher.add(label, docs)

    def __call__(self, doc: Doc) -> Doc:
        found = {(key, start, end) for key, start, end in self.matcher(doc) if start != end}
        ordered = sorted(found, key=lambda m: (m[1], m[2], m[0]))
        doc.user_data[SPANS_KEY] = tuple((self.labels[key], start, end) for key, start, end in ordered)
        return doc


@Language.factory("soppa_phrases")
def make_phrase_tagger(nlp: Language, name: str) -> PhraseTagger:
    return PhraseTagger(nlp, name)


def _lemma_norms(nlp: Language) -> None:
    """Make every lexeme's ``NORM`` its lookup lemma, and compute no other lexeme attribute but
    ``IS_PUNCT`` (sentence starts): the rules read nothing else, and a new word of the vocabulary
    cost twenty attribute functions. Tokenizer exceptions lose their own norms ("n't" -> "not"),
    so that every token's norm is its lexeme's."""
    vocab = nlp.vocab
    getters = vocab.lex_attr_getters  # type: ignore[attr-defined]
    vocab.lex_attr_getters = {IS_PUNCT: getters[IS_PUNCT], NORM: normalise_word}  # type: ignore[attr-defined]
    for lexeme in vocab:
        lexeme.norm_ = normalise_word(lexeme.orth_)
    tokenizer: Any = nlp.tokenizer  # a spaCy Tokenizer (compiled, no type stubs)
    tokenizer.rules = {
        text: [{attr: value for attr, value in token.items() if attr != NORM} for token in tokens]
        for text, tokens in (tokenizer.rules or {}).items()
    }


def build_nlp(catalogue: Catalogue) -> Language:
    """Build the detection pipeline for a catalogue (expensive: call once, reuse read-only)."""
    nlp = spacy.blank("en")
    _lemma_norms(nlp)
    _sentence_end_flag(nlp.vocab)
    nlp.add_pipe(SENTENCES)
    tagger = nlp.add_pipe("soppa_phrases")
    tagger.add_patterns(_patterns(catalogue))  # type: ignore[attr-defined]
    return nlp


@lru_cache(maxsize=1)
def default_nlp() -> Language:
    """The pipeline for the packaged catalogue, built once per process.

    Built with the cyclic collector paused: its many long-lived objects (vocabulary, lookup
    tables, matchers) then go to the oldest generation directly instead of being walked by every
    young collection on the way there (see ``pipeline.gc_pause``).
    """
    with gc_paused():
        return build_nlp(default_catalogue())


def _patterns(catalogue: Catalogue) -> list[dict[str, str]]:
    """One phrase pattern per (requirement, group, phrase)."""
    patterns: list[dict[str, str]] = []
    for req in catalogue.requirements:
        groups = {name: group.phrases for name, group in req.cues.items()}
        groups |= {BOOST: req.boosts, NEGATION: req.negations, DISTRACTOR: req.distractors}
        for group, phrases in groups.items():
            for phrase in catalogue.expand(tuple(phrases)):
                patterns.append({"label": f"{req.id.value}/{group}", "pattern": phrase})
    return patterns
