"""Canonical time warping: CCA and DTW in alternation, across modalities."""

import numbers

import numpy as np
from scipy.linalg import svd
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from .._kernels import _dtw as _k
from ..utils import MultiViewMixin
from ..utils._docstrings import views_docs
from ..utils._linalg import cca_directions
from ._validation import band_rows

__all__ = ["CanonicalTimeWarping", "stack_sequences"]


def _cca(A, B, n_components, reg):
    """Regularised CCA of paired frames: projections and correlations.

    skmm's one CCA (:func:`~skmm.utils._linalg.cca_directions`, the shrinkage
    ridge of :class:`~skmm.representation.CCA`): the projected frames have unit
    sample variance, so DTW compares canonical variates on one scale.
    """
    return cca_directions(A - A.mean(axis=0), B - B.mean(axis=0), n_components, reg)


def _path(a, b, radius):
    lo, hi = band_rows(a.shape[0], b.shape[0], radius)
    acc = _k.cost_matrix(
        np.ascontiguousarray(a, dtype=np.float64),
        np.ascontiguousarray(b, dtype=np.float64),
        lo,
        hi,
    )
    return _k.backtrack(acc), acc[-1, -1]


def _uniform_path(n_a, n_b):
    """The monotone path closest to uniform stretching (a straight line)."""
    path, _ = _path(
        np.linspace(0, 1, n_a)[:, None], np.linspace(0, 1, n_b)[:, None], None
    )
    return path


def _principal_scores(A, k):
    """The first ``k`` principal component scores, scaled to unit variance."""
    A = A - A.mean(axis=0)
    U, s, _ = svd(A, full_matrices=False)
    k = min(k, int(np.sum(s > 1e-10 * s[0])) if s[0] > 0 else 1)
    return U[:, :k] * np.sqrt(A.shape[0])


def _standardize(v):
    v = v - v.mean()
    sd = v.std()
    return v / sd if sd > 0 else v


def _initial_paths(A, B, n_components, radius):
    """Starting alignments that need no correspondence between the features.

    Uniform stretching; DTW between rotation-invariant summaries of the
    whitened sequences (frame norm, and speed); DTW between the leading
    principal components, with both signs.
    """
    starts = {"uniform": _uniform_path(A.shape[0], B.shape[0])}
    Wa = _principal_scores(A, n_components)
    Wb = _principal_scores(B, n_components)
    feats = []
    for W in (Wa, Wb):
        norm = _standardize(np.linalg.norm(W, axis=1))
        speed = np.linalg.norm(np.gradient(W, axis=0), axis=1)
        feats.append(np.column_stack([norm, 0.5 * _standardize(speed)]))
    starts["whitened norm"] = _path(feats[0], feats[1], radius)[0]
    for sign, name in ((1.0, "pc"), (-1.0, "-pc")):
        starts[name] = _path(
            _standardize(Wa[:, 0])[:, None],
            sign * _standardize(Wb[:, 0])[:, None],
            radius,
        )[0]
    return starts


def _ctw_pair(A, B, n_components, reg, radius, max_iter, tol, init):
    """CTW of two centred sequences from several starts; the best run."""
    best = None
    if init == "uniform":
        starts = {"uniform": _uniform_path(A.shape[0], B.shape[0])}
    else:
        starts = _initial_paths(A, B, n_components, radius)
    for name, path in starts.items():
        objective = np.inf
        n_iter = 0
        for n_iter in range(1, max_iter + 1):  # noqa: B007 - read after the loop
            Wa, Wb, _ = _cca(A[path[:, 0]], B[path[:, 1]], n_components, reg)
            new_path, cost = _path(A @ Wa, B @ Wb, radius)
            new_objective = cost / new_path.shape[0]
            if new_objective > objective - tol * abs(objective):
                if new_objective < objective:
                    path, objective = new_path, new_objective
                    proj = (Wa, Wb)
                break
            path, objective, proj = new_path, new_objective, (Wa, Wb)
        if best is None or objective < best["objective"]:
            best = {
                "objective": objective,
                "path": path,
                "projections": proj,
                "init": name,
                "n_iter": n_iter,
            }
    return best


@views_docs
class CanonicalTimeWarping(MultiViewMixin, TransformerMixin, BaseEstimator):
    """Canonical time warping: align sequences of different modalities.

    The rows of ``X`` are time steps and ``views`` names the columns of each
    modality; a modality recorded over fewer steps pads its block with
    trailing NaN rows. CTW (Zhou and De la Torre, 2009) looks for linear
    projections of the modalities and a monotone alignment of their time steps
    such that the projected, aligned sequences match: it alternates canonical
    correlation analysis on the currently aligned frames and DTW between the
    projected sequences. The problem is non-convex, so the alternation starts
    from several alignments that need no feature correspondence (uniform
    stretching, DTW between rotation-invariant summaries of the whitened
    sequences, DTW between leading principal components with both signs) and
    keeps the run of lowest objective (mean squared distance along the path
    between the unit-variance canonical projections). With more than two
    modalities, each is aligned to the first by its own CCA-DTW run; the
    first modality keeps the projection of its run with the second, so the
    variates of a third modality share a space with the first modality's
    variates of their own run, not with ``projections_[0]`` (a joint,
    generalised CTW is not implemented).

    Parameters
    ----------
    n_components : int, default=3
        Canonical dimensions the modalities are matched in.
    {views}
    init : {"auto", "uniform"}, default="auto"
        Starting alignments: "auto" runs from all the starts above and keeps
        the best; "uniform" only from uniform stretching (the original
        algorithm's start, less robust).
    reg : float in [0, 1], default=1e-3
        Shrinkage of each modality's covariance ``C`` towards
        ``trace(C) / p * I``, ``(1 - reg) * C + reg * trace(C) / p * I``, as in
        :class:`~skmm.representation.CCA`. With ``reg=0`` a singular covariance
        (a repeated column) is handled by a pseudo-inverse.
    radius : int, default=None
        Sakoe-Chiba radius of the DTW steps.
    max_iter : int, default=30
        Maximum CCA-DTW alternations per start.
    tol : float, default=1e-6
        Stop a run when the objective decreases by less than this fraction.

    Attributes
    ----------
    path_ : ndarray of int of shape (path_length, 2)
        Alignment of the first two modalities: pairs of time steps.
    paths_ : list of ndarray
        Alignment of the first modality with each other one.
    projections_ : list of ndarray of shape (n_features_view, n_components)
        Projection of each modality (of the first from its run with the
        second).
    means_ : list of ndarray
        Mean of each modality, removed before projecting.
    aligned_ : list of ndarray of shape (path_length, n_components)
        Projected sequences of the first two modalities along ``path_``.
    objective_ : float
        Final objective of the first pair.
    init_ : str
        The start that won for the first pair.
    n_iter_ : int
        Alternations of the winning run of the first pair.
    lengths_ : list of int
        Number of time steps of each modality.
    {views_attributes}

    See Also
    --------
    dtw_path : Alignment within one modality.
    DTWAligner : Warps many series of one modality onto a reference.

    References
    ----------
    .. [1] F. Zhou, F. De la Torre. Canonical time warping for alignment of
       human behavior. NIPS 2009.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.alignment import CanonicalTimeWarping
    >>> from skmm.datasets import make_warped_sequences
    >>> from skmm.alignment import stack_sequences
    >>> a, b, true_path, _ = make_warped_sequences(random_state=0)
    >>> X, views = stack_sequences([a, b])
    >>> ctw = CanonicalTimeWarping(views=views).fit(X)
    >>> ctw.path_[0].tolist(), ctw.path_[-1].tolist(), len(ctw.projections_)
    ([0, 0], [99, 119], 2)
    """

    _parameter_constraints = {
        **MultiViewMixin._parameter_constraints,
        "n_components": [Interval(numbers.Integral, 1, None, closed="left")],
        "init": [StrOptions({"auto", "uniform"})],
        "reg": [Interval(numbers.Real, 0, 1, closed="both")],
        "radius": [Interval(numbers.Integral, 0, None, closed="left"), None],
        "max_iter": [Interval(numbers.Integral, 1, None, closed="left")],
        "tol": [Interval(numbers.Real, 0, None, closed="left")],
    }

    _missing_views = True  # a shorter modality pads its block with NaN rows

    def __init__(
        self,
        n_components=3,
        *,
        views=None,
        init="auto",
        reg=1e-3,
        radius=None,
        max_iter=30,
        tol=1e-6,
    ):
        self.n_components = n_components
        self.views = views
        self.init = init
        self.reg = reg
        self.radius = radius
        self.max_iter = max_iter
        self.tol = tol

    def _sequences(self, X, missing):
        seqs = []
        for v, cols in enumerate(self.views_):
            present = ~missing[:, v]
            n = int(present.sum())
            if n < 2:
                raise ValueError(
                    f"View {self.view_names_[v]!r} has {n} time step(s); CTW needs "
                    "at least 2."
                )
            if not present[:n].all():
                raise ValueError(
                    f"View {self.view_names_[v]!r} has missing rows before its last "
                    "time step; only trailing rows may be NaN (padding)."
                )
            seqs.append(X[:n][:, cols])
        return seqs

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Learn the projections and the alignment.

        Parameters
        ----------
        X : array-like of shape (n_time_steps, n_features)
            The modalities side by side (see ``views``); a shorter modality
            has trailing NaN rows.
        y : None
            Ignored.

        Returns
        -------
        self : object
        """
        self._reject_second_view(y)
        X, _, missing = self._validate_views_data(X, reset=True, ensure_min_samples=2)
        seqs = self._sequences(X, missing)
        k = self.n_components
        smallest = min(s.shape[1] for s in seqs)
        if k > smallest:
            raise ValueError(
                f"n_components={k} exceeds the dimension of the smallest view "
                f"({smallest})."
            )
        self.means_ = [s.mean(axis=0) for s in seqs]
        centred = [s - m for s, m in zip(seqs, self.means_)]
        self.lengths_ = [s.shape[0] for s in seqs]
        self.paths_ = []
        projections = [None] * len(seqs)
        first = None
        for v in range(1, len(seqs)):
            run = _ctw_pair(
                centred[0],
                centred[v],
                k,
                self.reg,
                self.radius,
                self.max_iter,
                self.tol,
                self.init,
            )
            self.paths_.append(run["path"])
            if first is None:
                first = run
                projections[0] = run["projections"][0]
            projections[v] = run["projections"][1]
        self.projections_ = projections
        self.path_ = first["path"]
        self.objective_ = float(first["objective"])
        self.init_ = first["init"]
        self.n_iter_ = first["n_iter"]
        Wa, Wb = first["projections"]
        self.aligned_ = [
            centred[0][self.path_[:, 0]] @ Wa,
            centred[1][self.path_[:, 1]] @ Wb,
        ]
        return self

    def transform(self, X):
        """Project every modality onto its canonical directions, step by step.

        Parameters
        ----------
        X : array-like of shape (n_time_steps, n_features)
            The modalities side by side, as in ``fit``.

        Returns
        -------
        Z : ndarray of shape (n_time_steps, n_views * n_components)
            The projections of each view in turn; NaN on a view's padding.
        """
        check_is_fitted(self)
        X, _, missing = self._validate_views_data(X, reset=False)
        out = []
        for v, cols in enumerate(self.views_):
            Z = (X[:, cols] - self.means_[v]) @ self.projections_[v]
            Z[missing[:, v]] = np.nan
            out.append(Z)
        return np.hstack(out)

    def get_feature_names_out(self, input_features=None):
        """Output names ``<view>_cc<k>``.

        Parameters
        ----------
        input_features : None
            Ignored.

        Returns
        -------
        names : ndarray of str
        """
        check_is_fitted(self)
        return np.asarray(
            [
                f"{name}_cc{c}"
                for name in self.view_names_
                for c in range(self.n_components)
            ],
            dtype=object,
        )


def stack_sequences(sequences, names=None):
    """Stack sequences of different lengths side by side, padding with NaN.

    Parameters
    ----------
    sequences : list of array-like of shape (length_v, n_features_v)
        One sequence per modality (a 1-D array is one feature).
    names : list of str, default=None
        Modality names (default ``"view0"``, ``"view1"``, ...).

    Returns
    -------
    X : ndarray of shape (max length, sum of n_features_v)
        The sequences side by side, each padded with trailing NaN rows.
    views : dict
        Modality name -> column slice, the ``views`` of
        :class:`CanonicalTimeWarping`.

    See Also
    --------
    skmm.utils.stack_views : The same for blocks of equal length.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.alignment import stack_sequences
    >>> X, views = stack_sequences([np.ones((3, 2)), np.zeros((2, 1))])
    >>> X.shape, int(np.isnan(X[:, 2]).sum()), views["view1"]
    ((3, 3), 1, slice(2, 3, None))
    """
    from ..utils import stack_views

    blocks = []
    for s in sequences:
        arr = np.asarray(s, dtype=np.float64)
        blocks.append(arr[:, None] if arr.ndim == 1 else arr)
    if not blocks:
        raise ValueError("sequences is empty.")
    length = max(b.shape[0] for b in blocks)
    padded = [
        np.vstack([b, np.full((length - b.shape[0], b.shape[1]), np.nan)])
        for b in blocks
    ]
    return stack_views(padded, names=names)
