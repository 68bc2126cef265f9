"""Shared plumbing for the benchmarks: pinned BLAS threads and honest timing.

On 2-core machines numpy's and scipy's OpenBLAS pools oversubscribe the cores and
make small linear algebra slow and erratic, so every benchmark runs both sides
under the same pinned thread count and says what it was.
"""

import platform
import time
from contextlib import contextmanager

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits


@contextmanager
def pinned_blas(n_threads=1):
    """Limit every BLAS pool to ``n_threads`` while the block runs."""
    with threadpool_limits(limits=n_threads, user_api="blas"):
        yield


def describe_threads():
    """One line naming each BLAS library and its thread count."""
    parts = [
        f"{info['internal_api']}({info['num_threads']} threads)"
        for info in threadpool_info()
        if info["user_api"] == "blas"
    ]
    return ", ".join(parts) or "no BLAS pool loaded"


def best_time(fn, repeat=3, warmup=1):
    """Best wall time of ``fn()`` over ``repeat`` runs, after ``warmup`` calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def header(title):
    """Print the benchmark's title and the machine it runs on."""
    import os

    print(f"# {title}")
    print(
        f"# {platform.processor() or platform.machine()}, {os.cpu_count()} CPU(s), "
        f"numpy {np.__version__}"
    )


def report(name, skmm_seconds, other_seconds, other_name, extra=""):
    """Print one side-by-side row with the speed ratio."""
    ratio = other_seconds / skmm_seconds
    print(
        f"{name:<40} skmm {skmm_seconds:9.4f} s | {other_name} {other_seconds:9.4f} s"
        f" | ratio {ratio:7.2f}x {extra}"
    )
    return ratio
