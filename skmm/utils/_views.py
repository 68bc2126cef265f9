"""The views contract: which columns of one 2-D ``X`` belong to which modality.

Every multi-view estimator in skmm takes a single ``X`` and a ``views`` parameter,
as :class:`~sklearn.compose.ColumnTransformer` takes ``transformers``. This module
turns a ``views`` parameter into integer column indices (:func:`resolve_views`),
splits ``X`` into per-view blocks (:func:`split_views`), builds ``X, views`` from
per-view arrays (:func:`stack_views`) and finds rows where a whole view is missing
(:func:`missing_view_mask`).
"""

import difflib
import numbers
from collections.abc import Mapping

import numpy as np

__all__ = [
    "check_missing_views",
    "check_view_count",
    "missing_view_mask",
    "resolve_selector",
    "resolve_views",
    "row_label",
    "split_views",
    "stack_views",
    "view_position",
]


def _n_features_and_columns(X):
    """Number of columns of ``X`` and its column names (or None)."""
    columns = getattr(X, "columns", None)
    if columns is not None:
        names = np.asarray([str(c) for c in columns], dtype=object)
        return len(columns), names
    shape = getattr(X, "shape", None)
    if shape is None:
        X = np.asarray(X)
        shape = X.shape
    if len(shape) != 2:
        raise ValueError(
            f"Multi-view data must be a 2-D array of shape (n_samples, n_features); "
            f"got an array with {len(shape)} dimension(s)."
        )
    return shape[1], None


def resolve_selector(selector, X, *, name="view", feature_names=None):
    """Turn one column selector into sorted, unique integer column indices.

    Parameters
    ----------
    selector : slice, int, str, array-like of int, bool or str, or callable
        A slice, an integer column index, a column name, an array of integer
        indices (negative ones count from the end), a boolean mask with one entry
        per column, a list of column names (``X`` must be a DataFrame or
        ``feature_names`` must be given), or a callable that takes ``X`` and
        returns any of the above.
    X : array-like or DataFrame of shape (n_samples, n_features)
        The data the selector refers to.
    name : str, default="view"
        Name used in error messages.
    feature_names : array-like of str, default=None
        Column names to use when ``X`` is not a DataFrame (for instance the
        ``feature_names_in_`` seen in ``fit``).

    Returns
    -------
    indices : ndarray of int
        Sorted column indices selected.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.utils import resolve_selector
    >>> X = np.zeros((3, 5))
    >>> resolve_selector(slice(1, 3), X)
    array([1, 2])
    >>> resolve_selector([True, False, False, False, True], X)
    array([0, 4])
    """
    n_features, columns = _n_features_and_columns(X)
    if columns is None and feature_names is not None:
        columns = np.asarray([str(c) for c in feature_names], dtype=object)
    if callable(selector) and not isinstance(selector, type):
        selector = selector(X)
    if isinstance(selector, slice):
        indices = np.arange(n_features)[selector]
    elif isinstance(selector, str):
        indices = _names_to_indices([selector], columns, name)
    elif isinstance(selector, numbers.Integral) and not isinstance(selector, bool):
        indices = _check_int_indices(np.asarray([selector]), n_features, name)
    else:
        if hasattr(selector, "to_numpy"):
            selector = selector.to_numpy()
        if isinstance(selector, (list, tuple)):
            kinds = {isinstance(a, str) for a in selector}
            if len(kinds) > 1:
                raise TypeError(
                    f"The selector of {name!r} mixes column names with other "
                    f"values: {list(selector)!r}."
                )
        arr = np.asarray(selector)
        if arr.ndim != 1:
            raise ValueError(
                f"The selector of {name!r} must be one-dimensional; got shape "
                f"{arr.shape}."
            )
        if arr.size == 0:
            indices = np.empty(0, dtype=np.intp)
        elif arr.dtype == bool:
            if arr.shape[0] != n_features:
                raise ValueError(
                    f"The boolean mask of {name!r} has {arr.shape[0]} entries but X "
                    f"has {n_features} columns."
                )
            indices = np.flatnonzero(arr)
        elif arr.dtype.kind in "iu":
            indices = _check_int_indices(arr, n_features, name)
        elif arr.dtype.kind in "OUS" and all(isinstance(a, str) for a in arr.tolist()):
            indices = _names_to_indices(arr.tolist(), columns, name)
        else:
            raise TypeError(
                f"The selector of {name!r} must be a slice, integers, a boolean mask, "
                f"column names or a callable; got an array of dtype {arr.dtype}."
            )
    indices = np.asarray(indices, dtype=np.intp)
    if np.unique(indices).shape[0] != indices.shape[0]:
        raise ValueError(f"The selector of {name!r} names a column more than once.")
    return np.sort(indices)


def _check_int_indices(arr, n_features, name):
    arr = arr.astype(np.intp)
    bad = (arr >= n_features) | (arr < -n_features)
    if bad.any():
        raise ValueError(
            f"The selector of {name!r} refers to column(s) {arr[bad].tolist()} but X "
            f"has only {n_features} columns (valid indices: 0 to {n_features - 1})."
        )
    return np.where(arr < 0, arr + n_features, arr)


def _names_to_indices(names, columns, name):
    if columns is None:
        raise ValueError(
            f"The selector of {name!r} uses column names {names[:5]!r}, which needs X "
            "to be a pandas DataFrame (or the estimator to have been fitted on one)."
        )
    known = columns.tolist()
    lookup = {c: i for i, c in enumerate(known)}
    unknown = [n for n in names if n not in lookup]
    if unknown:
        raise ValueError(
            f"The selector of {name!r} names unknown column(s) {unknown[:5]!r}."
            f"{_closest_columns(unknown[:5], known)} X has {len(known)} columns: "
            f"{_column_list(known)}."
        )
    return np.asarray([lookup[n] for n in names], dtype=np.intp)


def _closest_columns(unknown, known):
    """A "Did you mean" sentence with the closest known names (difflib)."""
    hints = []
    for name in unknown:
        close = difflib.get_close_matches(str(name), known, n=3, cutoff=0.6)
        if close:
            hints.append(f"{name!r} -> {' or '.join(repr(c) for c in close)}")
    return f" Did you mean {'; '.join(hints)}?" if hints else ""


def _column_list(columns, limit=30):
    """The column names, abbreviated in the middle past ``limit`` of them."""
    if len(columns) <= limit:
        return repr(list(columns))
    head, tail = columns[: limit - 5], columns[-5:]
    return f"[{', '.join(map(repr, head))}, ..., {', '.join(map(repr, tail))}]"


def resolve_views(
    views,
    X,
    *,
    min_views=2,
    max_views=None,
    allow_overlap=False,
    feature_names=None,
    exclude=None,
):
    """Resolve a ``views`` parameter into per-view integer column indices.

    Parameters
    ----------
    views : None, int, list or dict
        Which columns of ``X`` belong to which view (modality):

        - ``None`` (the default of every skmm estimator): two views, the first
          ``ceil(n_features / 2)`` columns and the rest. This suits two-view
          estimators on data built by :func:`stack_views` from two equally wide
          blocks, and lets scikit-learn's estimator checks run; with other data,
          name the views explicitly.
        - an int ``k >= 1``: ``k`` contiguous blocks of (nearly) equal width.
        - a list of selectors: views named ``"view0"``, ``"view1"``, ...
        - a dict ``name -> selector``: named views, in the dict's order.

        Each selector is anything :func:`resolve_selector` accepts: a slice,
        integer indices, a boolean mask, column names (DataFrames) or a callable.
        Columns covered by no view are ignored by multi-view estimators.
    X : array-like or DataFrame of shape (n_samples, n_features)
        The data the views refer to.
    min_views : int, default=2
        Smallest number of views accepted.
    max_views : int, default=None
        Largest number of views accepted (None: no limit).
    allow_overlap : bool, default=False
        Whether two views may share a column.
    feature_names : array-like of str, default=None
        Column names to use when ``X`` is not a DataFrame.
    exclude : array-like of int, default=None
        Columns that no view may use (for instance a domain column). Under
        ``views=None`` or an int, they are left out before splitting.

    Returns
    -------
    indices : list of ndarray of int
        Sorted column indices of each view.
    names : list of str
        Name of each view.

    Raises
    ------
    ValueError
        If a selector is out of range, names unknown columns, selects nothing,
        if views overlap (unless ``allow_overlap``), or if there are fewer than
        ``min_views`` views.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.utils import resolve_views
    >>> X = np.zeros((4, 5))
    >>> indices, names = resolve_views(None, X)
    >>> [idx.tolist() for idx in indices], names
    ([[0, 1, 2], [3, 4]], ['view0', 'view1'])
    >>> indices, names = resolve_views({"audio": [0, 1], "video": slice(2, 5)}, X)
    >>> [idx.tolist() for idx in indices], names
    ([[0, 1], [2, 3, 4]], ['audio', 'video'])
    """
    n_features, _ = _n_features_and_columns(X)
    excluded = (
        np.empty(0, dtype=np.intp)
        if exclude is None
        else np.asarray(exclude, dtype=np.intp).ravel()
    )
    available = np.setdiff1d(np.arange(n_features), excluded)
    if views is None or (
        isinstance(views, numbers.Integral) and not isinstance(views, bool)
    ):
        k = 2 if views is None else int(views)
        if k < 1:
            raise ValueError(f"views={views!r}: the number of views must be >= 1.")
        if available.shape[0] < k:
            raise ValueError(
                f"views={views!r} splits the columns into {k} contiguous blocks, "
                f"which needs at least {k} features; got {available.shape[0]} "
                f"feature(s). Pass `views` explicitly."
            )
        indices = [np.asarray(b, dtype=np.intp) for b in np.array_split(available, k)]
        names = [f"view{i}" for i in range(k)]
    else:
        if isinstance(views, Mapping):
            items = [(str(k), v) for k, v in views.items()]
        elif isinstance(views, (list, tuple)):
            items = [(f"view{i}", v) for i, v in enumerate(views)]
        else:
            raise TypeError(
                "`views` must be None, an int, a list of column selectors or a dict "
                f"mapping view names to selectors; got {type(views).__name__}."
            )
        names = [n for n, _ in items]
        if len(set(names)) != len(names):
            raise ValueError(f"View names must be unique; got {names!r}.")
        indices = [
            resolve_selector(sel, X, name=n, feature_names=feature_names)
            for n, sel in items
        ]
    for name, idx in zip(names, indices):
        if idx.shape[0] == 0:
            raise ValueError(f"View {name!r} selects no columns.")
        clash = np.intersect1d(idx, excluded)
        if clash.shape[0]:
            raise ValueError(
                f"View {name!r} uses column(s) {clash.tolist()} that are reserved "
                "(for instance the domain column)."
            )
    check_view_count(names, min_views, max_views)
    if not allow_overlap:
        seen = {}
        for name, idx in zip(names, indices):
            for col in idx.tolist():
                if col in seen:
                    raise ValueError(
                        f"Views {seen[col]!r} and {name!r} overlap (both use column "
                        f"{col}); each column may belong to one view only."
                    )
                seen[col] = name
    return indices, names


def check_view_count(names, min_views=1, max_views=None, *, owner="This estimator"):
    """Raise when the number of views is outside ``[min_views, max_views]``.

    Parameters
    ----------
    names : list of str
        The view names.
    min_views : int, default=1
        Fewest views accepted.
    max_views : int, default=None
        Most views accepted (None: no limit).
    owner : str, default="This estimator"
        Who needs that many views, for the message (an estimator's class name).

    Returns
    -------
    None
        Returns quietly when the number of views is accepted.

    Raises
    ------
    ValueError
        With the number of views needed and the views given.

    Examples
    --------
    >>> from skmm.utils import check_view_count
    >>> check_view_count(["a", "b", "c"], 2, 2, owner="CCA")
    Traceback (most recent call last):
    ...
    ValueError: CCA takes exactly 2 views; got 3: ['a', 'b', 'c'].
    """
    n = len(names)
    if n >= min_views and (max_views is None or n <= max_views):
        return
    if max_views == min_views:
        need = f"exactly {min_views}"
    elif max_views is None:
        need = f"at least {min_views}"
    else:
        need = f"between {min_views} and {max_views}"
    raise ValueError(
        f"{owner} takes {need} views; got {n}: {list(names)!r}."
        + (" Name them with `views=`." if n < min_views else "")
    )


def split_views(X, indices):
    """Split ``X`` into per-view blocks.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        Validated data (a NumPy or CuPy array).
    indices : list of ndarray of int
        Column indices of each view, as returned by :func:`resolve_views`.

    Returns
    -------
    blocks : list of ndarray
        ``X[:, idx]`` for each view (copies).

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.utils import split_views
    >>> X = np.arange(6).reshape(2, 3)
    >>> [b.tolist() for b in split_views(X, [np.array([0]), np.array([1, 2])])]
    [[[0], [3]], [[1, 2], [4, 5]]]
    """
    return [X[:, idx] for idx in indices]


def stack_views(Xs, names=None):
    """Stack per-view arrays into one ``X`` and the matching ``views``.

    Parameters
    ----------
    Xs : list of array-like or DataFrame, or dict name -> array-like
        One 2-D block per view, all with the same number of rows (a 1-D array
        counts as one column).
    names : list of str, default=None
        View names (ignored when ``Xs`` is a dict). Defaults to ``"view0"``,
        ``"view1"``, ...

    Returns
    -------
    X : ndarray of shape (n_samples, sum of view widths)
        The blocks side by side.
    views : dict
        View name -> slice of the columns of that view in ``X``, ready to pass as
        the ``views`` parameter of any skmm estimator.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.utils import stack_views, split_views, resolve_views
    >>> audio, video = np.ones((3, 2)), np.zeros((3, 4))
    >>> X, views = stack_views([audio, video], names=["audio", "video"])
    >>> X.shape, views
    ((3, 6), {'audio': slice(0, 2, None), 'video': slice(2, 6, None)})
    >>> blocks = split_views(X, resolve_views(views, X)[0])
    >>> np.array_equal(blocks[1], video)
    True
    """
    if isinstance(Xs, Mapping):
        names = [str(k) for k in Xs]
        Xs = list(Xs.values())
    else:
        Xs = list(Xs)
        if names is None:
            names = [f"view{i}" for i in range(len(Xs))]
        names = [str(n) for n in names]
    if len(Xs) == 0:
        raise ValueError("stack_views needs at least one view.")
    if len(names) != len(Xs):
        raise ValueError(f"Got {len(Xs)} views but {len(names)} names.")
    if len(set(names)) != len(names):
        raise ValueError(f"View names must be unique; got {names!r}.")
    blocks = []
    for name, block in zip(names, Xs):
        block = np.asarray(block)
        if block.ndim == 1:
            block = block[:, None]
        if block.ndim != 2:
            raise ValueError(
                f"View {name!r} must be 1-D or 2-D; got {block.ndim} dimensions."
            )
        if block.shape[1] == 0:
            raise ValueError(f"View {name!r} has no columns.")
        blocks.append(block)
    n_rows = {b.shape[0] for b in blocks}
    if len(n_rows) != 1:
        raise ValueError(
            "All views must have the same number of rows (samples); got "
            f"{dict(zip(names, (b.shape[0] for b in blocks)))}."
        )
    X = np.hstack(blocks)
    views, start = {}, 0
    for name, block in zip(names, blocks):
        views[name] = slice(start, start + block.shape[1])
        start += block.shape[1]
    return X, views


def missing_view_mask(X, indices):
    """Which rows lack which view: a whole view block is NaN.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        Data where a missing view is marked by NaN in every column of its block.
    indices : list of ndarray of int
        Column indices of each view.

    Returns
    -------
    missing : ndarray of bool of shape (n_samples, n_views)
        ``missing[i, v]`` is True when row ``i`` has NaN in every column of view
        ``v``.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.utils import missing_view_mask
    >>> X = np.array([[1.0, 2.0, 3.0], [np.nan, np.nan, 4.0]])
    >>> missing_view_mask(X, [np.array([0, 1]), np.array([2])])
    array([[False, False],
           [ True, False]])
    """
    X = np.asarray(X)
    return np.column_stack([np.isnan(X[:, idx]).all(axis=1) for idx in indices])


def row_label(row, row_labels=None):
    """How a row is named in messages: its index label, else its position.

    Parameters
    ----------
    row : int
        Position of the row.
    row_labels : array-like, default=None
        The index of a DataFrame ``X`` (None for arrays).

    Returns
    -------
    label : str
        ``"row 'a' (position 3)"`` for a DataFrame row whose label differs from
        its position, ``"row 3"`` otherwise.

    Examples
    --------
    >>> from skmm.utils import row_label
    >>> row_label(3), row_label(1, ["x", "y"])
    ('row 3', "row 'y' (position 1)")
    """
    if row_labels is None:
        return f"row {row}"
    label = row_labels[row]
    if isinstance(label, numbers.Integral) and int(label) == row:
        return f"row {row}"
    return f"row {label!r} (position {row})"


def _upper_first(text):
    return text[:1].upper() + text[1:]


def check_missing_views(
    X, indices, *, allow_all_missing=False, names=None, row_labels=None
):
    """Validate missing-view markers and return the missing-view mask.

    A view may be missing in a row only as a whole block of NaN; a NaN
    anywhere else (part of a view block, or a column that belongs to no view)
    and an infinity anywhere are errors.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        Data to check (float dtype).
    indices : list of ndarray of int
        Column indices of each view.
    allow_all_missing : bool, default=False
        Whether a row may lack every view.
    names : list of str, default=None
        View names for the messages (``"view0"``, ... when None).
    row_labels : array-like, default=None
        Row labels for the messages (the index of a DataFrame ``X``).

    Returns
    -------
    missing : ndarray of bool of shape (n_samples, n_views)
        The mask of :func:`missing_view_mask`.

    Raises
    ------
    ValueError
        If a view block holds NaN in some but not all of its columns, a column
        outside every view holds NaN, ``X`` holds an infinity, or (unless
        ``allow_all_missing``) a row lacks every view.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.utils import check_missing_views
    >>> X = np.array([[1.0, np.nan, 3.0]])
    >>> check_missing_views(X, [np.array([0, 1]), np.array([2])], names=["a", "b"])
    Traceback (most recent call last):
    ...
    ValueError: Row 0 has NaN in part of view 'a' only; ...
    """
    X = np.asarray(X)
    if names is None:
        names = [f"view{v}" for v in range(len(indices))]
    if np.isinf(X).any():
        row = int(np.flatnonzero(np.isinf(X).any(axis=1))[0])
        raise ValueError(
            f"Input X contains infinity ({row_label(row, row_labels)}); only NaN "
            "marks a missing view."
        )
    nan = np.isnan(X)
    missing = (
        np.column_stack([nan[:, idx].all(axis=1) for idx in indices])
        if len(indices)
        else np.zeros((X.shape[0], 0), dtype=bool)
    )
    for v, idx in enumerate(indices):
        partial = nan[:, idx].any(axis=1) & ~missing[:, v]
        if partial.any():
            row = int(np.flatnonzero(partial)[0])
            raise ValueError(
                f"{_upper_first(row_label(row, row_labels))} has NaN in part of view "
                f"{names[v]!r} only; a missing view must be NaN in every column "
                "of its block, and NaN is not allowed elsewhere."
            )
    covered = np.zeros(X.shape[1], dtype=bool)
    for idx in indices:
        covered[idx] = True
    stray = nan[:, ~covered].any(axis=1)
    if stray.any():
        row = int(np.flatnonzero(stray)[0])
        col = int(np.flatnonzero(~covered)[np.flatnonzero(nan[row, ~covered])[0]])
        raise ValueError(
            f"{_upper_first(row_label(row, row_labels))} has NaN in column {col}, "
            "which belongs to no view; NaN may only mark a whole missing view."
        )
    if not allow_all_missing and len(indices) and missing.all(axis=1).any():
        row = int(np.flatnonzero(missing.all(axis=1))[0])
        raise ValueError(
            f"{_upper_first(row_label(row, row_labels))} lacks every view (all of "
            "its view blocks are NaN)."
        )
    return missing


def view_position(names, view, *, param="view"):
    """Position of a view given by name or by int index.

    Parameters
    ----------
    names : list of str
        View names, as ``view_names_`` of a fitted multi-view estimator.
    view : str or int
        A name from ``names``, or an index into it (negative ones count from
        the end).
    param : str, default="view"
        Name of the parameter in error messages.

    Returns
    -------
    position : int
        Index into ``names``.

    Raises
    ------
    ValueError
        If the name is unknown or the index out of range.
    TypeError
        If ``view`` is neither a str nor an int.

    Examples
    --------
    >>> from skmm.utils import view_position
    >>> view_position(["audio", "video"], "video"), view_position(["a", "b"], -1)
    (1, 1)
    """
    names = list(names)
    if isinstance(view, str):
        if view not in names:
            raise ValueError(
                f"Unknown view {view!r} for {param}; the views are {names!r}."
            )
        return names.index(view)
    if isinstance(view, numbers.Integral) and not isinstance(view, bool):
        if not -len(names) <= view < len(names):
            raise ValueError(
                f"{param}={view} is out of range; there are {len(names)} views "
                f"{names!r}."
            )
        return int(view) % len(names)
    raise TypeError(
        f"{param} must be a view name from {names!r} or an int index; got {view!r}."
    )


def per_view(value, name, view_names, *, check=None):
    """One value per view, from one value, a list (by position) or a dict (by name).

    The one reading of a parameter that may be given once for every view or
    per view (``affinity``, ``kernel``, ``view_types``, ``signal_ranks``...).

    Parameters
    ----------
    value : object, list, tuple or dict
        One value for every view; a list or tuple of one value per view, in
        the order of ``view_names``; or a dict view name -> value naming every
        view.
    name : str
        The parameter, named in error messages.
    view_names : list of str
        The views, as ``view_names_`` of a fitted multi-view estimator.
    check : callable, default=None
        ``check(item, where)`` raises for a bad value; ``where`` names the
        parameter and the view (``"gamma of view 'audio'"``).

    Returns
    -------
    values : list
        One value per view, in the order of ``view_names``.

    Raises
    ------
    ValueError
        If a list has the wrong length, or a dict names unknown views or
        misses some.

    Examples
    --------
    >>> from skmm.utils._views import per_view
    >>> per_view(3, "n_neighbors", ["audio", "video"])
    [3, 3]
    >>> per_view({"video": 5, "audio": 3}, "n_neighbors", ["audio", "video"])
    [3, 5]
    """
    view_names = list(view_names)
    n_views = len(view_names)
    if isinstance(value, Mapping):
        unknown = sorted(set(map(str, value)) - set(view_names))
        if unknown:
            raise ValueError(
                f"{name} names views {unknown} that do not exist (views: {view_names})."
            )
        lookup = {str(k): item for k, item in value.items()}
        missing = [v for v in view_names if v not in lookup]
        if missing:
            raise ValueError(f"{name} gives no value for views {missing}.")
        values = [lookup[v] for v in view_names]
    elif isinstance(value, (list, tuple)):
        if len(value) != n_views:
            raise ValueError(
                f"{name} has {len(value)} entries but there are {n_views} views "
                f"{view_names}; give one value for every view or one per view."
            )
        values = list(value)
    else:
        values = [value] * n_views
    if check is not None:
        for v, item in zip(view_names, values):
            check(item, f"{name} of view {v!r}")
    return values
