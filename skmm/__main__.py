"""Command line: ``python -m skmm {info,tour}``."""

import argparse
import importlib
import importlib.util
import os
import pkgutil
import platform
import sys
import time

DIRECTIONS = (
    ("representation", "Representation (coordinated and joint)"),
    ("translation", "Translation (cross-modal retrieval and prediction)"),
    ("alignment", "Alignment (DTW family, canonical time warping)"),
    ("fusion", "Fusion (early, late, stacking)"),
    ("colearning", "Co-learning (co-training, domain adaptation, zero/one-shot)"),
)


def _version(name):
    try:
        from importlib.metadata import version

        return version(name)
    except Exception:  # noqa: BLE001 - an absent or broken package is reported as such
        return "not installed"


def info(echo=print):
    """Print versions, numba threading and whether a GPU path is usable."""
    import skmm

    echo(f"skmm {skmm.__version__} on Python {platform.python_version()}")
    echo(f"platform: {platform.platform()}, {os.cpu_count()} CPU(s)")
    for name in ("numpy", "scipy", "scikit-learn", "numba", "joblib", "tslearn"):
        echo(f"  {name:<14} {_version(name)}")
    import numba

    echo(
        f"numba: {numba.config.NUMBA_NUM_THREADS} threads, "
        f"threading layer {numba.config.THREADING_LAYER!r}"
    )
    for name, module in (
        ("cupy", "cupy"),
        ("dask.distributed", "distributed"),
        ("matplotlib", "matplotlib"),
    ):
        found = importlib.util.find_spec(module) is not None
        echo(f"optional {name:<17} {'installed' if found else 'not installed'}")
    if importlib.util.find_spec("cupy") is not None:
        from skmm.utils import cupy_available

        usable = cupy_available()
        echo(f"GPU: {'a CUDA device is usable' if usable else 'no usable CUDA device'}")
    else:
        echo("GPU: CuPy is not installed (pip install 'skmm[gpu]')")


def _tour_modules(direction):
    """Tour sections of a direction: its modules named ``_tour*.py``, sorted.

    Each defines ``run(echo)``, which prints (through ``echo``) a short
    demonstration on bundled data, in a few seconds; ``TERMS``, pairs of an
    acronym or term that its lines use and what it means in one line; and
    ``GUIDE``, the names of the user-guide pages that explain it.
    """
    package = importlib.import_module(f"skmm.{direction}")
    return sorted(
        f"skmm.{direction}.{info.name}"
        for info in pkgutil.iter_modules(package.__path__)
        if info.name.startswith("_tour")
    )


def tour(echo=print, only=None):
    """Run one short demonstration per direction on bundled data.

    BLAS runs on one thread meanwhile: the demonstrations use small matrices, for
    which numpy's and scipy's thread pools only oversubscribe the cores.
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        _tour(echo, only)


TOUR_INTRO = (
    "skmm tour: one short demonstration per direction on bundled data.",
    "Section times include numba's one-time compilation on a first run "
    "(cached on disk for later runs).",
)
TOUR_ONWARD = (
    "Onward:",
    "  user guide     doc/user_guide/ (HTML: pip install '.[doc]' && "
    "sphinx-build doc doc/_build/html)",
    "  gallery        examples/<direction>/plot_*.py, one story each",
    "  API reference  doc/api/; python -m skmm info for versions, threads and GPU",
)


def _tour(echo, only):
    for line in TOUR_INTRO:
        echo(line)
    for name, title in DIRECTIONS:
        if only and name not in only:
            continue
        echo("")
        echo(f"== {title} ==")
        sections = _tour_modules(name)
        if not sections:
            echo(f"  skmm.{name} has no estimators yet; nothing to show.")
            continue
        guides = []
        for module_name in sections:
            module = importlib.import_module(module_name)
            terms = getattr(module, "TERMS", ())
            width = max((len(term) for term, _ in terms), default=0)
            for term, meaning in terms:
                echo(f"  {term:<{width}} = {meaning}")
            start = time.perf_counter()
            module.run(echo)
            echo(f"  ({time.perf_counter() - start:.1f} s)")
            guides += [g for g in getattr(module, "GUIDE", ()) if g not in guides]
        pages = ", ".join(f"doc/user_guide/{g}.rst" for g in guides)
        echo(f"  more: {pages}; examples/{name}/")
    echo("")
    for line in TOUR_ONWARD:
        echo(line)


def main(argv=None):
    """Entry point of ``python -m skmm``."""
    parser = argparse.ArgumentParser(
        prog="python -m skmm",
        description="skmm: scikit-learn-compatible multimodal machine learning.",
    )
    sub = parser.add_subparsers(dest="command", metavar="{info,tour}")
    sub.add_parser("info", help="versions, numba threads, GPU availability")
    tour_parser = sub.add_parser(
        "tour", help="one short demonstration per direction on bundled data"
    )
    tour_parser.add_argument(
        "directions",
        nargs="*",
        metavar="DIRECTION",
        help="limit the tour to these directions (default: all): "
        + ", ".join(d for d, _ in DIRECTIONS),
    )
    args = parser.parse_args(argv)
    if args.command == "tour":
        unknown = sorted(set(args.directions) - {d for d, _ in DIRECTIONS})
        if unknown:
            parser.error(f"unknown direction(s) for tour: {', '.join(unknown)}")
    if args.command == "info":
        info()
    elif args.command == "tour":
        tour(only=set(args.directions) or None)
    else:
        parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
