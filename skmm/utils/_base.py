"""The base every multi-view estimator shares: the ``views`` parameter and its data.

:class:`MultiViewMixin` owns the whole views contract of an estimator, so that two
multi-view estimators read the same few lines:

- the ``views`` parameter constraint (``MultiViewMixin._parameter_constraints``);
- how many views it takes (``_n_views``, a ``(fewest, most)`` pair), whether views
  may share columns (``_allow_view_overlap``) and whether a row may lack a view as a
  whole block of NaN (``_missing_views``, which also sets the ``allow_nan`` tag);
- one validation call, :meth:`MultiViewMixin._validate_views_data`, with one return
  shape (:class:`ViewsData`: ``X``, ``y``, ``missing``);
- one way to hand the resolved views to an inner multi-view estimator
  (:meth:`MultiViewMixin._inner_views`, :meth:`MultiViewMixin._with_inner_views`),
  which is then fitted on the validated array.
"""

from collections.abc import Mapping
from numbers import Integral
from typing import NamedTuple

import numpy as np
from sklearn.base import clone
from sklearn.utils import check_array
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted, validate_data

from ._views import (
    check_missing_views,
    check_view_count,
    resolve_views,
    row_label,
    split_views,
    view_position,
)

__all__ = ["MultiViewMixin", "ViewsData"]

#: The constraint of every ``views`` parameter (see :func:`~skmm.utils.resolve_views`).
VIEWS_CONSTRAINT = [
    None,
    Interval(Integral, 1, None, closed="left"),
    list,
    tuple,
    Mapping,
]


def is_two_dimensional(y):
    """Whether ``y`` is a 2-D array-like (a second view, not a target vector)."""
    return y is not None and np.asarray(y).ndim == 2


def check_embedding_fitted(embedding):
    """A fitted coordinated embedding keeps the views contract after ``fit``.

    Parameters
    ----------
    embedding : estimator
        A coordinated embedding (one with ``transform_view``).

    Raises
    ------
    sklearn.exceptions.NotFittedError
        If it is not fitted.
    TypeError
        If it lacks ``views_``, ``view_names_`` or ``n_views_`` after ``fit``.
    """
    check_is_fitted(embedding)
    for attr in ("views_", "view_names_", "n_views_"):
        if not hasattr(embedding, attr):
            raise TypeError(
                f"The embedding {type(embedding).__name__} has no {attr!r} after fit; "
                "it must keep the coordinated-embedding contract of "
                "skmm.representation (views_, view_names_, transform_view)."
            )


def check_embedding(embedding, needs):
    """A fitted coordinated embedding, else an error saying who needs one.

    A coordinated embedding projects one view alone (``transform_view``) and
    keeps the views contract after ``fit``: the estimators of
    :mod:`skmm.representation` that build a coordinated space, and
    :class:`~skmm.translation.CrossModalRetriever`.

    Parameters
    ----------
    embedding : object
        What the caller was given.
    needs : str
        The end of the TypeError raised when ``embedding`` has no
        ``transform_view``: who needs one, and what to do instead.

    Raises
    ------
    TypeError
        If ``embedding`` has no ``transform_view``, or breaks the contract
        after ``fit`` (:func:`check_embedding_fitted`).
    sklearn.exceptions.NotFittedError
        If it is not fitted.
    """
    if not hasattr(embedding, "transform_view"):
        raise TypeError(f"{type(embedding).__name__} has no transform_view; {needs}")
    check_embedding_fitted(embedding)


def check_view_block(
    estimator, X_view, v, *, input_name="X_view", dtype=np.float64, match_names=False
):
    """Validate an array that holds only the columns of one view of a fitted model.

    Parameters
    ----------
    estimator : estimator
        A fitted multi-view estimator (``views_``, ``view_names_``).
    X_view : array-like or DataFrame of shape (n_samples, n_features_of_view)
        The block: only the columns of view ``v``, in the order of
        ``views_[v]``.
    v : int
        Position of the view.
    input_name : str, default="X_view"
        The argument, as the errors name it.
    dtype : dtype or tuple of dtype, default=np.float64
        Accepted dtypes (``check_array``'s ``dtype``).
    match_names : bool, default=False
        For a DataFrame, require its columns to be the view's columns seen in
        ``fit`` (when ``fit`` saw names).

    Returns
    -------
    block : ndarray of shape (n_samples, n_features_of_view)
        The validated block.
    """
    name = estimator.view_names_[v]
    idx = estimator.views_[v]
    shape = getattr(X_view, "shape", None)
    if shape is not None and len(shape) == 2 and shape[0] == 0:
        raise ValueError(
            f"{input_name} is empty (0 rows); it must hold at least one sample of "
            f"view {name!r}."
        )
    columns = getattr(X_view, "columns", None)
    names_in = getattr(estimator, "feature_names_in_", None)
    if match_names and columns is not None and names_in is not None:
        expected = [str(c) for c in names_in[idx]]
        got = [str(c) for c in columns]
        if got != expected:
            raise ValueError(
                f"The columns of {input_name} do not match view {name!r}: expected "
                f"{expected[:8]!r}{'...' if len(expected) > 8 else ''}, got "
                f"{got[:8]!r}{'...' if len(got) > 8 else ''}."
            )
    block = check_array(X_view, dtype=dtype, input_name=input_name)
    if block.shape[1] != idx.shape[0]:
        raise ValueError(
            f"{input_name} has {block.shape[1]} columns but view {name!r} has "
            f"{idx.shape[0]} (it must hold only that view's columns)."
        )
    return block


class ViewsData(NamedTuple):
    """Validated multi-view input, from ``MultiViewMixin._validate_views_data``.

    Attributes
    ----------
    X : ndarray of shape (n_samples, n_features)
        The validated data.
    y : ndarray or None
        The validated target, or None when no ``y`` was given.
    missing : ndarray of bool of shape (n_samples, n_views)
        ``missing[i, v]`` is True when row ``i`` lacks view ``v`` (its block is
        all NaN); all False for estimators that need every view.
    """

    X: object
    y: object
    missing: object


class MultiViewMixin:
    """The views contract of a multi-view estimator.

    Estimators that inherit it (before ``BaseEstimator``) take a keyword-only
    ``views`` constructor parameter, merge
    ``MultiViewMixin._parameter_constraints`` into their own, and call
    :meth:`_validate_views_data` in ``fit`` (``reset=True``) and in later
    methods (``reset=False``). After ``fit`` they carry:

    - ``views_`` : list of ndarray of int, the column indices of each view;
    - ``view_names_`` : list of str, the name of each view;
    - ``n_views_`` : int.

    Class attributes tune the contract:

    - ``_n_views`` : ``(fewest, most)`` views accepted, ``most=None`` for no
      limit (default ``(2, None)``);
    - ``_allow_view_overlap`` : whether two views may share a column (False);
    - ``_missing_views`` : whether a row may lack a view, marked by NaN in its
      whole block (False). It sets the ``allow_nan`` tag; where it is False
      every NaN is an error that names the row and the view.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.base import BaseEstimator
    >>> from skmm.utils import MultiViewMixin
    >>> class Widths(MultiViewMixin, BaseEstimator):
    ...     def __init__(self, *, views=None):
    ...         self.views = views
    ...     def fit(self, X, y=None):
    ...         X, _, _ = self._validate_views_data(X, reset=True)
    ...         self.widths_ = [b.shape[1] for b in self._split_views(X)]
    ...         return self
    >>> Widths(views={"a": [0], "b": [1, 2]}).fit(np.ones((3, 3))).widths_
    [1, 2]
    """

    _parameter_constraints: dict = {"views": VIEWS_CONSTRAINT}

    _n_views = (2, None)
    _allow_view_overlap = False
    _missing_views = False

    # -- resolution and validation --------------------------------------------

    def _resolve_views(self, X, views=None):
        """Resolve ``views`` (default ``self.views``) on ``X`` and store the result.

        Sets ``views_``, ``view_names_`` and ``n_views_``; the number of views
        is checked against ``_n_views`` with the estimator's name in the
        message. Works on any 2-D array with a ``shape`` (NumPy, CuPy, pandas).
        """
        fewest, most = self._n_views
        indices, names = resolve_views(
            self.views if views is None else views,
            X,
            min_views=1,
            allow_overlap=self._allow_view_overlap,
        )
        check_view_count(names, fewest, most, owner=type(self).__name__)
        self.views_ = indices
        self.view_names_ = names
        self.n_views_ = len(indices)

    def _validate_views_data(
        self, X, y="no_validation", *, reset, complete=None, **check_params
    ):
        """Validate ``X`` (and ``y``) and, when ``reset``, resolve the views.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Multi-view data.
        y : array-like, None or "no_validation", default="no_validation"
            Target, passed to scikit-learn's ``validate_data``; the returned
            ``y`` is None unless one was validated.
        reset : bool
            True in ``fit`` (resolve the views, record ``n_features_in_``),
            False afterwards (check ``X`` against what ``fit`` saw).
        complete : bool, default=None
            Whether every row must hold every view in this call. None means
            ``not self._missing_views``.
        **check_params : dict
            Passed to ``validate_data`` (``dtype``, ``copy``, ...).

        Returns
        -------
        data : ViewsData
            ``(X, y, missing)``.
        """
        row_labels = getattr(X, "index", None) if hasattr(X, "columns") else None
        check_params.setdefault("ensure_all_finite", "allow-nan")
        if reset:
            try:
                self._resolve_views(X)
            except (ValueError, TypeError):
                # Malformed X (complex, 1-D, empty, ...) is reported by the
                # standard validation first; otherwise the views error stands.
                validate_data(self, X, y, reset=True, **check_params)
                raise
        out = validate_data(self, X, y, reset=reset, **check_params)
        X_checked, y_checked = out if isinstance(out, tuple) else (out, None)
        if complete is None:
            complete = not self._missing_views
        missing = self._check_missing(X_checked, row_labels, complete)
        return ViewsData(X_checked, y_checked, missing)

    def _check_missing(self, X, row_labels, complete):
        """The missing-view mask of validated ``X``; NaN errors in the user's terms."""
        n_rows = X.shape[0]
        if getattr(X, "dtype", None) is None or X.dtype.kind not in "fc":
            return np.zeros((n_rows, self.n_views_), dtype=bool)
        if complete:
            nan = np.isnan(X)
            if nan.any():
                self._raise_nan(X, nan, row_labels)
            return np.zeros((n_rows, self.n_views_), dtype=bool)
        return check_missing_views(
            X, self.views_, names=self.view_names_, row_labels=row_labels
        )

    def _raise_nan(self, X, nan, row_labels):
        row = int(np.flatnonzero(nan.any(axis=1))[0])
        col = int(np.flatnonzero(nan[row])[0])
        where = f"column {col}, which belongs to no view"
        whole = False
        for v, idx in enumerate(self.views_):
            if col in idx:
                where = f"view {self.view_names_[v]!r}"
                whole = bool(nan[row, idx].all())
                break
        name = type(self).__name__
        if whole:
            hint = (
                f"the whole view is missing there, but {name} needs every view in "
                "every row: fill it in first (skmm.translation.ModalityImputer) or "
                "drop the row."
            )
        else:
            hint = f"{name} does not accept NaN."
        raise ValueError(
            f"Input X contains NaN in {row_label(row, row_labels)} ({where}); {hint}"
        )

    def _require_views(self, missing, views, *, X=None, role="view"):
        """Raise when a row lacks one of the views at positions ``views``.

        ``X`` is the caller's input, whose index (a DataFrame's) names the row.
        """
        row_labels = getattr(X, "index", None) if hasattr(X, "columns") else None
        for v in views:
            rows = np.flatnonzero(missing[:, v])
            if rows.shape[0]:
                raise ValueError(
                    f"{type(self).__name__} needs {role} {self.view_names_[v]!r} in "
                    f"every row, but {row_label(int(rows[0]), row_labels)} lacks it "
                    "(its block is all NaN)."
                )

    def _reject_second_view(self, y):
        """Raise on a 2-D ``y`` where ``y`` is ignored: a second view in disguise.

        scikit-learn's two-array habit (``fit(X1, X2)``) would otherwise pass
        silently, with ``X2`` ignored and ``X1`` split into views.
        """
        if is_two_dimensional(y):
            raise ValueError(
                f"{type(self).__name__} got a 2-D y of shape {np.asarray(y).shape}, "
                "which it "
                "would ignore. It takes every view in one X with `views=`: build "
                "them with X, views = skmm.utils.stack_views([X1, X2]) and pass "
                f"{type(self).__name__}(views=views).fit(X)."
            )

    # -- blocks, lookups and inner estimators -----------------------------------

    def _split_views(self, X):
        """Per-view blocks of validated ``X``, in the order of ``views_``."""
        return split_views(X, self.views_)

    def _view_position(self, view, *, param="view"):
        """Position in ``views_`` of a view given by name or int index."""
        return view_position(self.view_names_, view, param=param)

    def _inner_views(self):
        """The resolved views as ``views`` for an inner estimator.

        A dict view name -> column indices: it selects the same columns of the
        validated array under the same names, whatever form ``views`` had.
        """
        return dict(zip(self.view_names_, self.views_))

    def _with_inner_views(self, estimator):
        """A clone of ``estimator`` set to the resolved views, when it takes any.

        The clone is meant to be fitted on the validated array of
        :meth:`_validate_views_data`.
        """
        estimator = clone(estimator)
        if "views" in estimator.get_params(deep=False):
            estimator.set_params(views=self._inner_views())
        return estimator

    def _fit_inner(self, estimator, X, y=None, *, role="inner estimator"):
        """Fit an inner estimator; its errors name the estimator the user called.

        ``estimator`` comes from :meth:`_with_inner_views` and ``X`` from
        :meth:`_validate_views_data`. A ``ValueError`` or ``TypeError`` it
        raises is raised again as ``"<Outer>: its <role> <Inner> ...: <message>"``.
        """
        try:
            return estimator.fit(X) if y is None else estimator.fit(X, y)
        except (ValueError, TypeError) as err:
            raise type(err)(
                f"{type(self).__name__}: its {role} {type(estimator).__name__} "
                f"could not be fitted: {err}"
            ) from err

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = self._missing_views
        return tags
