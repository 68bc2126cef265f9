"""Generalized CCA of several views (MAXVAR), in closed form."""

import numpy as np

from ..utils._array_api import get_namespace
from ..utils._docstrings import views_docs
from ..utils._linalg import correlations, sign_flips, unit_variance, whiten
from ._cca import _LinearCoordinated

__all__ = ["MultiviewCCA"]


def _maxvar_directions(blocks, n_components, reg=0.0, xp=None):
    """MAXVAR generalized CCA of centred blocks: GEMMs and one ``eigh``.

    Finds the shared code ``G`` (``n_samples x n_components``, orthonormal
    columns) that maximizes ``sum_v ||P_v G||^2``, where ``P_v`` projects onto
    the column space of view ``v`` (with each covariance ridge-shrunk as in
    every skmm CCA): ``G`` holds the top eigenvectors of ``sum_v P_v``. The
    weights of view ``v`` regress ``G`` on that view.

    Parameters
    ----------
    blocks : list of ndarray of shape (n_samples, p_v)
        Centred views.
    n_components : int
        Number of components.
    reg : float in [0, 1], default=0.0
        Shrinkage of each view's covariance.
    xp : module, default=None
        Array module; inferred from the inputs when None.

    Returns
    -------
    weights : list of ndarray of shape (p_v, n_components)
        Per-view weights; each view's variates have unit training variance.
    eigenvalues : ndarray of shape (n_components,)
        Top eigenvalues of ``sum_v P_v`` (between 1 and the number of views;
        ``1 + rho`` for two views at ``reg=0``, ``rho`` the canonical
        correlation).
    """
    if xp is None:
        xp = get_namespace(*blocks)
    n = blocks[0].shape[0]
    whitened = [whiten(B, reg, xp=xp) for B in blocks]
    whiteners = [W for W, _ in whitened]
    Y = xp.concatenate([Yv for _, Yv in whitened], axis=1)
    # eigen-decomposition of the small Gram matrix instead of an SVD of Y
    w, V = xp.linalg.eigh((Y.T @ Y) / (n - 1))
    order = xp.argsort(w)[::-1][:n_components]
    w, V = w[order], V[:, order]
    weights, start = [], 0
    for W in whiteners:
        stop = start + W.shape[1]
        weights.append(W @ V[start:stop])
        start = stop
    # deterministic signs, as in CCA: the largest first-view weight is positive
    signs = sign_flips(weights[0], xp=xp)
    weights = [unit_variance(B, A * signs, xp=xp)[0] for B, A in zip(blocks, weights)]
    return weights, w


@views_docs
class MultiviewCCA(_LinearCoordinated):
    """Generalized canonical correlation analysis of two or more views (MAXVAR).

    Kettenring's MAXVAR criterion: find a shared code ``G`` with orthonormal
    columns, and per-view weights, so that every view's projection ``X_v a_v``
    is as close as possible to ``G`` (equivalently, ``G`` holds the top
    eigenvectors of the sum of the views' projection matrices). Computed in
    closed form: each view is whitened by the inverse square root of its
    (ridge-shrunk) covariance and one symmetric eigendecomposition of the
    whitened views' Gram matrix gives every component. With two views and
    ``reg=0`` it gives the same variates and correlations as :class:`CCA`.

    MAXVAR is the variant implemented; SUMCOR (maximizing the sum of pairwise
    correlations) has no closed form for more than two views.

    Read more in the :ref:`User Guide <representation>`.

    Parameters
    ----------
    n_components : int, default=2
        Number of components; at most the width of the narrowest view and fewer
        than the number of samples.
    {views}
        ``fit(X, Y)`` with ``views=None`` and a 2-D ``Y`` takes ``X`` and ``Y``
        as two views instead (scikit-learn's two-array form).
    reg : float in [0, 1], default=0.0
        Shrinkage of each view's covariance ``C``:
        ``(1 - reg) * C + reg * (trace(C) / p) * I`` (see :class:`CCA`).
    scale : bool, default=True
        Whether to divide each column by its standard deviation first.
    combine : {"concat", "mean"}, default="concat"
        What :meth:`transform` returns: the per-view variates side by side,
        ``(n_samples, n_views * n_components)``, or their average over views,
        ``(n_samples, n_components)``, an estimate of the shared code.

    Attributes
    ----------
    canonical_correlations_ : ndarray of shape (n_components,)
        Per component, the correlation of the training variates averaged over
        all pairs of views.
    eigenvalues_ : ndarray of shape (n_components,)
        MAXVAR eigenvalues, between 1 and ``n_views_``, in decreasing order;
        the closer to ``n_views_``, the more the views agree on the component.
    weights_ : list of ndarray of shape (n_features_of_view, n_components)
        Per view, the weights applied to the centred view columns (units of
        ``X``); each view's variates have unit training variance.
    loadings_ : list of ndarray of shape (n_features_of_view, n_components)
        Per view, the least-squares regression of the (centred, scaled) view
        columns on its variates; used by :meth:`inverse_transform`.
    mean_ : ndarray of shape (`n_features_in_`,)
        Per-column mean of the training data.
    scale_ : ndarray of shape (`n_features_in_`,)
        Per-column scale.
    {views_attributes}

    See Also
    --------
    CCA : The two-view case.
    KernelCCA : Nonlinear two-view CCA through kernels.

    Notes
    -----
    Unlike two-view CCA, the variates of different components of one view are
    not exactly uncorrelated for three or more views: the shared code's
    components are orthogonal, not each view's regression of them.

    References
    ----------
    .. [1] J. R. Kettenring, "Canonical analysis of several sets of variables",
       Biometrika 58(3), 433-451, 1971.

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
    """

    _parameter_constraints: dict = {**_LinearCoordinated._parameter_constraints}

    _n_views = (2, None)

    def __init__(
        self, n_components=2, *, views=None, reg=0.0, scale=True, combine="concat"
    ):
        self.n_components = n_components
        self.views = views
        self.reg = reg
        self.scale = scale
        self.combine = combine

    def _fit(self, X):
        self._check_n_components([len(idx) for idx in self.views_], X.shape[0])
        blocks = self._standardize_fit(X)
        weights, eigenvalues = _maxvar_directions(blocks, self.n_components, self.reg)
        self._set_linear_maps(weights, blocks)
        self.eigenvalues_ = np.asarray(eigenvalues)
        self.canonical_correlations_ = np.asarray(
            correlations([B @ W for B, W in zip(blocks, weights)])
        )
