"""Importance-weighting adapters: weights of source rows, features unchanged.

They estimate the density ratio ``p_t(x) / p_s(x)`` at the source rows
(``sample_weight_``), which the meta-estimators pass to their inner estimator
as ``sample_weight``; ``transform`` returns ``X`` without its domain column.
"""

from numbers import Integral, Real

import numpy as np
from scipy import linalg
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.metrics.pairwise import pairwise_kernels
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from ...utils._docstrings import DOMAIN_DOCS, Substitution
from ._adapters import _KERNELS, _BaseAdapter

__all__ = ["DiscriminativeReweighting", "KernelMeanMatching"]


@Substitution(**DOMAIN_DOCS)
class KernelMeanMatching(_BaseAdapter):
    """Kernel mean matching: importance weights of source rows.

    KMM (Huang et al., 2007) weights the source rows so that their weighted
    mean in a reproducing-kernel Hilbert space matches the mean of the target
    rows. The weights ``b`` solve the quadratic program

    ``min_b 0.5 b'K b - kappa'b``, ``0 <= b_i <= B``,
    ``|sum(b) - n_s| <= n_s eps``,

    with ``K`` the kernel matrix of the source rows and
    ``kappa_i = (n_s / n_t) sum_j k(x_i, x'_j)`` over target rows ``x'_j``;
    they estimate the density ratio ``p_t(x) / p_s(x)`` at the source rows. The
    program is solved by accelerated projected gradient (FISTA with restarts, a
    numba kernel; one product with ``K`` per iteration, the step from a few
    Lanczos products) until its objective settles, so time grows about as
    ``n_s^2``. Memory: the kernel matrix of the source rows, one
    ``n_s x n_s`` float64 array, ``8 n_s^2`` bytes: 0.5 GiB at 8,000 source
    rows, 12 GiB at about 40,000. Past that, or for weights of new rows, use
    :class:`DiscriminativeReweighting` (a classifier's odds, linear in the
    number of rows).

    KMM changes no feature: ``transform`` returns ``X`` without its domain
    column. The weights of the fit rows are ``sample_weight_``;
    :class:`DomainAdaptationClassifier` and :class:`DomainAdaptationRegressor`
    pass them to their inner estimator as ``sample_weight``.

    Parameters
    ----------
    kernel : {"linear", "rbf", "poly", "sigmoid", "cosine", "laplacian"}, \
            default="rbf"
        Kernel, as in :func:`sklearn.metrics.pairwise.pairwise_kernels`.
    gamma : float or None, default=None
        Kernel coefficient (None: ``1 / n_features``).
    degree : float, default=3
        Degree of the "poly" kernel.
    coef0 : float, default=1
        Independent term of the "poly" and "sigmoid" kernels.
    B : float, default=1000.0
        Upper bound of every weight.
    eps : float or None, default=None
        Slack of the normalisation constraint; None uses
        ``(sqrt(n_s) - 1) / sqrt(n_s)`` as Huang et al. do.
    max_iter : int, default=1000
        Largest number of solver iterations.
    tol : float, default=1e-6
        The solver stops when a step changes the weights by at most ``tol``
        (relative), or its objective fell by at most ``tol`` (relative) over
        the last 20 iterations.
    {domain}

    Attributes
    ----------
    sample_weight_ : ndarray of shape (n_fit_rows,)
        Weight of each fit row: the KMM weight for source rows, 0 for target
        rows (which carry no labels to fit on).
    n_iter_ : int
        Solver iterations run.
    {domain_attributes}

    See Also
    --------
    DomainAdaptationClassifier : Fits its estimator with these weights.
    make_importance_weighted_scorer : Importance-weighted validation score.

    References
    ----------
    .. [1] J. Huang, A. J. Smola, A. Gretton, K. M. Borgwardt and B. Schölkopf,
       "Correcting sample selection bias by unlabeled data", NIPS 2007.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.colearning import KernelMeanMatching
    >>> from skmm.datasets import make_domain_shift
    >>> X, y, domain = make_domain_shift(shift="covariate", random_state=0)
    >>> kmm = KernelMeanMatching(domain=domain).fit(X)
    >>> source = X[:, domain] >= 0
    >>> w, x0 = kmm.sample_weight_[source], X[source, 0]
    >>> # the target is shifted to larger x0: source rows there weigh more
    >>> bool(w[x0 > 0].mean() > 2 * w[x0 < 0].mean())
    True
    """

    _parameter_constraints: dict = {
        **_BaseAdapter._parameter_constraints,
        "kernel": [StrOptions(set(_KERNELS))],
        "gamma": [None, Interval(Real, 0, None, closed="neither")],
        "degree": [Interval(Real, 0, None, closed="left")],
        "coef0": [Real],
        "B": [Interval(Real, 0, None, closed="neither")],
        "eps": [None, Interval(Real, 0, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
    }

    def __init__(
        self,
        kernel="rbf",
        *,
        gamma=None,
        degree=3,
        coef0=1,
        B=1000.0,
        eps=None,
        max_iter=1000,
        tol=1e-6,
        domain=None,
    ):
        self.kernel = kernel
        self.gamma = gamma
        self.degree = degree
        self.coef0 = coef0
        self.B = B
        self.eps = eps
        self.max_iter = max_iter
        self.tol = tol
        self.domain = domain

    def _fit_domains(self, X, source, target):
        weights, self.n_iter_ = kmm_weights(
            X[source],
            X[target],
            kernel=self.kernel,
            gamma=self.gamma,
            degree=self.degree,
            coef0=self.coef0,
            B=self.B,
            eps=self.eps,
            max_iter=self.max_iter,
            tol=self.tol,
        )
        self.sample_weight_ = np.zeros(X.shape[0])
        self.sample_weight_[source] = weights

    def _transform(self, X, source):
        return X.copy()


def kmm_weights(
    X_source,
    X_target,
    *,
    kernel="rbf",
    gamma=None,
    degree=3,
    coef0=1,
    B=1000.0,
    eps=None,
    max_iter=1000,
    tol=1e-6,
):
    """KMM weights of ``X_source`` rows towards ``X_target`` (validated arrays)."""
    ns, nt = X_source.shape[0], X_target.shape[0]
    params = dict(filter_params=True, gamma=gamma, degree=degree, coef0=coef0)
    from ..._kernels._kmm import gershgorin_bound, kmm_solve, symmetrize_inplace

    K = np.ascontiguousarray(pairwise_kernels(X_source, metric=kernel, **params))
    symmetrize_inplace(K)  # no second n x n array
    kappa = (ns / nt) * pairwise_kernels(
        X_source, X_target, metric=kernel, **params
    ).sum(axis=1)
    if eps is None:
        eps = (np.sqrt(ns) - 1) / np.sqrt(ns)
    lo, hi = max(ns * (1 - eps), 0.0), ns * (1 + eps)
    if lo > ns * B:
        raise ValueError(
            f"B={B} is too small: the weights cannot sum to n_source * (1 - eps) = "
            f"{lo:.4g} with every weight at most B."
        )
    # Gershgorin and power-iteration bounds of the largest eigenvalue; the step is
    # the inverse of a bound, so take the smaller valid one (Gershgorin is valid).
    lipschitz = gershgorin_bound(K)
    if ns > 1:
        lipschitz = min(lipschitz, _largest_eigenvalue_bound(K))
    lipschitz = max(lipschitz, np.finfo(float).tiny)
    weights, n_iter = kmm_solve(
        K, np.ascontiguousarray(kappa), float(B), lo, hi, lipschitz, max_iter, tol
    )
    return weights, int(n_iter)


def _largest_eigenvalue_bound(K):
    """An upper bound of ``lambda_max(K)`` for symmetric PSD ``K``, in O(n^2).

    Lanczos (ARPACK) gives the top Ritz pair ``(theta, v)`` with a few products
    with ``K``; ``theta`` approaches ``lambda_max`` from below, and the residual
    ``||K v - theta v||`` bounds its distance to an eigenvalue, so their sum
    (with a small margin) bounds ``lambda_max`` once the pair has converged.
    A full eigendecomposition would cost O(n^3).
    """
    n = K.shape[0]
    if n <= 64:
        return float(linalg.eigvalsh(K)[-1]) * (1 + 1e-10) + 1e-12
    from scipy.sparse.linalg import eigsh

    v0 = np.full(n, 1.0 / np.sqrt(n))  # deterministic start
    theta, V = eigsh(K, k=1, which="LA", v0=v0, tol=1e-8)
    theta, v = float(theta[0]), V[:, 0]
    residual = float(np.linalg.norm(K @ v - theta * v))
    return (theta + residual) * (1 + 1e-6) + 1e-12


@Substitution(**DOMAIN_DOCS)
class DiscriminativeReweighting(_BaseAdapter):
    """Importance weights from a probabilistic classifier of the domains.

    A classifier learns to tell target rows from source rows; by Bayes' rule
    its odds estimate the density ratio,
    ``p_t(x) / p_s(x) = (n_s / n_t) * P(target | x) / P(source | x)``
    (Bickel, Brückner & Scheffer, 2009). Unlike :class:`KernelMeanMatching`
    the weights extend to new rows (:meth:`compute_weights`) and the cost grows
    with the classifier's, not with ``n_s ** 2``.

    The adapter changes no feature: ``transform`` returns ``X`` without its
    domain column, and the weights of the fit rows are ``sample_weight_``.

    Parameters
    ----------
    estimator : classifier or None, default=None
        Probabilistic classifier (with ``predict_proba``) of the domains; None
        uses :class:`~sklearn.linear_model.LogisticRegression`, whose odds are
        exact when both domains are Gaussian with one covariance.
    max_weight : float or None, default=None
        Clip the weights at this value (large ratios make weighted fits noisy).
    {domain}

    Attributes
    ----------
    estimator_ : classifier or None
        The fitted domain classifier (None after a fit without domains).
    sample_weight_ : ndarray of shape (n_fit_rows,)
        Weight of each fit row: the density ratio for source rows, 0 for target
        rows.
    {domain_attributes}

    See Also
    --------
    KernelMeanMatching : Weights by matching kernel means.

    References
    ----------
    .. [1] S. Bickel, M. Brückner and T. Scheffer, "Discriminative learning
       under covariate shift", JMLR 10, 2009.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.colearning import DiscriminativeReweighting
    >>> rng = np.random.RandomState(0)
    >>> x = np.r_[rng.randn(2000), rng.randn(2000) + 1][:, None]
    >>> sd = np.r_[np.zeros(2000), -np.ones(2000)]
    >>> dr = DiscriminativeReweighting().fit(x, sample_domain=sd)
    >>> # N(1, 1) against N(0, 1): the true ratio at x = 0.5 is exp(0) = 1
    >>> np.round(dr.compute_weights([[0.5], [1.5]]), 1)
    array([1. , 2.7])
    """

    _parameter_constraints: dict = {
        **_BaseAdapter._parameter_constraints,
        "estimator": [None, HasMethods(["fit", "predict_proba"])],
        "max_weight": [None, Interval(Real, 0, None, closed="neither")],
    }

    def __init__(self, estimator=None, *, max_weight=None, domain=None):
        self.estimator = estimator
        self.max_weight = max_weight
        self.domain = domain

    def _fit_domains(self, X, source, target):
        self.sample_weight_ = np.zeros(X.shape[0])
        if (source & target).all():  # no domain information: weights 1
            self.estimator_ = None
            self.sample_weight_[:] = 1.0
            return
        estimator = LogisticRegression() if self.estimator is None else self.estimator
        self.estimator_ = clone(estimator).fit(X, target.astype(np.int64))
        self._prior_odds = source.sum() / target.sum()
        self.sample_weight_[source] = self._ratio(X[source])

    def _ratio(self, X):
        if self.estimator_ is None:
            return np.ones(X.shape[0])
        proba = self.estimator_.predict_proba(X)
        column = list(self.estimator_.classes_).index(1)
        p = np.clip(proba[:, column], 1e-12, 1 - 1e-12)
        w = self._prior_odds * p / (1 - p)
        if self.max_weight is not None:
            w = np.minimum(w, self.max_weight)
        return w

    def compute_weights(self, X):
        """Density ratio ``p_t(x) / p_s(x)`` at any rows.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Rows (with the domain column when ``domain`` is set; its values
            are ignored).

        Returns
        -------
        weights : ndarray of shape (n_samples,)
            Estimated density ratio of each row.
        """
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float64)
        if self.domain_column_ is not None:
            X = np.delete(X, self.domain_column_, axis=1)
        return self._ratio(X)

    def _transform(self, X, source):
        return X.copy()
