"""Slow, obviously correct NumPy references of the elastic distances.

Each function is written from its paper, cell by cell over the full matrix,
with a boolean ``mask`` (True: the cell may be used) for the global
constraint. Series are 2-D ``(length, n_channels)`` arrays. No numba, no code
shared with skmm's kernels: these are the oracles the kernels are tested
against.
"""

import numpy as np

INF = np.inf


def full_mask(n, m):
    return np.ones((n, m), dtype=bool)


def sakoe_chiba_mask(n, m, radius):
    """tslearn's Sakoe-Chiba mask (widened along the longer series)."""
    if radius is None:
        return full_mask(n, m)
    i = np.arange(n)[:, None]
    j = np.arange(m)[None, :]
    if n <= m:
        return (j - i >= -radius) & (j - i <= (m - n) + radius)
    return (i - j >= -radius) & (i - j <= (n - m) + radius)


def sqeuclid(a, b):
    return float(np.sum((a - b) ** 2))


def euclid(a, b):
    return float(np.sqrt(np.sum((a - b) ** 2)))


def _dtw_recurrence(local, mask, penalty=0.0):
    """D[i, j] = local[i, j] + min(D[i-1, j-1], D[i-1, j] + p, D[i, j-1] + p)."""
    n, m = local.shape
    D = np.full((n + 1, m + 1), INF)
    D[0, 0] = 0.0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            if mask[i - 1, j - 1]:
                D[i, j] = local[i - 1, j - 1] + min(
                    D[i - 1, j - 1], D[i - 1, j] + penalty, D[i, j - 1] + penalty
                )
    return D


def dtw(x, y, mask):
    """Sakoe & Chiba (1978): accumulated squared Euclidean cost."""
    local = np.array([[sqeuclid(a, b) for b in y] for a in x])
    return _dtw_recurrence(local, mask)[-1, -1]


def wdtw(x, y, mask, g=0.05):
    """Jeong, Jeong & Omitaomu (2011): weight 1 / (1 + exp(-g (|i-j| - m_c)))."""
    n, m = len(x), len(y)
    half = max(n, m) / 2
    local = np.array(
        [
            [
                sqeuclid(x[i], y[j]) / (1 + np.exp(-g * (abs(i - j) - half)))
                for j in range(m)
            ]
            for i in range(n)
        ]
    )
    return _dtw_recurrence(local, mask)[-1, -1]


def derivative(x):
    """Keogh & Pazzani (2001): ((x_i - x_{i-1}) + (x_{i+1} - x_{i-1}) / 2) / 2."""
    return np.array(
        [
            ((x[i] - x[i - 1]) + (x[i + 1] - x[i - 1]) / 2) / 2
            for i in range(1, len(x) - 1)
        ]
    )


def ddtw(x, y, mask):
    return dtw(derivative(x), derivative(y), mask)


def wddtw(x, y, mask, g=0.05):
    return wdtw(derivative(x), derivative(y), mask, g)


def adtw(x, y, mask, warp_penalty=1.0):
    """Herrmann & Webb (2023): a penalty on every non-diagonal step."""
    local = np.array([[sqeuclid(a, b) for b in y] for a in x])
    return _dtw_recurrence(local, mask, warp_penalty)[-1, -1]


def erp(x, y, mask, g=0.0):
    """Chen & Ng (2004): a gap costs the distance of the frame to ``g``."""
    n, m = len(x), len(y)
    gx = [euclid(a, np.full_like(a, g)) for a in x]
    gy = [euclid(b, np.full_like(b, g)) for b in y]
    D = np.full((n + 1, m + 1), INF)
    D[0, 0] = 0.0
    for i in range(1, n + 1):
        D[i, 0] = D[i - 1, 0] + gx[i - 1]
    for j in range(1, m + 1):
        D[0, j] = D[0, j - 1] + gy[j - 1]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            if mask[i - 1, j - 1]:
                D[i, j] = min(
                    D[i - 1, j - 1] + euclid(x[i - 1], y[j - 1]),
                    D[i - 1, j] + gx[i - 1],
                    D[i, j - 1] + gy[j - 1],
                )
    return D[n, m]


def _default_epsilon(x, y):
    return max(np.std(x), np.std(y)) / 4


def edr(x, y, mask, epsilon=None):
    """Chen, Ozsu & Oria (2005), divided by the longer length."""
    n, m = len(x), len(y)
    eps = _default_epsilon(x, y) if epsilon is None else epsilon
    D = np.full((n + 1, m + 1), INF)
    D[:, 0] = np.arange(n + 1)
    D[0, :] = np.arange(m + 1)
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            if mask[i - 1, j - 1]:
                sub = 0 if euclid(x[i - 1], y[j - 1]) <= eps else 1
                D[i, j] = min(D[i - 1, j - 1] + sub, D[i - 1, j] + 1, D[i, j - 1] + 1)
    return D[n, m] / max(n, m)


def lcss(x, y, mask, epsilon=1.0):
    """Vlachos, Kollios & Gunopulos (2002): 1 - LCSS / min(n, m).

    The recurrence runs over the whole matrix; the constraint only decides
    which pairs may match.
    """
    n, m = len(x), len(y)
    L = np.zeros((n + 1, m + 1))
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            if mask[i - 1, j - 1] and euclid(x[i - 1], y[j - 1]) <= epsilon:
                L[i, j] = L[i - 1, j - 1] + 1
            else:
                L[i, j] = max(L[i - 1, j], L[i, j - 1])
    return 1 - L[n, m] / min(n, m)


def _msm_split(new, prev, other, c):
    """Stefan, Athitsos & Das (2013): cost of a split/merge move."""
    if prev <= new <= other or prev >= new >= other:
        return c
    return c + min(abs(new - prev), abs(new - other))


def _msm_univariate(x, y, mask, c):
    n, m = len(x), len(y)
    D = np.full((n, m), INF)
    D[0, 0] = abs(x[0] - y[0])
    for i in range(1, n):
        if mask[i, 0]:
            D[i, 0] = D[i - 1, 0] + _msm_split(x[i], x[i - 1], y[0], c)
    for j in range(1, m):
        if mask[0, j]:
            D[0, j] = D[0, j - 1] + _msm_split(y[j], x[0], y[j - 1], c)
    for i in range(1, n):
        for j in range(1, m):
            if mask[i, j]:
                D[i, j] = min(
                    D[i - 1, j - 1] + abs(x[i] - y[j]),
                    D[i - 1, j] + _msm_split(x[i], x[i - 1], y[j], c),
                    D[i, j - 1] + _msm_split(y[j], x[i], y[j - 1], c),
                )
    return D[n - 1, m - 1]


def _msm_split_dependent(new, prev, other, c):
    """Shifaz et al. (2023): the dependent multivariate split/merge cost."""
    diameter = sqeuclid(prev, other)
    mid = (prev + other) / 2
    if sqeuclid(mid, new) <= diameter / 4:
        return c
    return c + min(sqeuclid(prev, new), sqeuclid(other, new))


def msm(x, y, mask, c=1.0, independent=True):
    if independent:
        return sum(
            _msm_univariate(x[:, k], y[:, k], mask, c) for k in range(x.shape[1])
        )
    n, m = len(x), len(y)
    D = np.full((n, m), INF)
    D[0, 0] = sqeuclid(x[0], y[0])
    for i in range(1, n):
        if mask[i, 0]:
            D[i, 0] = D[i - 1, 0] + _msm_split_dependent(x[i], x[i - 1], y[0], c)
    for j in range(1, m):
        if mask[0, j]:
            D[0, j] = D[0, j - 1] + _msm_split_dependent(y[j], x[0], y[j - 1], c)
    for i in range(1, n):
        for j in range(1, m):
            if mask[i, j]:
                D[i, j] = min(
                    D[i - 1, j - 1] + sqeuclid(x[i], y[j]),
                    D[i - 1, j] + _msm_split_dependent(x[i], x[i - 1], y[j], c),
                    D[i, j - 1] + _msm_split_dependent(y[j], x[i], y[j - 1], c),
                )
    return D[n - 1, m - 1]


def twe(x, y, mask, nu=0.001, lmbda=1.0):
    """Marteau (2009), unit time stamps, both series preceded by a zero frame."""
    n, m = len(x), len(y)
    xp = np.vstack([np.zeros((1, x.shape[1])), x])
    yp = np.vstack([np.zeros((1, y.shape[1])), y])
    D = np.full((n + 1, m + 1), INF)
    D[0, 0] = 0.0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            if not mask[i - 1, j - 1]:
                continue
            delete_x = D[i - 1, j] + euclid(xp[i - 1], xp[i]) + nu + lmbda
            delete_y = D[i, j - 1] + euclid(yp[j - 1], yp[j]) + nu + lmbda
            match = (
                D[i - 1, j - 1]
                + euclid(xp[i], yp[j])
                + euclid(xp[i - 1], yp[j - 1])
                + nu * (abs(i - j) + abs((i - 1) - (j - 1)))
            )
            D[i, j] = min(delete_x, delete_y, match)
    return D[n, m]


def shape_descriptors(x, reach):
    """Zhao & Itti (2018), identity descriptor: the edge-padded window."""
    n = len(x)
    padded = np.vstack([np.repeat(x[:1], reach, 0), x, np.repeat(x[-1:], reach, 0)])
    return np.array([padded[i : i + 2 * reach + 1].ravel() for i in range(n)])


def dtw_path_from_local(local, mask):
    """Optimal path of the DTW recurrence (ties: diagonal, then x, then y)."""
    D = _dtw_recurrence(local, mask)
    i, j = local.shape
    path = [(i - 1, j - 1)]
    while (i, j) != (1, 1):
        options = [(D[i - 1, j - 1], (i - 1, j - 1)), (D[i - 1, j], (i - 1, j))]
        options.append((D[i, j - 1], (i, j - 1)))
        best = min(v for v, _ in options)
        i, j = next(p for v, p in options if v == best)
        path.append((i - 1, j - 1))
    return path[::-1], D[-1, -1]


def shape_dtw(x, y, mask, reach=15):
    """DTW between shape descriptors; the raw squared cost along its path."""
    dx = shape_descriptors(x, reach)
    dy = shape_descriptors(y, reach)
    local = np.array([[sqeuclid(a, b) for b in dy] for a in dx])
    path, _ = dtw_path_from_local(local, mask)
    return sum(sqeuclid(x[i], y[j]) for i, j in path)


# name -> reference function
REFERENCES = {
    "dtw": dtw,
    "wdtw": wdtw,
    "ddtw": ddtw,
    "wddtw": wddtw,
    "adtw": adtw,
    "erp": erp,
    "edr": edr,
    "lcss": lcss,
    "msm": msm,
    "twe": twe,
    "shape_dtw": shape_dtw,
}


def reference_distance(metric, x, y, radius=None, **params):
    """The reference value of ``metric`` with a Sakoe-Chiba ``radius``."""
    x = np.asarray(x, float).reshape(len(x), -1)
    y = np.asarray(y, float).reshape(len(y), -1)
    n, m = len(x), len(y)
    if metric in ("ddtw", "wddtw"):
        n, m = n - 2, m - 2
    mask = sakoe_chiba_mask(n, m, radius)
    return REFERENCES[metric](x, y, mask, **params)


def path_cost(metric, x, y, path, **params):
    """Cost of a warping ``path``, summed step by step from the paper's rules."""
    x = np.asarray(x, float).reshape(len(x), -1)
    y = np.asarray(y, float).reshape(len(y), -1)
    if metric in ("ddtw", "wddtw"):
        x, y = derivative(x), derivative(y)
        metric = metric[1:] if metric == "ddtw" else "wdtw"
    n, m = len(x), len(y)
    steps = list(zip(path[:-1], path[1:]))
    if metric in ("dtw", "wdtw", "adtw", "shape_dtw"):
        g = params.get("g", 0.05)
        total = 0.0
        for i, j in path:
            w = 1.0
            if metric == "wdtw":
                w = 1 / (1 + np.exp(-g * (abs(i - j) - max(n, m) / 2)))
            total += w * sqeuclid(x[i], y[j])
        if metric == "adtw":
            bends = sum(1 for (a, b), (c, d) in steps if (c - a) + (d - b) == 1)
            total += params.get("warp_penalty", 1.0) * bends
        return total
    if metric == "msm":
        c = params.get("c", 1.0)
        if params.get("independent", True):
            x, y = x[:, 0], y[:, 0]
            total = abs(x[0] - y[0])
            for (a, b), (i, j) in steps:
                if (i - a, j - b) == (1, 1):
                    total += abs(x[i] - y[j])
                elif i - a == 1:
                    total += _msm_split(x[i], x[i - 1], y[j], c)
                else:
                    total += _msm_split(y[j], x[i], y[j - 1], c)
            return total
        total = sqeuclid(x[0], y[0])
        for (a, b), (i, j) in steps:
            if (i - a, j - b) == (1, 1):
                total += sqeuclid(x[i], y[j])
            elif i - a == 1:
                total += _msm_split_dependent(x[i], x[i - 1], y[j], c)
            else:
                total += _msm_split_dependent(y[j], x[i], y[j - 1], c)
        return total
    if metric == "twe":
        nu = params.get("nu", 0.001)
        lmbda = params.get("lmbda", 1.0)
        xp = np.vstack([np.zeros((1, x.shape[1])), x])
        yp = np.vstack([np.zeros((1, y.shape[1])), y])
        total = euclid(xp[1], yp[1]) + euclid(xp[0], yp[0])
        for (a, b), (i, j) in steps:
            i, j = i + 1, j + 1  # indices in the zero-padded series
            if (i - 1 - a, j - 1 - b) == (1, 1):
                total += (
                    euclid(xp[i], yp[j])
                    + euclid(xp[i - 1], yp[j - 1])
                    + 2 * nu * abs(i - j)
                )
            elif i - 1 - a == 1:
                total += euclid(xp[i], xp[i - 1]) + nu + lmbda
            else:
                total += euclid(yp[j], yp[j - 1]) + nu + lmbda
        return total
    raise ValueError(f"{metric} has no path")


def shape_descriptor_dtw(x, y, mask, reach):
    """DTW cost between the shape descriptors (the quantity a path minimises)."""
    dx = shape_descriptors(np.asarray(x, float).reshape(len(x), -1), reach)
    dy = shape_descriptors(np.asarray(y, float).reshape(len(y), -1), reach)
    local = np.array([[sqeuclid(a, b) for b in dy] for a in dx])
    return _dtw_recurrence(local, mask)[-1, -1], local
