"""``gc_paused()``: run a stage with Python's cyclic garbage collector switched off.

Parsing and segmenting build a few hundred thousand small frozen values per hundred pages (words,
boxes, lines, placed words) and no reference cycles. The cyclic collector, triggered every few
hundred allocations, walks ever larger generations of those values for nothing; on the real-world
contracts that was a quarter of parse + segment time. Reference counting still frees everything
as usual; the collector is switched back on (if it was on) when the stage ends, even on error.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Switch the cyclic collector off for the ``with`` block, restoring its previous state."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
