"""``gc_paused()``: run a stage with Python's cyclic garbage collector switched off.

Parsing and segmenting build a few thousand small frozen values per page (words, boxes, lines,
placed words) and no reference cycles. With the collector on, every few hundred allocations it
walks the young values again, and every full collection walks all that the process holds; in a
process that already holds much (earlier documents, a loaded model) that was a quarter of parse +
segment time on the real-world contracts. Paused, the values are walked once when the stage ends.
Reference counting still frees everything as usual; the collector is switched back on (if it was
on) when the stage ends, even on error.
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
