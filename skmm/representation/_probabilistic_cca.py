"""Probabilistic CCA (Bach & Jordan): a latent Gaussian model fitted by EM.

Two views share a latent ``z ~ N(0, I_d)``; each view is
``x_v = W_v z + mu_v + e_v`` with ``e_v ~ N(0, Psi_v)``, ``Psi_v`` a full
covariance. A row may lack a view (an all-NaN block): EM then treats that
block as latent too, so every row contributes to the fit. After EM the model
is put in its canonical form (``W_v = Sigma_vv U_v P^{1/2}``, ``U_v`` the
canonical directions of the fitted covariance, ``P`` its canonical
correlations), which leaves the distribution unchanged and makes latent
component ``k`` the ``k``-th canonical pair.
"""

from numbers import Integral, Real

import numpy as np
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from ..utils._docstrings import views_docs
from ..utils._linalg import cca_from_covariance, correlations, shrink, sym_power
from ._cca import _BaseCoordinated

__all__ = ["ProbabilisticCCA"]

_PATTERNS = ((0, 1), (0,), (1,))  # observed views of a row


def _inverse(C):
    return sym_power((C + C.T) / 2, -1.0)


def _logdet(C):
    w = np.linalg.eigvalsh((C + C.T) / 2)
    return float(np.sum(np.log(np.clip(w, 1e-300, None))))


@views_docs
class ProbabilisticCCA(_BaseCoordinated):
    """Probabilistic canonical correlation analysis, fitted by EM.

    The latent-variable model of Bach & Jordan (2005): a shared latent
    ``z ~ N(0, I)`` of ``n_components`` dimensions generates both views,
    ``x_v = W_v z + mu_v + e_v`` with Gaussian noise of full covariance
    ``Psi_v`` per view. Its maximum-likelihood directions span the canonical
    directions of :class:`CCA` (their theorem), so on complete data it finds
    the same canonical pairs; being a probabilistic model, it also:

    - trains on rows that lack a view (an all-NaN block), which EM treats as
      latent, instead of dropping them;
    - gives the posterior mean of the latent given whatever views a row has
      (:meth:`transform` with ``combine="latent"``);
    - fills in a missing view with its conditional mean
      (:meth:`infer_missing`, which :class:`~skmm.translation.ModalityImputer`
      uses), and scores rows by their log-likelihood
      (:meth:`score_samples`).

    After EM the model is put in canonical form (same distribution): latent
    component ``k`` is the ``k``-th canonical pair, ``weights_`` are the
    canonical directions and ``canonical_correlations_`` the model's canonical
    correlations.

    Read more in the :ref:`User Guide <representation>`.

    Parameters
    ----------
    n_components : int, default=2
        Dimension of the latent; at most the width of the narrower view and
        fewer than the number of complete rows.
    {views}
        ``fit(X, Y)`` with ``views=None`` and a 2-D ``Y`` takes ``X`` and ``Y``
        as two (complete) views instead (scikit-learn's two-array form).
    reg : float in [0, 1], default=0.0
        Shrinkage of each noise covariance towards a multiple of the identity
        (the convention of :class:`CCA`) at every M-step. ``0`` is maximum
        likelihood, which needs more rows holding each view than its columns
        and no constant column; views wider than that need ``reg > 0``.
    combine : {"latent", "concat", "mean"}, default="latent"
        What :meth:`transform` returns: the posterior mean of the latent given
        each row's present views, ``(n_samples, n_components)``; or the
        canonical variates of the two views side by side (``"concat"``) or
        averaged (``"mean"``), a missing view's variates being their
        conditional mean given the present view.
    max_iter : int, default=500
        Most EM iterations.
    tol : float, default=1e-8
        Stop when the mean log-likelihood per row gains less than ``tol``.
    init : {"cca", "random"}, default="cca"
        Start of EM: the maximum-likelihood solution on the complete rows
        (closed form from their CCA; EM then only has to account for the
        incomplete rows), or random loadings.
    random_state : int, RandomState instance or None, default=None
        Draws the random start.

    Attributes
    ----------
    canonical_correlations_ : ndarray of shape (n_components,)
        Canonical correlations of the fitted model, in decreasing order.
    weights_ : list of ndarray of shape (n_features_of_view, n_components)
        Per view, the canonical directions: ``(X_view - means_[v]) @
        weights_[v]`` are the canonical variates, of unit variance under the
        model.
    components_ : list of ndarray of shape (n_features_of_view, n_components)
        Per view, the loadings ``W_v`` of the latent, in canonical form.
    noise_covariances_ : list of ndarray of shape (n_features_of_view, \
            n_features_of_view)
        Per view, the noise covariance ``Psi_v``.
    means_ : list of ndarray of shape (n_features_of_view,)
        Per view, the mean ``mu_v``.
    log_likelihood_ : list of float
        Mean log-likelihood per row after each EM iteration (non-decreasing).
    n_iter_ : int
        EM iterations run.
    n_complete_ : int
        Number of training rows holding both views.
    {views_attributes}

    See Also
    --------
    CCA : The closed-form estimator of the same directions on complete data.
    sklearn.decomposition.FactorAnalysis : The one-view model with diagonal
        noise.

    References
    ----------
    .. [1] F. R. Bach and M. I. Jordan, "A probabilistic interpretation of
       canonical correlation analysis", Technical report 688, Department of
       Statistics, University of California, Berkeley, 2005.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.datasets import make_correlated_views
    >>> from skmm.representation import ProbabilisticCCA
    >>> X, views = make_correlated_views(
    ...     n_samples=1000, n_features=(4, 3), correlations=[0.9, 0.6],
    ...     random_state=0)
    >>> X[:300, 4:] = np.nan  # 300 rows lack the second view
    >>> pcca = ProbabilisticCCA(n_components=2, views=views).fit(X)
    >>> pcca.canonical_correlations_.round(1)
    array([0.9, 0.6])
    >>> pcca.transform(X).shape  # posterior latent means, every row
    (1000, 2)
    >>> bool(np.isnan(pcca.infer_missing(X)).any())
    False
    """

    _parameter_constraints: dict = {
        **_BaseCoordinated._parameter_constraints,
        "combine": [StrOptions({"latent", "concat", "mean"})],
        "reg": [Interval(Real, 0, 1, closed="both")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "init": [StrOptions({"cca", "random"})],
        "random_state": ["random_state"],
    }

    _n_views = (2, 2)
    _missing_views = True

    def __init__(
        self,
        n_components=2,
        *,
        views=None,
        reg=0.0,
        combine="latent",
        max_iter=500,
        tol=1e-8,
        init="cca",
        random_state=None,
    ):
        self.n_components = n_components
        self.views = views
        self.reg = reg
        self.combine = combine
        self.max_iter = max_iter
        self.tol = tol
        self.init = init
        self.random_state = random_state

    # -- fit ----------------------------------------------------------------

    def _fit(self, X):
        missing = self._check_missing(X, None, complete=False)
        blocks = self._split_views(X)
        present = [~missing[:, v] for v in range(2)]
        complete = present[0] & present[1]
        self.n_complete_ = int(complete.sum())
        self._check_sizes(blocks, present)
        self._start(blocks, present, complete)
        self.log_likelihood_ = []
        self.n_iter_ = 0
        for _ in range(self.max_iter):
            ll = self._em_step(blocks, present)
            self.n_iter_ += 1
            previous = self.log_likelihood_[-1] if self.log_likelihood_ else -np.inf
            self.log_likelihood_.append(ll)
            if ll - previous < self.tol:
                break
        self._canonicalize()

    def _check_sizes(self, blocks, present):
        k = self.n_components
        if self.n_complete_ <= k:
            raise ValueError(
                f"n_components={k} needs more rows holding both views than "
                f"components; got {self.n_complete_} sample(s) holding both views."
            )
        self._check_n_components([b.shape[1] for b in blocks], self.n_complete_)
        if self.reg > 0:
            return
        for v, (block, rows) in enumerate(zip(blocks, present)):
            name = self.view_names_[v]
            n_v, p_v = int(rows.sum()), block.shape[1]
            if n_v <= p_v:
                raise ValueError(
                    f"ProbabilisticCCA with reg=0 needs more rows holding view "
                    f"{name!r} ({n_v}) than its columns ({p_v}): its covariance "
                    "is singular. Set reg > 0 (for example reg=0.1)."
                )
            std = block[rows].std(axis=0)
            constant = np.flatnonzero(std <= 1e-12 * (1.0 + np.abs(block[rows][0])))
            if constant.size:
                raise ValueError(
                    f"Column {int(self.views_[v][constant[0]])} (view {name!r}) is "
                    "constant, so the maximum-likelihood noise covariance is "
                    "singular; drop the column or set reg > 0."
                )

    def _cov(self, A, B=None):
        """Maximum-likelihood (divided by n) covariance of centred blocks."""
        B = A if B is None else B
        return (A.T @ B) / A.shape[0]

    def _start(self, blocks, present, complete):
        self.means_ = [b[rows].mean(axis=0) for b, rows in zip(blocks, present)]
        S = [
            shrink(self._cov(b[rows] - m), self.reg)
            for b, rows, m in zip(blocks, present, self.means_)
        ]
        k = self.n_components
        if self.init == "random":
            rng = check_random_state(self.random_state)
            self.components_ = [
                rng.standard_normal((C.shape[0], k)) * np.sqrt(np.diag(C))[:, None]
                for C in S
            ]
            self.noise_covariances_ = [np.diag(np.diag(C)) for C in S]
            return
        c = [b[complete] - m for b, m in zip(blocks, self.means_)]
        C12 = self._cov(c[0], c[1])
        self._set_canonical(S[0], S[1], C12)

    def _set_canonical(self, S11, S22, S12):
        """Canonical-form parameters of the model with these covariances."""
        U1, U2, rho = cca_from_covariance(S11, S22, S12, self.n_components)
        rho = np.clip(rho, 0.0, 1.0 - 1e-9)
        root = np.sqrt(rho)
        self.components_ = [S11 @ U1 * root, S22 @ U2 * root]
        self.noise_covariances_ = [
            S - W @ W.T for S, W in zip((S11, S22), self.components_)
        ]
        self.noise_covariances_ = [(P + P.T) / 2 for P in self.noise_covariances_]
        return U1, U2, rho

    def _pattern_terms(self):
        """Per view ``Psi^{-1} W``, ``W' Psi^{-1} W``, ``Psi^{-1}`` and log|Psi|."""
        terms = []
        for W, Psi in zip(self.components_, self.noise_covariances_):
            Pinv = _inverse(Psi)
            A = Pinv @ W
            terms.append((A, W.T @ A, Pinv, _logdet(Psi)))
        return terms

    def _posterior(self, centred, pattern, terms):
        """Posterior means and covariance of z, and log-likelihoods of rows."""
        k = self.n_components
        Lam = np.eye(k) + sum(terms[v][1] for v in pattern)
        Sz = _inverse(Lam)
        b = sum(centred[v] @ terms[v][0] for v in pattern)
        m = b @ Sz
        quad = sum(
            np.sum((centred[v] @ terms[v][2]) * centred[v], axis=1) for v in pattern
        )
        quad = quad - np.sum(m * b, axis=1)
        p = sum(self.components_[v].shape[0] for v in pattern)
        logdet = _logdet(Lam) + sum(terms[v][3] for v in pattern)
        ll = -0.5 * (p * np.log(2 * np.pi) + logdet + quad)
        return m, Sz, ll

    def _em_step(self, blocks, present):
        n = blocks[0].shape[0]
        k = self.n_components
        terms = self._pattern_terms()
        old = [
            np.hstack([W, mu[:, None]]) for W, mu in zip(self.components_, self.means_)
        ]
        Szz = np.zeros((k + 1, k + 1))
        Szz_miss = [np.zeros((k + 1, k + 1)), np.zeros((k + 1, k + 1))]
        Sxz = [np.zeros((b.shape[1], k + 1)) for b in blocks]
        Sxx = [np.zeros((b.shape[1], b.shape[1])) for b in blocks]
        total_ll = 0.0
        for pattern in _PATTERNS:
            rows = np.ones(n, dtype=bool)
            for v in range(2):
                rows &= present[v] if v in pattern else ~present[v]
            if not rows.any():
                continue
            centred = {v: blocks[v][rows] - self.means_[v] for v in pattern}
            m, Sz, ll = self._posterior(centred, pattern, terms)
            total_ll += float(ll.sum())
            r = m.shape[0]
            Ez = np.hstack([m, np.ones((r, 1))])
            S = Ez.T @ Ez
            S[:k, :k] += r * Sz
            Szz += S
            for v in range(2):
                if v in pattern:
                    x = blocks[v][rows]
                    Sxz[v] += x.T @ Ez
                    Sxx[v] += x.T @ x
                else:
                    Szz_miss[v] += S
                    Sxx[v] += r * self.noise_covariances_[v]
        for v in range(2):
            Sxz[v] += old[v] @ Szz_miss[v]
            Sxx[v] += old[v] @ Szz_miss[v] @ old[v].T
            new = Sxz[v] @ _inverse(Szz)
            self.components_[v] = new[:, :k]
            self.means_[v] = new[:, k]
            Psi = (Sxx[v] - new @ Sxz[v].T) / n
            self.noise_covariances_[v] = shrink((Psi + Psi.T) / 2, self.reg)
        return total_ll / n

    def _canonicalize(self):
        S = [W @ W.T + P for W, P in zip(self.components_, self.noise_covariances_)]
        C12 = self.components_[0] @ self.components_[1].T
        U1, U2, rho = self._set_canonical(S[0], S[1], C12)
        self.weights_ = [U1, U2]
        self.canonical_correlations_ = np.asarray(rho)

    # -- inference ----------------------------------------------------------

    def _validated(self, X):
        check_is_fitted(self)
        if self._paired_arrays:
            raise ValueError(
                "This ProbabilisticCCA was fitted on two arrays, fit(X, Y); "
                "transform(X, Y) gives the variates of complete rows. Fit it on "
                "one X with `views=` to handle missing views."
            )
        X, _, missing = self._validate_views_data(X, reset=False, dtype=np.float64)
        return X, missing

    def _latent(self, X, missing):
        blocks = self._split_views(X)
        terms = self._pattern_terms()
        Z = np.zeros((X.shape[0], self.n_components))
        ll = np.zeros(X.shape[0])
        for pattern in _PATTERNS:
            rows = np.ones(X.shape[0], dtype=bool)
            for v in range(2):
                rows &= ~missing[:, v] if v in pattern else missing[:, v]
            if rows.any():
                centred = {v: blocks[v][rows] - self.means_[v] for v in pattern}
                Z[rows], _, ll[rows] = self._posterior(centred, pattern, terms)
        return Z, ll

    def transform(self, X, y=None):
        """Posterior latent means, or canonical variates, of every row.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Two-view data with the columns seen in ``fit``; a row may lack one
            view (an all-NaN block). In the two-array form, the first view.
        y : None or array-like of shape (n_samples, n_targets), default=None
            Two-array form only: the second view.

        Returns
        -------
        Z : ndarray of shape (n_samples, n_components) or \
                (n_samples, 2 * n_components)
            ``combine="latent"``: ``E[z | present views]``. ``"concat"`` and
            ``"mean"``: the canonical variates of each view (for a missing
            view, their conditional mean given the other), side by side or
            averaged. The two-array form returns canonical variates as
            :class:`CCA` does.
        """
        check_is_fitted(self)
        if self._paired_arrays:
            return super().transform(X, y)
        self._reject_second_view(y)
        X, missing = self._validated(X)
        if self.combine == "latent":
            return self._latent(X, missing)[0]
        Zs = self._variates(X, missing)
        return self._combine_variates(Zs)

    def _variates(self, X, missing):
        blocks = self._split_views(X)
        Zs = []
        for v, block in enumerate(blocks):
            Z = np.zeros((X.shape[0], self.n_components))
            rows = ~missing[:, v]
            Z[rows] = self._project_view(block[rows], v)
            Zs.append(Z)
        rho = self.canonical_correlations_
        for v in range(2):  # E[c_v | c_u] = P c_u in canonical form
            rows = missing[:, v]
            Zs[v][rows] = Zs[1 - v][rows] * rho
        return Zs

    def infer_missing(self, X):
        """Fill each missing view with its conditional mean given the other.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Two-view data where a missing view is a whole block of NaN.

        Returns
        -------
        X_filled : ndarray of shape (n_samples, n_features)
            A new array: ``X`` with each missing block replaced by
            ``mu_v + W_v E[z | x_u]``, the best linear (and, under the model,
            conditional-mean) prediction from the present view.
        """
        X, missing = self._validated(X)
        X_filled = np.array(X, dtype=np.float64, copy=True)
        Z, _ = self._latent(X, missing)
        for v, idx in enumerate(self.views_):
            rows = np.flatnonzero(missing[:, v])
            if rows.shape[0]:
                X_filled[np.ix_(rows, idx)] = (
                    self.means_[v] + Z[rows] @ self.components_[v].T
                )
        return X_filled

    def score_samples(self, X):
        """Log-likelihood of each row under the model, missing views marginalized.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Two-view data; a row may lack one view.

        Returns
        -------
        log_likelihood : ndarray of shape (n_samples,)
        """
        X, missing = self._validated(X)
        return self._latent(X, missing)[1]

    def score(self, X, y=None):
        """Mean canonical correlation of held-out rows that hold both views.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Two-view data (the first view in the two-array form); rows lacking
            a view are left out.
        y : None or array-like, default=None
            The second view in the two-array form; otherwise ignored.

        Returns
        -------
        score : float
            The Pearson correlation of the two views' canonical variates,
            averaged over components.
        """
        check_is_fitted(self)
        if self._paired_arrays:
            return super().score(X, y)
        X, missing = self._validated(X)
        rows = ~missing.any(axis=1)
        if rows.sum() < 2:
            raise ValueError(
                "score needs at least 2 rows holding both views; got "
                f"{int(rows.sum())}."
            )
        blocks = self._split_views(X[rows])
        Zs = [self._project_view(b, v) for v, b in enumerate(blocks)]
        return float(np.mean(correlations(Zs)))

    def _n_out_components(self):
        return self.n_components

    def _project_view(self, block, v):
        return (block - self.means_[v]) @ self.weights_[v]
