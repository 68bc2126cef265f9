"""What every display promises: discovery, the Display API, no eager matplotlib."""

import inspect
import subprocess
import sys

import numpy as np
import pytest

from skmm.alignment import AlignmentPathDisplay
from skmm.fusion import ViewWeightsDisplay
from skmm.representation import CanonicalVariatesDisplay
from skmm.translation import RetrievalDisplay
from skmm.utils.discovery import all_displays

DISPLAYS = {
    "AlignmentPathDisplay": AlignmentPathDisplay,
    "CanonicalVariatesDisplay": CanonicalVariatesDisplay,
    "RetrievalDisplay": RetrievalDisplay,
    "ViewWeightsDisplay": ViewWeightsDisplay,
}


def test_all_displays_lists_every_display():
    assert dict(all_displays()) == DISPLAYS


@pytest.mark.parametrize("name", sorted(DISPLAYS))
def test_display_api(name):
    cls = DISPLAYS[name]
    # scikit-learn's Display API: two class-method constructors and plot(ax=...)
    for method in ("from_estimator", "from_predictions"):
        assert isinstance(inspect.getattr_static(cls, method), classmethod), method
        assert "ax" in inspect.signature(getattr(cls, method)).parameters
    plot = inspect.signature(cls.plot)
    assert list(plot.parameters)[:2] == ["self", "ax"]
    assert plot.parameters["ax"].default is None
    # the constructor only stores keyword arguments
    params = inspect.signature(cls.__init__).parameters
    assert all(p.kind is p.KEYWORD_ONLY for n, p in params.items() if n != "self")
    doc = inspect.getdoc(cls)
    for section in ("Parameters", "Attributes", "Examples", "See Also"):
        assert f"{section}\n{'-' * len(section)}" in doc, section
    assert "figure_" in doc and "ax_" in doc


def test_importing_and_building_displays_loads_no_matplotlib():
    code = (
        "import sys, numpy as np\n"
        "from skmm.alignment import AlignmentPathDisplay\n"
        "from skmm.fusion import ViewWeightsDisplay\n"
        "from skmm.representation import CanonicalVariatesDisplay\n"
        "from skmm.translation import RetrievalDisplay\n"
        "AlignmentPathDisplay(path=[[0, 0]], cost_matrix=[[0.0]])\n"
        "print('matplotlib' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_missing_matplotlib_names_the_extra():
    code = (
        "import sys\n"
        "sys.modules['matplotlib'] = None\n"
        "sys.modules['matplotlib.pyplot'] = None\n"
        "from skmm.alignment import AlignmentPathDisplay\n"
        "try:\n"
        "    AlignmentPathDisplay.from_predictions([0.0, 1.0], [0.0, 1.0])\n"
        "except ImportError as exc:\n"
        "    print(exc)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "AlignmentPathDisplay.from_predictions draws with matplotlib" in out.stdout
    assert 'pip install "skmm[plot]"' in out.stdout


@pytest.fixture
def plt():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    yield plt
    plt.close("all")


def test_panel_axes_splits_one_axes_or_takes_a_list(plt):
    from skmm.utils._plot import panel_axes

    fig, ax = plt.subplots()
    axes, got = panel_axes(ax, 4, "caller")
    assert got is fig and len(axes) == 4 and not ax.axison
    assert all(a.figure is fig for a in axes)
    fig, pair = plt.subplots(1, 2)
    axes, _ = panel_axes(pair, 2, "caller")
    assert list(axes) == list(pair)
    with pytest.raises(ValueError, match="ax holds 2 axes but there are 3 panels"):
        panel_axes(pair, 3, "caller")
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        panel_axes(["not an axes"], 1, "caller")
    loose = plt.figure().add_axes((0.1, 0.1, 0.8, 0.8))
    with pytest.raises(ValueError, match="pass one axes per panel"):
        panel_axes(loose, 2, "caller")


@pytest.mark.parametrize("name", sorted(DISPLAYS))
def test_from_estimator_rejects_other_estimators_clearly(name, plt):
    from sklearn.linear_model import LogisticRegression

    cls = DISPLAYS[name]
    X = np.zeros((4, 2))
    with pytest.raises(TypeError, match=rf"{name}\.from_estimator draws") as exc:
        cls.from_estimator(LogisticRegression(), X)
    message = str(exc.value)
    assert "LogisticRegression" in message and "from_predictions" in message


def test_one_picture_per_direction_in_the_readme_and_the_gallery():
    """The docs build copies one example thumbnail per direction to
    doc/_static/directions/ (doc/conf.py); the README and the gallery's landing
    page show those pictures and link to their examples."""
    import ast
    from pathlib import Path

    from skmm.__main__ import DIRECTIONS

    root = Path(__file__).resolve().parents[2]
    tree = ast.parse((root / "doc" / "conf.py").read_text())
    (mapping,) = [
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
        and getattr(node.targets[0], "id", None) == "DIRECTION_PICTURES"
    ]
    assert list(mapping) == [name for name, _ in DIRECTIONS]
    readme = (root / "README.md").read_text()
    landing = (root / "examples" / "README.txt").read_text()
    for direction, example in mapping.items():
        assert (root / "examples" / f"{example}.py").exists(), example
        picture = root / "doc" / "_static" / "directions" / f"{direction}.png"
        assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", picture
        assert picture.stat().st_size < 150_000
        assert f'src="doc/_static/directions/{direction}.png"' in readme
        assert f'href="examples/{example}.py"' in readme
        assert f"/_static/directions/{direction}.png" in landing
        assert f":target: {example}.html" in landing
