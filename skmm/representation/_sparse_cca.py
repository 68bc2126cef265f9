"""Sparse CCA by the penalized matrix decomposition (Witten, Tibshirani & Hastie).

Each pair of canonical weights maximizes ``u' Z v`` for the cross-covariance
``Z`` of the standardized views under ``||u||_2 <= 1``, ``||u||_1 <= c_u`` (and
the same for ``v``): an alternating soft-thresholded power method whose
thresholds are found exactly, by sorting, instead of by bisection. Further
pairs deflate ``Z`` by the pairs already found.
"""

from numbers import Integral, Real

import numpy as np
from sklearn.utils._param_validation import Interval

from ..utils._docstrings import views_docs
from ..utils._linalg import correlations, sign_flips, top_singular_pairs, unit_variance
from ..utils._views import per_view
from ._cca import _LinearCoordinated, scaling_docs

__all__ = ["SparseCCA"]


def l1_threshold(a, c):
    """The soft threshold that gives ``S(a, t)`` an L1/L2 norm ratio of ``c``.

    ``S(a, t) = sign(a) max(|a| - t, 0)``. The ratio falls from
    ``||a||_1 / ||a||_2`` at ``t = 0`` to 1 as ``t`` reaches ``max |a|``; on each
    stretch between two consecutive magnitudes the active set is fixed and the
    equation is a quadratic in ``t``, solved in closed form.

    Parameters
    ----------
    a : ndarray of shape (p,)
    c : float
        Target ratio, at least 1.

    Returns
    -------
    t : float
        0 when ``a`` already satisfies the bound (or is zero).
    """
    x = np.abs(a)
    norm2 = float(np.sqrt(np.sum(x * x)))
    if norm2 == 0.0 or float(x.sum()) <= c * norm2:
        return 0.0
    s = np.sort(x)[::-1]
    m = np.arange(1, s.shape[0] + 1)
    cs1, cs2 = np.cumsum(s), np.cumsum(s * s)
    nxt = np.append(s[1:], 0.0)
    # the ratio when the top m magnitudes are active and t is the next one
    l1 = cs1 - m * nxt
    l2sq = cs2 - 2.0 * nxt * cs1 + m * nxt * nxt
    ratio = np.where(l2sq > 0, l1 / np.sqrt(np.where(l2sq > 0, l2sq, 1.0)), np.sqrt(m))
    j = int(np.argmax(ratio >= c * (1 - 1e-12)))  # the fewest active entries
    k = j + 1
    mean = cs1[j] / k
    spread = max(cs2[j] - cs1[j] * mean, 0.0)
    if k - c * c <= 1e-12 * k:
        return float(nxt[j])
    t = mean - c * np.sqrt(spread / (k * (k - c * c)))
    return float(min(max(t, nxt[j]), s[j]))


def _sparse_unit(a, c):
    """``S(a, t) / ||S(a, t)||_2`` with ``t`` from :func:`l1_threshold`."""
    t = l1_threshold(a, c)
    u = np.sign(a) * np.maximum(np.abs(a) - t, 0.0)
    norm = float(np.sqrt(np.sum(u * u)))
    if norm == 0.0:  # a tie at the top: keep those entries
        u = np.where(np.abs(a) == np.abs(a).max(), np.sign(a), 0.0)
        norm = float(np.sqrt(np.sum(u * u)))
    return u / norm


def pmd_pair(Z, c_u, c_v, *, v0=None, max_iter=500, tol=1e-10):
    """One pair of the penalized matrix decomposition of ``Z``.

    Witten, Tibshirani & Hastie's algorithm: from ``v0`` (the leading right
    singular vector of ``Z`` when None), alternate
    ``u = S(Z v) / ||S(Z v)||_2`` and ``v = S(Z' u) / ||S(Z' u)||_2``, each
    soft-thresholded to its L1 bound, until ``v`` moves less than ``tol``.

    Parameters
    ----------
    Z : ndarray of shape (p, q)
    c_u, c_v : float
        L1 bounds of ``u`` and ``v``, between 1 and the square root of their
        length.
    v0 : ndarray of shape (q,), default=None
        Starting vector.
    max_iter : int, default=500
        Most iterations.
    tol : float, default=1e-10
        Stop when the largest change of an entry of ``v`` falls below it.

    Returns
    -------
    u : ndarray of shape (p,)
    v : ndarray of shape (q,)
    d : float
        ``u' Z v``.
    n_iter : int
        Iterations run.
    """
    if v0 is None:
        v0 = top_singular_pairs(Z, 1)[2][:, 0]
    v = v0 / max(float(np.linalg.norm(v0)), 1e-300)
    n_iter = 0
    while True:
        u = _sparse_unit(Z @ v, c_u)
        v_new = _sparse_unit(Z.T @ u, c_v)
        n_iter += 1
        delta = float(np.max(np.abs(v_new - v)))
        v = v_new
        if delta < tol or n_iter >= max_iter:
            break
    return u, v, float(u @ Z @ v), n_iter


@scaling_docs
@views_docs
class SparseCCA(_LinearCoordinated):
    """Sparse canonical correlation analysis (penalized matrix decomposition).

    Canonical weights with exact zeros, for views with many more columns than
    the few that carry the shared signal (genes, voxels, words). Following
    Witten, Tibshirani & Hastie (2009), each pair of weights ``(u, v)`` on the
    standardized views maximizes the cross-covariance ``u' X1' X2 v`` under
    ``||u||_2 <= 1`` and ``||u||_1 <= c_1`` (likewise for ``v``): the
    within-view covariances are taken as the identity, which keeps the problem
    well posed with more columns than samples, and the L1 bound zeroes the
    weights of uninformative columns. It is solved by soft-thresholded
    alternating power iterations; further pairs deflate the cross-covariance.
    The variates are then scaled to unit variance, as in :class:`CCA`.

    The L1 bound of each view is given relative to its meaningful range,
    ``c_v = 1 + l1_bound * (sqrt(p_v) - 1)``: at ``l1_bound=1`` the bound is
    inactive and the result equals ``CCA(reg=1)`` (partial least squares,
    the SVD of the cross-covariance); at ``l1_bound=0`` each weight vector has
    a single nonzero. One grid of ``l1_bound`` therefore fits views of any
    width; :meth:`score` returns the held-out canonical correlation, so
    ``GridSearchCV`` picks the sparsity.

    Read more in the :ref:`User Guide <representation>`.

    Parameters
    ----------
    n_components : int, default=2
        Number of pairs of weights; at most the width of the narrower view and
        fewer than the number of samples.
    {views}
        ``fit(X, Y)`` with ``views=None`` and a 2-D ``Y`` takes ``X`` and ``Y``
        as two views instead (scikit-learn's two-array form).
    l1_bound : float in [0, 1] or list of two floats, default=0.5
        Relative L1 bound of each view's weights (one value for both views, or
        one per view): 1 leaves the weights dense, smaller values zero more
        columns, 0 keeps one column per component.
    scale : bool, default=True
        Whether to standardize each column first (recommended: the penalty
        then treats every column alike).
    combine : {"concat", "mean"}, default="concat"
        What :meth:`transform` returns (see :class:`CCA`).
    max_iter : int, default=500
        Most alternating iterations per component.
    tol : float, default=1e-10
        Stop when no weight moves more than ``tol`` in one iteration.

    Attributes
    ----------
    canonical_correlations_ : ndarray of shape (n_components,)
        Correlation of each pair of training variates.
    weights_ : list of ndarray of shape (n_features_of_view, n_components)
        Per view, the weights applied to the centred view columns (units of
        ``X``), with exact zeros on the columns left out; each view's variates
        have unit training variance.
    loadings_ : list of ndarray of shape (n_features_of_view, n_components)
        Per view, the least-squares regression of the (centred, scaled) view
        columns on its variates.
    l1_bounds_ : ndarray of shape (2,)
        The absolute L1 bound ``c_v`` of each view's unit-norm weights.
    n_iter_ : int
        Alternating iterations run over all components.
    {scaling_attributes}
    {views_attributes}

    See Also
    --------
    CCA : Dense CCA; ``CCA(reg=1)`` is ``SparseCCA(l1_bound=1)``.
    permutation_test_score : Significance of each canonical correlation.

    Notes
    -----
    Deflation makes later pairs maximize what the earlier ones left of the
    cross-covariance; their variates are not exactly uncorrelated with the
    earlier ones, as in the original method.

    References
    ----------
    .. [1] D. M. Witten, R. Tibshirani and T. Hastie, "A penalized matrix
       decomposition, with applications to sparse principal components and
       canonical correlation analysis", Biostatistics 10(3), 515-534, 2009.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.representation import SparseCCA
    >>> rng = np.random.RandomState(0)
    >>> z = rng.standard_normal((100, 1))
    >>> X1 = rng.standard_normal((100, 30))
    >>> X2 = rng.standard_normal((100, 20))
    >>> X1[:, :3] += 2 * z  # three informative columns per view
    >>> X2[:, :3] += 2 * z
    >>> scca = SparseCCA(n_components=1, l1_bound=0.15).fit(X1, X2)
    >>> np.flatnonzero(scca.weights_[0][:, 0]), np.flatnonzero(scca.weights_[1][:, 0])
    (array([0, 1, 2]), array([0, 1, 2]))
    """

    _parameter_constraints: dict = {
        **{
            k: v
            for k, v in _LinearCoordinated._parameter_constraints.items()
            if k != "reg"
        },
        "l1_bound": [Interval(Real, 0, 1, closed="both"), list, tuple],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
    }

    def __init__(
        self,
        n_components=2,
        *,
        views=None,
        l1_bound=0.5,
        scale=True,
        combine="concat",
        max_iter=500,
        tol=1e-10,
    ):
        self.n_components = n_components
        self.views = views
        self.l1_bound = l1_bound
        self.scale = scale
        self.combine = combine
        self.max_iter = max_iter
        self.tol = tol

    def _fit(self, X):
        widths = [len(idx) for idx in self.views_]
        self._check_n_components(widths, X.shape[0])
        relative = self._relative_bounds()
        self.l1_bounds_ = np.array(
            [1.0 + r * (np.sqrt(p) - 1.0) for r, p in zip(relative, widths)]
        )
        blocks = self._standardize_fit(X)
        n = X.shape[0]
        Z = (blocks[0].T @ blocks[1]) / (n - 1)
        U, V, self.n_iter_ = [], [], 0
        for _ in range(self.n_components):
            u, v, d, n_iter = pmd_pair(
                Z, *self.l1_bounds_, max_iter=self.max_iter, tol=self.tol
            )
            self.n_iter_ += n_iter
            U.append(u)
            V.append(v)
            Z = Z - d * np.outer(u, v)
        U, V = np.column_stack(U), np.column_stack(V)
        signs = sign_flips(U)
        A = unit_variance(blocks[0], U * signs)[0]
        B = unit_variance(blocks[1], V * signs)[0]
        self._set_linear_maps([A, B], blocks)
        self.canonical_correlations_ = np.asarray(
            correlations([blocks[0] @ A, blocks[1] @ B])
        )

    def _relative_bounds(self):
        bound = self.l1_bound
        values = per_view(bound, "l1_bound", self.view_names_)
        for value in values:
            if (
                not isinstance(value, Real)
                or isinstance(value, bool)
                or not 0.0 <= value <= 1.0
            ):
                raise ValueError(
                    "l1_bound must lie in [0, 1] (1: dense weights, 0: one column "
                    f"per component), one value or one per view; got {bound!r}."
                )
        return [float(v) for v in values]
