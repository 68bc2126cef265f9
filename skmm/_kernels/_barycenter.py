"""Numba kernels of DTW barycenter averaging under any per-series band.

Same layout as :mod:`skmm._kernels._dtw`: a dataset is ``(n_series,
max_length, n_channels)`` with int64 lengths, and a global constraint is given
row by row (row ``i`` of the barycenter may match columns ``lo[i] .. hi[i]`` of
a series). :func:`skmm._kernels._dtw.dba_step` derives a Sakoe-Chiba band
from a radius inside the kernel; the Itakura parallelogram depends on both
lengths, so here the rows of every series' band are precomputed and
concatenated (series ``s`` uses ``band_lo[band_off[s]:band_off[s] + lz]``).
"""

import numpy as np
from numba import njit, prange

from ._dtw import backtrack, cost_matrix


@njit(cache=True, parallel=True)
def dba_step_bands(X, x_len, Z, band_lo, band_hi, band_off, weights):
    """One DBA update with a precomputed band per series.

    Returns the weighted sums ``(length_z, d)`` of the frames matched to each
    barycenter frame, the weighted counts ``(length_z,)`` and the weighted sum
    of accumulated squared costs, as :func:`skmm._kernels._dtw.dba_step`.
    """
    n_series = X.shape[0]
    lz, d = Z.shape
    sums = np.zeros((n_series, lz, d))
    counts = np.zeros((n_series, lz))
    costs = np.zeros(n_series)
    for s in prange(n_series):
        n = x_len[s]
        o = band_off[s]
        acc = cost_matrix(Z, X[s, :n], band_lo[o : o + lz], band_hi[o : o + lz])
        path = backtrack(acc)
        w = weights[s]
        costs[s] = w * acc[lz - 1, n - 1]
        for p in range(path.shape[0]):
            jz = path[p, 0]
            ix = path[p, 1]
            for ch in range(d):
                sums[s, jz, ch] += w * X[s, ix, ch]
            counts[s, jz] += w
    return sums.sum(axis=0), counts.sum(axis=0), costs.sum()
