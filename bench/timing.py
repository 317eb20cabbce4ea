"""What the benchmarks share for timing one piece of work."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def median_seconds(fn: Callable[[], Any], repeat: int, *, warm_up: bool = True) -> float:
    """The median wall time of `repeat` calls of `fn`, after one untimed call when `warm_up`
    (statement caches, the OS page cache)."""
    if warm_up:
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)
