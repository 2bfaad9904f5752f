"""How big an upload may be: limits a district can live with, overridable from the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

MB = 1024 * 1024

ENV_MAX_FILE_MB = "DPA_MAX_FILE_MB"
ENV_MAX_PAGES = "DPA_MAX_PAGES"


@dataclass(frozen=True, slots=True)
class IngestLimits:
    """Upper bounds checked by ``ingest`` before any heavy work.

    50 MB and 500 pages cover any vendor agreement with its exhibits (a long master agreement is about
    100 pages); beyond that a file is more likely a scan at absurd resolution or the wrong file.
    ``max_unpacked_bytes`` bounds what a Word file (a ZIP) may expand to, so a "zip bomb" is refused
    before it is unpacked.
    """

    max_file_bytes: int = 50 * MB
    max_pages: int = 500
    max_unpacked_bytes: int = 500 * MB

    def __post_init__(self) -> None:
        for name in ("max_file_bytes", "max_pages", "max_unpacked_bytes"):
            if getattr(self, name) <= 0:
                raise ValueError(f"IngestLimits.{name} must be positive, got {getattr(self, name)}")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> IngestLimits:
        """Read ``DPA_MAX_FILE_MB`` and ``DPA_MAX_PAGES`` (unset or empty: the defaults).

        Raises:
            ValueError: a variable is set to something that is not a positive number.
        """
        env = os.environ if env is None else env
        defaults = cls()
        max_mb = _positive_number(env, ENV_MAX_FILE_MB)
        max_pages = _positive_number(env, ENV_MAX_PAGES)
        return cls(
            max_file_bytes=defaults.max_file_bytes if max_mb is None else int(max_mb * MB),
            max_pages=defaults.max_pages if max_pages is None else int(max_pages),
        )


def _positive_number(env: Mapping[str, str], name: str) -> float | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number, got {raw!r}") from None
    if value <= 0:
        raise ValueError(f"{name} must be greater than 0, got {raw!r}")
    return value
