"""A mixin that gives every multi-view estimator the same views plumbing."""

from sklearn.utils.validation import validate_data

from ._views import check_missing_views, resolve_views, split_views, view_position

__all__ = ["MultiViewMixin"]


class MultiViewMixin:
    """Resolve ``self.views`` in ``fit`` and validate multi-view data.

    Estimators that inherit it (before ``BaseEstimator``) declare a ``views``
    constructor parameter and call :meth:`_validate_views_data` in ``fit``
    (``reset=True``) and in later methods (``reset=False``). After ``fit`` they
    carry:

    - ``views_`` : list of ndarray of int, the column indices of each view;
    - ``view_names_`` : list of str, the name of each view;
    - ``n_views_`` : int.

    Class attributes tune the contract: ``_min_views`` (default 2) and
    ``_allow_view_overlap`` (default False).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.base import BaseEstimator
    >>> from skmm.utils import MultiViewMixin
    >>> class Widths(MultiViewMixin, BaseEstimator):
    ...     def __init__(self, views=None):
    ...         self.views = views
    ...     def fit(self, X, y=None):
    ...         X = self._validate_views_data(X, reset=True)
    ...         self.widths_ = [b.shape[1] for b in self._split_views(X)]
    ...         return self
    >>> Widths(views={"a": [0], "b": [1, 2]}).fit(np.ones((3, 3))).widths_
    [1, 2]
    """

    _min_views = 2
    _allow_view_overlap = False

    def _validate_views_data(
        self, X, y="no_validation", *, reset, allow_missing_views=False, **check_params
    ):
        """Validate ``X`` (and ``y``) and, when ``reset``, resolve the views.

        With ``allow_missing_views=True``, NaN is accepted only as whole missing
        view blocks and the call returns ``(X, missing)`` (or ``(X, y, missing)``)
        with the boolean mask of :func:`~skmm.utils.check_missing_views`.
        """
        if allow_missing_views:
            check_params.setdefault("ensure_all_finite", "allow-nan")
        if reset:
            try:
                indices, names = resolve_views(
                    self.views,
                    X,
                    min_views=self._min_views,
                    allow_overlap=self._allow_view_overlap,
                )
            except (ValueError, TypeError):
                # Malformed X (complex, 1-D, empty, ...) is reported by the
                # standard validation first; otherwise the views error stands.
                validate_data(self, X, y, reset=True, **check_params)
                raise
            self.views_ = indices
            self.view_names_ = names
            self.n_views_ = len(indices)
        out = validate_data(self, X, y, reset=reset, **check_params)
        if not allow_missing_views:
            return out
        X_checked = out[0] if isinstance(out, tuple) else out
        missing = check_missing_views(X_checked, self.views_)
        return (*out, missing) if isinstance(out, tuple) else (out, missing)

    def _split_views(self, X):
        """Per-view blocks of validated ``X``, in the order of ``views_``."""
        return split_views(X, self.views_)

    def _view_index(self, view, *, param="view"):
        """Position in ``views_`` of a view given by name or int index."""
        return view_position(self.view_names_, view, param=param)
