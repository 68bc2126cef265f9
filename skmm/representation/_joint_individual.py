"""What all views share and what each holds alone: AJIVE and group PCA."""

from numbers import Integral

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import _check_feature_names_in, check_is_fitted

from ..utils._base import MultiViewMixin
from ..utils._docstrings import views_docs
from ..utils._linalg import sign_flips
from ..utils._views import per_view

__all__ = ["AJIVE", "GroupPCA"]


def _omega(beta):
    """Gavish & Donoho's optimal hard-threshold factor for unknown noise."""
    return 0.56 * beta**3 - 0.95 * beta**2 + 1.82 * beta + 1.43


def gavish_donoho_rank(s, shape):
    """Number of singular values above the optimal hard threshold (unknown noise)."""
    beta = min(shape) / max(shape)
    tau = _omega(beta) * np.median(s)
    return int(np.sum(s > tau))


class _PerViewBase(MultiViewMixin, TransformerMixin, BaseEstimator):
    """Validation and output names shared by AJIVE and GroupPCA."""

    def _centred_blocks(self, X, y, reset):
        if reset:
            self._reject_second_view(y)
        X, _, _ = self._validate_views_data(X, reset=reset, dtype=np.float64)
        if reset and X.shape[0] < 2:
            raise ValueError(
                f"{type(self).__name__} needs at least 2 samples; got "
                f"{X.shape[0]} sample."
            )
        if reset:
            self.mean_ = X.mean(axis=0)
        return [X[:, idx] - self.mean_[idx] for idx in self.views_]

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Fit the model to the centred views.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Multi-view data.
        y : None
            Ignored (a 2-D ``y`` is an error: give every view in ``X``).

        Returns
        -------
        self : object
            The fitted estimator.
        """
        return self._fit(self._centred_blocks(X, y, reset=True))

    def get_feature_names_out(self, input_features=None):
        """Names of the output columns.

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            Only checked against the names seen in ``fit``.

        Returns
        -------
        feature_names_out : ndarray of str
            One name per output column (see :meth:`transform`).
        """
        check_is_fitted(self)
        _check_feature_names_in(self, input_features, generate_names=False)
        return np.asarray(self._output_names(), dtype=object)


@views_docs
class AJIVE(_PerViewBase):
    """Angle-based joint and individual variation explained (AJIVE).

    Splits each view into a joint part, spanned by score directions (over the
    samples) that every view shares, an individual part that belongs to that
    view alone, and noise (Feng, Jiang, Hannig & Marron, 2018):

    1. each centred view is reduced to its signal, the rank-``r_v`` truncated
       SVD (``signal_ranks``, or Gavish & Donoho's optimal hard threshold
       when None);
    2. the views' signal score bases are stacked and their SVD gives the
       joint directions: a squared singular value near the number of views
       means a direction (nearly) in every view's signal space. The joint rank
       counts those above the random direction bound (the 95th percentile of
       the top squared singular value for random subspaces of the same
       ranks), unless ``joint_rank`` is given;
    3. each view's signal, with the joint directions projected out, gives its
       individual scores (rank ``r_v - joint rank``).

    ``transform`` returns the joint scores (estimated from each view by least
    squares through its signal, averaged over views) and then every view's
    individual scores.

    Read more in the :ref:`User Guide <representation>`.

    Parameters
    ----------
    {views}
    signal_ranks : int, list of int or None, default=None
        Signal rank of each view (one int for all, or one per view); None
        selects it by the optimal hard threshold of the singular values
        (Gavish & Donoho, 2014).
    joint_rank : int or None, default=None
        Joint rank; None selects it by the random direction bound.
    n_random_directions : int, default=500
        Draws of random subspaces for the random direction bound.
    random_state : int, RandomState instance or None, default=None
        Draws the random subspaces.

    Attributes
    ----------
    signal_ranks_ : list of int
        Signal rank of each view.
    joint_rank_ : int
        Number of joint components.
    individual_ranks_ : list of int
        Individual rank of each view.
    joint_scores_ : ndarray of shape (n_samples, joint_rank_)
        Orthonormal joint score directions of the training samples.
    joint_loadings_ : list of ndarray of shape (n_features_of_view, joint_rank_)
        Per view, the joint part is ``joint_scores_ @ joint_loadings_[v].T``.
    individual_scores_ : list of ndarray of shape (n_samples, r_v)
        Per view, orthonormal individual score directions.
    individual_loadings_ : list of ndarray of shape (n_features_of_view, r_v)
        Per view, the individual part is ``individual_scores_[v] @
        individual_loadings_[v].T``.
    squared_singular_values_ : ndarray
        Squared singular values of the stacked signal bases (the joint
        criterion, between 0 and ``n_views_``).
    random_direction_bound_ : float
        The threshold the joint components exceed.
    mean_ : ndarray of shape (`n_features_in_`,)
        Per-column training mean.
    {views_attributes}

    See Also
    --------
    GroupPCA : Principal components of the views' principal components.
    MultiviewCCA : Correlated directions of several views.

    References
    ----------
    .. [1] Q. Feng, M. Jiang, J. Hannig and J. S. Marron, "Angle-based joint
       and individual variation explained", Journal of Multivariate Analysis
       166, 241-265, 2018.
    .. [2] M. Gavish and D. L. Donoho, "The optimal hard threshold for
       singular values is 4/sqrt(3)", IEEE Transactions on Information Theory
       60(8), 5040-5053, 2014.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.representation import AJIVE
    >>> rng = np.random.RandomState(0)
    >>> joint = rng.standard_normal((200, 1))
    >>> X = np.hstack([joint @ rng.standard_normal((1, 10))
    ...                + rng.standard_normal((200, 1)) @ rng.standard_normal((1, 10))
    ...                + 0.1 * rng.standard_normal((200, 10)) for _ in range(2)])
    >>> ajive = AJIVE(views=2, random_state=0).fit(X)
    >>> ajive.joint_rank_, ajive.individual_ranks_
    (1, [1, 1])
    >>> ajive.transform(X).shape
    (200, 3)
    """

    _parameter_constraints: dict = {
        **MultiViewMixin._parameter_constraints,
        "signal_ranks": [Interval(Integral, 1, None, closed="left"), list, tuple, None],
        "joint_rank": [Interval(Integral, 0, None, closed="left"), None],
        "n_random_directions": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        *,
        views=None,
        signal_ranks=None,
        joint_rank=None,
        n_random_directions=500,
        random_state=None,
    ):
        self.views = views
        self.signal_ranks = signal_ranks
        self.joint_rank = joint_rank
        self.n_random_directions = n_random_directions
        self.random_state = random_state

    def _fit(self, blocks):
        """Find the joint and individual structure."""
        n = blocks[0].shape[0]
        ranks = per_view(self.signal_ranks, "signal_ranks", self.view_names_)
        bases, self.signal_ranks_, self._signal = [], [], []
        for v, (B, r) in enumerate(zip(blocks, ranks)):
            U, s, Vt = np.linalg.svd(B, full_matrices=False)
            top = max(min(B.shape[1], n - 1), 1)
            if r is None:
                r = min(max(gavish_donoho_rank(s, B.shape), 1), top)
            r = int(r)
            if not 1 <= r <= top:
                raise ValueError(
                    f"The signal rank of view {self.view_names_[v]!r} must lie "
                    f"between 1 and {top} (its width and the number of samples "
                    f"minus one); got {r}."
                )
            bases.append(U[:, :r])
            self.signal_ranks_.append(r)
            self._signal.append((U[:, :r], s[:r], Vt[:r].T))
        M = np.hstack(bases)
        Uj, sj, _ = np.linalg.svd(M, full_matrices=False)
        self.squared_singular_values_ = sj**2
        rng = check_random_state(self.random_state)
        draws = np.empty(self.n_random_directions)
        for i in range(self.n_random_directions):
            Q = np.hstack(
                [
                    np.linalg.qr(rng.standard_normal((n, r)))[0]
                    for r in self.signal_ranks_
                ]
            )
            draws[i] = np.linalg.svd(Q, compute_uv=False)[0] ** 2
        self.random_direction_bound_ = float(np.quantile(draws, 0.95))
        if self.joint_rank is None:
            joint = int(np.sum(sj**2 > self.random_direction_bound_))
        else:
            joint = int(self.joint_rank)
            if joint > min(self.signal_ranks_):
                raise ValueError(
                    f"joint_rank={joint} exceeds the smallest signal rank "
                    f"{min(self.signal_ranks_)}."
                )
        self.joint_rank_ = min(joint, min(self.signal_ranks_))
        J = Uj[:, : self.joint_rank_]
        J = J * sign_flips(J)
        self.joint_scores_ = J
        self.joint_loadings_ = [B.T @ J for B in blocks]
        self.individual_scores_, self.individual_loadings_ = [], []
        self.individual_ranks_ = []
        for (U, s, V), r in zip(self._signal, self.signal_ranks_):
            A = (U * s) @ V.T
            A_ind = A - J @ (J.T @ A)
            r_ind = max(r - self.joint_rank_, 0)
            Ui, si, Vit = np.linalg.svd(A_ind, full_matrices=False)
            Ui = Ui[:, :r_ind] * sign_flips(Ui[:, :r_ind])
            self.individual_scores_.append(Ui)
            self.individual_loadings_.append(A_ind.T @ Ui)
            self.individual_ranks_.append(r_ind)
        # least-squares maps from a view to the scores, through its signal
        self._maps = []
        for (U, s, V), Ui in zip(self._signal, self.individual_scores_):
            pinv = V / s  # pseudo-inverse of the signal, p_v x r
            self._maps.append((pinv @ (U.T @ J), pinv @ (U.T @ Ui)))
        return self

    def transform(self, X):
        """Joint scores, then each view's individual scores.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Multi-view data with the columns seen in ``fit``.

        Returns
        -------
        Z : ndarray of shape (n_samples, joint_rank_ + sum(individual_ranks_))
            The joint scores estimated from every view (averaged), then the
            individual scores of view 0, view 1, ...; on the training data
            these are the orthonormal ``joint_scores_`` and
            ``individual_scores_`` (up to the views' disagreement).
        """
        check_is_fitted(self)
        blocks = self._centred_blocks(X, None, reset=False)
        joint = sum(B @ Mj for B, (Mj, _) in zip(blocks, self._maps)) / len(blocks)
        individual = [B @ Mi for B, (_, Mi) in zip(blocks, self._maps)]
        return np.hstack([joint, *individual])

    def _output_names(self):
        names = [f"joint{k}" for k in range(self.joint_rank_)]
        for view, r in zip(self.view_names_, self.individual_ranks_):
            names += [f"{view}_individual{k}" for k in range(r)]
        return names


@views_docs
class GroupPCA(_PerViewBase):
    """Group PCA: principal components of each view, then across the views.

    Each centred view is reduced by its own PCA to ``n_individual_components``
    scores (whitened to unit variance with ``prewhiten=True``, which lets every
    view weigh the same whatever its scale and width), the views' scores are
    put side by side, and a second PCA gives ``n_components`` group
    components (Calhoun et al., 2001). Without per-view reduction and
    prewhitening it is PCA of all the columns together.

    Read more in the :ref:`User Guide <representation>`.

    Parameters
    ----------
    n_components : int, default=2
        Number of group components.
    {views}
    n_individual_components : int, list of int or None, default=None
        Components kept per view (one int for all, or one per view); None
        keeps every component of each view (its rank).
    prewhiten : bool, default=False
        Whether to scale each view's scores to unit variance before the group
        PCA.
    whiten : bool, default=False
        Whether to scale the group scores to unit variance.

    Attributes
    ----------
    individual_components_ : list of ndarray of shape (k_v, n_features_of_view)
        Per view, its principal axes (rows).
    individual_explained_variance_ : list of ndarray of shape (k_v,)
        Per view, the variance of each of its components.
    components_ : ndarray of shape (n_components, sum(k_v))
        Group principal axes in the space of the stacked per-view scores.
    explained_variance_ : ndarray of shape (n_components,)
        Variance of each group component.
    explained_variance_ratio_ : ndarray of shape (n_components,)
        Its share of the stacked scores' total variance.
    mean_ : ndarray of shape (`n_features_in_`,)
        Per-column training mean.
    {views_attributes}

    See Also
    --------
    AJIVE : Joint and individual structure with rank selection.
    sklearn.decomposition.PCA : One-view principal components.

    References
    ----------
    .. [1] V. D. Calhoun, T. Adali, G. D. Pearlson and J. J. Pekar, "A method
       for making group inferences from functional MRI data using independent
       component analysis", Human Brain Mapping 14(3), 140-151, 2001.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.representation import GroupPCA
    >>> rng = np.random.RandomState(0)
    >>> X = rng.standard_normal((100, 8))
    >>> gpca = GroupPCA(n_components=2, views=2, n_individual_components=3).fit(X)
    >>> gpca.transform(X).shape
    (100, 2)
    """

    _parameter_constraints: dict = {
        **MultiViewMixin._parameter_constraints,
        "n_components": [Interval(Integral, 1, None, closed="left")],
        "n_individual_components": [
            Interval(Integral, 1, None, closed="left"),
            list,
            tuple,
            None,
        ],
        "prewhiten": ["boolean"],
        "whiten": ["boolean"],
    }

    def __init__(
        self,
        n_components=2,
        *,
        views=None,
        n_individual_components=None,
        prewhiten=False,
        whiten=False,
    ):
        self.n_components = n_components
        self.views = views
        self.n_individual_components = n_individual_components
        self.prewhiten = prewhiten
        self.whiten = whiten

    def _fit(self, blocks):
        """Fit the per-view and the group PCAs."""
        n = blocks[0].shape[0]
        ks = per_view(
            self.n_individual_components, "n_individual_components", self.view_names_
        )
        self.individual_components_, self.individual_explained_variance_ = [], []
        scores = []
        for v, (B, k) in enumerate(zip(blocks, ks)):
            U, s, Vt = np.linalg.svd(B, full_matrices=False)
            rank = (
                int(np.sum(s > s[0] * max(B.shape) * np.finfo(float).eps))
                if s[0] > 0
                else 0
            )
            k = max(rank, 1) if k is None else int(k)
            if not 1 <= k <= min(B.shape):
                raise ValueError(
                    f"n_individual_components={k} for view {self.view_names_[v]!r} "
                    f"must lie between 1 and {min(B.shape)} (its width and the "
                    "number of samples)."
                )
            signs = sign_flips(Vt[:k].T)
            self.individual_components_.append(Vt[:k] * signs[:, None])
            self.individual_explained_variance_.append(s[:k] ** 2 / (n - 1))
            scores.append(B @ self.individual_components_[-1].T)
        S = self._stack(scores)
        total = S.shape[1]
        if self.n_components > min(total, n):
            raise ValueError(
                f"n_components={self.n_components} exceeds the {min(total, n)} "
                "group components available (the per-view components kept, or "
                "the samples)."
            )
        _, s, Vt = np.linalg.svd(S, full_matrices=False)
        Vt = Vt[: self.n_components]
        self.components_ = Vt * sign_flips(Vt.T)[:, None]
        var = s**2 / (n - 1)
        self.explained_variance_ = var[: self.n_components]
        self.explained_variance_ratio_ = self.explained_variance_ / var.sum()
        return self

    def _stack(self, scores):
        if self.prewhiten:
            scores = [
                Z / np.sqrt(np.where(var > 0, var, 1.0))
                for Z, var in zip(scores, self.individual_explained_variance_)
            ]
        return np.hstack(scores)

    def transform(self, X):
        """Group scores.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Multi-view data with the columns seen in ``fit``.

        Returns
        -------
        Z : ndarray of shape (n_samples, n_components)
            The group principal component scores.
        """
        check_is_fitted(self)
        blocks = self._centred_blocks(X, None, reset=False)
        scores = [B @ C.T for B, C in zip(blocks, self.individual_components_)]
        Z = self._stack(scores) @ self.components_.T
        if self.whiten:
            Z = Z / np.sqrt(
                np.where(self.explained_variance_ > 0, self.explained_variance_, 1.0)
            )
        return Z

    def _output_names(self):
        return [f"grouppca{k}" for k in range(self.n_components)]
