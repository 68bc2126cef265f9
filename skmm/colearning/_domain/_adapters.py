"""Domain adapters: map (or reweight) source rows so they look like target rows.

Every adapter is a transformer that learns from rows of two domains. It finds
each row's domain in one of two ways:

- ``domain`` (constructor parameter): the selector of a column of ``X`` that
  holds the domain of each row (``>= 0`` source, ``< 0`` target, see
  :func:`~skmm.utils.split_domain`); the column is read and dropped, so the
  adapter works in a plain :class:`~sklearn.pipeline.Pipeline` and in
  :class:`~sklearn.model_selection.GridSearchCV` with no metadata routing;
- ``sample_domain`` (keyword argument of ``fit`` and ``transform``): one label
  per row, skada's convention, for callers that hold the domains apart.

In ``transform`` rows without domain information are treated as target rows
(the data an adapted model is applied to). A ``fit`` without any domain
information has nothing to adapt to: the adapter warns and fits the identity
adaptation, with ``X`` as its own source and target.
"""

from numbers import Integral, Real

import numpy as np
from scipy import linalg
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context, clone
from sklearn.covariance import ledoit_wolf
from sklearn.metrics.pairwise import pairwise_kernels
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import (
    _check_feature_names_in,
    check_is_fitted,
    column_or_1d,
    validate_data,
)

from ...utils import check_sample_domain, unlabeled_mask
from ...utils._docstrings import DOMAIN_DOCS, Substitution
from ...utils._domain import DOMAIN_CONSTRAINT, read_domains, warn_no_target
from ...utils._linalg import sign_flips, sym_power

__all__ = ["CORAL", "SubspaceAlignment", "TransferComponentAnalysis"]


def _with_positive_peaks(W):
    """``W`` with the entry of largest magnitude of each column made positive."""
    return W * sign_flips(W)


_KERNELS = ["linear", "rbf", "poly", "sigmoid", "cosine", "laplacian"]


def _read_domain(estimator, X, sample_domain):
    """Drop the domain column of validated ``X``; ``(X_rest, domains, column)``.

    ``domains`` is None when neither ``estimator.domain`` nor ``sample_domain``
    gives the domain of the rows (:func:`~skmm.utils.read_domains`).
    """
    X_rest, domains, column = read_domains(
        X,
        estimator.domain,
        sample_domain,
        feature_names=getattr(estimator, "feature_names_in_", None),
    )
    if column is not None and X_rest.shape[1] == 0:
        raise ValueError(
            "X holds only the domain column; there are no features to adapt."
        )
    return X_rest, domains, column


#: The constraint of the ``sources`` parameter of the adapters that take it.
SOURCES_CONSTRAINT = [StrOptions({"pooled", "separate"})]

#: The ``sources`` parameter and the attributes it sets, for the docstrings.
SOURCES_DOCS = {
    "sources": """\
sources : {"pooled", "separate"}, default="pooled"
    With several source domains (several values ``>= 0`` in the domain
    column): "pooled" adapts all source rows as one domain; "separate" fits
    one adaptation per source domain, from its rows and every target row,
    and maps each source row by its own domain's (a source domain unseen in
    ``fit`` is then an error). With one source domain both are the same.
    Several target domains are always pooled.""",
    "sources_attributes": """\
source_domains_ : ndarray of int
    The source domains seen in ``fit``.
adapters_ : dict or None
    With ``sources="separate"`` and several source domains, the fitted
    adapter of each source domain (keyed by its value); None otherwise.""",
}


class _BaseAdapter(TransformerMixin, BaseEstimator):
    """Shared plumbing: domain reading, validation, fit_transform, names.

    Subclasses implement ``_fit_domains(X, source, target)`` (with a fourth
    argument, the encoded source labels, when ``_uses_labels``) and
    ``_transform(X, source)``; a ``sources`` parameter ("pooled" or
    "separate") makes the base fit one adaptation per source domain.
    """

    _parameter_constraints: dict = {"domain": DOMAIN_CONSTRAINT}
    _uses_labels = False

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None, *, sample_domain=None):
        """Learn the adaptation from source and target rows.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Rows of both domains (with the domain column when ``domain`` is set).
        y : array-like of shape (n_samples,) or None, default=None
            Ignored by adapters that look at no label. Adapters that use the
            classes of source rows (class-regularised transport) read the
            labels of source rows only; target labels are never read.
        sample_domain : array-like of shape (n_samples,), default=None
            Domain of each row (``>= 0`` source, ``< 0`` target), when ``X``
            holds no domain column.

        Returns
        -------
        self : object
            The fitted adapter.
        """
        X = validate_data(self, X, dtype=np.float64)
        X_rest, domains, self.domain_column_ = _read_domain(self, X, sample_domain)
        self.adapters_ = None
        if domains is None:
            warn_no_target(self)
            source = target = np.ones(X_rest.shape[0], dtype=bool)
            labels = self._source_labels(y, source)
            self.source_domains_ = np.zeros(1, dtype=np.int64)
            self._fit_one(X_rest, source, target, labels)
            return self
        domains = check_sample_domain(domains, require_source=True, require_target=True)
        source, target = domains >= 0, domains < 0
        labels = self._source_labels(y, source)
        self.source_domains_ = np.unique(domains[source])
        if getattr(self, "sources", "pooled") == "separate" and (
            self.source_domains_.shape[0] > 1
        ):
            self._fit_separate(X_rest, domains, labels)
        else:
            self._fit_one(X_rest, source, target, labels)
        return self

    def _source_labels(self, y, source):
        """Encoded labels of source rows (-1 elsewhere) for adapters that use them.

        Target labels are replaced by -1 before anything reads them.
        """
        if not self._uses_labels:
            return None
        if y is None:
            raise ValueError(
                f"{type(self).__name__} requires y to be passed, but the target y is "
                "None: it uses the class of each source row (target rows may hold "
                "-1 or any value; they are ignored)."
            )
        y = column_or_1d(y)
        if y.shape[0] != source.shape[0]:
            raise ValueError(
                f"y has {y.shape[0]} entries but X has {source.shape[0]} rows."
            )
        check_classification_targets(y)
        unlabeled = unlabeled_mask(y)
        known = source & ~unlabeled
        labels = np.full(y.shape[0], -1, dtype=np.int64)
        if known.any():
            classes, codes = np.unique(y[known], return_inverse=True)
            labels[known] = codes
            self.classes_ = classes
        else:
            self.classes_ = np.empty(0, dtype=y.dtype)
        return labels

    def _fit_one(self, X, source, target, labels):
        if self._uses_labels:
            self._fit_domains(X, source, target, labels)
        else:
            self._fit_domains(X, source, target)

    def _separate_params(self, X, domains):
        """Parameters every per-source adapter shares (e.g. an output width)."""
        return {}

    def _fit_separate(self, X, domains, labels):
        """One adapter per source domain, each from its rows and every target row."""
        target = domains < 0
        params = self._separate_params(X, domains)
        self.adapters_ = {}
        weights = None
        for k in self.source_domains_:
            rows = (domains == k) | target
            sub = clone(self).set_params(sources="pooled", domain=None, **params)
            sub._fit_one(
                X[rows],
                domains[rows] >= 0,
                domains[rows] < 0,
                None if labels is None else labels[rows],
            )
            self.adapters_[int(k)] = sub
            if hasattr(sub, "sample_weight_"):
                if weights is None:
                    weights = np.zeros(X.shape[0])
                weights[domains == k] = sub.sample_weight_[domains[rows] >= 0]
        if weights is not None:
            self.sample_weight_ = weights
        first = next(iter(self.adapters_.values()))
        if hasattr(first, "n_components_"):
            self.n_components_ = first.n_components_

    def transform(self, X, *, sample_domain=None):
        """Map rows by their domain.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Rows to map (with the domain column when ``domain`` is set).
        sample_domain : array-like of shape (n_samples,), default=None
            Domain of each row when ``X`` holds no domain column. Rows without
            domain information are treated as target rows.

        Returns
        -------
        X_new : ndarray of shape (n_samples, n_components)
            Adapted rows (the domain column dropped).
        """
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float64)
        X_rest, domains, _ = _read_domain(self, X, sample_domain)
        if self.adapters_ is not None:
            return self._transform_separate(X_rest, domains)
        source = (
            np.zeros(X_rest.shape[0], dtype=bool) if domains is None else domains >= 0
        )
        return self._transform(X_rest, source)

    def _transform_separate(self, X, domains):
        """Source rows by their domain's adapter, the others as target rows."""
        if domains is None:
            domains = np.full(X.shape[0], -1, dtype=np.int64)
        unseen = np.setdiff1d(domains[domains >= 0], self.source_domains_)
        if unseen.shape[0]:
            raise ValueError(
                f"Source domain {int(unseen[0])} was not seen in fit (seen: "
                f"{self.source_domains_.tolist()}); with sources='separate' each "
                "source domain has its own map. Refit with its rows, or use "
                "sources='pooled'."
            )
        groups = [(domains < 0, next(iter(self.adapters_.values())), False)]
        groups += [(domains == k, sub, True) for k, sub in self.adapters_.items()]
        out = None
        for rows, sub, is_source in groups:
            if not rows.any():
                continue
            part = sub._transform(X[rows], np.full(rows.sum(), is_source))
            if out is None:
                out = np.empty((X.shape[0], part.shape[1]))
            out[rows] = part
        return out

    def fit_transform(self, X, y=None, *, sample_domain=None):
        """Fit, then map the same rows by their domain.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Rows of both domains.
        y : array-like of shape (n_samples,) or None, default=None
            Labels, read (for source rows only) by adapters that use classes.
        sample_domain : array-like of shape (n_samples,), default=None
            Domain of each row when ``X`` holds no domain column.

        Returns
        -------
        X_new : ndarray of shape (n_samples, n_components)
            Adapted rows.
        """
        return self.fit(X, y, sample_domain=sample_domain).transform(
            X, sample_domain=sample_domain
        )

    def get_feature_names_out(self, input_features=None):
        """Names of the output features.

        Adapters that keep the features (``CORAL``, the reweighting adapters)
        return the input names with the domain column dropped; projecting
        adapters (``SubspaceAlignment``, ``TransferComponentAnalysis``) return
        ``<class name>0``, ``<class name>1``, ...

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            Input feature names (defaults to ``feature_names_in_`` or
            ``x0, x1, ...``); projecting adapters only check them.

        Returns
        -------
        feature_names_out : ndarray of str objects
            Output feature names.
        """
        check_is_fitted(self)
        names = self._input_names_without_domain(input_features)
        if hasattr(self, "n_components_"):
            return self._prefixed_names(self.n_components_)
        return names

    def _input_names_without_domain(self, input_features):
        names = _check_feature_names_in(self, input_features)
        if self.domain_column_ is not None:
            names = np.delete(names, self.domain_column_)
        return np.asarray(names, dtype=object)

    def _prefixed_names(self, n):
        prefix = type(self).__name__.lower()
        return np.asarray([f"{prefix}{i}" for i in range(n)], dtype=object)


@Substitution(**DOMAIN_DOCS, **SOURCES_DOCS)
class CORAL(_BaseAdapter):
    """Correlation alignment: recolour source rows with the target covariance.

    CORAL whitens the source features with the source covariance and recolours
    them with the target covariance, ``A = C_s^{-1/2} C_t^{1/2}``, so the
    covariance of the mapped source rows equals that of the target rows (Sun,
    Feng & Saenko, 2016). Target rows pass unchanged. With ``match_mean=True``
    source rows are also moved to the target mean,
    ``x -> (x - mu_s) A + mu_t``; ``match_mean=False`` is the paper's map
    ``x -> x A``.

    Parameters
    ----------
    reg : "auto" or float, default="auto"
        Regularisation of both covariance matrices: a float ``r >= 0`` adds
        ``r * I`` (the paper uses ``r = 1`` on standardised features); "auto"
        shrinks each covariance with the Ledoit-Wolf estimator.
    match_mean : bool, default=True
        Also move source rows to the target mean.
    {sources}
    {domain}

    Attributes
    ----------
    coral_map_ : ndarray of shape (n_features_out, n_features_out)
        The linear map ``A`` applied to source rows.
    covariance_source_ : ndarray of shape (n_features_out, n_features_out)
        Regularised covariance of the source rows.
    covariance_target_ : ndarray of shape (n_features_out, n_features_out)
        Regularised covariance of the target rows.
    mean_source_, mean_target_ : ndarray of shape (n_features_out,)
        Mean of each domain.
    {sources_attributes}
    {domain_attributes}

    See Also
    --------
    SubspaceAlignment : Align the principal subspaces of the domains.
    DomainAdaptationClassifier : Adapt, then fit a classifier on source rows.

    References
    ----------
    .. [1] B. Sun, J. Feng and K. Saenko, "Return of frustratingly easy domain
       adaptation", AAAI 2016.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.colearning import CORAL
    >>> from skmm.datasets import make_domain_shift
    >>> X, y, domain = make_domain_shift(random_state=0)
    >>> Z = CORAL(reg=0.0, domain=domain).fit_transform(X)
    >>> source, target = X[:, domain] >= 0, X[:, domain] < 0
    >>> bool(np.allclose(np.cov(Z[source].T), np.cov(Z[target].T)))
    True
    """

    _parameter_constraints: dict = {
        **_BaseAdapter._parameter_constraints,
        "reg": [StrOptions({"auto"}), Interval(Real, 0, None, closed="left")],
        "match_mean": ["boolean"],
        "sources": SOURCES_CONSTRAINT,
    }

    def __init__(self, reg="auto", *, match_mean=True, sources="pooled", domain=None):
        self.reg = reg
        self.match_mean = match_mean
        self.sources = sources
        self.domain = domain

    def _covariance(self, X):
        if self.reg == "auto":
            if X.shape[0] < 2:
                return np.eye(X.shape[1])
            return ledoit_wolf(X)[0]
        if X.shape[0] < 2:
            C = np.zeros((X.shape[1], X.shape[1]))
        else:
            C = np.atleast_2d(np.cov(X, rowvar=False))
        return C + self.reg * np.eye(X.shape[1])

    def _fit_domains(self, X, source, target):
        Xs, Xt = X[source], X[target]
        self.mean_source_ = Xs.mean(axis=0)
        self.mean_target_ = Xt.mean(axis=0)
        self.covariance_source_ = self._covariance(Xs)
        self.covariance_target_ = self._covariance(Xt)
        self.coral_map_ = sym_power(self.covariance_source_, -0.5) @ (
            sym_power(self.covariance_target_, 0.5)
        )

    def _transform(self, X, source):
        out = X.copy()
        if source.any():
            Xs = X[source]
            if self.match_mean:
                out[source] = (Xs - self.mean_source_) @ self.coral_map_
                out[source] += self.mean_target_
            else:
                out[source] = Xs @ self.coral_map_
        return out


@Substitution(**DOMAIN_DOCS, **SOURCES_DOCS)
class SubspaceAlignment(_BaseAdapter):
    """Subspace alignment: map the source principal subspace onto the target's.

    Each domain is centred and described by its ``d`` leading principal
    directions, ``P_s`` and ``P_t``. The alignment ``M = P_s^T P_t`` minimises
    ``||P_s M - P_t||_F`` (Fernando et al., 2013); source rows are mapped to
    ``(x - mu_s) P_s M`` and target rows to ``(x - mu_t) P_t``, so both live in
    the target subspace's coordinates.

    Parameters
    ----------
    n_components : int or None, default=None
        Dimension ``d`` of the subspaces; None takes the largest possible,
        ``min(n_features, n_source_rows, n_target_rows)`` (with
        ``sources="separate"``, the fewest source rows of any domain).
    {sources}
    {domain}

    Attributes
    ----------
    components_source_ : ndarray of shape (n_features_out, `n_components_`)
        Orthonormal principal directions ``P_s`` of the source rows.
    components_target_ : ndarray of shape (n_features_out, `n_components_`)
        Orthonormal principal directions ``P_t`` of the target rows.
    alignment_ : ndarray of shape (`n_components_`, `n_components_`)
        The alignment ``M = P_s^T P_t``.
    mean_source_, mean_target_ : ndarray of shape (n_features_out,)
        Mean of each domain.
    n_components_ : int
        Dimension of the subspaces.
    {sources_attributes}
    {domain_attributes}

    See Also
    --------
    CORAL : Match second-order statistics in the input space.
    TransferComponentAnalysis : A shared kernel subspace minimising MMD.

    References
    ----------
    .. [1] B. Fernando, A. Habrard, M. Sebban and T. Tuytelaars, "Unsupervised
       visual domain adaptation using subspace alignment", ICCV 2013.

    Examples
    --------
    >>> from skmm.colearning import SubspaceAlignment
    >>> from skmm.datasets import make_domain_shift
    >>> X, y, domain = make_domain_shift(n_features=4, random_state=0)
    >>> SubspaceAlignment(n_components=2, domain=domain).fit_transform(X).shape
    (400, 2)
    """

    _parameter_constraints: dict = {
        **_BaseAdapter._parameter_constraints,
        "n_components": [None, Interval(Integral, 1, None, closed="left")],
        "sources": SOURCES_CONSTRAINT,
    }

    def __init__(self, n_components=None, *, sources="pooled", domain=None):
        self.n_components = n_components
        self.sources = sources
        self.domain = domain

    def _separate_params(self, X, domains):
        if self.n_components is not None:
            return {}
        counts = [int((domains == k).sum()) for k in self.source_domains_]
        return {"n_components": min(X.shape[1], min(counts), int((domains < 0).sum()))}

    def _fit_domains(self, X, source, target):
        Xs, Xt = X[source], X[target]
        limit = min(X.shape[1], Xs.shape[0], Xt.shape[0])
        k = limit if self.n_components is None else self.n_components
        if k > limit:
            raise ValueError(
                f"n_components={k} must be at most min(n_features, n_source_rows, "
                f"n_target_rows) = {limit}."
            )
        self.mean_source_ = Xs.mean(axis=0)
        self.mean_target_ = Xt.mean(axis=0)
        self.components_source_ = _principal_directions(Xs - self.mean_source_, k)
        self.components_target_ = _principal_directions(Xt - self.mean_target_, k)
        self.alignment_ = self.components_source_.T @ self.components_target_
        self.n_components_ = k

    def _transform(self, X, source):
        out = np.empty((X.shape[0], self.n_components_))
        target = ~source
        if source.any():
            out[source] = (
                (X[source] - self.mean_source_) @ self.components_source_
            ) @ self.alignment_
        if target.any():
            out[target] = (X[target] - self.mean_target_) @ self.components_target_
        return out


def _principal_directions(Xc, k):
    """``k`` leading principal directions of centred ``Xc`` as columns."""
    n, d = Xc.shape
    if n >= 4 * d:
        # tall data: one GEMM and a small symmetric eigenproblem
        _, V = linalg.eigh(Xc.T @ Xc, subset_by_index=[d - k, d - 1])
        return _with_positive_peaks(V[:, ::-1])
    _, _, Vt = linalg.svd(Xc, full_matrices=False)
    return _with_positive_peaks(Vt[:k].T)


@Substitution(**DOMAIN_DOCS)
class TransferComponentAnalysis(_BaseAdapter):
    """Transfer component analysis: a kernel subspace where domains match.

    TCA (Pan et al., 2011) looks for ``m`` directions ``W`` in the span of the
    kernel features of all fit rows that keep the data's variance while making
    the maximum mean discrepancy (MMD) between the domains small: ``W`` holds the
    ``m`` leading eigenvectors of ``(K L K + mu I)^{-1} K H K``, with ``K`` the
    kernel matrix of the fit rows, ``L`` the MMD matrix of the domains and ``H``
    the centring matrix. Every row, source or target, maps to
    ``k(x, X_fit) W``.

    Parameters
    ----------
    n_components : int or None, default=None
        Number ``m`` of transfer components; None takes
        ``min(n_samples, n_features)``.
    kernel : {"linear", "rbf", "poly", "sigmoid", "cosine", "laplacian"}, \
            default="linear"
        Kernel, as in :func:`sklearn.metrics.pairwise.pairwise_kernels`.
    gamma : float or None, default=None
        Kernel coefficient of "rbf", "poly", "sigmoid" and "laplacian" (None:
        ``1 / n_features``).
    degree : float, default=3
        Degree of the "poly" kernel.
    coef0 : float, default=1
        Independent term of the "poly" and "sigmoid" kernels.
    mu : float, default=1.0
        Trade-off ``mu > 0`` between the MMD and the complexity of ``W``; larger
        values keep more variance, smaller ones match the domains harder.
    {domain}

    Attributes
    ----------
    components_ : ndarray of shape (n_fit_rows, `n_components_`)
        Transfer components ``W`` (coefficients on the kernel features).
    eigenvalues_ : ndarray of shape (`n_components_`,)
        Their generalised eigenvalues, largest first.
    X_fit_ : ndarray of shape (n_fit_rows, n_features_out)
        Fit rows of both domains (without the domain column).
    n_components_ : int
        Number of transfer components.
    {domain_attributes}

    See Also
    --------
    SubspaceAlignment : Align linear principal subspaces.
    sklearn.decomposition.KernelPCA : The same eigenproblem without the MMD term.

    References
    ----------
    .. [1] S. J. Pan, I. W. Tsang, J. T. Kwok and Q. Yang, "Domain adaptation via
       transfer component analysis", IEEE Transactions on Neural Networks 22(2),
       2011.

    Examples
    --------
    >>> from skmm.colearning import TransferComponentAnalysis
    >>> from skmm.datasets import make_domain_shift
    >>> X, y, domain = make_domain_shift(n_features=3, random_state=0)
    >>> tca = TransferComponentAnalysis(n_components=2, domain=domain)
    >>> tca.fit_transform(X).shape
    (400, 2)
    """

    _parameter_constraints: dict = {
        **_BaseAdapter._parameter_constraints,
        "n_components": [None, Interval(Integral, 1, None, closed="left")],
        "kernel": [StrOptions(set(_KERNELS))],
        "gamma": [None, Interval(Real, 0, None, closed="neither")],
        "degree": [Interval(Real, 0, None, closed="left")],
        "coef0": [Real],
        "mu": [Interval(Real, 0, None, closed="neither")],
    }

    def __init__(
        self,
        n_components=None,
        *,
        kernel="linear",
        gamma=None,
        degree=3,
        coef0=1,
        mu=1.0,
        domain=None,
    ):
        self.n_components = n_components
        self.kernel = kernel
        self.gamma = gamma
        self.degree = degree
        self.coef0 = coef0
        self.mu = mu
        self.domain = domain

    def _kernel(self, A, B):
        return pairwise_kernels(
            A,
            B,
            metric=self.kernel,
            filter_params=True,
            gamma=self.gamma,
            degree=self.degree,
            coef0=self.coef0,
        )

    def _fit_domains(self, X, source, target):
        n = X.shape[0]
        limit = min(n, X.shape[1]) if self.kernel == "linear" else n
        m = min(n, X.shape[1]) if self.n_components is None else self.n_components
        if m > limit:
            raise ValueError(
                f"n_components={m} must be at most {limit} (the rank of the "
                f"{self.kernel} kernel matrix of {n} rows and {X.shape[1]} features)."
            )
        K = self._kernel(X, X)
        e = _mmd_vector(source, target)
        KL = K @ e
        KLK = np.outer(KL, KL) + self.mu * np.eye(n)
        KHK = _center_right(K) @ K
        KHK = (KHK + KHK.T) / 2
        w, W = linalg.eigh(KHK, KLK, subset_by_index=[n - m, n - 1])
        order = np.argsort(w)[::-1]
        self.eigenvalues_ = w[order]
        self.components_ = _with_positive_peaks(W[:, order])
        self.X_fit_ = X
        self.n_components_ = m

    def _transform(self, X, source):
        return self._kernel(X, self.X_fit_) @ self.components_


def _mmd_vector(source, target):
    """``e`` with ``L = e e^T``: ``1/n_s`` on source rows, ``-1/n_t`` on target."""
    e = np.zeros(source.shape[0])
    both = source & target
    if both.all():  # no domain information: zero discrepancy
        return e
    e[source] = 1.0 / source.sum()
    e[target] = -1.0 / target.sum()
    return e


def _center_right(K):
    """``K H`` with ``H = I - 1 1^T / n`` (centre each row of ``K``)."""
    return K - K.mean(axis=1, keepdims=True)
