"""What the display tests share: matplotlib (skip without it) on the Agg backend.

A test module imports ``agg_figures`` (an autouse fixture: every test draws off
screen and its figures are closed after it); importing this module skips the
importing module when matplotlib is not installed.
"""

import pytest

matplotlib = pytest.importorskip("matplotlib")


@pytest.fixture(autouse=True)
def agg_figures():
    """Draw with the Agg backend; close every figure the test opened."""
    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    yield
    plt.close("all")
