"""Package-level promises: light import, command line, docs list every public name.

The README example and every other code block of the docs run in tests/test_docs.py.
"""

import importlib
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import skmm
from skmm.__main__ import DIRECTIONS, main

ROOT = Path(__file__).resolve().parents[1]
PUBLIC_MODULES = [f"skmm.{d}" for d, _ in DIRECTIONS] + ["skmm.datasets", "skmm.utils"]


def test_import_pulls_no_optional_dependency():
    code = (
        "import sys, skmm, skmm.utils, skmm.datasets\n"
        "for d in ('representation','translation','alignment','fusion','colearning'):\n"
        "    __import__('skmm.' + d)\n"
        "optional = ('cupy', 'dask', 'distributed', 'matplotlib')\n"
        "bad = [m for m in optional if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""


def test_bare_import_is_light():
    code = "import sys, skmm; print('sklearn' in sys.modules, 'numba' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["False", "False"]


def test_lazy_attributes():
    assert skmm.datasets is importlib.import_module("skmm.datasets")
    assert skmm.stack_views is importlib.import_module("skmm.utils").stack_views
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        skmm.nope  # noqa: B018


def test_cli_help_and_info(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    assert "tour" in capsys.readouterr().out
    main(["info"])
    out = capsys.readouterr().out
    assert f"skmm {skmm.__version__}" in out and "numba:" in out and "GPU:" in out


def test_cli_tour_covers_every_direction():
    out = subprocess.run(
        [sys.executable, "-m", "skmm", "tour"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    for _, title in DIRECTIONS:
        assert f"== {title} ==" in out
    lines = out.splitlines()
    # the timed DTW line says its kernel was compiled before the clock started
    (dtw_line,) = [line for line in lines if "cdist_dtw on Trace" in line]
    assert "warm-up" in dtw_line
    # every acronym the tour prints is explained in one line ("  CTW = ...")
    defined = {m.group(1) for m in map(re.compile(r"^  (\S+) += ").match, lines) if m}
    acronyms = set(re.findall(r"\b(?:[0-9]-)?[A-Z]{2,}[A-Z0-9]*\b", out))
    assert {"CCA", "RBM", "DTW", "DBA", "CTW", "COREG", "ESZSL", "CORAL"} <= acronyms
    assert acronyms - {"API", "GPU", "HTML"} <= defined, acronyms - defined
    # pointers onward name pages and folders that exist
    pointers = re.findall(r"(doc/user_guide/\w+\.rst|examples/\w+/)", out)
    assert len(pointers) >= 2 * len(DIRECTIONS)
    for path in pointers:
        assert (ROOT / path).exists(), path
    assert "Onward:" in out and "gallery" in out and "user guide" in out


def test_tour_ctw_figures_come_from_ctw_demo():
    from skmm.alignment._tour import ctw_demo, frames_off
    from skmm.datasets import make_warped_sequences

    ctw_error, uniform_error = ctw_demo(seeds=[0, 1])
    assert ctw_error.shape == uniform_error.shape == (2,)
    assert np.all(ctw_error < uniform_error)
    # frames_off: zero for the true path, the plateau mean otherwise
    a, b, true_path, _ = make_warped_sequences(random_state=0)
    assert frames_off(true_path, true_path) == 0.0
    shifted = true_path.copy()
    shifted[:, 1] = np.minimum(shifted[:, 1] + 2, len(b) - 1)
    expected = np.mean(
        [
            abs(
                shifted[shifted[:, 0] == i, 1].mean()
                - true_path[true_path[:, 0] == i, 1].mean()
            )
            for i in range(len(a))
        ]
    )
    assert frames_off(shifted, true_path) == pytest.approx(expected, rel=1e-12)


def test_cli_rejects_unknown_direction(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["tour", "nonsense"])
    assert exc.value.code == 2
    assert "unknown direction" in capsys.readouterr().err


@pytest.mark.parametrize("module_name", PUBLIC_MODULES)
def test_every_public_name_is_in_the_api_reference(module_name):
    module = importlib.import_module(module_name)
    page = ROOT / "doc" / "api" / f"{module_name.split('.')[1]}.rst"
    text = page.read_text()
    listed = set(re.findall(r"^\s{3,}(\w+)\s*$", text, flags=re.M))
    missing = sorted(set(module.__all__) - listed)
    assert not missing, f"{page.name} lacks {missing}"


def test_discovery_lists_public_names_only():
    from skmm.utils.discovery import all_estimators, all_functions

    functions = dict(all_functions())
    # tour scripts, device internals and private helpers are not public
    for private in ("run", "fit_device", "transform_device", "wants_device"):
        assert private not in functions
    public = set()
    for module_name in PUBLIC_MODULES + ["skmm.utils.discovery"]:
        public |= set(importlib.import_module(module_name).__all__)
    assert set(functions) <= public
    assert {name for name, _ in all_estimators()} <= public
    assert {"stack_views", "dtw", "recall_at_k", "read_domains"} <= set(functions)


def test_every_public_function_has_numpydoc_sections():
    import inspect

    from skmm.utils.discovery import all_functions

    for name, func in all_functions():
        doc = inspect.getdoc(func) or ""
        sections = ["Returns", "Examples"]
        if inspect.signature(func).parameters:
            sections.append("Parameters")
        for section in sections:
            assert f"{section}\n{'-' * len(section)}" in doc, (name, section)
