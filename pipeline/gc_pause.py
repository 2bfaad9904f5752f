"""``gc_paused()``: run a stage with Python's cyclic garbage collector switched off.

Parsing and segmenting build a few small immutable values per word of every page (words, boxes,
lines, placed words), detection many short-lived ones, and none of them make reference cycles
(``tests/pipeline/test_gc_pause.py`` checks that parse, segment and detect leave no cyclic
garbage). The collector would walk those values again every few hundred allocations, then once
more in each older generation they pass through: on the real-world contracts that was about a
tenth of parse + segment time.

So the collector is off during the stage, and when it ends, the values still alive are handed to
the oldest generation directly (``gc.freeze`` then ``gc.unfreeze``: each moves whole generation
lists in one step, examining no object). They stay under the collector's watch — a full
collection still examines them — and reference counting frees them as usual. The collector is
switched back on (if it was on) when the stage ends, even on error.

All of this is process-wide — the collector, and ``gc.freeze`` which moves objects frozen by anyone
— so it happens only in a process configured to run stages (``pipeline.worker_process``); in any
other process (a threaded server) ``gc_paused`` changes nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from pipeline.worker_process import is_worker_process


@contextmanager
def gc_paused() -> Iterator[None]:
    """Switch the cyclic collector off for the ``with`` block, restoring its previous state.

    Only in a worker process (see the module docstring); elsewhere the block runs as it is.
    """
    if not is_worker_process():
        yield
        return
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            promote_to_oldest()
            gc.enable()


def promote_to_oldest() -> None:
    """Move every object the collector tracks into its oldest generation without examining any.

    This also returns objects frozen earlier by anyone (``gc.freeze``) to the oldest generation.
    """
    gc.freeze()
    gc.unfreeze()
