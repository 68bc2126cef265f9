"""CCA is numerically stable where canonical correlations tie.

scikit-learn's own ``test_scale_and_stability`` cases: ``scale=True`` on raw data
must equal ``scale=False`` on pre-standardised data. Where correlations tie (4
rows, correlations [1, 1]) any rotation of the tied pairs is a solution; skmm
picks a basis that depends on the tied subspace only.
"""

import numpy as np
import pytest
from sklearn.datasets import load_linnerud

from skmm.representation import CCA


def _standardise(A):
    std = A.std(axis=0, ddof=1)
    std[std == 0] = 1.0
    return (A - A.mean(axis=0)) / std


def _datasets():
    rng = np.random.RandomState(0)
    Q = rng.randn(5, 10)
    y = rng.randn(1000, 5)
    X = (y @ Q + 2 * rng.randn(1000, 10) + 1) * 1000
    yield "large scale", X, y
    X, y = load_linnerud(return_X_y=True)
    X[:, -1] = 1.0  # a constant column
    yield "constant column", X, y
    X = np.array([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [2.0, 2.0, 2.0], [3.0, 5.0, 4.0]])
    y = np.array([[0.1, -0.2], [0.9, 1.1], [6.2, 5.9], [11.9, 12.3]])
    yield "tied, 4 rows", X, y
    for seed in (530, 741):
        rng = np.random.RandomState(seed)
        yield f"tied, seed {seed}", rng.randn(4, 3), rng.randn(4, 2)


@pytest.mark.parametrize(
    "X, y", [d[1:] for d in _datasets()], ids=[d[0] for d in _datasets()]
)
def test_scale_and_stability(X, y):
    scaled = CCA(scale=True).fit(X, y).transform(X, y)
    X_s, y_s = _standardise(X), _standardise(y)
    pre = CCA(scale=False).fit(X_s, y_s).transform(X_s, y_s)
    for a, b in zip(scaled, pre):
        np.testing.assert_allclose(a, b, atol=1e-10)


def test_tied_basis_does_not_depend_on_the_basis_the_svd_returns():
    from skmm.utils._linalg import _canonical_rotation

    rng = np.random.default_rng(0)
    U, _ = np.linalg.qr(rng.normal(size=(6, 3)))
    Q, _ = np.linalg.qr(rng.normal(size=(3, 3)))  # another basis of the same span
    a = U @ _canonical_rotation(U, np)
    b = (U @ Q) @ _canonical_rotation(U @ Q, np)
    np.testing.assert_allclose(a, b, atol=1e-12)
    np.testing.assert_allclose(a.T @ a, np.eye(3), atol=1e-12)
