"""Inference for coordinated representations: permutation tests, redundancy."""

from numbers import Integral

import numpy as np
from joblib import Parallel, delayed
from sklearn.base import clone
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, validate_params
from sklearn.utils.validation import check_is_fitted

from ..utils._base import is_two_dimensional
from ..utils._linalg import whiten
from ._cca import CCA, _BaseCoordinated

__all__ = ["permutation_test_score", "redundancy_index"]


def _blocks(est, X, y):
    """The validated, centred view blocks of a fitted two-view estimator."""
    return [b - b.mean(axis=0) for b in est._view_blocks(X, y)]


def _top_correlation(est, blocks, order):
    """First canonical correlation of a refit on ``blocks`` with view 2 permuted."""
    X = np.hstack([blocks[0], blocks[1][order]])
    p = blocks[0].shape[1]
    fitted = clone(est).set_params(
        n_components=1, views=[slice(0, p), slice(p, X.shape[1])]
    )
    return float(fitted.fit(X).canonical_correlations_[0])


def _residual(block, Z):
    """``block`` minus its least-squares fit on the variates ``Z``."""
    if Z.shape[1] == 0:
        return block
    Zc = Z - Z.mean(axis=0)
    coef = np.linalg.lstsq(Zc, block, rcond=None)[0]
    return block - Zc @ coef


@validate_params(
    {
        "estimator": [_BaseCoordinated],
        "X": ["array-like"],
        "y": ["array-like", None],
        "n_permutations": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
        "n_jobs": [Integral, None],
    },
    prefer_skip_nested_validation=False,
)
def permutation_test_score(
    estimator, X, y=None, *, n_permutations=999, random_state=None, n_jobs=None
):
    """Permutation p-value of each canonical correlation of two views.

    The rows of the second view are permuted, which keeps each view's own
    structure and breaks only their pairing. Component ``k`` is tested
    stepwise (Winkler et al., 2020): the first ``k - 1`` training variates are
    regressed out of each view, and the top canonical correlation of what
    remains is compared with its value on permuted rows (Roy's largest root,
    with the same permutations for every step). The p-values are made
    non-decreasing over components, the step-down rule that keeps the
    family-wise error at the test's level: a later pair cannot be significant
    once an earlier one is not.

    :class:`CCA` is tested without refitting: each view is whitened once and
    a permutation costs one small product. Other two-view estimators of
    :mod:`skmm.representation` (``SparseCCA``, ``KernelCCA``, ...) are refitted
    with ``n_components=1`` on every permutation, in parallel with
    ``n_jobs``; for them the statistic is the refit's first correlation.

    Parameters
    ----------
    estimator : estimator of skmm.representation
        A two-view coordinated estimator (fitted or not); it is cloned and
        fitted on ``X`` (and ``y`` in the two-array form).
    X : array-like or DataFrame of shape (n_samples, n_features)
        Two-view data, as for the estimator's ``fit``.
    y : None or array-like of shape (n_samples, n_targets), default=None
        The second view in the two-array form; a 1-D ``y`` is ignored.
    n_permutations : int, default=999
        Number of permutations; the smallest attainable p-value is
        ``1 / (n_permutations + 1)``.
    random_state : int, RandomState instance or None, default=None
        Draws the permutations.
    n_jobs : int or None, default=None
        Parallel refits (joblib) for estimators other than ``CCA``.

    Returns
    -------
    score : ndarray of shape (n_components,)
        The observed statistic of each component (the canonical correlations
        for ``CCA``).
    permutation_scores : ndarray of shape (n_permutations, n_components)
        The statistic on each permutation.
    pvalue : ndarray of shape (n_components,)
        ``(1 + #{permuted >= observed}) / (1 + n_permutations)``, made
        non-decreasing over components.

    See Also
    --------
    sklearn.model_selection.permutation_test_score : The same test for a
        cross-validated score of a supervised estimator.
    redundancy_index : How much of each view the other view's variates
        explain.

    References
    ----------
    .. [1] A. M. Winkler, O. Renaud, S. M. Smith and T. E. Nichols,
       "Permutation inference for canonical correlation analysis",
       NeuroImage 220, 117065, 2020.

    Examples
    --------
    >>> from skmm.datasets import make_correlated_views
    >>> from skmm.representation import CCA, permutation_test_score
    >>> X, views = make_correlated_views(
    ...     n_samples=200, n_features=(5, 4), correlations=[0.5, 0.0],
    ...     random_state=0)
    >>> score, null, pvalue = permutation_test_score(
    ...     CCA(n_components=2, views=views), X, n_permutations=199,
    ...     random_state=0)
    >>> bool(pvalue[0] < 0.01), bool(pvalue[1] > 0.05)
    (True, True)
    """
    est = clone(estimator)
    y_fit = y if is_two_dimensional(y) else None
    est.fit(X, y_fit)
    if est.n_views_ != 2:
        raise ValueError(
            f"permutation_test_score tests two views; {type(est).__name__} was "
            f"fitted on {est.n_views_}."
        )
    rng = check_random_state(random_state)
    blocks = _blocks(est, X, y_fit)
    n = blocks[0].shape[0]
    k = int(np.asarray(est.canonical_correlations_).shape[0])
    orders = [rng.permutation(n) for _ in range(n_permutations)]
    if type(est) is CCA:
        score, null = _cca_null(est, blocks, k, orders)
    else:
        score, null = _refit_null(est, blocks, k, orders, n_jobs)
    exceed = np.sum(null >= score - 1e-12 * np.abs(score), axis=0)
    pvalue = np.maximum.accumulate((1.0 + exceed) / (1.0 + n_permutations))
    return score, null, pvalue


def _cca_null(est, blocks, k, orders):
    n = blocks[0].shape[0]
    std = [est.scale_[idx] for idx in est.views_]
    Ys = [whiten(b / s, est.reg)[1] for b, s in zip(blocks, std)]
    U, s, Vt = np.linalg.svd((Ys[0].T @ Ys[1]) / (n - 1), full_matrices=True)
    V = Vt.T
    steps = [(Ys[0] @ U[:, j:], Ys[1] @ V[:, j:]) for j in range(k)]
    score = np.array(
        [
            np.linalg.norm(A.T @ B, 2) / (n - 1) if A.size and B.size else 0.0
            for A, B in steps
        ]
    )
    null = np.zeros((len(orders), k))
    for i, order in enumerate(orders):
        for j, (A, B) in enumerate(steps):
            if A.size and B.size:
                null[i, j] = np.linalg.norm(A.T @ B[order], 2) / (n - 1)
    return score, null


def _refit_null(est, blocks, k, orders, n_jobs):
    Zs = [est._project_view(b + 0.0, v) for v, b in enumerate(blocks)]
    steps = [[_residual(b, Z[:, :j]) for b, Z in zip(blocks, Zs)] for j in range(k)]
    identity = np.arange(blocks[0].shape[0])
    score = np.array([_top_correlation(est, step, identity) for step in steps])
    values = Parallel(n_jobs=n_jobs)(
        delayed(_top_correlation)(est, step, order)
        for order in orders
        for step in steps
    )
    return score, np.asarray(values).reshape(len(orders), k)


@validate_params(
    {"estimator": [_BaseCoordinated], "X": ["array-like"], "y": ["array-like", None]},
    prefer_skip_nested_validation=True,
)
def redundancy_index(estimator, X, y=None):
    """Share of each view's variance explained by each view's variates.

    Stewart & Love's redundancy index: ``R[v, u, k]`` is the mean, over the
    columns of view ``v``, of their squared correlation with the ``k``-th
    variate of view ``u``. On the diagonal (``u = v``) it is the variance of a
    view extracted by its own variates (adequacy); off the diagonal, the
    redundancy of view ``v`` given view ``u``: how much of ``v`` the other
    modality's variates account for. For CCA at ``reg=0``,
    ``R[v, u, k] = rho_k ** 2 * R[v, v, k]``; summed over uncorrelated
    variates it is the share of the view's (standardized) variance explained.

    Parameters
    ----------
    estimator : fitted estimator of skmm.representation
        A coordinated estimator with ``transform_view``.
    X : array-like or DataFrame of shape (n_samples, n_features)
        Multi-view data with the columns seen in ``fit`` (in the two-array
        form, the first view).
    y : None or array-like of shape (n_samples, n_targets), default=None
        The second view in the two-array form.

    Returns
    -------
    R : ndarray of shape (n_views, n_views, n_components)
        ``R[v, u, k]``, in [0, 1]; constant columns count as explained by
        nothing.

    See Also
    --------
    permutation_test_score : Significance of each canonical correlation.

    References
    ----------
    .. [1] D. Stewart and W. Love, "A general canonical correlation index",
       Psychological Bulletin 70(3), 160-163, 1968.

    Examples
    --------
    >>> from skmm.datasets import make_correlated_views
    >>> from skmm.representation import CCA, redundancy_index
    >>> X, views = make_correlated_views(
    ...     n_samples=500, n_features=(3, 3), correlations=[0.9, 0.5, 0.1],
    ...     random_state=0)
    >>> cca = CCA(n_components=3, views=views).fit(X)
    >>> R = redundancy_index(cca, X)
    >>> R.shape
    (2, 2, 3)
    >>> round(float(R[0, 0].sum()), 6)  # three variates span the first view
    1.0
    """
    check_is_fitted(estimator)
    y_2d = y if is_two_dimensional(y) else None
    raw = estimator._view_blocks(X, y_2d)
    blocks = [b - b.mean(axis=0) for b in raw]
    Zs = [np.asarray(estimator._project_view(b, v)) for v, b in enumerate(raw)]
    n_views = len(blocks)
    k = Zs[0].shape[1]
    R = np.zeros((n_views, n_views, k))
    for v, B in enumerate(blocks):
        Bn = B / np.where((norm := np.linalg.norm(B, axis=0)) > 0, norm, 1.0)
        for u, Z in enumerate(Zs):
            Zc = Z - Z.mean(axis=0)
            Zn = Zc / np.where((zn := np.linalg.norm(Zc, axis=0)) > 0, zn, 1.0)
            R[v, u] = np.mean((Bn.T @ Zn) ** 2, axis=0)
    return R
