"""CPU-time helpers shared by the resource tests (``test_html_shapes``, ``test_text_shapes``)."""

from __future__ import annotations

import time
from collections.abc import Callable

from boilerstrip import clean


def cpu(page: str) -> float:
    """CPU seconds of one ``clean()`` of ``page`` (no size limit)."""
    start = time.process_time()
    clean(page, max_bytes=None)
    return time.process_time() - start


def doubling_ratio(make: Callable[[int], str], size: int, *, cap: int) -> float:
    """CPU time of ``make(2n)`` over ``make(n)``, ``n`` grown from ``size`` (up to ``cap``)
    until one run takes 0.2 s, so that timer noise does not decide."""
    clean(make(2_000), max_bytes=None)  # models and rules load once
    small = cpu(make(size))
    while small < 0.2 and size < cap:
        size *= 2
        small = cpu(make(size))
    if small > 5.0:  # far too slow already: compare with half the size instead
        return small / max(cpu(make(size // 2)), 1e-3)
    return cpu(make(2 * size)) / small
