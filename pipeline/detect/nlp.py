"""The one spaCy pipeline of detection: blank English + normaliser + sentencizer + catalogue SpanRuler.

No downloaded model is needed: ``spacy-lookups-data`` provides the lemma lookup table. Each token's
``NORM`` is set to the lemma of its lower-cased text, and the SpanRuler matches catalogue phrases on
``NORM``, so "Notified", "notifies" and "notify" are one phrase. Span labels are
``"<requirement_id>/<group>"`` where group is a cue group name or one of ``_boost``, ``_neg``, ``_dist``.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import spacy
from spacy.attrs import NORM, ORTH
from spacy.language import Language
from spacy.lookups import Table, load_lookups
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.detect.catalogue import Catalogue, default_catalogue

SPANS_KEY = "soppa"
BOOST, NEGATION, DISTRACTOR = "_boost", "_neg", "_dist"


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


@Language.component("soppa_norm")
def soppa_norm(doc: Doc) -> Doc:
    """Set NORM to the lower-cased lookup lemma (the attribute every catalogue phrase matches on).

    Works on the token arrays with a per-vocabulary cache from ORTH to NORM id: iterating
    ``Token`` objects and setting ``norm_`` one by one cost as much as the tokenizer itself.
    """
    if not len(doc):
        return doc
    strings = doc.vocab.strings
    cache = _norm_ids(doc.vocab)
    orths = doc.to_array(ORTH).tolist()
    for orth in set(orths).difference(cache):
        cache[orth] = strings.add(normalise_word(strings[orth]))
    norms = np.fromiter((cache[orth] for orth in orths), dtype=np.uint64, count=len(orths))
    doc.from_array([NORM], norms.reshape(-1, 1))
    return doc


_NORM_IDS: dict[int, tuple[Vocab, dict[int, int]]] = {}


def _norm_ids(vocab: Vocab) -> dict[int, int]:
    """ORTH id -> NORM id for one vocabulary (the NORM string lives in that vocabulary's store)."""
    entry = _NORM_IDS.get(id(vocab))
    if entry is None or entry[0] is not vocab:  # the vocabulary is kept alive, so ids are not reused
        entry = _NORM_IDS[id(vocab)] = (vocab, {})
    return entry[1]


def build_nlp(catalogue: Catalogue) -> Language:
    """Build the detection pipeline for a catalogue (expensive: call once, reuse read-only)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("soppa_norm")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe(
        "span_ruler",
        config={"spans_key": SPANS_KEY, "phrase_matcher_attr": "NORM", "validate": True},
    )
    ruler.add_patterns(_patterns(catalogue))  # type: ignore[attr-defined]
    return nlp


@lru_cache(maxsize=1)
def default_nlp() -> Language:
    """The pipeline for the packaged catalogue, built once per process."""
    return build_nlp(default_catalogue())


def _patterns(catalogue: Catalogue) -> list[dict[str, str]]:
    """One phrase pattern per (requirement, group, phrase); the pattern id is the requirement id."""
    patterns: list[dict[str, str]] = []
    for req in catalogue.requirements:
        groups = {name: group.phrases for name, group in req.cues.items()}
        groups |= {BOOST: req.boosts, NEGATION: req.negations, DISTRACTOR: req.distractors}
        for group, phrases in groups.items():
            for phrase in catalogue.expand(tuple(phrases)):
                patterns.append({"label": f"{req.id.value}/{group}", "pattern": phrase, "id": req.id.value})
    return patterns
