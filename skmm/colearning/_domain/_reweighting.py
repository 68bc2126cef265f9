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
from sklearn.metrics.pairwise import euclidean_distances, pairwise_kernels
from sklearn.model_selection import KFold
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from ...utils._docstrings import DOMAIN_DOCS, Substitution
from ._adapters import (
    _KERNELS,
    SOURCES_CONSTRAINT,
    SOURCES_DOCS,
    _BaseAdapter,
    _read_domain,
)

__all__ = [
    "DiscriminativeReweighting",
    "KernelMeanMatching",
    "KullbackLeiblerImportanceEstimation",
]


class _WeightsMixin:
    """``compute_weights``: the fitted density ratio at any rows."""

    def compute_weights(self, X, *, sample_domain=None):
        """Density ratio ``p_t(x) / p_s(x)`` at any rows.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Rows (with the domain column when ``domain`` is set; with
            ``sources="pooled"`` its values are not used).
        sample_domain : array-like of shape (n_samples,), default=None
            Domain of each row when ``X`` holds no domain column; needed only
            with ``sources="separate"``, where each row is weighted by the
            ratio of its own source domain.

        Returns
        -------
        weights : ndarray of shape (n_samples,)
            Estimated density ratio of each row.
        """
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float64)
        X_rest, domains, _ = _read_domain(self, X, sample_domain)
        if self.adapters_ is None:
            return self._ratio(X_rest)
        if domains is None or not np.isin(domains, self.source_domains_).all():
            raise ValueError(
                "With sources='separate' each source domain has its own density "
                "ratio: every row needs one of the source domains seen in fit "
                f"({self.source_domains_.tolist()}) in the domain column or "
                "sample_domain."
            )
        weights = np.empty(X_rest.shape[0])
        for k, sub in self.adapters_.items():
            rows = domains == k
            if rows.any():
                weights[rows] = sub._ratio(X_rest[rows])
        return weights


@Substitution(**DOMAIN_DOCS, **SOURCES_DOCS)
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
    number of rows) or :class:`KullbackLeiblerImportanceEstimation` (kernel
    bumps at a few target rows, linear in the number of rows).

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
    {sources}
    {domain}

    Attributes
    ----------
    sample_weight_ : ndarray of shape (n_fit_rows,)
        Weight of each fit row: the KMM weight for source rows, 0 for target
        rows (which carry no labels to fit on).
    n_iter_ : int
        Solver iterations run (the most of any source domain with
        ``sources="separate"``).
    {sources_attributes}
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
        "sources": SOURCES_CONSTRAINT,
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
        sources="pooled",
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
        self.sources = sources
        self.domain = domain

    def _fit_separate(self, X, domains, labels):
        super()._fit_separate(X, domains, labels)
        self.n_iter_ = max(sub.n_iter_ for sub in self.adapters_.values())

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
    # kappa_i = (ns / nt) sum_j k(x_i, x'_j), by blocks of target rows so that no
    # ns x nt matrix is held beside K (blocks of about 32 MiB)
    kappa = np.zeros(ns)
    step = max(1, (1 << 22) // max(ns, 1))
    for start in range(0, nt, step):
        block = X_target[start : start + step]
        kappa += pairwise_kernels(X_source, block, metric=kernel, **params).sum(axis=1)
    kappa *= ns / nt
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


@Substitution(**DOMAIN_DOCS, **SOURCES_DOCS)
class DiscriminativeReweighting(_WeightsMixin, _BaseAdapter):
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
    {sources}
    {domain}

    Attributes
    ----------
    estimator_ : classifier or None
        The fitted domain classifier (None after a fit without domains).
    sample_weight_ : ndarray of shape (n_fit_rows,)
        Weight of each fit row: the density ratio for source rows, 0 for target
        rows.
    {sources_attributes}
    {domain_attributes}

    See Also
    --------
    KernelMeanMatching : Weights by matching kernel means.
    KullbackLeiblerImportanceEstimation : Weights as a mixture of kernel bumps.

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
        "sources": SOURCES_CONSTRAINT,
    }

    def __init__(
        self, estimator=None, *, max_weight=None, sources="pooled", domain=None
    ):
        self.estimator = estimator
        self.max_weight = max_weight
        self.sources = sources
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

    def _transform(self, X, source):
        return X.copy()


#: Candidate kernel coefficients of KLIEP, in units of 1 / (median squared
#: distance of target rows to the centres), tried by likelihood cross-validation.
_KLIEP_GAMMA_FACTORS = (0.1, 0.3, 1.0, 3.0, 10.0)


@Substitution(**DOMAIN_DOCS, **SOURCES_DOCS)
class KullbackLeiblerImportanceEstimation(_WeightsMixin, _BaseAdapter):
    """KLIEP: importance weights of source rows as a mixture of kernel bumps.

    The Kullback-Leibler importance estimation procedure (Sugiyama et al.,
    2008) models the density ratio ``w(x) = p_t(x) / p_s(x)`` as a
    non-negative combination of Gaussian kernels centred on ``n_centers``
    target rows, ``w(x) = sum_l alpha_l exp(-gamma ||x - c_l||^2)``, and fits
    ``alpha`` by maximising the log-likelihood of the target rows under
    ``w(x) p_s(x)`` (minimising the Kullback-Leibler divergence from ``p_t``),
    subject to ``w`` averaging to one over the source rows. The kernel
    coefficient ``gamma`` is chosen by the procedure's own likelihood
    cross-validation: the held-out mean of ``log w`` over folds of target rows.

    The problem is the maximum-likelihood weights of a mixture with fixed
    components, solved by EM in a numba kernel (monotone, no step size). Cost:
    linear in the number of rows, ``O((n_s + n_t) n_centers)`` per kernel
    evaluation and ``O(n_t n_centers)`` per iteration, so it runs on 100,000
    rows in seconds where :class:`KernelMeanMatching` needs an
    ``n_s x n_s`` matrix. Unlike KMM the weights extend to new rows
    (:meth:`compute_weights`).

    KLIEP changes no feature: ``transform`` returns ``X`` without its domain
    column, and the weights of the fit rows are ``sample_weight_``, which
    :class:`DomainAdaptationClassifier` and :class:`DomainAdaptationRegressor`
    pass to their inner estimator as ``sample_weight``.

    Parameters
    ----------
    gamma : float, array-like of float or None, default=None
        Coefficient of the Gaussian kernel ``exp(-gamma ||x - c||^2)``. One
        value is used as is; several are candidates for the likelihood
        cross-validation. None: the candidates ``(0.1, 0.3, 1, 3, 10) / m``,
        with ``m`` the median squared distance of target rows to the centres.
    n_centers : int, default=100
        Number of kernel centres, target rows drawn at random (all target rows
        when there are fewer).
    cv : int, default=5
        Folds of target rows in the likelihood cross-validation (used only
        when there are several candidate ``gamma``).
    max_cv_samples : int or None, default=10000
        Rows of each domain the cross-validation uses (a random subset when a
        domain has more; the final fit uses every row). None: every row.
    max_iter : int, default=1000
        Largest number of EM iterations per fit.
    tol : float, default=1e-5
        EM stops when an iteration raises the mean log-likelihood of the
        target rows by at most ``tol`` (nats per row).
    random_state : int, RandomState instance or None, default=None
        Seed of the centres, folds and cross-validation subsets.
    {sources}
    {domain}

    Attributes
    ----------
    sample_weight_ : ndarray of shape (n_fit_rows,)
        Weight of each fit row: the density ratio for source rows, 0 for target
        rows.
    gamma_ : float
        The kernel coefficient used.
    cv_log_likelihood_ : ndarray of shape (n_candidates,) or None
        Held-out mean log-likelihood of each candidate ``gamma`` (None when
        one value was given).
    gamma_candidates_ : ndarray of shape (n_candidates,)
        The candidates of ``gamma``.
    centers_ : ndarray of shape (n_centers_, n_features_out)
        Kernel centres.
    alpha_ : ndarray of shape (n_centers_,)
        Coefficients of the kernels, ``alpha_ >= 0``.
    n_iter_ : int
        EM iterations of the final fit.
    {sources_attributes}
    {domain_attributes}

    See Also
    --------
    KernelMeanMatching : Weights by matching kernel means (``O(n_s^2)``).
    DiscriminativeReweighting : Weights from a domain classifier's odds.
    DomainAdaptationClassifier : Fits its estimator with these weights.

    References
    ----------
    .. [1] M. Sugiyama, T. Suzuki, S. Nakajima, H. Kashima, P. von Bünau and
       M. Kawanabe, "Direct importance estimation for covariate shift
       adaptation", Annals of the Institute of Statistical Mathematics 60(4),
       2008.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.colearning import KullbackLeiblerImportanceEstimation
    >>> from scipy.stats import norm
    >>> rng = np.random.RandomState(0)
    >>> x = np.r_[rng.randn(2000), 0.6 * rng.randn(2000) + 0.5][:, None]
    >>> sd = np.r_[np.zeros(2000), -np.ones(2000)]  # N(0, 1) -> N(0.5, 0.36)
    >>> kliep = KullbackLeiblerImportanceEstimation(random_state=0)
    >>> kliep = kliep.fit(x, sample_domain=sd)
    >>> np.round(kliep.compute_weights([[-1.0], [0.5]]), 2)
    array([0.11, 1.86])
    >>> np.round(norm.pdf([-1.0, 0.5], 0.5, 0.6) / norm.pdf([-1.0, 0.5]), 2)
    array([0.12, 1.89])
    """

    _parameter_constraints: dict = {
        **_BaseAdapter._parameter_constraints,
        "gamma": [None, Interval(Real, 0, None, closed="neither"), "array-like"],
        "n_centers": [Interval(Integral, 1, None, closed="left")],
        "cv": [Interval(Integral, 2, None, closed="left")],
        "max_cv_samples": [None, Interval(Integral, 2, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "random_state": ["random_state"],
        "sources": SOURCES_CONSTRAINT,
    }

    def __init__(
        self,
        gamma=None,
        *,
        n_centers=100,
        cv=5,
        max_cv_samples=10000,
        max_iter=1000,
        tol=1e-5,
        random_state=None,
        sources="pooled",
        domain=None,
    ):
        self.gamma = gamma
        self.n_centers = n_centers
        self.cv = cv
        self.max_cv_samples = max_cv_samples
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state
        self.sources = sources
        self.domain = domain

    def _candidates(self):
        if self.gamma is None:
            return None
        gamma = np.atleast_1d(np.asarray(self.gamma, dtype=np.float64))
        if gamma.ndim != 1 or gamma.shape[0] == 0:
            raise ValueError(
                "gamma must be a positive number or a non-empty list of them; got "
                f"{self.gamma!r}."
            )
        if not (np.isfinite(gamma).all() and (gamma > 0).all()):
            raise ValueError(f"gamma must be positive and finite; got {self.gamma!r}.")
        return gamma

    def _fit_domains(self, X, source, target):
        rng = check_random_state(self.random_state)
        Xs, Xt = X[source], X[target]
        candidates = self._candidates()
        self.cv_log_likelihood_ = None
        if candidates is None or candidates.shape[0] > 1:
            candidates, scores = self._cross_validate(Xs, Xt, candidates, rng)
            self.cv_log_likelihood_ = scores
            gamma = float(candidates[int(np.argmax(scores))])
        else:
            gamma = float(candidates[0])
        self.gamma_candidates_ = candidates
        centers = _draw_centers(Xt, self.n_centers, rng)
        D_t = euclidean_distances(Xt, centers, squared=True)
        D_s = euclidean_distances(Xs, centers, squared=True)
        self.alpha_, self.n_iter_ = _kliep_fit(D_t, D_s, gamma, self.max_iter, self.tol)
        self.gamma_ = gamma
        self.centers_ = centers
        self.sample_weight_ = np.zeros(X.shape[0])
        self.sample_weight_[source] = _mixture(D_s, gamma, self.alpha_)

    def _cross_validate(self, Xs, Xt, candidates, rng):
        """Held-out mean log-likelihood of each candidate ``gamma`` (LCV)."""
        if Xt.shape[0] < self.cv:
            raise ValueError(
                f"The likelihood cross-validation needs at least cv={self.cv} "
                f"target rows; got n_samples={Xt.shape[0]}. Lower cv or give one "
                "gamma."
            )
        cap = self.max_cv_samples
        if cap is not None:
            Xt = Xt[_subsample(Xt.shape[0], cap, rng)]
            Xs = Xs[_subsample(Xs.shape[0], cap, rng)]
        folds = KFold(self.cv, shuffle=True, random_state=rng.randint(2**31 - 1))
        per_fold = []
        for train, test in folds.split(Xt):
            centers = _draw_centers(Xt[train], self.n_centers, rng)
            D_train = euclidean_distances(Xt[train], centers, squared=True)
            per_fold.append(
                (
                    D_train,
                    euclidean_distances(Xt[test], centers, squared=True),
                    euclidean_distances(Xs, centers, squared=True),
                )
            )
        if candidates is None:
            scale = np.median(per_fold[0][0])
            scale = scale if scale > 0 else 1.0
            candidates = np.asarray(_KLIEP_GAMMA_FACTORS) / scale
        scores = np.zeros(candidates.shape[0])
        for D_train, D_test, D_s in per_fold:
            for c, gamma in enumerate(candidates):
                alpha, _ = _kliep_fit(D_train, D_s, gamma, self.max_iter, self.tol)
                w = _mixture(D_test, gamma, alpha)
                scores[c] += np.mean(np.log(np.maximum(w, 1e-300))) / len(per_fold)
        return candidates, scores

    def _ratio(self, X):
        D = euclidean_distances(X, self.centers_, squared=True)
        return _mixture(D, self.gamma_, self.alpha_)

    def _transform(self, X, source):
        return X.copy()


def _mixture(D, gamma, alpha):
    """``sum_l alpha_l exp(-gamma D[:, l])`` (a jitted pass, no n x k array)."""
    from ..._kernels._density_ratio import gaussian_mixture

    return gaussian_mixture(np.ascontiguousarray(D), float(gamma), alpha)


def _subsample(n, cap, rng):
    """Sorted indices of at most ``cap`` of ``n`` rows, at random."""
    if n <= cap:
        return np.arange(n)
    return np.sort(rng.choice(n, cap, replace=False))


def _draw_centers(X, n_centers, rng):
    return X[_subsample(X.shape[0], n_centers, rng)]


def _kliep_fit(D_target, D_source, gamma, max_iter, tol):
    """KLIEP coefficients ``alpha`` from squared distances to the centres.

    ``b_l = mean_i k(x_i, c_l)`` over source rows normalises the basis; the
    EM kernel finds the mixing weights ``beta`` of ``phi_l = k(., c_l) / b_l``
    at the target rows, and ``alpha_l = beta_l / b_l``. A centre no source row
    reaches (``b_l`` underflows) gets no weight.
    """
    from ..._kernels._density_ratio import (
        gaussian_basis,
        gaussian_column_means,
        kliep_solve,
    )

    b = gaussian_column_means(D_source, gamma)
    usable = b > 1e-300
    if not usable.any():
        raise ValueError(
            f"gamma={gamma:.3g} is too large: the kernel of every centre vanishes "
            "at every source row. Give a smaller gamma (or None)."
        )
    inv_b = np.where(usable, 1.0 / np.where(usable, b, 1.0), 0.0)
    Phi = gaussian_basis(D_target, gamma, inv_b)
    beta = np.where(usable, 1.0 / usable.sum(), 0.0)
    n_iter, _ = kliep_solve(Phi, beta, max_iter, tol)
    return beta * inv_b, int(n_iter)
