"""Rules and value extractors registered by versioned name, so the catalogue can name them.

A plain dict with decorators (no entry points until an outside plugin exists). A duplicate name
raises at import time, so two rules can never silently shadow each other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from pipeline.detect.context import DocumentContext
    from pipeline.findings import Finding

Values = dict[str, Any]
Extractor = Callable[..., Values]


class ClauseRule(Protocol):
    """Finds one requirement in a document; sees every clause's parsed ``Doc`` through the context.

    Rules take the whole document context rather than one clause because lists of subprocessors,
    schedules and the sentence after a duty often live in neighbouring clauses.
    """

    name: str

    def find(self, ctx: DocumentContext, requirement_id: str) -> list[Finding]: ...


_RULES: dict[str, ClauseRule] = {}
_EXTRACTORS: dict[str, Extractor] = {}

R = TypeVar("R")


def register_rule(name: str) -> Callable[[type[R]], type[R]]:
    """Class decorator: instantiate the rule once and register it under ``name``."""

    def wrap(cls: type[R]) -> type[R]:
        if name in _RULES:
            raise ValueError(f"rule {name!r} is already registered")
        instance = cls()
        instance.name = name  # type: ignore[attr-defined]
        _RULES[name] = instance  # type: ignore[assignment]
        return cls

    return wrap


def register_extractor(name: str) -> Callable[[Extractor], Extractor]:
    """Function decorator: register a value extractor under a versioned name."""

    def wrap(func: Extractor) -> Extractor:
        if name in _EXTRACTORS:
            raise ValueError(f"extractor {name!r} is already registered")
        _EXTRACTORS[name] = func
        return func

    return wrap


def get_rule(name: str) -> ClauseRule:
    """Return the rule registered as ``name`` (KeyError names what is available)."""
    _load_builtins()
    if name not in _RULES:
        raise KeyError(f"unknown rule {name!r}; available: {sorted(_RULES)}")
    return _RULES[name]


def get_extractor(name: str) -> Extractor:
    """Return the extractor registered as ``name``."""
    _load_builtins()
    if name not in _EXTRACTORS:
        raise KeyError(f"unknown extractor {name!r}; available: {sorted(_EXTRACTORS)}")
    return _EXTRACTORS[name]


def available() -> dict[str, list[str]]:
    """Names of every registered rule and extractor (for the CLI and catalogue validation)."""
    _load_builtins()
    return {"rules": sorted(_RULES), "extractors": sorted(_EXTRACTORS)}


def _load_builtins() -> None:
    """Import the built-in rule and extractor modules, which register themselves."""
    import pipeline.detect.extractors  # noqa: F401
    import pipeline.detect.rules  # noqa: F401
