"""Score the pipeline against a labelled directory in the corpus format (``dpa eval DIR``).

For each ``NAME.labels.json`` the matching rendering (``NAME.pdf``, or ``NAME.scanned.pdf`` /
``NAME.docx`` with ``variant``) is checked and compared per requirement:

- presence precision / recall / F1 (predicted present = found or non_compliant, or needs_review with
  evidence);
- problem F1: flagged = any verdict other than ``found``; truly flagged = not (present and compliant);
- verdict accuracy: expected verdict = found / non_compliant / missing from the labels;
- value accuracy, over requirements labelled present with values, under a ``Matching`` policy
  (``dpa.devtools.eval_matching``, which also words the rules printed with the figures). Lenient, the default
  and documented interface: ``period``/``unit`` and ``stated`` must match exactly; ``url`` after dropping
  scheme, ``www.`` and a trailing slash; lists (``elements``, ``products``, ``names``) match item by item
  after lower-casing and removing punctuation, an item matching when equal, when one contains the other,
  or when their word sets overlap by at least 60% (Jaccard), and a list is correct when the F1 of matched
  items is at least 0.8; ``standards`` are compared by family and number ("ISO 27001" =
  "ISO/IEC 27001:2022", "SOC 2" = "SOC 2 Type II"). For operator_identity and signing the labels'
  top-level operator and signing are compared (names/titles with the list-item rule, dates exactly).
  Strict (``matching=Matching.strict()``, ``dpa eval --strict``): the same normalisation, but items must
  be equal and every listed item matched (item F1 = 1.0);
- evidence hit rate: a labelled-present requirement is a hit when any predicted evidence lies on the
  page of a labelled evidence sentence and overlaps it (half of the shorter text's words, or the boxes).
  Where a labelled sentence is printed is read from the digital ``NAME.pdf`` when a scan of the same
  pages is evaluated (a scan has no text layer to search), else from the checked PDF itself.

``only_with`` restricts any variant to the agreements that also have another rendering, so a scan or
a Word file is compared with the digital PDFs of the same agreements
(``--variant pdf --only-with scanned``).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pymupdf

from dpa.devtools.eval_evidence import LabelLocator
from dpa.devtools.eval_matching import LENIENT, Matching, values_match
from pipeline.findings import Checklist, RequirementId, RequirementResult, Verdict
from pipeline.parse.docx_to_pdf import convert_docx_to_pdf

if TYPE_CHECKING:  # redaction loads only when its figures are asked for
    from dpa.devtools.eval_redaction import RedactionEval

Checker = Callable[[Path], Checklist]


@dataclass
class RequirementScore:
    """Counts and rates for one requirement across the agreements."""

    requirement_id: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    problem_tp: int = 0
    problem_fp: int = 0
    problem_fn: int = 0
    verdict_ok: int = 0
    verdict_n: int = 0
    value_ok: int = 0
    value_n: int = 0
    evidence_ok: int = 0
    evidence_n: int = 0

    @property
    def presence_f1(self) -> float:
        return _f1(self.tp, self.fp, self.fn)

    @property
    def presence_precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def presence_recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def problem_f1(self) -> float:
        return _f1(self.problem_tp, self.problem_fp, self.problem_fn)

    def rates(self) -> dict[str, float | None]:
        """All figures of this requirement; None where nothing was counted."""
        return {
            "presence_precision": self.presence_precision,
            "presence_recall": self.presence_recall,
            "presence_f1": self.presence_f1,
            "problem_f1": self.problem_f1 if self.problem_tp + self.problem_fp + self.problem_fn else None,
            "verdict_accuracy": _ratio(self.verdict_ok, self.verdict_n) if self.verdict_n else None,
            "value_accuracy": _ratio(self.value_ok, self.value_n) if self.value_n else None,
            "evidence_hit_rate": _ratio(self.evidence_ok, self.evidence_n) if self.evidence_n else None,
        }


@dataclass(frozen=True)
class WrongItem:
    """One miss: which agreement and requirement, what was expected and what came out."""

    agreement: str
    requirement: str
    aspect: str  # verdict | value | evidence
    expected: str
    got: str


@dataclass
class EvalReport:
    """The scores of one evaluation run."""

    directory: str
    variant: str
    agreements: list[str] = field(default_factory=list)
    scores: dict[str, RequirementScore] = field(default_factory=dict)
    wrong: list[WrongItem] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    pooled_problem_f1: float = 0.0
    matching: Matching = LENIENT  # how values were compared with their labels
    redaction: RedactionEval | None = None  # redaction figures, when asked for (``redaction=True``)

    def macro(self) -> dict[str, float]:
        """Macro averages over requirements (a requirement with nothing counted is left out)."""
        out: dict[str, float] = {}
        rates = [s.rates() for s in self.scores.values()]
        for key in rates[0] if rates else ():
            values = [value for r in rates if (value := r[key]) is not None]
            out[key] = round(sum(values) / len(values), 4) if values else 0.0
        out["problem_f1_pooled"] = round(self.pooled_problem_f1, 4)
        return out


VARIANTS = {"pdf": ".pdf", "scanned": ".scanned.pdf", "docx": ".docx"}


def evaluate(
    directory: str | Path,
    variant: str = "pdf",
    checker: Checker | None = None,
    *,
    only_with: str | None = None,
    redaction: bool = False,
    matching: Matching = LENIENT,
) -> EvalReport:
    """Check every labelled agreement in ``directory`` and score the checklists against the labels.

    ``only_with`` (a variant name) keeps only the agreements that also have that rendering;
    ``matching`` decides how extracted values are compared with the labels (lenient or strict).
    """
    directory = Path(directory)
    checker = checker or _default_checker
    report = EvalReport(str(directory), variant, matching=matching)
    report.scores = {r.value: RequirementScore(r.value) for r in RequirementId}
    with tempfile.TemporaryDirectory() as work:
        for labels_path in sorted(directory.glob("*.labels.json")):
            document = _variant_path(labels_path, variant)
            if only_with is not None and _variant_path(labels_path, only_with) is None:
                continue
            if document is not None:
                _evaluate_one(report, labels_path, document, checker, Path(work))
    pooled = [
        sum(getattr(s, k) for s in report.scores.values()) for k in ("problem_tp", "problem_fp", "problem_fn")
    ]
    report.pooled_problem_f1 = _f1(*pooled)
    if redaction:  # each agreement also redacted, re-read and scored (``dpa.devtools.eval_redaction``)
        from dpa.devtools.eval_redaction import evaluate_redaction

        report.redaction = evaluate_redaction(directory, variant, only_with=only_with)
    return report


def _evaluate_one(
    report: EvalReport, labels_path: Path, document: Path, checker: Checker, work: Path
) -> None:
    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    name = labels.get("id") or labels_path.name.removesuffix(".labels.json")
    try:
        pdf = _as_pdf(document, work)
        checklist = checker(pdf)
    except Exception as exc:  # noqa: BLE001 - one broken file is reported, the rest still scored
        report.errors[name] = f"{type(exc).__name__}: {exc}"
        return
    report.agreements.append(name)
    _score_agreement(report, name, labels, checklist, LabelLocator(_label_pdf(labels_path, pdf)))


def _default_checker(path: Path) -> Checklist:
    from pipeline.run import check_pdf

    return check_pdf(path)


def _as_pdf(path: Path, work: Path) -> Path:
    """The PDF to check: the file itself, or the product's own conversion of a Word file into ``work``."""
    if path.suffix.lower() != ".docx":
        return path
    converted = work / (path.stem + ".pdf")
    converted.write_bytes(convert_docx_to_pdf(path.read_bytes()))
    return converted


def _variant_path(labels_path: Path, variant: str) -> Path | None:
    stem = labels_path.name.removesuffix(".labels.json")
    path = labels_path.with_name(stem + VARIANTS[variant])
    return path if path.exists() else None


def _label_pdf(labels_path: Path, checked: Path) -> Path:
    """Where to look up the labelled sentences: the digital twin of a scan with the same pages."""
    twin = _variant_path(labels_path, "pdf")
    if twin is None or twin == checked or not checked.name.endswith(VARIANTS["scanned"]):
        return checked
    with pymupdf.open(str(twin)) as digital, pymupdf.open(str(checked)) as scan:
        same = digital.page_count == scan.page_count
    return twin if same else checked


def _score_agreement(
    report: EvalReport, name: str, labels: Mapping[str, Any], checklist: Checklist, locator: LabelLocator
) -> None:
    for rid in RequirementId:
        truth = labels["requirements"].get(rid.value, {"present": False, "compliant": False})
        result = checklist.results.get(rid)
        score = report.scores[rid.value]
        got = result.verdict if result else Verdict.NEEDS_REVIEW
        expected = _expected_verdict(truth)
        _count_presence(score, bool(truth["present"]), _predicted_present(result))
        _count_problem(score, not (truth["present"] and truth["compliant"]), got != Verdict.FOUND)
        score.verdict_n += 1
        if got == expected:
            score.verdict_ok += 1
        else:
            report.wrong.append(
                WrongItem(
                    name,
                    rid.value,
                    "verdict",
                    expected.value,
                    f"{got.value}: {result.reason if result else ''}",
                )
            )
        if truth["present"]:
            _score_values(report, score, name, rid, truth, labels, result)
            _score_evidence(report, score, name, rid, truth, result, locator)


def _expected_verdict(truth: Mapping[str, Any]) -> Verdict:
    if not truth["present"]:
        return Verdict.MISSING
    return Verdict.FOUND if truth["compliant"] else Verdict.NON_COMPLIANT


def _predicted_present(result: RequirementResult | None) -> bool:
    if result is None:
        return False
    if result.verdict == Verdict.NEEDS_REVIEW:
        return bool(result.evidence)
    return result.verdict != Verdict.MISSING


def _count_presence(score: RequirementScore, truth: bool, predicted: bool) -> None:
    if truth and predicted:
        score.tp += 1
    elif predicted:
        score.fp += 1
    elif truth:
        score.fn += 1
    else:
        score.tn += 1


def _count_problem(score: RequirementScore, truth: bool, predicted: bool) -> None:
    if truth and predicted:
        score.problem_tp += 1
    elif predicted:
        score.problem_fp += 1
    elif truth:
        score.problem_fn += 1


# ---- values ---------------------------------------------------------------------------------------------


def _truth_values(
    rid: RequirementId, truth: Mapping[str, Any], labels: Mapping[str, Any]
) -> dict[str, Any] | None:
    if rid == RequirementId.OPERATOR_IDENTITY and labels.get("operator"):
        return dict(labels["operator"])
    if rid == RequirementId.SIGNING and labels.get("signing"):
        return dict(labels["signing"])
    values = truth.get("values")
    return dict(values) if values else None


def _score_values(
    report: EvalReport,
    score: RequirementScore,
    name: str,
    rid: RequirementId,
    truth: Mapping[str, Any],
    labels: Mapping[str, Any],
    result: RequirementResult | None,
) -> None:
    expected = _truth_values(rid, truth, labels)
    if expected is None:
        return
    got = dict(result.values) if result else {}
    score.value_n += 1
    bad = [
        key for key, value in expected.items() if not values_match(key, value, got.get(key), report.matching)
    ]
    if not bad:
        score.value_ok += 1
        return
    shown = {k: expected[k] for k in bad}
    report.wrong.append(
        WrongItem(name, rid.value, "value", json.dumps(shown), json.dumps({k: got.get(k) for k in bad}))
    )


# ---- evidence -------------------------------------------------------------------------------------------


def _score_evidence(
    report: EvalReport,
    score: RequirementScore,
    name: str,
    rid: RequirementId,
    truth: Mapping[str, Any],
    result: RequirementResult | None,
    locator: LabelLocator,
) -> None:
    sentences = [s for s in truth.get("evidence") or [] if s]
    if not sentences:
        return
    score.evidence_n += 1
    predicted = list(result.evidence) if result else []
    for sentence in sentences:
        for page in locator.locate(sentence):
            if any(ev.page == page and locator.overlaps(ev, sentence) for ev in predicted):
                score.evidence_ok += 1
                return
    got = "; ".join(f"p{e.page}: {e.text[:80]}" for e in predicted[:2]) or "(none)"
    report.wrong.append(WrongItem(name, rid.value, "evidence", sentences[0][:100], got))


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
