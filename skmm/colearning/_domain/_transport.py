"""Optimal-transport adapters: move source rows along a transport plan.

The plan between the source rows and the target rows (uniform masses) minimises
the transport cost, here the squared Euclidean distance between rows. Source
rows are then mapped to the barycentre of the target rows they are sent to
(the barycentric projection of Courty et al., 2017); a source row not seen in
``fit`` moves by the displacement of its nearest fit source row.

Solvers. Entropic transport (``reg_e > 0``) runs skmm's Sinkhorn kernel
(``skmm/_kernels/_transport.py``: scaling iterations on a kernel whose scale
is absorbed into log-domain potentials, with numba for the exponentials): a
few lines, stable at every ``reg_e`` where the plain scaling form underflows,
and about as fast as POT's scaling form (``benchmarks/bench_transport.py``),
so the core path needs no optional dependency. Exact transport (``reg_e = 0``)
is a network-simplex linear program, which POT (the field's transport
library) implements well: it is the optional ``[ot]`` extra, imported only
when asked for.
"""

import warnings
from numbers import Integral, Real

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import pairwise_distances_argmin
from sklearn.metrics.pairwise import euclidean_distances
from sklearn.utils._param_validation import Interval, StrOptions

from ...utils._docstrings import DOMAIN_DOCS, Substitution
from ...utils._linalg import sym_power
from ._adapters import SOURCES_CONSTRAINT, SOURCES_DOCS, _BaseAdapter

__all__ = [
    "ClassRegularizedTransportMapping",
    "LinearTransportMapping",
    "OptimalTransportMapping",
]


def import_pot(why):
    """Import POT, or raise an error naming the extra that installs it."""
    try:
        import ot
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            f"{why} needs POT, the Python Optimal Transport library (the optional "
            "[ot] extra of skmm): pip install 'skmm[ot]', or pip install pot."
        ) from exc
    return ot


def cost_matrix(X_source, X_target, metric="sqeuclidean", norm=None):
    """Transport cost between every source and target row, C-contiguous.

    Parameters
    ----------
    X_source : ndarray of shape (n, d)
    X_target : ndarray of shape (m, d)
    metric : {"sqeuclidean", "euclidean"}, default="sqeuclidean"
    norm : {None, "max", "median", "mean"}, default=None
        Divide the cost by its largest, median or mean entry.

    Returns
    -------
    C : ndarray of shape (n, m)
    """
    C = euclidean_distances(X_source, X_target, squared=metric == "sqeuclidean")
    C = np.ascontiguousarray(np.maximum(C, 0.0))
    if norm is not None:
        scale = {"max": np.max, "median": np.median, "mean": np.mean}[norm](C)
        if scale > 0:
            C /= scale
    return C


def transport_plan(
    C, a=None, b=None, *, reg_e=1.0, max_iter=1000, tol=1e-9, owner=None
):
    """Optimal transport plan for the cost ``C``.

    Parameters
    ----------
    C : ndarray of shape (n, m)
        Cost matrix.
    a, b : ndarray of shape (n,) and (m,) or None
        Marginals (positive, summing to one); None means uniform.
    reg_e : float, default=1.0
        Entropic regularisation; 0 solves the exact linear program with POT.
    max_iter : int, default=1000
        Largest number of Sinkhorn iterations (network-simplex iterations are
        ``100000 * max_iter`` at most).
    tol : float, default=1e-9
        Sinkhorn stops when the marginals are within ``tol`` (L1).
    owner : estimator or None, default=None
        Named in the ``ConvergenceWarning`` raised when Sinkhorn stops at
        ``max_iter`` with the marginals further than ``tol`` (None: no warning).

    Returns
    -------
    plan : ndarray of shape (n, m)
    n_iter : int
        Sinkhorn iterations (0 for the exact solver).
    """
    n, m = C.shape
    a = np.full(n, 1.0 / n) if a is None else np.asarray(a, dtype=np.float64)
    b = np.full(m, 1.0 / m) if b is None else np.asarray(b, dtype=np.float64)
    C = np.ascontiguousarray(C, dtype=np.float64)
    if reg_e == 0:
        ot = import_pot("reg_e=0 (exact optimal transport)")
        return ot.emd(a, b, C, numItermax=100000 * max_iter), 0
    from ..._kernels._transport import plan_from_potentials, sinkhorn

    f, g = np.zeros(n), np.zeros(m)
    n_iter, err = sinkhorn(C, a, b, float(reg_e), int(max_iter), float(tol), f, g)
    if owner is not None and err > tol:
        warnings.warn(
            f"{type(owner).__name__}: Sinkhorn stopped after max_iter={max_iter} "
            f"iterations with the marginals {err:.1e} (L1) from their targets, "
            f"above tol={tol:g}; raise max_iter, or reg_e.",
            ConvergenceWarning,
            stacklevel=3,
        )
    return plan_from_potentials(C, f, g, float(reg_e)), int(n_iter)


_TRANSPORT_PARAMS = """\
metric : {"sqeuclidean", "euclidean"}, default="sqeuclidean"
    Cost of moving a source row onto a target row.
norm : {None, "max", "median", "mean"}, default=None
    Divide the cost matrix by its largest, median or mean entry, which
    makes ``reg_e`` independent of the scale of the features.
max_iter : int, default=1000
    Largest number of Sinkhorn iterations.
tol : float, default=1e-9
    Sinkhorn stops when the plan's marginals are within ``tol`` (L1)."""

_TRANSPORT_ATTRIBUTES = """\
plan_ : ndarray of shape (n_source_rows, n_target_rows)
    The transport plan between the fit source and target rows.
X_source_fit_ : ndarray of shape (n_source_rows, n_features_out)
    The fit source rows.
mapped_source_ : ndarray of shape (n_source_rows, n_features_out)
    Their images: the barycentre of the target rows each is sent to.
n_iter_ : int
    Sinkhorn iterations of the last plan (0 for exact transport)."""


_TRANSPORT_DOCS = {
    "transport": _TRANSPORT_PARAMS,
    "transport_attributes": _TRANSPORT_ATTRIBUTES,
}


class _BaseTransportMapping(_BaseAdapter):
    """Barycentric mapping along a plan; subclasses define ``_plan``."""

    _parameter_constraints: dict = {
        **_BaseAdapter._parameter_constraints,
        "reg_e": [Interval(Real, 0, None, closed="left")],
        "metric": [StrOptions({"sqeuclidean", "euclidean"})],
        "norm": [None, StrOptions({"max", "median", "mean"})],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "sources": SOURCES_CONSTRAINT,
    }

    def _fit_domains(self, X, source, target, labels=None):
        Xs, Xt = X[source], X[target]
        C = cost_matrix(Xs, Xt, self.metric, self.norm)
        plan = self._plan(C, None if labels is None else labels[source])
        self.plan_ = plan
        self.X_source_fit_ = Xs
        from ..._kernels._transport import barycentric_map

        self.mapped_source_ = barycentric_map(plan, Xt)

    def _transform(self, X, source):
        out = X.copy()
        if source.any():
            Xs = X[source]
            nearest = pairwise_distances_argmin(Xs, self.X_source_fit_)
            shift = self.mapped_source_[nearest] - self.X_source_fit_[nearest]
            out[source] = Xs + shift
        return out


@Substitution(**DOMAIN_DOCS, **SOURCES_DOCS, **_TRANSPORT_DOCS)
class OptimalTransportMapping(_BaseTransportMapping):
    """Optimal-transport mapping: move source rows onto the target rows.

    The plan ``P`` between the ``n_s`` source rows and the ``n_t`` target rows
    (uniform masses ``1 / n_s`` and ``1 / n_t``) minimises the transport cost
    ``<P, C> - reg_e H(P)``, with ``C`` the squared Euclidean distances and
    ``H`` the entropy. Each source row is then mapped to the barycentre of the
    target rows it is sent to, ``x_i -> n_s sum_j P_ij x'_j`` (Courty,
    Flamary, Tuia & Rakotomamonjy, 2017); target rows pass unchanged. A source
    row not seen in ``fit`` moves by the displacement of its nearest fit source
    row. The mapped source rows follow the target distribution, so a
    classifier fitted on them reads the target rows.

    ``reg_e > 0`` is entropic transport (Cuturi, 2013), solved by skmm's
    log-domain Sinkhorn kernel (stable at any ``reg_e``); as ``reg_e`` goes to
    0 the plan approaches the exact one and the mapping gets sharper.
    ``reg_e = 0`` solves the exact linear program with POT (the optional
    ``[ot]`` extra). Memory: the ``n_s x n_t`` plan and cost.

    Parameters
    ----------
    reg_e : float, default=1.0
        Entropic regularisation (in units of the cost; see ``norm``); 0 for
        exact transport (needs POT).
    {transport}
    {sources}
    {domain}

    Attributes
    ----------
    {transport_attributes}
    {sources_attributes}
    {domain_attributes}

    See Also
    --------
    ClassRegularizedTransportMapping : Keep each class together in the plan.
    LinearTransportMapping : The closed-form map between two Gaussians.
    CORAL : Match means and covariances.

    References
    ----------
    .. [1] N. Courty, R. Flamary, D. Tuia and A. Rakotomamonjy, "Optimal
       transport for domain adaptation", IEEE TPAMI 39(9), 2017.
    .. [2] M. Cuturi, "Sinkhorn distances: lightspeed computation of optimal
       transport", NIPS 2013.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.colearning import OptimalTransportMapping
    >>> from skmm.datasets import make_domain_shift
    >>> X, y, domain = make_domain_shift(random_state=0)
    >>> ot = OptimalTransportMapping(reg_e=0.1, norm="median", domain=domain)
    >>> Z = ot.fit_transform(X)
    >>> source, target = X[:, domain] >= 0, X[:, domain] < 0
    >>> # the plan's rows and columns carry the uniform masses
    >>> bool(np.allclose(ot.plan_.sum(axis=1), 1 / source.sum()))
    True
    >>> # mapped source rows land where the target rows are
    >>> gap = np.abs(Z[source].mean(axis=0) - Z[target].mean(axis=0)).max()
    >>> bool(gap < 1e-6)
    True
    """

    def __init__(
        self,
        reg_e=1.0,
        *,
        metric="sqeuclidean",
        norm=None,
        max_iter=1000,
        tol=1e-9,
        sources="pooled",
        domain=None,
    ):
        self.reg_e = reg_e
        self.metric = metric
        self.norm = norm
        self.max_iter = max_iter
        self.tol = tol
        self.sources = sources
        self.domain = domain

    def _plan(self, C, labels):
        plan, self.n_iter_ = transport_plan(
            C, reg_e=self.reg_e, max_iter=self.max_iter, tol=self.tol, owner=self
        )
        return plan


@Substitution(**DOMAIN_DOCS, **SOURCES_DOCS, **_TRANSPORT_DOCS)
class ClassRegularizedTransportMapping(_BaseTransportMapping):
    """Class-regularised transport: each target row receives mass of one class.

    A plain transport plan may send source rows of several classes onto the
    same target row, and their barycentre then mixes classes. Courty et al.
    (2017) add a group-lasso penalty to the entropic transport problem that
    makes each target row take its mass from source rows of one class:

    ``min_P <P, C> - reg_e H(P) + reg_cl sum_j sum_c ||P[I_c, j]||_q^q``

    with ``I_c`` the source rows of class ``c`` and ``q = 1/2`` (the
    ``l_p - l_1`` penalty). The concave penalty is minimised by
    majorisation-minimisation: each of ``max_outer_iter`` steps solves an
    entropic transport with the cost ``C + reg_cl * G``,
    ``G_ij = q (sum_{i' in I_c(i)} P_i'j + 1e-3)^(q - 1)``, by skmm's Sinkhorn
    kernel (as POT's ``sinkhorn_lpl1_mm``). It uses the labels of source rows
    (``y`` in ``fit``); target labels are never read. Source rows labeled
    ``-1`` join no class. Mapping as in :class:`OptimalTransportMapping`.

    Parameters
    ----------
    reg_e : float, default=1.0
        Entropic regularisation (> 0).
    reg_cl : float, default=0.1
        Weight of the class penalty.
    max_outer_iter : int, default=10
        Majorisation-minimisation steps.
    {transport}
    {sources}
    {domain}

    Attributes
    ----------
    classes_ : ndarray
        Classes of the labeled source rows.
    {transport_attributes}
    {sources_attributes}
    {domain_attributes}

    See Also
    --------
    OptimalTransportMapping : The same without the class penalty.

    References
    ----------
    .. [1] N. Courty, R. Flamary, D. Tuia and A. Rakotomamonjy, "Optimal
       transport for domain adaptation", IEEE TPAMI 39(9), 2017.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.colearning import ClassRegularizedTransportMapping
    >>> from skmm.datasets import make_domain_shift
    >>> X, y, domain = make_domain_shift(random_state=0)
    >>> ot = ClassRegularizedTransportMapping(
    ...     reg_e=0.1, reg_cl=1.0, norm="median", domain=domain
    ... ).fit(X, y)
    >>> source = X[:, domain] >= 0
    >>> # the share of each target row's mass that comes from its main class
    >>> mass = np.stack([ot.plan_[y[source] == c].sum(0) for c in (0, 1)])
    >>> bool((mass.max(0) / mass.sum(0)).mean() > 0.95)
    True
    """

    _uses_labels = True

    _parameter_constraints: dict = {
        **_BaseTransportMapping._parameter_constraints,
        "reg_e": [Interval(Real, 0, None, closed="neither")],
        "reg_cl": [Interval(Real, 0, None, closed="left")],
        "max_outer_iter": [Interval(Integral, 1, None, closed="left")],
    }

    def __init__(
        self,
        reg_e=1.0,
        reg_cl=0.1,
        *,
        max_outer_iter=10,
        metric="sqeuclidean",
        norm=None,
        max_iter=1000,
        tol=1e-9,
        sources="pooled",
        domain=None,
    ):
        self.reg_e = reg_e
        self.reg_cl = reg_cl
        self.max_outer_iter = max_outer_iter
        self.metric = metric
        self.norm = norm
        self.max_iter = max_iter
        self.tol = tol
        self.sources = sources
        self.domain = domain

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.required = True
        return tags

    def _plan(self, C, labels):
        return class_regularized_plan(
            C,
            labels,
            reg_e=self.reg_e,
            reg_cl=self.reg_cl,
            max_outer_iter=self.max_outer_iter,
            max_iter=self.max_iter,
            tol=self.tol,
            owner=self,
        )


def class_regularized_plan(
    C, labels, *, reg_e, reg_cl, max_outer_iter=10, max_iter=1000, tol=1e-9, owner=None
):
    """Entropic plan with the ``l_1/2 - l_1`` class penalty, by majorisation.

    ``labels`` holds a class code per source row (-1: no class). Sets
    ``owner.n_iter_`` to the Sinkhorn iterations of the last step.
    """
    p, floor = 0.5, 1e-3
    groups = [labels == c for c in np.unique(labels) if c >= 0]
    G = np.zeros_like(C)
    plan = None
    for step in range(max_outer_iter):
        last = step == max_outer_iter - 1
        plan, n_iter = transport_plan(
            C + reg_cl * G,
            reg_e=reg_e,
            max_iter=max_iter,
            tol=tol,
            owner=owner if last else None,
        )
        G = np.ones_like(C)
        for rows in groups:
            G[rows] = p * (plan[rows].sum(axis=0) + floor) ** (p - 1)
        if owner is not None:
            owner.n_iter_ = n_iter
    return plan


@Substitution(**DOMAIN_DOCS, **SOURCES_DOCS)
class LinearTransportMapping(_BaseAdapter):
    """Linear optimal-transport map: the Monge map between two Gaussians.

    Between Gaussian distributions ``N(mu_s, C_s)`` and ``N(mu_t, C_t)`` the
    optimal transport map for the squared Euclidean cost is affine,
    ``x -> mu_t + (x - mu_s) A`` with the symmetric positive definite

    ``A = C_s^{-1/2} (C_s^{1/2} C_t C_s^{1/2})^{1/2} C_s^{-1/2}``

    (Knott & Smith, 1984; used for adaptation by Flamary et al., 2019). The
    mapped source rows have the target mean and covariance, like
    :class:`CORAL`'s, but ``A`` moves each row the least on average, where
    CORAL's map also rotates. It needs no plan: one eigendecomposition per
    covariance, any number of rows, and it maps new source rows exactly.
    Target rows pass unchanged.

    Parameters
    ----------
    reg : float, default=1e-8
        Added to the diagonal of both (biased) covariance matrices.
    bias : bool, default=True
        Also move the means; False maps ``x -> x A`` (centred data).
    {sources}
    {domain}

    Attributes
    ----------
    A_ : ndarray of shape (n_features_out, n_features_out)
        The linear part of the map.
    B_ : ndarray of shape (n_features_out,)
        The offset: source row ``x`` maps to ``x A_ + B_``.
    {sources_attributes}
    {domain_attributes}

    See Also
    --------
    CORAL : Recolour with ``C_s^{-1/2} C_t^{1/2}`` instead.
    OptimalTransportMapping : The non-linear (plan-based) mapping.

    References
    ----------
    .. [1] M. Knott and C. S. Smith, "On the optimal mapping of
       distributions", Journal of Optimization Theory and Applications 43(1),
       1984.
    .. [2] R. Flamary, K. Lounici and A. Ferrari, "Concentration bounds for
       linear Monge mapping estimation and optimal transport domain
       adaptation", arXiv:1905.10155, 2019.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.colearning import LinearTransportMapping
    >>> from skmm.datasets import make_domain_shift
    >>> X, y, domain = make_domain_shift(random_state=0)
    >>> Z = LinearTransportMapping(domain=domain).fit_transform(X)
    >>> source, target = X[:, domain] >= 0, X[:, domain] < 0
    >>> bool(np.allclose(np.cov(Z[source].T), np.cov(Z[target].T), atol=1e-6))
    True
    """

    _parameter_constraints: dict = {
        **_BaseAdapter._parameter_constraints,
        "reg": [Interval(Real, 0, None, closed="left")],
        "bias": ["boolean"],
        "sources": SOURCES_CONSTRAINT,
    }

    def __init__(self, reg=1e-8, *, bias=True, sources="pooled", domain=None):
        self.reg = reg
        self.bias = bias
        self.sources = sources
        self.domain = domain

    def _fit_domains(self, X, source, target):
        Xs, Xt = X[source], X[target]
        d = X.shape[1]
        if self.bias:
            mu_s, mu_t = Xs.mean(axis=0), Xt.mean(axis=0)
        else:
            mu_s = mu_t = np.zeros(d)
        Cs = _biased_covariance(Xs - mu_s) + self.reg * np.eye(d)
        Ct = _biased_covariance(Xt - mu_t) + self.reg * np.eye(d)
        Cs_half = sym_power(Cs, 0.5)
        Cs_inv_half = sym_power(Cs, -0.5)
        inner = Cs_half @ Ct @ Cs_half
        middle = sym_power((inner + inner.T) / 2, 0.5)
        A = Cs_inv_half @ middle @ Cs_inv_half
        self.A_ = (A + A.T) / 2
        self.B_ = mu_t - mu_s @ self.A_

    def _transform(self, X, source):
        out = X.copy()
        if source.any():
            out[source] = X[source] @ self.A_ + self.B_
        return out


def _biased_covariance(Xc):
    """``Xc^T Xc / n`` of centred rows (POT's convention)."""
    return (Xc.T @ Xc) / Xc.shape[0]
