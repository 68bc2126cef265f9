"""The domain column, ``sample_domain`` and unlabeled rows, for every consumer.

Domain membership travels inside ``X`` as one column, named by a selector with the
same syntax as a view. Values ``>= 0`` mark source domains, values ``< 0`` target
domains (the convention of skada's ``sample_domain``). It may also come as a
``sample_domain`` array (routed metadata, for skada users). Estimators, splitters
and scorers all read it through :func:`read_domains`, which applies one rule:

- when ``domain`` names a column, that column gives the domains (estimators drop
  it from the features); a ``sample_domain`` given as well must equal it;
- when ``domain`` is None, ``sample_domain`` gives the domains;
- with neither, there is no domain information (``domains`` is None).

Unlabeled rows are marked in ``y`` as scikit-learn's semi-supervised estimators
mark them (:func:`unlabeled_mask`).
"""

import warnings
from numbers import Integral, Real

import numpy as np

from ._views import resolve_selector, row_label

__all__ = [
    "NoTargetDomainWarning",
    "check_sample_domain",
    "read_domains",
    "split_domain",
    "unlabeled_mask",
]

#: The constraint of every ``domain`` parameter (a selector of one column of X).
DOMAIN_CONSTRAINT = [None, Integral, str, slice, "array-like", callable]


class NoTargetDomainWarning(UserWarning):
    """Warned when a domain adapter is fitted without any target row.

    With no domain column, no ``sample_domain`` (and, for the meta-estimators,
    no unlabeled row) there is nothing to adapt to: the adapter fits the
    identity adaptation.
    """


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


def read_domains(X, domain=None, sample_domain=None, *, feature_names=None):
    """The domain of each row of ``X``, by skmm's one precedence rule.

    Parameters
    ----------
    X : array-like or DataFrame of shape (n_samples, n_features)
        Data, holding the domain column when ``domain`` is set.
    domain : int, str, slice, array-like, callable or None, default=None
        Selector of the domain column of ``X``; None when ``X`` holds none.
    sample_domain : array-like of shape (n_samples,), default=None
        Domain of each row (``>= 0`` source, ``< 0`` target). With ``domain``
        set it must equal the column.
    feature_names : array-like of str, default=None
        Column names to use when ``X`` is not a DataFrame.

    Returns
    -------
    X_rest : ndarray or DataFrame
        ``X`` without the domain column (``X`` itself when ``domain`` is None).
    domains : ndarray of int of shape (n_samples,) or None
        Domain of each row; None when neither source gives it.
    column : int or None
        Index of the domain column in ``X``.

    Raises
    ------
    ValueError
        If ``sample_domain`` and the domain column disagree, or
        ``sample_domain`` has another length than ``X``.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.utils import read_domains
    >>> X = np.array([[0.5, 0], [1.5, -1]])
    >>> X_rest, domains, column = read_domains(X, domain=-1)
    >>> X_rest.shape, domains.tolist(), column
    ((2, 1), [0, -1], 1)
    >>> read_domains(X[:, :1], sample_domain=[0, -1])[1].tolist()
    [0, -1]
    """
    given = None
    if sample_domain is not None:
        given = check_sample_domain(sample_domain)
        n_rows = X.shape[0] if hasattr(X, "shape") else len(X)
        if given.shape[0] != n_rows:
            raise ValueError(
                f"sample_domain has {given.shape[0]} entries but X has {n_rows} rows."
            )
    if domain is None:
        return X, given, None
    X_rest, domains, column = split_domain(X, domain, feature_names=feature_names)
    if given is not None and not np.array_equal(given, domains):
        bad = np.flatnonzero(given != domains)
        labels = getattr(X, "index", None) if hasattr(X, "columns") else None
        raise ValueError(
            f"The domain column (column {column} of X, selected by domain="
            f"{domain!r}) and sample_domain disagree on {bad.shape[0]} row(s), "
            f"first {row_label(int(bad[0]), labels)}: the column says "
            f"{int(domains[bad[0]])}, sample_domain says {int(given[bad[0]])}. "
            "If X holds no domain column, set domain=None."
        )
    return X_rest, domains, column


def unlabeled_mask(y, *, task="classification"):
    """Which rows of ``y`` carry no label.

    Classification follows scikit-learn's semi-supervised convention: ``-1``
    marks an unlabeled row (string labels cannot hold it; an object array may
    mix labels with ``-1``). Regression targets can take the value ``-1``, so
    there ``NaN`` marks an unlabeled row.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Targets.
    task : {"classification", "regression"}, default="classification"
        Which convention applies.

    Returns
    -------
    mask : ndarray of bool of shape (n_samples,)

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.utils import unlabeled_mask
    >>> unlabeled_mask([0, -1, 2]).tolist()
    [False, True, False]
    >>> unlabeled_mask([0.5, np.nan, -1.0], task="regression").tolist()
    [False, True, False]
    """
    y = np.asarray(y)
    if task == "regression":
        if y.dtype.kind in "fc":
            return np.isnan(y)
        return np.zeros(y.shape[0], dtype=bool)
    if task != "classification":
        raise ValueError(
            f"task must be 'classification' or 'regression'; got {task!r}."
        )
    if y.dtype.kind in "USV":
        return np.zeros(y.shape[0], dtype=bool)
    if y.dtype.kind == "O":
        return np.asarray(
            [
                isinstance(v, (Integral, Real)) and not isinstance(v, bool) and v == -1
                for v in y
            ],
            dtype=bool,
        )
    return y == -1


def warn_no_target(owner, *, meta=False, stacklevel=3):
    """Warn that ``owner`` was fitted without target rows (identity adaptation).

    ``meta=True`` words it for the meta-estimators, which also take unlabeled
    rows as target rows.
    """
    sources = "no `domain` column, no `sample_domain`"
    if meta:
        sources += ", no unlabeled row"
    warnings.warn(
        f"{type(owner).__name__} was fitted without domain information ({sources}): "
        "with no target rows there is nothing to adapt to, so it fits the identity "
        "adaptation (X is both source and target).",
        NoTargetDomainWarning,
        stacklevel=stacklevel + 1,
    )
