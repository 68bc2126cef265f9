"""Label shift: the class proportions change between domains, ``p(x | y)`` does not.

Under label shift a classifier's posteriors ``p_s(y | x)`` are right up to the
class priors: ``p_t(y | x)`` is proportional to ``p_s(y | x) pi_t(y) / pi_s(y)``
(Saerens, Latinne & Decaestecker, 2002). Two estimators of the target priors
``pi_t`` from unlabeled target rows are here: the EM of Saerens et al. and
black-box shift estimation (BBSE, Lipton, Wang & Smola, 2018), which inverts
the confusion matrix of held-out source predictions.
"""

import numpy as np
from sklearn.utils.validation import check_array

__all__ = ["adjust_posteriors", "estimate_target_priors"]

_SUM_TOL = 1e-6


def check_priors(priors, n_classes=None, *, name="priors"):
    """Validate class proportions: finite, non-negative, summing to one."""
    p = np.asarray(priors, dtype=np.float64)
    if p.ndim != 1:
        raise ValueError(
            f"{name} must be a 1-D array of class proportions; got shape {p.shape}."
        )
    if n_classes is not None and p.shape[0] != n_classes:
        raise ValueError(
            f"{name} has {p.shape[0]} entries but there are {n_classes} classes."
        )
    if not np.isfinite(p).all() or (p < 0).any():
        raise ValueError(f"{name} must be finite and non-negative; got {p.tolist()}.")
    if abs(p.sum() - 1.0) > _SUM_TOL:
        raise ValueError(
            f"{name} must sum to one (they are proportions of the classes); they "
            f"sum to {p.sum():.6g}."
        )
    return p / p.sum()


def _check_proba(proba, name):
    proba = check_array(proba, dtype=np.float64, input_name=name)
    if (proba < -1e-12).any():
        raise ValueError(f"{name} holds negative probabilities.")
    return np.clip(proba, 0.0, None)


def adjust_posteriors(proba, source_priors, target_priors):
    """Correct class probabilities for a change of class priors.

    With ``p(x | y)`` the same in both domains, Bayes' rule gives
    ``p_t(y | x) = p_s(y | x) w_y / sum_k p_s(k | x) w_k`` with
    ``w_y = pi_t(y) / pi_s(y)`` (Saerens et al., 2002). Decisions follow the
    corrected probabilities.

    Parameters
    ----------
    proba : array-like of shape (n_samples, n_classes)
        Probabilities ``p_s(y | x)`` of a classifier trained on the source.
    source_priors : array-like of shape (n_classes,)
        Class proportions of the data the classifier was trained on (sum to
        one, all positive).
    target_priors : array-like of shape (n_classes,)
        Class proportions of the data to predict (sum to one).

    Returns
    -------
    proba_adjusted : ndarray of shape (n_samples, n_classes)
        The corrected probabilities (rows sum to one).

    References
    ----------
    .. [1] M. Saerens, P. Latinne and C. Decaestecker, "Adjusting the outputs
       of a classifier to new a priori probabilities: a simple procedure",
       Neural Computation 14(1), 2002.

    Examples
    --------
    >>> from skmm.colearning import adjust_posteriors
    >>> adjust_posteriors([[0.5, 0.5], [0.8, 0.2]], [0.5, 0.5], [0.2, 0.8])
    array([[0.2, 0.8],
           [0.5, 0.5]])
    """
    proba = _check_proba(proba, "proba")
    k = proba.shape[1]
    source = check_priors(source_priors, k, name="source_priors")
    target = check_priors(target_priors, k, name="target_priors")
    if (source <= 0).any():
        raise ValueError(
            "source_priors must be positive: a class absent from the training "
            "data has no posterior to correct."
        )
    out = proba * (target / source)
    total = out.sum(axis=1, keepdims=True)
    empty = total[:, 0] <= 0
    out[~empty] /= total[~empty]
    out[empty] = target  # no evidence left: the prior
    return out


def estimate_target_priors(
    proba_target,
    *,
    method="em",
    source_priors=None,
    y_source=None,
    proba_source=None,
    max_iter=1000,
    tol=1e-8,
):
    """Class proportions of unlabeled target rows under label shift.

    - ``method="em"`` (Saerens et al., 2002): alternately correct the target
      posteriors to the current priors (:func:`adjust_posteriors`) and set the
      priors to the mean corrected posterior, from ``pi = source_priors``.
      It is the maximum-likelihood estimate when the posteriors are calibrated.
    - ``method="bbse"`` (Lipton et al., 2018): with ``C[k, j]`` the mean over
      held-out source rows of class ``j`` of the probability given to class
      ``k`` (times the share of class ``j``), and ``mu_k`` the mean target
      probability of class ``k``, solve ``C w = mu`` for the ratios
      ``w_j = pi_t(j) / pi_s(j)`` (least squares, clipped at 0). It needs no
      calibration, only an invertible confusion matrix, and uses held-out
      source predictions (``y_source``, ``proba_source``), for instance from
      :func:`~sklearn.model_selection.cross_val_predict`.

    Parameters
    ----------
    proba_target : array-like of shape (n_target, n_classes)
        Source-trained classifier's probabilities of the target rows.
    method : {"em", "bbse"}, default="em"
        Estimator.
    source_priors : array-like of shape (n_classes,), default=None
        Class proportions of the training data (summing to one). Required for
        "em" unless ``y_source`` gives them; "bbse" uses the proportions of
        ``y_source``.
    y_source : array-like of int of shape (n_source,), default=None
        Class of each held-out source row, as a column index of the
        probabilities (0 to n_classes - 1). Required for "bbse".
    proba_source : array-like of shape (n_source, n_classes), default=None
        Held-out probabilities of those rows. Required for "bbse".
    max_iter : int, default=1000
        Largest number of EM iterations.
    tol : float, default=1e-8
        EM stops when no prior moves by more than ``tol``.

    Returns
    -------
    target_priors : ndarray of shape (n_classes,)
        Estimated class proportions of the target rows (sum to one).

    References
    ----------
    .. [1] M. Saerens, P. Latinne and C. Decaestecker, "Adjusting the outputs
       of a classifier to new a priori probabilities: a simple procedure",
       Neural Computation 14(1), 2002.
    .. [2] Z. C. Lipton, Y.-X. Wang and A. J. Smola, "Detecting and correcting
       for label shift with black box predictors", ICML 2018.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.colearning import estimate_target_priors
    >>> # a perfect classifier on a target with 30% of class 0
    >>> proba = np.repeat([[1.0, 0.0], [0.0, 1.0]], [30, 70], axis=0)
    >>> estimate_target_priors(proba, source_priors=[0.5, 0.5]).round(2)
    array([0.3, 0.7])
    """
    proba_target = _check_proba(proba_target, "proba_target")
    k = proba_target.shape[1]
    if method not in ("em", "bbse"):
        raise ValueError(f"method must be 'em' or 'bbse'; got {method!r}.")
    if y_source is not None:
        y_source = np.asarray(y_source)
        if y_source.ndim != 1 or y_source.dtype.kind not in "iu":
            raise ValueError(
                "y_source must be a 1-D array of class indices (columns of the "
                "probabilities)."
            )
        if y_source.shape[0] == 0 or y_source.min() < 0 or y_source.max() >= k:
            raise ValueError(
                f"y_source must hold column indices between 0 and {k - 1}."
            )
    if method == "em":
        if source_priors is None:
            if y_source is None:
                raise ValueError(
                    "method='em' needs source_priors (or y_source to count them)."
                )
            source_priors = np.bincount(y_source, minlength=k) / y_source.shape[0]
        source = check_priors(source_priors, k, name="source_priors")
        return _em_priors(proba_target, source, max_iter, tol)
    if y_source is None or proba_source is None:
        raise ValueError(
            "method='bbse' needs y_source and proba_source: held-out source "
            "predictions (e.g. from cross_val_predict) and their true classes."
        )
    proba_source = _check_proba(proba_source, "proba_source")
    if proba_source.shape != (y_source.shape[0], k):
        raise ValueError(
            f"proba_source must have shape ({y_source.shape[0]}, {k}); got "
            f"{proba_source.shape}."
        )
    counts = np.bincount(y_source, minlength=k)
    if (counts == 0).any():
        raise ValueError(
            "Every class needs held-out source rows for BBSE; classes "
            f"{np.flatnonzero(counts == 0).tolist()} have none."
        )
    source = counts / counts.sum()
    confusion = np.zeros((k, k))
    for j in range(k):
        confusion[:, j] = proba_source[y_source == j].sum(axis=0)
    confusion /= y_source.shape[0]
    mu = proba_target.mean(axis=0)
    ratios = np.linalg.lstsq(confusion, mu, rcond=None)[0]
    priors = np.clip(ratios, 0.0, None) * source
    if priors.sum() <= 0:
        raise ValueError(
            "BBSE found no positive class proportion: the confusion matrix of "
            "the held-out source predictions is too poorly conditioned."
        )
    return priors / priors.sum()


def _em_priors(proba, source, max_iter, tol):
    priors = source.copy()
    safe = np.where(source > 0, source, 1.0)
    for _ in range(max_iter):
        adjusted = proba * np.where(source > 0, priors / safe, 0.0)
        total = adjusted.sum(axis=1, keepdims=True)
        adjusted = adjusted / np.where(total > 0, total, 1.0)
        new = adjusted.mean(axis=0)
        new /= new.sum()
        if np.abs(new - priors).max() <= tol:
            return new
        priors = new
    return priors
