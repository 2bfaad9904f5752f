"""Load and validate the requirement catalogue (``soppa_catalogue.yaml``).

The YAML is untrusted text edited by people, so it is loaded into pydantic models with
``extra="forbid"``: an unknown key, a missing field, an unknown rule/extractor name or a missing or
duplicated requirement fails at load with the file and the entry named.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pipeline.errors import PipelineError
from pipeline.findings import RequirementId

CATALOGUE_PATH = Path(__file__).with_name("soppa_catalogue.yaml")
_PLACEHOLDER = re.compile(r"^\{(\w+)\}$")


class CatalogueError(PipelineError):
    """The requirement catalogue is invalid (names the file and the entry)."""

    code = "catalogue_error"


class CueGroup(BaseModel):
    """A set of phrases one of which a sentence must (or may) contain."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    required: bool = True
    phrases: tuple[str, ...] = ()


class Requirement(BaseModel):
    """One SOPPA requirement: the law, its explanation and how to detect it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: RequirementId
    title: str
    citation: str
    explanation: str
    redactable: bool
    rule: str
    cues: dict[str, CueGroup] = Field(default_factory=dict)
    boosts: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    context_satisfies: tuple[str, ...] = ()
    negations: tuple[str, ...] = ()
    distractors: tuple[str, ...] = ()
    duty: bool = True
    extractors: tuple[str, ...] = ()

    @field_validator("context_satisfies")
    @classmethod
    def _groups_exist(cls, value: tuple[str, ...], info: object) -> tuple[str, ...]:
        cues = getattr(info, "data", {}).get("cues", {})
        unknown = [name for name in value if name not in cues]
        if unknown:
            raise ValueError(f"context_satisfies names unknown cue groups {unknown}")
        return value


class Catalogue(BaseModel):
    """The whole catalogue: version, shared vocabulary and the 13 requirements."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    version: str
    vocabulary: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    requirements: tuple[Requirement, ...]

    def get(self, requirement_id: str) -> Requirement:
        """The requirement with this id."""
        for requirement in self.requirements:
            if requirement.id == requirement_id:
                return requirement
        raise KeyError(requirement_id)

    def expand(self, phrases: tuple[str, ...]) -> tuple[str, ...]:
        """Replace ``{name}`` entries with the vocabulary they name."""
        out: list[str] = []
        for phrase in phrases:
            match = _PLACEHOLDER.match(phrase)
            out.extend(self.vocabulary[match.group(1)] if match else (phrase,))
        return tuple(dict.fromkeys(out))


def load_catalogue(path: Path | str = CATALOGUE_PATH) -> Catalogue:
    """Read, validate and cross-check a catalogue file; raise ``CatalogueError`` naming what is wrong."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogueError(f"cannot read catalogue: {exc}", file_name=str(path)) from exc
    try:
        catalogue = Catalogue.model_validate(raw)
    except ValidationError as exc:
        raise CatalogueError(_describe(exc, raw), file_name=str(path)) from exc
    _cross_check(catalogue, str(path))
    return catalogue


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    """The packaged catalogue, loaded once per process (read-only)."""
    return load_catalogue(CATALOGUE_PATH)


def _describe(exc: ValidationError, raw: object) -> str:
    """Turn pydantic's error locations into 'requirement <id>: field: message' lines."""
    lines = []
    for err in exc.errors():
        loc = list(err["loc"])
        where = ".".join(str(part) for part in loc)
        if len(loc) >= 2 and loc[0] == "requirements" and isinstance(loc[1], int) and isinstance(raw, dict):
            entries = raw.get("requirements") or []
            entry_id = entries[loc[1]].get("id", "?") if loc[1] < len(entries) else "?"
            where = f"requirement {entry_id!r}: " + ".".join(str(part) for part in loc[2:])
        lines.append(f"{where}: {err['msg']}")
    return "; ".join(lines)


def _cross_check(catalogue: Catalogue, file_name: str) -> None:
    """Every requirement id exactly once; every placeholder, rule and extractor known."""
    from pipeline.detect.registry import available

    ids = [req.id for req in catalogue.requirements]
    missing = sorted(set(RequirementId) - set(ids))
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if missing or duplicated:
        raise CatalogueError(
            f"requirements missing {missing} or duplicated {duplicated}", file_name=file_name
        )
    names = available()
    for req in catalogue.requirements:
        problems = [f"unknown rule {req.rule!r}"] if req.rule not in names["rules"] else []
        problems += [f"unknown extractor {e!r}" for e in req.extractors if e not in names["extractors"]]
        phrases = [p for g in req.cues.values() for p in g.phrases] + [*req.boosts, *req.negations]
        for phrase in phrases:
            match = _PLACEHOLDER.match(phrase)
            if match and match.group(1) not in catalogue.vocabulary:
                problems.append(f"unknown vocabulary {phrase!r}")
        if problems:
            raise CatalogueError(f"requirement {req.id.value!r}: {'; '.join(problems)}", file_name=file_name)
