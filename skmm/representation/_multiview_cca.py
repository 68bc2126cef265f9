"""Generalized CCA of several views: MAXVAR in closed form, SUMCOR iteratively."""

from collections.abc import Mapping
from numbers import Integral, Real

import numpy as np
from sklearn.utils._param_validation import Interval, StrOptions

from ..utils._docstrings import views_docs
from ..utils._linalg import (
    correlations,
    finish_weights,
    maxvar_directions,
    sumcor_directions,
    whiten,
)
from ._cca import _LinearCoordinated, scaling_docs

__all__ = ["MultiviewCCA"]


def whitened_views(blocks, reg=0.0, *, n_dims=None, whitened=None):
    """Whitening maps of centred blocks and the Gram matrix of the whitened views.

    Returns the whiteners (``p_v x r_v``) and ``R`` (``r x r``, ``r = sum r_v``),
    the covariance of the whitened views side by side.
    """
    n = blocks[0].shape[0]
    if whitened is None:
        whitened = [whiten(B, reg, n_dims=n_dims) for B in blocks]
    Y = np.hstack([Yv for _, Yv in whitened])
    return [W for W, _ in whitened], (Y.T @ Y) / (n - 1)


def check_view_weights(view_weights, view_names):
    """The view weights as an array in the order of the views, or None."""
    if view_weights is None:
        return None
    if isinstance(view_weights, Mapping):
        unknown = sorted(set(map(str, view_weights)) - set(view_names))
        if unknown:
            raise ValueError(
                f"view_weights names unknown view(s) {unknown}; the views are "
                f"{view_names}."
            )
        weights = [float(view_weights.get(name, 1.0)) for name in view_names]
    else:
        weights = np.asarray(view_weights, dtype=float).ravel().tolist()
        if len(weights) != len(view_names):
            raise ValueError(
                f"view_weights has {len(weights)} entries but there are "
                f"{len(view_names)} views ({view_names}); give one weight per view "
                "or a dict view name -> weight."
            )
    weights = np.asarray(weights)
    if not np.all(np.isfinite(weights)) or np.any(weights < 0) or weights.sum() <= 0:
        raise ValueError(
            "view_weights must be finite and non-negative, with at least one "
            f"positive; got {weights.tolist()}."
        )
    return weights


def generalized_directions(
    blocks,
    n_components,
    reg=0.0,
    *,
    method="maxvar",
    view_weights=None,
    max_iter=1000,
    tol=1e-10,
    n_dims=None,
    whitened=None,
):
    """Generalized CCA of centred blocks: unit-variance weights per view.

    Returns ``(weights, objective, n_iter)``: MAXVAR's eigenvalues or SUMCOR's
    weighted sums of pairwise correlations per component, and the number of
    SUMCOR iterations (0 for MAXVAR).
    """
    whiteners, R = whitened_views(blocks, reg, n_dims=n_dims, whitened=whitened)
    if method == "maxvar":
        weights, objective = maxvar_directions(
            R, whiteners, n_components, view_weights=view_weights
        )
        n_iter = 0
    else:
        weights, objective, n_iter, _ = sumcor_directions(
            R,
            whiteners,
            n_components,
            view_weights=view_weights,
            max_iter=max_iter,
            tol=tol,
        )
    return finish_weights(weights, blocks=blocks), np.asarray(objective), n_iter


@scaling_docs
@views_docs
class MultiviewCCA(_LinearCoordinated):
    """Generalized canonical correlation analysis of two or more views.

    Two criteria of Kettenring (1971) for several views, chosen by ``method``:

    - ``"maxvar"`` (default): a shared code ``G`` with orthonormal columns,
      and per-view weights, so that every view's projection ``X_v a_v`` is as
      close as possible to ``G`` (``G`` holds the top eigenvectors of the sum
      of the views' projection matrices). Closed form: each view is whitened
      by the inverse square root of its (ridge-shrunk) covariance and one
      symmetric eigendecomposition of the whitened views' Gram matrix gives
      every component.
    - ``"sumcor"``: per component, unit-variance variates of every view whose
      sum of pairwise correlations is largest, later components uncorrelated
      with earlier ones within each view. It has no closed form beyond two
      views; the block power method (Horst's iteration) increases the
      objective at every step from the MAXVAR start.

    With two views both give the same variates and correlations as
    :class:`CCA`. ``view_weights`` weighs the views: MAXVAR maximizes
    ``sum_v w_v ||P_v g||^2``, SUMCOR ``sum_{i<j} w_i w_j corr_ij``.

    Read more in the :ref:`User Guide <representation>`.

    Parameters
    ----------
    n_components : int, default=2
        Number of components; at most the width of the narrowest view and fewer
        than the number of samples.
    {views}
        ``fit(X, Y)`` with ``views=None`` and a 2-D ``Y`` takes ``X`` and ``Y``
        as two views instead (scikit-learn's two-array form).
    method : {"maxvar", "sumcor"}, default="maxvar"
        The generalized CCA criterion (see above).
    view_weights : array-like of shape (n_views,), dict or None, default=None
        Non-negative weight of each view, in the order of the views or as a
        dict view name -> weight (missing names weigh 1); None weighs every
        view 1. A view of weight 0 does not shape the shared code (MAXVAR) or
        counts in no pair (SUMCOR), but still gets its variates.
    reg : float in [0, 1], default=0.0
        Shrinkage of each view's covariance ``C``:
        ``(1 - reg) * C + reg * (trace(C) / p) * I`` (see :class:`CCA`).
    scale : bool, default=True
        Whether to divide each column by its standard deviation first.
    combine : {"concat", "mean"}, default="concat"
        What :meth:`transform` returns: the per-view variates side by side,
        ``(n_samples, n_views * n_components)``, or their average over views,
        ``(n_samples, n_components)``, an estimate of the shared code.
    max_iter : int, default=1000
        SUMCOR only: most block power iterations per component.
    tol : float, default=1e-10
        SUMCOR only: stop when the objective gains less than ``tol`` times its
        value in one iteration.

    Attributes
    ----------
    canonical_correlations_ : ndarray of shape (n_components,)
        Per component, the correlation of the training variates averaged over
        all pairs of views.
    objective_ : ndarray of shape (n_components,)
        Per component, the criterion reached: MAXVAR's eigenvalue (between 0
        and the sum of the view weights; 1 to ``n_views_`` with unit weights,
        the closer to ``n_views_`` the more the views agree), or SUMCOR's
        weighted sum of pairwise correlations ``sum_{i<j} w_i w_j corr_ij``
        (at ``reg=0``).
    eigenvalues_ : ndarray of shape (n_components,)
        ``method="maxvar"`` only: the same as ``objective_``.
    n_iter_ : int
        SUMCOR iterations run over all components (1 for MAXVAR: one
        eigendecomposition).
    weights_ : list of ndarray of shape (n_features_of_view, n_components)
        Per view, the weights applied to the centred view columns (units of
        ``X``); each view's variates have unit training variance.
    loadings_ : list of ndarray of shape (n_features_of_view, n_components)
        Per view, the least-squares regression of the (centred, scaled) view
        columns on its variates; used by :meth:`inverse_transform`.
    {scaling_attributes}
    {views_attributes}

    See Also
    --------
    CCA : The two-view case.
    KernelCCA : Nonlinear CCA of two or more views through kernels.
    DeepCCA : CCA of two or more views through neural networks.

    Notes
    -----
    Unlike two-view CCA, the MAXVAR variates of different components of one
    view are not exactly uncorrelated for three or more views: the shared
    code's components are orthogonal, not each view's regression of them.
    SUMCOR's are uncorrelated within each view (at ``reg=0``), by
    construction. SUMCOR's iteration finds a local maximum; starting from
    MAXVAR makes it the global one in the usual cases.

    References
    ----------
    .. [1] J. R. Kettenring, "Canonical analysis of several sets of variables",
       Biometrika 58(3), 433-451, 1971.
    .. [2] J. M. F. ten Berge, "Generalized approaches to the MAXBET problem
       and the MAXDIFF problem, with applications to canonical correlations",
       Psychometrika 53(4), 487-494, 1988.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.representation import MultiviewCCA
    >>> rng = np.random.RandomState(0)
    >>> shared = rng.standard_normal((500, 1))
    >>> X = np.hstack([shared + 0.5 * rng.standard_normal((500, 3))
    ...                for _ in range(3)])
    >>> gcca = MultiviewCCA(n_components=1, views=3).fit(X)
    >>> gcca.n_views_, gcca.transform(X).shape
    (3, (500, 3))
    >>> bool(gcca.canonical_correlations_[0] > 0.8)
    True
    >>> sumcor = MultiviewCCA(n_components=1, views=3, method="sumcor").fit(X)
    >>> bool(sumcor.objective_[0] >= gcca.canonical_correlations_[0] * 3 - 1e-9)
    True
    """

    _parameter_constraints: dict = {
        **_LinearCoordinated._parameter_constraints,
        "method": [StrOptions({"maxvar", "sumcor"})],
        "view_weights": ["array-like", dict, None],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
    }

    _n_views = (2, None)

    def __init__(
        self,
        n_components=2,
        *,
        views=None,
        method="maxvar",
        view_weights=None,
        reg=0.0,
        scale=True,
        combine="concat",
        max_iter=1000,
        tol=1e-10,
    ):
        self.n_components = n_components
        self.views = views
        self.method = method
        self.view_weights = view_weights
        self.reg = reg
        self.scale = scale
        self.combine = combine
        self.max_iter = max_iter
        self.tol = tol

    def _fit(self, X):
        self._check_n_components([len(idx) for idx in self.views_], X.shape[0])
        weights_of_views = check_view_weights(self.view_weights, self.view_names_)
        blocks = self._standardize_fit(X)
        weights, objective, n_iter = generalized_directions(
            blocks,
            self.n_components,
            self.reg,
            method=self.method,
            view_weights=weights_of_views,
            max_iter=self.max_iter,
            tol=self.tol,
        )
        self._set_linear_maps(weights, blocks)
        self.objective_ = objective
        if self.method == "maxvar":
            self.eigenvalues_ = objective
        self.n_iter_ = max(n_iter, 1)
        self.canonical_correlations_ = np.asarray(
            correlations([B @ W for B, W in zip(blocks, weights)])
        )
