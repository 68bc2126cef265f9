"""Synthetic multimodal data with known ground truth."""

import numbers

import numpy as np
from scipy.stats import special_ortho_group
from sklearn.utils import check_random_state

from ..utils._views import stack_views

__all__ = [
    "make_correlated_views",
    "make_domain_shift",
    "make_label_shift",
    "make_multi_source_shift",
    "make_multiview_classification",
    "make_warped_sequences",
]


def _check_int(value, name, minimum):
    if not isinstance(value, numbers.Integral) or isinstance(value, bool):
        raise TypeError(f"{name} must be an int; got {type(value).__name__}.")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}; got {value}.")
    return int(value)


def _random_mixing(rng, p, condition=10.0):
    """A random invertible p x p matrix with condition number ``condition``."""
    if p == 1:
        return np.ones((1, 1))
    q1 = special_ortho_group.rvs(p, random_state=rng)
    q2 = special_ortho_group.rvs(p, random_state=rng)
    s = np.geomspace(1.0, 1.0 / condition, p)
    return (q1 * s) @ q2


def make_correlated_views(
    n_samples=500,
    n_features=(10, 8),
    correlations=(0.9, 0.6, 0.3),
    *,
    mix=True,
    return_latent=False,
    random_state=None,
):
    """Two Gaussian views whose population canonical correlations are set.

    In whitened coordinates ``u ~ N(0, I_p)`` and ``v_i = rho_i u_i +
    sqrt(1 - rho_i^2) e_i`` for ``i < k`` (``v_i = e_i`` beyond), so the canonical
    correlations of ``(u, v)`` are exactly ``rho_1, ..., rho_k`` followed by zeros.
    Each view is then multiplied by a random invertible matrix (``mix=True``),
    which leaves the canonical correlations unchanged but hides them from a
    per-column look.

    Parameters
    ----------
    n_samples : int, default=500
        Number of samples.
    n_features : tuple of (int, int), default=(10, 8)
        Width ``(p, q)`` of the two views.
    correlations : array-like of float in [0, 1), default=(0.9, 0.6, 0.3)
        Population canonical correlations, in decreasing order; at most
        ``min(p, q)`` of them.
    mix : bool, default=True
        Whether to mix each view by a random invertible matrix.
    return_latent : bool, default=False
        Whether to also return the latent whitened coordinates.
    random_state : int, RandomState instance or None, default=None
        Seed for reproducible output.

    Returns
    -------
    X : ndarray of shape (n_samples, p + q)
        The two views side by side.
    views : dict
        ``{"view0": slice(0, p), "view1": slice(p, p + q)}``.
    latent : tuple of (ndarray of shape (n_samples, p), ndarray of shape \
            (n_samples, q))
        The whitened coordinates ``(u, v)``, only if ``return_latent``.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.datasets import make_correlated_views
    >>> X, views = make_correlated_views(
    ...     n_samples=20000, correlations=[0.8], random_state=0)
    >>> X.shape
    (20000, 18)
    """
    n_samples = _check_int(n_samples, "n_samples", 2)
    if len(n_features) != 2:
        raise ValueError(f"n_features must be a pair (p, q); got {n_features!r}.")
    p = _check_int(n_features[0], "n_features[0]", 1)
    q = _check_int(n_features[1], "n_features[1]", 1)
    rho = np.asarray(correlations, dtype=float).ravel()
    if rho.shape[0] > min(p, q):
        raise ValueError(
            f"At most min(p, q) = {min(p, q)} canonical correlations; got "
            f"{rho.shape[0]}."
        )
    if not np.all((rho >= 0) & (rho < 1)):
        raise ValueError(f"correlations must lie in [0, 1); got {rho.tolist()}.")
    if np.any(np.diff(rho) > 0):
        raise ValueError("correlations must be in decreasing order.")
    rng = check_random_state(random_state)
    u = rng.standard_normal((n_samples, p))
    v = rng.standard_normal((n_samples, q))
    k = rho.shape[0]
    v[:, :k] = rho * u[:, :k] + np.sqrt(1.0 - rho**2) * v[:, :k]
    X1, X2 = u, v
    if mix:
        X1 = u @ _random_mixing(rng, p)
        X2 = v @ _random_mixing(rng, q)
    X, views = stack_views([X1, X2])
    if return_latent:
        return X, views, (u, v)
    return X, views


def make_multiview_classification(
    n_samples=300,
    n_classes=3,
    n_features=(10, 10, 10),
    informativeness=(1.0, 0.5, 0.0),
    *,
    n_informative=None,
    class_sep=2.0,
    return_names=False,
    random_state=None,
):
    """Multi-view classification with a chosen informativeness per view.

    Each class has a random unit-norm centre in every view's informative
    subspace; view ``v`` of a sample of class ``c`` is
    ``informativeness[v] * class_sep * centre[v, c] + N(0, I)`` on its first
    ``n_informative`` columns and pure noise on the others. A view with
    informativeness 0 carries no information about the class (a pure-noise
    view); the larger the value, the more separable the classes in that view.

    Parameters
    ----------
    n_samples : int, default=300
        Number of samples.
    n_classes : int, default=3
        Number of classes (balanced).
    n_features : tuple of int, default=(10, 10, 10)
        Width of each view.
    informativeness : tuple of float >= 0, default=(1.0, 0.5, 0.0)
        Scale of the class signal in each view (same length as ``n_features``).
    n_informative : int or tuple of int, default=None
        Number of informative columns per view; ``None`` means half of each view
        (at least one).
    class_sep : float, default=2.0
        Distance of each class centre from the origin at informativeness 1.
    return_names : bool, default=False
        Whether to also return the view names.
    random_state : int, RandomState instance or None, default=None
        Seed for reproducible output.

    Returns
    -------
    X : ndarray of shape (n_samples, sum(n_features))
    y : ndarray of int of shape (n_samples,)
    views : dict
        ``{"view0": slice, ...}``.

    Examples
    --------
    >>> from skmm.datasets import make_multiview_classification
    >>> X, y, views = make_multiview_classification(n_samples=60, random_state=0)
    >>> X.shape, sorted(set(y.tolist())), list(views)
    ((60, 30), [0, 1, 2], ['view0', 'view1', 'view2'])
    """
    n_samples = _check_int(n_samples, "n_samples", 1)
    n_classes = _check_int(n_classes, "n_classes", 2)
    widths = [_check_int(w, "n_features", 1) for w in n_features]
    info = np.asarray(informativeness, dtype=float).ravel()
    if info.shape[0] != len(widths):
        raise ValueError(
            f"informativeness has {info.shape[0]} entries but there are "
            f"{len(widths)} views."
        )
    if np.any(info < 0) or not np.all(np.isfinite(info)):
        raise ValueError("informativeness must be finite and >= 0.")
    if n_informative is None:
        n_inf = [max(1, w // 2) for w in widths]
    elif isinstance(n_informative, numbers.Integral):
        n_inf = [min(int(n_informative), w) for w in widths]
    else:
        n_inf = [int(k) for k in n_informative]
    if any(k < 1 or k > w for k, w in zip(n_inf, widths)):
        raise ValueError("n_informative must lie between 1 and each view's width.")
    rng = check_random_state(random_state)
    y = np.arange(n_samples) % n_classes
    rng.shuffle(y)
    blocks = []
    for w, k, s in zip(widths, n_inf, info):
        centres = rng.standard_normal((n_classes, k))
        centres /= np.linalg.norm(centres, axis=1, keepdims=True)
        block = rng.standard_normal((n_samples, w))
        block[:, :k] += s * class_sep * centres[y]
        blocks.append(block)
    X, views = stack_views(blocks)
    if return_names:
        return X, y, views, list(views)
    return X, y, views


def _smooth_monotone_time(rng, n, strength):
    """A random increasing map from [0, 1] onto [0, 1] sampled at n points."""
    width = max(3, n // 4)
    smooth = np.convolve(rng.standard_normal(n + width), np.hanning(width), "valid")
    smooth = (smooth - smooth.mean()) / (smooth.std() + 1e-12)
    steps = np.exp(strength * smooth[: n - 1])
    t = np.concatenate([[0.0], np.cumsum(steps)])
    return t / t[-1]


def _dtw_path_1d(a, b):
    """Plain DTW path between two increasing 1-D sequences (absolute cost)."""
    n, m = a.shape[0], b.shape[0]
    cost = np.abs(a[:, None] - b[None, :])
    acc = np.full((n + 1, m + 1), np.inf)
    acc[0, 0] = 0.0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            acc[i, j] = cost[i - 1, j - 1] + min(
                acc[i - 1, j], acc[i, j - 1], acc[i - 1, j - 1]
            )
    i, j, path = n, m, [(n - 1, m - 1)]
    while (i, j) != (1, 1):
        moves = [
            (acc[i - 1, j - 1], i - 1, j - 1),
            (acc[i - 1, j], i - 1, j),
            (acc[i, j - 1], i, j - 1),
        ]
        _, i, j = min(moves, key=lambda t: t[0])
        path.append((i - 1, j - 1))
    return np.asarray(path[::-1], dtype=np.intp)


def make_warped_sequences(
    n_timestamps=(100, 120),
    n_features=(10, 25),
    *,
    n_latent=3,
    warp_strength=1.0,
    noise=0.05,
    random_state=None,
):
    """Two sequences of different dimension that observe one warped latent signal.

    A smooth latent signal ``z(t)`` of ``n_latent`` channels on ``t in [0, 1]`` is
    read at two random increasing time maps ``t_1(i)`` and ``t_2(j)``. Sequence
    ``a`` is ``z(t_1(i)) A + noise`` and sequence ``b`` is ``z(t_2(j)) B + noise``
    with random linear maps ``A`` (``n_latent x n_features[0]``) and ``B``.
    The true alignment is the monotone path that matches latent times: the DTW
    path between ``t_1`` and ``t_2``.

    Parameters
    ----------
    n_timestamps : tuple of (int, int), default=(100, 120)
        Lengths of the two sequences.
    n_features : tuple of (int, int), default=(10, 25)
        Dimensions of the two sequences.
    n_latent : int, default=3
        Channels of the latent signal.
    warp_strength : float, default=1.0
        How far the time maps stray from uniform (0 means uniform sampling).
    noise : float, default=0.05
        Standard deviation of the observation noise.
    random_state : int, RandomState instance or None, default=None
        Seed for reproducible output.

    Returns
    -------
    a : ndarray of shape (n_timestamps[0], n_features[0])
    b : ndarray of shape (n_timestamps[1], n_features[1])
    path : ndarray of int of shape (path_length, 2)
        The true alignment, pairs ``(i, j)`` from ``(0, 0)`` to ``(n_a - 1,
        n_b - 1)``, monotone and contiguous.
    times : tuple of (ndarray, ndarray)
        The latent times ``t_1`` and ``t_2``.

    Examples
    --------
    >>> from skmm.datasets import make_warped_sequences
    >>> a, b, path, (t1, t2) = make_warped_sequences(random_state=0)
    >>> a.shape, b.shape, path[0].tolist(), path[-1].tolist()
    ((100, 10), (120, 25), [0, 0], [99, 119])
    """
    n1 = _check_int(n_timestamps[0], "n_timestamps[0]", 2)
    n2 = _check_int(n_timestamps[1], "n_timestamps[1]", 2)
    d1 = _check_int(n_features[0], "n_features[0]", 1)
    d2 = _check_int(n_features[1], "n_features[1]", 1)
    n_latent = _check_int(n_latent, "n_latent", 1)
    if warp_strength < 0 or noise < 0:
        raise ValueError("warp_strength and noise must be >= 0.")
    rng = check_random_state(random_state)
    freqs = rng.uniform(1.0, 3.0, size=(n_latent, 3))
    phases = rng.uniform(0, 2 * np.pi, size=(n_latent, 3))

    def latent(t):
        arg = 2 * np.pi * t[:, None, None] * freqs[None] + phases[None]
        return np.sin(arg).sum(axis=2)

    t1 = _smooth_monotone_time(rng, n1, warp_strength)
    t2 = _smooth_monotone_time(rng, n2, warp_strength)
    A = rng.standard_normal((n_latent, d1))
    B = rng.standard_normal((n_latent, d2))
    a = latent(t1) @ A + noise * rng.standard_normal((n1, d1))
    b = latent(t2) @ B + noise * rng.standard_normal((n2, d2))
    return a, b, _dtw_path_1d(t1, t2), (t1, t2)


# -- the domain-shift generators' shared pieces ------------------------------


def _class_centres(rng, n_classes, d, class_sep):
    """Random class centres at distance ``class_sep`` from the origin."""
    centres = rng.standard_normal((n_classes, d))
    centres *= class_sep / np.linalg.norm(centres, axis=1, keepdims=True)
    return centres


def _gaussian_classes(rng, n, n_classes, d, class_sep):
    """``n`` rows of balanced, shuffled classes, each ``N(centre, I)``."""
    y = np.arange(n) % n_classes
    rng.shuffle(y)
    X = _class_centres(rng, n_classes, d, class_sep)[y] + rng.standard_normal((n, d))
    return X, y


def _plane_rotation(d, degrees):
    """Rotation by ``degrees`` in the plane of the first two of ``d`` axes."""
    angle = np.deg2rad(degrees)
    R = np.eye(d)
    R[:2, :2] = [[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]]
    return R


def _random_offset(rng, d, length):
    """A translation of the given length in a random direction."""
    direction = rng.standard_normal(d)
    return length * direction / np.linalg.norm(direction)


def _with_domain_column(X, y, domains):
    """The generators' return: ``X`` with the domain as last column, ``y``, -1."""
    return np.column_stack([X, domains]), y, -1


def make_domain_shift(
    n_samples_source=200,
    n_samples_target=200,
    n_features=2,
    *,
    n_classes=2,
    shift="affine",
    shift_strength=1.0,
    class_sep=2.0,
    random_state=None,
):
    """Labelled source rows and shifted target rows, with a domain column.

    ``shift="affine"``: both domains draw the same Gaussian classes, then target
    rows are rotated by ``shift_strength * 45`` degrees (in the plane of the first
    two features), scaled and translated, so a model fit on the source misreads
    the target; adapters that match second-order statistics undo it.

    ``shift="covariate"``: ``p(y | x)`` is the same in both domains (labels come
    from a fixed nonlinear rule), but the target draws ``x`` from a shifted
    Gaussian, so importance reweighting helps a misspecified model.

    ``shift="rigid"``: target rows are rotated by ``shift_strength * 45``
    degrees (in the plane of the first two features) and translated by a
    random vector of length ``2 * shift_strength``, with no scaling: the shift
    that optimal-transport adapters undo class by class.

    Parameters
    ----------
    n_samples_source, n_samples_target : int, default=200
        Rows per domain.
    n_features : int, default=2
        Number of features (the domain column comes on top).
    n_classes : int, default=2
        Number of classes (covariate shift is binary).
    shift : {"affine", "covariate", "rigid"}, default="affine"
        Kind of shift.
    shift_strength : float, default=1.0
        Size of the shift (0 gives identical domains).
    class_sep : float, default=2.0
        Distance of class centres from the origin (not for covariate shift).
    random_state : int, RandomState instance or None, default=None
        Seed for reproducible output.

    Returns
    -------
    X : ndarray of shape (n_samples_source + n_samples_target, n_features + 1)
        Features, with the domain in the last column: 0 for source rows, -1 for
        target rows.
    y : ndarray of int
        True labels of every row, target rows included (for evaluation only:
        domain-adaptation estimators must not use target labels in ``fit``).
    domain : int
        Selector of the domain column (``-1``).

    Examples
    --------
    >>> from skmm.datasets import make_domain_shift
    >>> X, y, domain = make_domain_shift(random_state=0)
    >>> X.shape, sorted(set(X[:, domain].tolist()))
    ((400, 3), [-1.0, 0.0])
    """
    ns = _check_int(n_samples_source, "n_samples_source", 1)
    nt = _check_int(n_samples_target, "n_samples_target", 1)
    d = _check_int(n_features, "n_features", 2)
    n_classes = _check_int(n_classes, "n_classes", 2)
    if shift not in ("affine", "covariate", "rigid"):
        raise ValueError(
            f"shift must be 'affine', 'covariate' or 'rigid'; got {shift!r}."
        )
    rng = check_random_state(random_state)
    n = ns + nt
    if shift in ("rigid", "affine"):
        X, y = _gaussian_classes(rng, n, n_classes, d, class_sep)
        R = _plane_rotation(d, 45.0 * shift_strength)
        if shift == "rigid":
            X[ns:] = X[ns:] @ R.T + _random_offset(rng, d, 2.0 * shift_strength)
        else:
            scale = 1.0 + 0.5 * shift_strength
            offset = shift_strength * rng.standard_normal(d)
            X[ns:] = scale * X[ns:] @ R.T + offset
    else:
        mean_t = np.zeros(d)
        mean_t[0] = 1.5 * shift_strength
        X = rng.standard_normal((n, d))
        X[:ns] *= 0.7
        X[ns:] = 0.7 * X[ns:] + mean_t
        y = (X[:, 1] > 0.6 * X[:, 0] ** 2 - 0.5).astype(int)
    return _with_domain_column(X, y, np.r_[np.zeros(ns), -np.ones(nt)])


def _check_proportions(values, name):
    p = np.asarray(values, dtype=float)
    if p.ndim != 1 or p.shape[0] < 2:
        raise ValueError(f"{name} must list the proportion of at least two classes.")
    if not np.all(np.isfinite(p)) or np.any(p < 0):
        raise ValueError(f"{name} must be finite and non-negative; got {p.tolist()}.")
    if abs(p.sum() - 1.0) > 1e-6:
        raise ValueError(
            f"{name} must sum to one (class proportions); they sum to {p.sum():.6g}."
        )
    return p / p.sum()


def _counts(proportions, n):
    """Class counts summing to ``n`` (largest remainder), each within 1 of p * n."""
    exact = proportions * n
    counts = np.floor(exact).astype(int)
    short = n - counts.sum()
    counts[np.argsort(counts - exact, kind="stable")[:short]] += 1
    return counts


def make_label_shift(
    n_samples_source=500,
    n_samples_target=500,
    n_features=2,
    *,
    source_priors=(0.5, 0.5),
    target_priors=(0.8, 0.2),
    class_sep=1.5,
    random_state=None,
):
    """Classes whose proportions change between domains (label shift).

    Each class ``c`` is the Gaussian ``N(centre_c, I)`` in both domains (a
    random centre at distance ``class_sep`` from the origin), so ``p(x | y)``
    is shared; the source draws the classes in the proportions
    ``source_priors`` and the target in ``target_priors`` (counts rounded to
    the nearest row). A classifier trained on the source is right up to the
    priors, and the true target proportions are known.

    Parameters
    ----------
    n_samples_source, n_samples_target : int, default=500
        Rows per domain.
    n_features : int, default=2
        Number of features (the domain column comes on top).
    source_priors, target_priors : array-like of float
        Class proportions of each domain (same length, the number of classes;
        each sums to one).
    class_sep : float, default=1.5
        Distance of each class centre from the origin.
    random_state : int, RandomState instance or None, default=None
        Seed for reproducible output.

    Returns
    -------
    X : ndarray of shape (n_samples_source + n_samples_target, n_features + 1)
        Features, with the domain in the last column: 0 for source rows, -1 for
        target rows.
    y : ndarray of int
        True labels of every row (target labels for evaluation only).
    domain : int
        Selector of the domain column (``-1``).

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.datasets import make_label_shift
    >>> X, y, domain = make_label_shift(
    ...     100, 100, source_priors=[0.5, 0.5], target_priors=[0.9, 0.1],
    ...     random_state=0)
    >>> target = X[:, domain] < 0
    >>> np.bincount(y[~target]).tolist(), np.bincount(y[target]).tolist()
    ([50, 50], [90, 10])
    """
    ns = _check_int(n_samples_source, "n_samples_source", 1)
    nt = _check_int(n_samples_target, "n_samples_target", 1)
    d = _check_int(n_features, "n_features", 1)
    ps = _check_proportions(source_priors, "source_priors")
    pt = _check_proportions(target_priors, "target_priors")
    if ps.shape != pt.shape:
        raise ValueError(
            f"source_priors has {ps.shape[0]} classes but target_priors has "
            f"{pt.shape[0]}."
        )
    rng = check_random_state(random_state)
    k = ps.shape[0]
    centres = _class_centres(rng, k, d, class_sep)
    y_s = np.repeat(np.arange(k), _counts(ps, ns))
    y_t = np.repeat(np.arange(k), _counts(pt, nt))
    rng.shuffle(y_s)
    rng.shuffle(y_t)
    y = np.concatenate([y_s, y_t])
    X = centres[y] + rng.standard_normal((ns + nt, d))
    return _with_domain_column(X, y, np.r_[np.zeros(ns), -np.ones(nt)])


def make_multi_source_shift(
    n_samples_source=200,
    n_samples_target=200,
    n_features=2,
    *,
    n_sources=2,
    n_classes=2,
    shift_strength=1.0,
    class_sep=2.0,
    random_state=None,
):
    """Several labeled source domains, each shifted its own way, and a target.

    Every domain draws the same Gaussian classes (as
    :func:`make_domain_shift`); the target keeps them as drawn, and source
    domain ``k`` applies its own affine shift: a rotation by
    ``shift_strength * 45 * (k + 1)`` degrees, alternating in sign, in the
    plane of the first two features, a scaling by ``1 + 0.25 * shift_strength
    * k`` and a random translation of length ``2 * shift_strength``. The
    sources disagree with each other, so one map for all of them (pooling)
    cannot undo every shift, while one map per source can.

    Parameters
    ----------
    n_samples_source : int, default=200
        Rows per source domain.
    n_samples_target : int, default=200
        Target rows.
    n_features : int, default=2
        Number of features (at least 2; the domain column comes on top).
    n_sources : int, default=2
        Number of source domains.
    n_classes : int, default=2
        Number of classes.
    shift_strength : float, default=1.0
        Size of the shifts (0 gives identical domains).
    class_sep : float, default=2.0
        Distance of class centres from the origin.
    random_state : int, RandomState instance or None, default=None
        Seed for reproducible output.

    Returns
    -------
    X : ndarray of shape (n_sources * n_samples_source + n_samples_target, \
            n_features + 1)
        Features, with the domain in the last column: ``k`` for rows of source
        domain ``k`` (0 to ``n_sources - 1``), -1 for target rows.
    y : ndarray of int
        True labels of every row (target labels for evaluation only).
    domain : int
        Selector of the domain column (``-1``).

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.datasets import make_multi_source_shift
    >>> X, y, domain = make_multi_source_shift(n_sources=3, random_state=0)
    >>> np.unique(X[:, domain], return_counts=True)[1].tolist()
    [200, 200, 200, 200]
    """
    ns = _check_int(n_samples_source, "n_samples_source", 1)
    nt = _check_int(n_samples_target, "n_samples_target", 1)
    d = _check_int(n_features, "n_features", 2)
    n_sources = _check_int(n_sources, "n_sources", 1)
    n_classes = _check_int(n_classes, "n_classes", 2)
    rng = check_random_state(random_state)
    X, y = _gaussian_classes(rng, n_sources * ns + nt, n_classes, d, class_sep)
    for k in range(n_sources):
        rows = slice(k * ns, (k + 1) * ns)
        sign = 1.0 if k % 2 == 0 else -1.0
        R = _plane_rotation(d, sign * 45.0 * shift_strength * (k + 1))
        offset = _random_offset(rng, d, 2.0 * shift_strength)
        X[rows] = (1.0 + 0.25 * shift_strength * k) * X[rows] @ R.T + offset
    domains = np.r_[np.repeat(np.arange(n_sources), ns), -np.ones(nt)]
    return _with_domain_column(X, y, domains.astype(float))
