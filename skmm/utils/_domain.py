"""The domain column: which rows come from which domain.

Domain membership travels inside ``X`` as one column, named by a selector with the
same syntax as a view. Values ``>= 0`` mark source domains, values ``< 0`` target
domains (the convention of skada's ``sample_domain``).
"""

import numpy as np

from ._views import resolve_selector

__all__ = ["check_sample_domain", "split_domain"]


def split_domain(X, domain, *, feature_names=None):
    """Read the domain column of ``X`` and drop it.

    Parameters
    ----------
    X : array-like or DataFrame of shape (n_samples, n_features)
        Data that holds the domain column.
    domain : int, str, slice, array-like or callable
        Selector of exactly one column (any selector of
        :func:`~skmm.utils.resolve_selector`: an integer index such as ``-1``, a
        column name, a one-column mask or slice, or a callable).
    feature_names : array-like of str, default=None
        Column names to use when ``X`` is not a DataFrame.

    Returns
    -------
    X_rest : ndarray or DataFrame of shape (n_samples, n_features - 1)
        ``X`` without the domain column (same type as ``X``; a copy).
    sample_domain : ndarray of int of shape (n_samples,)
        Domain of each row, checked by :func:`check_sample_domain` (without
        requiring source or target rows).
    column : int
        Index of the domain column in ``X``.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.utils import split_domain
    >>> X = np.array([[0.5, 1.0, 0], [1.5, 2.0, -1]])
    >>> X_rest, sample_domain, column = split_domain(X, -1)
    >>> X_rest.shape, sample_domain.tolist(), column
    ((2, 2), [0, -1], 2)
    """
    if domain is None:
        raise ValueError(
            "No domain column given: set `domain` to the selector of the column of X "
            "that holds each row's domain (>= 0 source, < 0 target)."
        )
    idx = resolve_selector(domain, X, name="domain", feature_names=feature_names)
    if idx.shape[0] != 1:
        raise ValueError(
            "The domain selector must pick exactly one column; it picks "
            f"{idx.shape[0]}."
        )
    column = int(idx[0])
    if hasattr(X, "iloc"):
        values = X.iloc[:, column].to_numpy()
        X_rest = X.drop(columns=X.columns[column])
    else:
        X = np.asarray(X)
        if X.ndim != 2:
            raise ValueError(f"X must be 2-D; got {X.ndim} dimension(s).")
        values = X[:, column]
        X_rest = np.delete(X, column, axis=1)
    sample_domain = check_sample_domain(values)
    return X_rest, sample_domain, column


def check_sample_domain(sample_domain, *, require_source=False, require_target=False):
    """Validate per-row domain labels.

    Parameters
    ----------
    sample_domain : array-like of shape (n_samples,)
        Domain of each row: integers, ``>= 0`` for source domains, ``< 0`` for
        target domains. Floats are accepted when they hold whole numbers.
    require_source : bool, default=False
        Raise if no row is from a source domain.
    require_target : bool, default=False
        Raise if no row is from a target domain.

    Returns
    -------
    sample_domain : ndarray of int of shape (n_samples,)

    Examples
    --------
    >>> from skmm.utils import check_sample_domain
    >>> check_sample_domain([0.0, 1.0, -1.0]).tolist()
    [0, 1, -1]
    """
    values = np.asarray(sample_domain)
    if values.ndim != 1:
        raise ValueError(
            f"The domain labels must be one-dimensional; got shape {values.shape}."
        )
    if values.dtype.kind not in "iuf":
        raise ValueError(
            f"The domain column must hold integers; got values of dtype {values.dtype}."
        )
    if values.dtype.kind == "f":
        if not np.isfinite(values).all():
            raise ValueError("The domain column contains NaN or infinity.")
        if not np.array_equal(values, np.round(values)):
            raise ValueError(
                "The domain column must hold whole numbers (>= 0 source, < 0 target)."
            )
    values = values.astype(np.int64)
    if require_source and not (values >= 0).any():
        raise ValueError("No source rows: the domain column has no value >= 0.")
    if require_target and not (values < 0).any():
        raise ValueError("No target rows: the domain column has no value < 0.")
    return values
