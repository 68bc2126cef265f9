"""Kernel CCA of two or more views: exact, Nyström or random Fourier features."""

from numbers import Integral, Real

import numpy as np
from sklearn.metrics.pairwise import pairwise_kernels
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions

from ..utils._docstrings import views_docs
from ..utils._linalg import cca_directions, correlations, sym_power
from ..utils._views import per_view
from ._cca import _BaseCoordinated
from ._multiview_cca import generalized_directions

__all__ = ["KernelCCA"]

_AUTO_EXACT_MAX_SAMPLES = 2000
_KERNELS = ("rbf", "poly", "linear", "precomputed")


def _centred_kernel_features(K, rtol=None):
    """Empirical feature map of a kernel matrix, centred in feature space.

    Returns ``Phi`` with ``Phi @ Phi.T`` equal to the doubly centred ``K`` and
    the matrix ``M`` that maps centred kernel rows to those features
    (``Phi = Kc @ M``).
    """
    n = K.shape[0]
    col_mean = K.mean(axis=0)
    Kc = K - col_mean[None, :] - col_mean[:, None] + col_mean.mean()
    w, U = np.linalg.eigh((Kc + Kc.T) / 2)
    if rtol is None:
        rtol = n * np.finfo(K.dtype).eps * 10
    keep = w > max(float(w.max()), 0.0) * rtol
    w, U = w[keep][::-1], U[:, keep][:, ::-1]
    return U * np.sqrt(w), U / np.sqrt(w), col_mean


@views_docs
class KernelCCA(_BaseCoordinated):
    """Kernel canonical correlation analysis of two or more views.

    Nonlinear CCA: each view is mapped into the feature space of a kernel (RBF,
    polynomial, linear or a precomputed kernel) and the directions of maximal
    correlation are found there (Bach & Jordan, 2002; Hardoon et al., 2004).
    Kernel CCA is linear CCA on an explicit feature map of each view:

    - ``approximation="exact"``: the empirical feature map of the centred
      ``n x n`` kernel matrix (its eigendecomposition), exact but ``O(n^2)``
      memory and ``O(n^3)`` time;
    - ``"nystroem"``: ``k(x, L) K_LL^{-1/2}`` for ``n_approx_features``
      landmarks ``L`` drawn from the training samples, which equals the exact
      map when every sample is a landmark;
    - ``"random_features"``: random Fourier features of the RBF kernel
      (Rahimi & Recht, 2007), as in randomized CCA (Lopez-Paz et al., 2014).

    The approximations fit 50,000 samples in memory in seconds. The feature
    covariances are regularized as in :class:`CCA`, which is essential here: an
    unregularized kernel CCA finds correlations of 1 on any training data.

    With three or more views, the feature maps enter Kettenring's MAXVAR
    generalized CCA (:class:`MultiviewCCA`) instead: kernel generalized CCA,
    with a kernel of its own for each view.

    Read more in the :ref:`User Guide <representation>`.

    Parameters
    ----------
    n_components : int, default=2
        Number of canonical pairs; fewer than the number of samples and at
        most the dimension of each view's feature map.
    {views}
        ``fit(X, Y)`` with ``views=None`` and a 2-D ``Y`` takes ``X`` and ``Y``
        as two views instead (scikit-learn's two-array form).
        With ``kernel="precomputed"``, each view's block is that view's kernel
        between the samples and the training samples (square in ``fit``).
    kernel : {"rbf", "poly", "linear", "precomputed"} or list, default="rbf"
        Kernel of every view, or a list of one kernel name per view.
    gamma : float, None or list, default=None
        Coefficient of the RBF and polynomial kernels, or a list of one per
        view. ``None`` uses ``1 / (n_features_of_view * variance_of_view)`` for
        each view (as scikit-learn's ``gamma="scale"``), stored in
        ``gammas_``.
    degree : int, default=3
        Degree of the polynomial kernel.
    coef0 : float, default=1.0
        Independent term of the polynomial kernel.
    reg : float in [0, 1], default=0.1
        Regularization of each view's feature covariance ``C``:
        ``(1 - reg) * C + reg * (trace(C) / n_samples) * I``.
    approximation : {"auto", "exact", "nystroem", "random_features"}, \
            default="auto"
        How the feature maps are built (see above). ``"auto"`` is
        ``"exact"`` up to 2,000 samples and ``"nystroem"`` beyond.
    n_approx_features : int, default=500
        Number of Nyström landmarks (at most the number of samples) or of
        random Fourier features.
    combine : {"concat", "mean"}, default="concat"
        What :meth:`transform` returns: the views' variates side by side or
        their average (see :class:`CCA`).
    random_state : int, RandomState instance or None, default=None
        Draws the landmarks or the random features.

    Attributes
    ----------
    canonical_correlations_ : ndarray of shape (n_components,)
        Correlation of each pair of training variates (averaged over pairs of
        views for three or more views).
    eigenvalues_ : ndarray of shape (n_components,)
        Three or more views only: the MAXVAR eigenvalues of the feature maps
        (see :class:`MultiviewCCA`).
    approximation_ : str
        The feature map used (``"auto"`` resolved).
    gammas_ : list of float or None
        Kernel coefficient used for each view.
    weights_ : list of ndarray of shape (n_view_features, n_components)
        Per view, the weights applied to the centred feature map.
    {views_attributes}

    See Also
    --------
    CCA : Linear CCA (equal to ``KernelCCA(kernel="linear")`` as ``reg`` goes
        to 0).
    MultiviewCCA : Linear generalized CCA (equal to ``KernelCCA`` with a
        linear kernel for three or more views as ``reg`` goes to 0).
    DeepCCA : Nonlinear CCA with learned feature maps.
    sklearn.kernel_approximation.Nystroem : Nyström features for one array.

    Notes
    -----
    There is no ``inverse_transform``: the kernel feature map has no inverse
    (the pre-image problem); to predict one modality from another, use the
    regressors of :mod:`skmm.translation`.

    References
    ----------
    .. [1] F. R. Bach and M. I. Jordan, "Kernel independent component
       analysis", JMLR 3, 1-48, 2002.
    .. [2] D. R. Hardoon, S. Szedmak and J. Shawe-Taylor, "Canonical
       correlation analysis: an overview with application to learning
       methods", Neural Computation 16(12), 2639-2664, 2004.
    .. [3] D. Lopez-Paz, S. Sra, A. Smola, Z. Ghahramani and B. Schölkopf,
       "Randomized nonlinear component analysis", ICML 2014.
    .. [4] A. Tenenhaus, C. Philippe and V. Frouin, "Kernel generalized
       canonical correlation analysis", Computational Statistics & Data
       Analysis 90, 114-131, 2015.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.representation import KernelCCA
    >>> rng = np.random.RandomState(0)
    >>> t = rng.uniform(-2, 2, size=(200, 1))
    >>> X = np.hstack([t + 0.1 * rng.standard_normal((200, 1)),
    ...                t ** 2 + 0.1 * rng.standard_normal((200, 1))])
    >>> kcca = KernelCCA(n_components=1, reg=0.1, random_state=0).fit(X)
    >>> bool(kcca.score(X) > 0.9)
    True
    >>> kcca.transform(X).shape
    (200, 2)
    """

    _parameter_constraints: dict = {
        **_BaseCoordinated._parameter_constraints,
        "kernel": [StrOptions(set(_KERNELS)), list, tuple],
        "gamma": [Interval(Real, 0, None, closed="neither"), None, list, tuple],
        "degree": [Interval(Integral, 1, None, closed="left")],
        "coef0": [Interval(Real, None, None, closed="neither")],
        "reg": [Interval(Real, 0, 1, closed="both")],
        "approximation": [StrOptions({"auto", "exact", "nystroem", "random_features"})],
        "n_approx_features": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        n_components=2,
        *,
        views=None,
        kernel="rbf",
        gamma=None,
        degree=3,
        coef0=1.0,
        reg=0.1,
        approximation="auto",
        n_approx_features=500,
        combine="concat",
        random_state=None,
    ):
        self.n_components = n_components
        self.views = views
        self.kernel = kernel
        self.gamma = gamma
        self.degree = degree
        self.coef0 = coef0
        self.reg = reg
        self.approximation = approximation
        self.n_approx_features = n_approx_features
        self.combine = combine
        self.random_state = random_state

    _n_views = (2, None)

    def _fit(self, X):
        n = X.shape[0]
        if n <= self.n_components:
            raise ValueError(
                f"n_components={self.n_components} needs more samples than "
                f"components; got {n} sample(s)."
            )
        self.kernels_ = per_view(self.kernel, "kernel", self.view_names_)
        bad = [k for k in self.kernels_ if k not in _KERNELS]
        if bad:
            raise ValueError(
                f"kernel entries must be among {list(_KERNELS)}; got {bad}."
            )
        gammas = per_view(self.gamma, "gamma", self.view_names_)
        approximation = self.approximation
        if approximation == "auto":
            approximation = "exact" if n <= _AUTO_EXACT_MAX_SAMPLES else "nystroem"
        if approximation == "random_features" and set(self.kernels_) != {"rbf"}:
            raise ValueError(
                "approximation='random_features' supports only kernel='rbf'; got "
                f"kernel={self.kernel!r}. Use approximation='nystroem'."
            )
        self.approximation_ = approximation
        rng = check_random_state(self.random_state)
        blocks = self._split_views(X)
        for name, block, kernel in zip(self.view_names_, blocks, self.kernels_):
            if kernel == "precomputed" and block.shape[1] != n:
                raise ValueError(
                    f"With kernel='precomputed', view {name!r} must be a square "
                    f"kernel matrix in fit; got {block.shape[1]} columns for "
                    f"{n} samples."
                )
        self.gammas_ = [
            self._resolve_gamma(b, v, g) for v, (b, g) in enumerate(zip(blocks, gammas))
        ]
        self._maps = [self._fit_feature_map(b, v, rng) for v, b in enumerate(blocks)]
        # the exact map's training features are known from its eigenvectors
        features = [fmap.pop("train_features", None) for fmap in self._maps]
        features = [
            self._features(b, v) if F is None else F
            for v, (b, F) in enumerate(zip(blocks, features))
        ]
        for name, F in zip(self.view_names_, features):
            if F.shape[1] < self.n_components:
                raise ValueError(
                    f"n_components={self.n_components} is larger than the dimension "
                    f"of the feature map of view {name!r} ({F.shape[1]}); lower "
                    "n_components or use a richer kernel."
                )
        self.feature_means_ = [F.mean(axis=0) for F in features]
        centred = [F - m for F, m in zip(features, self.feature_means_)]
        whitened = None
        if approximation == "exact":
            # orthogonal features: their covariance is diagonal, so is its
            # regularized inverse square root
            whitened = []
            for F in centred:
                var = np.sum(F * F, axis=0) / (n - 1)
                d = (1.0 - self.reg) * var + self.reg * var.sum() / n
                inv = 1.0 / np.sqrt(d)
                whitened.append((np.diag(inv), F * inv))
        if self.n_views_ == 2:
            A, B, corr = cca_directions(
                centred[0],
                centred[1],
                self.n_components,
                self.reg,
                n_dims=n,
                whitened=whitened,
            )
            self.weights_ = [A, B]
            self.canonical_correlations_ = np.asarray(corr)
            return self
        self.weights_, self.eigenvalues_, _ = generalized_directions(
            centred, self.n_components, self.reg, n_dims=n, whitened=whitened
        )
        self.canonical_correlations_ = np.asarray(
            correlations([F @ W for F, W in zip(centred, self.weights_)])
        )
        return self

    # -- feature maps ---------------------------------------------------------

    def _resolve_gamma(self, block, v, gamma):
        if self.kernels_[v] not in ("rbf", "poly"):
            return None
        if gamma is not None:
            if not isinstance(gamma, Real) or not gamma > 0:
                raise ValueError(f"gamma must be a positive float; got {gamma!r}.")
            return float(gamma)
        var = block.var()
        return 1.0 / (block.shape[1] * var) if var > 0 else 1.0

    def _kernel(self, A, B, v):
        kernel = self.kernels_[v]
        if kernel == "linear":
            return A @ B.T
        params = {"gamma": self.gammas_[v]}
        if kernel == "poly":
            params.update(degree=self.degree, coef0=self.coef0)
        return pairwise_kernels(A, B, metric=kernel, **params)

    def _fit_feature_map(self, block, v, rng):
        n = block.shape[0]
        if self.approximation_ == "random_features":
            p = block.shape[1]
            D = self.n_approx_features
            W = rng.standard_normal((p, D)) * np.sqrt(2.0 * self.gammas_[v])
            b = rng.uniform(0.0, 2.0 * np.pi, size=D)
            return {"W": W, "b": b}
        if self.approximation_ == "nystroem":
            m = min(self.n_approx_features, n)
            idx = np.sort(rng.choice(n, size=m, replace=False))
            if self.kernels_[v] == "precomputed":
                K_mm = block[np.ix_(idx, idx)]
                landmarks = None
            else:
                landmarks = block[idx]
                K_mm = self._kernel(landmarks, landmarks, v)
            return {
                "idx": idx,
                "landmarks": landmarks,
                "M": sym_power((K_mm + K_mm.T) / 2, -0.5),
            }
        precomputed = self.kernels_[v] == "precomputed"
        K = block if precomputed else self._kernel(block, block, v)
        features, M, col_mean = _centred_kernel_features(K)
        return {
            "train_features": features,
            "landmarks": None if precomputed else block,
            "M": M,
            "col_mean": col_mean,
        }

    def _kernel_rows(self, block, v):
        fmap = self._maps[v]
        if self.kernels_[v] == "precomputed":
            idx = fmap.get("idx")
            return block if idx is None else block[:, idx]
        return self._kernel(block, fmap["landmarks"], v)

    def _features(self, block, v):
        fmap = self._maps[v]
        if self.approximation_ == "random_features":
            D = fmap["W"].shape[1]
            return np.sqrt(2.0 / D) * np.cos(block @ fmap["W"] + fmap["b"])
        K = self._kernel_rows(block, v)
        if self.approximation_ == "exact":
            col_mean = fmap["col_mean"]
            K = K - K.mean(axis=1, keepdims=True) - col_mean + col_mean.mean()
        return K @ fmap["M"]

    def _project_view(self, block, v):
        F = self._features(block, v) - self.feature_means_[v]
        return F @ self.weights_[v]
