"""Kernels and soft-DTW between series as features for scikit-learn.

:class:`PairwiseGAK` and :class:`PairwiseSoftDTW` follow :class:`PairwiseDTW`:
``fit`` stores the training series, ``transform`` returns every series' kernel
(or divergence) to each of them, ready for scikit-learn's
``kernel="precomputed"`` (``SVC``, ``KernelRidge``, ``KernelPCA``) or
``metric="precomputed"`` estimators inside a ``Pipeline``.
"""

import numbers

from sklearn.utils._param_validation import Interval

from ._docstrings import series_docs
from ._estimators import _PairwiseSeries
from ._gak import cdist_gak
from ._soft_dtw import cdist_soft_dtw

__all__ = ["PairwiseGAK", "PairwiseSoftDTW"]


@series_docs
class PairwiseGAK(_PairwiseSeries):
    """Global alignment kernel to the training series, as features.

    ``transform`` returns the (normalised) global alignment kernel between
    every series and each training series: a positive semi-definite Gram
    matrix for ``SVC(kernel="precomputed")``, ``KernelRidge`` or ``KernelPCA``
    in a ``Pipeline``, where ``sigma`` and ``radius`` become hyper-parameters
    of ``GridSearchCV``.

    Parameters
    ----------
    sigma : float, default=1.0
        Bandwidth of the Gaussian kernel between frames (see :func:`gak`).
    radius : int, default=None
        Triangular band (see :func:`gak`). None: no band.
    normalized : bool, default=True
        Normalise by the kernels of the series with themselves (values in
        ``[0, 1]``, 1 on identical series).
    {n_jobs}

    Attributes
    ----------
    {stored_series_attributes}

    See Also
    --------
    cdist_gak : The function behind ``transform``.
    PairwiseSoftDTW : Soft-DTW divergences or an exponential kernel of them.
    PairwiseDTW : DTW distances.

    References
    ----------
    .. [1] M. Cuturi. Fast global alignment kernels. ICML 2011.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.svm import SVC
    >>> from skmm.alignment import PairwiseGAK
    >>> X = np.array([[0.0, 1, 2, 3], [0, 0, 1, 2], [3, 2, 1, 0], [3, 3, 2, 1]])
    >>> y = [0, 0, 1, 1]
    >>> model = make_pipeline(PairwiseGAK(sigma=1.0), SVC(kernel="precomputed"))
    >>> model.fit(X, y).predict([[0.0, 1, 1, 2], [3, 2, 2, 1]]).tolist()
    [0, 1]
    """

    _parameter_constraints = {
        "sigma": [Interval(numbers.Real, 0, None, closed="neither")],
        "radius": [Interval(numbers.Integral, 0, None, closed="left"), None],
        "normalized": ["boolean"],
        "n_jobs": [numbers.Integral, None],
    }

    def __init__(self, *, sigma=1.0, radius=None, normalized=True, n_jobs=None):
        self.sigma = sigma
        self.radius = radius
        self.normalized = normalized
        self.n_jobs = n_jobs

    def _pairwise(self, test, train):
        return cdist_gak(
            test,
            train,
            sigma=self.sigma,
            radius=self.radius,
            normalized=self.normalized,
            n_jobs=self.n_jobs,
        )


@series_docs
class PairwiseSoftDTW(_PairwiseSeries):
    """Soft-DTW divergences (or a kernel of them) to the training series.

    ``transform`` returns, for every series, its soft-DTW divergence to each
    training series (non-negative, 0 on identical series) for scikit-learn's
    ``metric="precomputed"`` estimators; with ``normalized=False`` plain
    soft-DTW values (tslearn's ``cdist_soft_dtw``); with ``kernel_gamma`` the
    kernel ``exp(-kernel_gamma * value)`` for ``SVC(kernel="precomputed")``
    (not positive definite in general: :class:`PairwiseGAK` is).

    Parameters
    ----------
    gamma : float, default=1.0
        Soft-DTW smoothing, > 0.
    radius : int, default=None
        Sakoe-Chiba radius (see :func:`soft_dtw`).
    normalized : bool, default=True
        Soft-DTW divergence instead of soft-DTW.
    kernel_gamma : float, default=None
        When given, return ``exp(-kernel_gamma * value)`` instead of values.
    {n_jobs}

    Attributes
    ----------
    {stored_series_attributes}

    See Also
    --------
    cdist_soft_dtw : The function behind ``transform``.
    PairwiseGAK : A positive definite kernel over the same alignments.

    References
    ----------
    {soft_dtw_references}

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.neighbors import KNeighborsClassifier
    >>> from sklearn.pipeline import make_pipeline
    >>> from skmm.alignment import PairwiseSoftDTW
    >>> X = np.array([[0.0, 1, 2, 3], [0, 0, 1, 2], [3, 2, 1, 0], [3, 3, 2, 1]])
    >>> y = [0, 0, 1, 1]
    >>> model = make_pipeline(
    ...     PairwiseSoftDTW(gamma=0.1), KNeighborsClassifier(1, metric="precomputed")
    ... ).fit(X, y)
    >>> model.predict([[0.0, 1, 1, 2], [3, 2, 2, 1]]).tolist()
    [0, 1]
    """

    _parameter_constraints = {
        "gamma": [Interval(numbers.Real, 0, None, closed="neither")],
        "radius": [Interval(numbers.Integral, 0, None, closed="left"), None],
        "normalized": ["boolean"],
        "kernel_gamma": [Interval(numbers.Real, 0, None, closed="neither"), None],
        "n_jobs": [numbers.Integral, None],
    }

    def __init__(
        self, *, gamma=1.0, radius=None, normalized=True, kernel_gamma=None, n_jobs=None
    ):
        self.gamma = gamma
        self.radius = radius
        self.normalized = normalized
        self.kernel_gamma = kernel_gamma
        self.n_jobs = n_jobs

    def _pairwise(self, test, train):
        return cdist_soft_dtw(
            test,
            train,
            self.gamma,
            radius=self.radius,
            normalized=self.normalized,
            n_jobs=self.n_jobs,
        )
