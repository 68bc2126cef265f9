"""Numba kernels of the DTW family (no validation, no sklearn inside).

Conventions shared by every kernel:

- series are float64 arrays of shape ``(length, n_channels)``; datasets are
  ``(n_series, max_length, n_channels)`` with a separate int64 ``lengths`` array
  (trailing padding is never read);
- the local cost is the squared Euclidean distance between frames and every
  kernel returns the *accumulated* squared cost (the public functions take the
  square root);
- a global constraint is described row by row: row ``i`` may use the columns
  ``lo[i] .. hi[i]`` (inclusive). Both ends are non-decreasing in ``i``, which
  holds for the Sakoe-Chiba band and the Itakura parallelogram.

Speed. The DTW recurrence ``D[i, j] = c + min(D[i-1, j-1], D[i-1, j], D[i, j-1])``
is one long dependency chain along a row: every cell waits for the min and the
add of its left neighbour, so one pair at a time leaves the core mostly idle.
:func:`_block_dtw` computes ``LANES`` independent pairs in lock-step, with the
pair index innermost and contiguous: the chains of different pairs overlap and
the compiler turns the lane loop into SIMD instructions. Distance-only kernels
keep two rows, so memory is O(length) per pair (per lane).
"""

import numpy as np
from numba import njit, prange

from ._math import IEEE_SAFE, NO_REASSOC

# The numerics policy (skmm/_kernels/_math.py): the interleaved squared
# Euclidean kernels reassociate their channel sums (IEEE_SAFE); the kernels
# below them keep the order of operations (NO_REASSOC). Neither assumes
# anything of NaN or infinity (the band is made of infinities).
FASTMATH = IEEE_SAFE
SAFE_FASTMATH = NO_REASSOC
# Pairs interleaved by one thread (a compile-time constant, so LLVM unrolls and
# vectorises the lane loop).
LANES = 16


@njit(cache=True, inline="always")
def _band_row(i, n, m, radius):
    """Columns allowed in row ``i`` by a Sakoe-Chiba radius (< 0: no band).

    tslearn's convention for unequal lengths: the band is widened by the length
    difference along the longer axis, so the end cell is always reachable.
    """
    if radius < 0:
        return 0, m - 1
    if n <= m:
        lo = i - radius
        hi = i + (m - n) + radius
    else:
        lo = i - (n - m) - radius
        hi = i + radius
    if lo < 0:
        lo = 0
    if hi > m - 1:
        hi = m - 1
    return lo, hi


@njit(cache=True)
def band_bounds(n, m, radius):
    """Row bounds ``(lo, hi)`` of a Sakoe-Chiba band (radius < 0: none)."""
    lo = np.empty(n, dtype=np.int64)
    hi = np.empty(n, dtype=np.int64)
    for i in range(n):
        lo[i], hi[i] = _band_row(i, n, m, radius)
    return lo, hi


@njit(cache=True, fastmath=FASTMATH)
def _block_dtw(xb, yb, n, m, lo, hi, row, left, diag, rest, out):
    """Accumulated DTW cost of ``LANES`` pairs of equal shapes at once.

    ``xb`` is ``(n, d, LANES)`` and ``yb`` ``(m, d, LANES)``: lane ``k`` holds
    pair ``k``. Scratch: ``row`` ``(m + 1, LANES)`` holds the previous row
    (shifted by one column) and is overwritten in place, ``left`` and ``diag``
    ``(LANES,)`` carry the two other predecessors, ``rest`` ``(m, LANES)`` the
    cost of channels ``1..d-1`` of the current row. ``out[k]`` receives pair
    ``k``'s cost.

    The loops are written so that LLVM vectorises the lane loop (the forms
    that keep it vectorised were found by experiment: channel 0 is computed
    inline, the other channels are summed per row beforehand).
    """
    d = xb.shape[1]
    inf = np.inf
    for j in range(m + 1):
        for k in range(LANES):
            row[j, k] = inf
    for k in range(LANES):
        row[0, k] = 0.0
    for i in range(n):
        a = lo[i]
        b = hi[i]
        for k in range(LANES):
            diag[k] = row[a, k]
            left[k] = inf
            row[a, k] = inf
        if d == 1:
            for j in range(a, b + 1):
                for k in range(LANES):
                    diff = xb[i, 0, k] - yb[j, 0, k]
                    up = row[j + 1, k]
                    d0 = diag[k]
                    t = d0 if d0 < up else up
                    lf = left[k]
                    t = t if t < lf else lf
                    v = diff * diff + t
                    diag[k] = up
                    left[k] = v
                    row[j + 1, k] = v
        else:
            for j in range(a, b + 1):
                for k in range(LANES):
                    diff = xb[i, 1, k] - yb[j, 1, k]
                    rest[j, k] = diff * diff
                for ch in range(2, d):
                    for k in range(LANES):
                        diff = xb[i, ch, k] - yb[j, ch, k]
                        rest[j, k] += diff * diff
            for j in range(a, b + 1):
                for k in range(LANES):
                    diff = xb[i, 0, k] - yb[j, 0, k]
                    up = row[j + 1, k]
                    d0 = diag[k]
                    t = d0 if d0 < up else up
                    lf = left[k]
                    t = t if t < lf else lf
                    v = diff * diff + (rest[j, k] + t)
                    diag[k] = up
                    left[k] = v
                    row[j + 1, k] = v
        # cells right of this row's band that the next row will read
        nb = hi[i + 1] if i + 1 < n else b
        for j in range(b + 2, nb + 2):
            for k in range(LANES):
                row[j, k] = inf
    for k in range(LANES):
        out[k] = row[m, k]


@njit(cache=True, fastmath=FASTMATH)
def _block_dtw_shared_x(x, yc, n, m, lo, hi, row, left, diag, rest, out):
    """:func:`_block_dtw` for ``LANES`` pairs that share their first series.

    ``x`` is that series ``(n, d)``, ``yc`` the second series channel-major,
    ``(d, m * LANES)`` with lane ``k`` of column ``j`` at ``j * LANES + k``.
    Each frame of ``x`` is then a scalar against a contiguous row of ``yc``,
    so the cost of a whole row, channel by channel, is one long SIMD loop
    (in :func:`_block_dtw` every column restarts a 16-lane loop). ``rest``
    is ``(m * LANES,)``.
    """
    d = x.shape[1]
    inf = np.inf
    for j in range(m + 1):
        for k in range(LANES):
            row[j, k] = inf
    for k in range(LANES):
        row[0, k] = 0.0
    for i in range(n):
        a = lo[i]
        b = hi[i]
        for k in range(LANES):
            diag[k] = row[a, k]
            left[k] = inf
            row[a, k] = inf
        # slices indexed from 0: a loop index of unknown sign would need
        # numba's negative-index wraparound, which blocks vectorisation
        q0 = a * LANES
        q1 = (b + 1) * LANES
        nq = q1 - q0
        rs = rest[q0:q1]
        xs = x[i, 0]
        yr = yc[0, q0:q1]
        for q in range(nq):
            diff = xs - yr[q]
            rs[q] = diff * diff
        for ch in range(1, d):
            xs = x[i, ch]
            yr = yc[ch, q0:q1]
            for q in range(nq):
                diff = xs - yr[q]
                rs[q] += diff * diff
        for j in range(a, b + 1):
            for k in range(LANES):
                up = row[j + 1, k]
                d0 = diag[k]
                t = d0 if d0 < up else up
                lf = left[k]
                t = t if t < lf else lf
                v = rest[j * LANES + k] + t
                diag[k] = up
                left[k] = v
                row[j + 1, k] = v
        nb = hi[i + 1] if i + 1 < n else b
        for j in range(b + 2, nb + 2):
            for k in range(LANES):
                row[j, k] = inf
    for k in range(LANES):
        out[k] = row[m, k]


@njit(cache=True, fastmath=FASTMATH)
def _pair_dtw(x, y, n, m, lo, hi, prev, cur, threshold):
    """Accumulated DTW cost of one pair, abandoned above ``threshold``.

    Returns ``inf`` as soon as a whole row exceeds ``threshold`` (no path can
    come back under it, costs being non-negative).
    """
    d = x.shape[1]
    inf = np.inf
    for j in range(m + 1):
        prev[j] = inf
        cur[j] = inf
    prev[0] = 0.0
    for i in range(n):
        a = lo[i]
        b = hi[i]
        cur[a] = inf
        row_min = inf
        left = inf
        for j in range(a, b + 1):
            c = 0.0
            for ch in range(d):
                diff = x[i, ch] - y[j, ch]
                c += diff * diff
            p0 = prev[j]
            p1 = prev[j + 1]
            t = p0 if p0 < p1 else p1
            t = t if t < left else left
            left = c + t
            cur[j + 1] = left
            if left < row_min:
                row_min = left
        if row_min > threshold:
            return inf
        nb = hi[i + 1] if i + 1 < n else b
        for j in range(b + 2, nb + 2):
            cur[j] = inf
        prev, cur = cur, prev
    return prev[m]


@njit(cache=True)
def _shape_bounds(n, m, radius, band_lo, band_hi, band_off):
    if band_off >= 0:
        return band_lo[band_off : band_off + n], band_hi[band_off : band_off + n]
    return band_bounds(n, m, radius)


@njit(cache=True, parallel=True)
def pairs_dtw(
    X, x_len, Y, y_len, pa, pb, blocks, radius, band_lo, band_hi, threshold, out
):
    """Accumulated DTW cost of the pairs ``(X[pa[p]], Y[pb[p]])`` into ``out[p]``.

    ``blocks`` is ``(n_blocks, 3)``: ``start, count, band_offset``. The pairs of
    one block share their two lengths; a block of at least ``LANES // 4`` pairs
    runs interleaved (in chunks of ``LANES``), a smaller one pair by pair. A
    ``band_offset >= 0`` points into ``band_lo``/``band_hi`` (precomputed rows,
    e.g. an Itakura parallelogram); otherwise the band is the Sakoe-Chiba
    ``radius`` (< 0: none). Blocks run in parallel over numba's threads.
    """
    d = X.shape[2]
    n_blocks = blocks.shape[0]
    for bi in prange(n_blocks):
        start = blocks[bi, 0]
        count = blocks[bi, 1]
        n = x_len[pa[start]]
        m = y_len[pb[start]]
        lo, hi = _shape_bounds(n, m, radius, band_lo, band_hi, blocks[bi, 2])
        if count >= LANES // 4:
            xb = np.empty((n, d, LANES))
            yb = np.empty((m, d, LANES))
            row = np.empty((m + 1, LANES))
            left = np.empty(LANES)
            diag = np.empty(LANES)
            rest = np.empty((m, LANES))
            res = np.empty(LANES)
            yc = np.empty((d, m * LANES))
            rest_flat = np.empty(m * LANES)
            for s in range(start, start + count, LANES):
                last = min(s + LANES, start + count) - 1
                # several channels: the channel-major kernel, once per run of
                # pairs sharing their first series (a chunk of a cdist row is
                # one run, a chunk across two rows two; more runs than that:
                # the general kernel)
                runs = 1
                for p in range(s + 1, last + 1):
                    if pa[p] != pa[p - 1]:
                        runs += 1
                if d > 1 and runs <= 2:
                    r0 = s
                    while r0 <= last:
                        r1 = r0
                        while r1 < last and pa[r1 + 1] == pa[r0]:
                            r1 += 1
                        for k in range(LANES):
                            ib = pb[min(r0 + k, r1)]
                            for j in range(m):
                                for ch in range(d):
                                    yc[ch, j * LANES + k] = Y[ib, j, ch]
                        _block_dtw_shared_x(
                            X[pa[r0]], yc, n, m, lo, hi, row, left, diag, rest_flat, res
                        )
                        for k in range(r1 - r0 + 1):
                            out[r0 + k] = res[k]
                        r0 = r1 + 1
                    continue
                for k in range(LANES):
                    p = min(s + k, last)
                    ia = pa[p]
                    ib = pb[p]
                    for i in range(n):
                        for ch in range(d):
                            xb[i, ch, k] = X[ia, i, ch]
                    for j in range(m):
                        for ch in range(d):
                            yb[j, ch, k] = Y[ib, j, ch]
                _block_dtw(xb, yb, n, m, lo, hi, row, left, diag, rest, res)
                for k in range(LANES):
                    if s + k < start + count:
                        out[s + k] = res[k]
        else:
            prev = np.empty(m + 1)
            cur = np.empty(m + 1)
            for p in range(start, start + count):
                out[p] = _pair_dtw(
                    X[pa[p]], Y[pb[p]], n, m, lo, hi, prev, cur, threshold
                )


# accumulate_cost of the squared Euclidean costs, fused: one pass and no
# (n, m) matrix of local costs (dtw_path, DBA and the warps call it per pair)
@njit(cache=True, fastmath=FASTMATH)
def cost_matrix(x, y, lo, hi):
    """Full accumulated-cost matrix ``D`` of shape ``(n, m)`` (inf off band)."""
    n = x.shape[0]
    m = y.shape[0]
    d = x.shape[1]
    acc = np.full((n, m), np.inf)
    for i in range(n):
        for j in range(lo[i], hi[i] + 1):
            c = 0.0
            for ch in range(d):
                diff = x[i, ch] - y[j, ch]
                c += diff * diff
            if i == 0 and j == 0:
                acc[i, j] = c
                continue
            t = np.inf
            if i > 0 and j > 0:
                t = acc[i - 1, j - 1]
            if i > 0 and acc[i - 1, j] < t:
                t = acc[i - 1, j]
            if j > 0 and acc[i, j - 1] < t:
                t = acc[i, j - 1]
            acc[i, j] = c + t
    return acc


@njit(cache=True)
def backtrack(acc):
    """Optimal path through an accumulated-cost matrix, as ``(L, 2)`` ints.

    Ties prefer the diagonal, then the vertical, then the horizontal step
    (tslearn's order), so paths agree with tslearn's. The path from
    ``(0, 0)`` to the last cell: :func:`backtrack_from` with both ends fixed.
    """
    return backtrack_from(acc, acc.shape[1] - 1, False)


@njit(cache=True)
def envelope(Y, y_len, radius):
    """Running min and max of every series over ``[t - radius, t + radius]``."""
    n_series, length, d = Y.shape
    lower = np.full((n_series, length, d), np.inf)
    upper = np.full((n_series, length, d), -np.inf)
    for s in range(n_series):
        m = y_len[s]
        if radius >= m - 1:
            for ch in range(d):
                lo_v = np.inf
                hi_v = -np.inf
                for u in range(m):
                    v = Y[s, u, ch]
                    lo_v = v if v < lo_v else lo_v
                    hi_v = v if v > hi_v else hi_v
                for t in range(m):
                    lower[s, t, ch] = lo_v
                    upper[s, t, ch] = hi_v
            continue
        for t in range(m):
            a = max(0, t - radius)
            b = min(m - 1, t + radius)
            for ch in range(d):
                lo_v = np.inf
                hi_v = -np.inf
                for u in range(a, b + 1):
                    v = Y[s, u, ch]
                    if v < lo_v:
                        lo_v = v
                    if v > hi_v:
                        hi_v = v
                lower[s, t, ch] = lo_v
                upper[s, t, ch] = hi_v
    return lower, upper


@njit(cache=True, inline="always")
def _lb_keogh_one(x, n, lower, upper):
    total = 0.0
    d = x.shape[1]
    for i in range(n):
        for ch in range(d):
            v = x[i, ch]
            if v > upper[i, ch]:
                diff = v - upper[i, ch]
                total += diff * diff
            elif v < lower[i, ch]:
                diff = lower[i, ch] - v
                total += diff * diff
    return total


@njit(cache=True, parallel=True)
def lb_keogh_matrix(X, x_len, lower, upper):
    """Squared LB_Keogh of every ``X[a]`` against the envelopes ``lower[b]``."""
    n_a = X.shape[0]
    n_b = lower.shape[0]
    out = np.empty((n_a, n_b))
    for a in prange(n_a):
        for b in range(n_b):
            out[a, b] = _lb_keogh_one(X[a], x_len[a], lower[b], upper[b])
    return out


@njit(cache=True, fastmath=SAFE_FASTMATH)
def _lb_keogh_terms(x, n, lower, upper, terms):
    """LB_Keogh of ``x`` against an envelope, frame by frame into ``terms``."""
    d = x.shape[1]
    total = 0.0
    for i in range(n):
        c = 0.0
        for ch in range(d):
            v = x[i, ch]
            u = upper[i, ch]
            w = lower[i, ch]
            if v > u:
                c += (v - u) * (v - u)
            elif v < w:
                c += (w - v) * (w - v)
        terms[i] = c
        total += c
    return total


# _pair_dtw abandoned on a cumulative lower bound rather than the row minimum
# (the k-NN search's kernel): kept apart so that the plain kernel reads no
# bounds
@njit(cache=True, fastmath=SAFE_FASTMATH)
def _pair_dtw_cb(x, y, n, m, lo, hi, prev, cur, threshold, cb_row, cb_col):
    """:func:`_pair_dtw` abandoned on a cumulative lower bound.

    ``cb_row[i]`` bounds the cost still to pay on rows ``i .. n - 1`` and
    ``cb_col[j]`` on columns ``j .. m - 1`` (zeros when unknown; both end with
    a 0). After row ``i`` every path has yet to cross rows ``i + 1 ..`` and the
    columns right of ``hi[i]``, so the computation stops as soon as the row's
    minimum plus the larger of the two bounds exceeds ``threshold`` (the early
    abandoning of Rakthanmanon et al.).
    """
    d = x.shape[1]
    inf = np.inf
    for j in range(m + 1):
        prev[j] = inf
        cur[j] = inf
    prev[0] = 0.0
    for i in range(n):
        a = lo[i]
        b = hi[i]
        cur[a] = inf
        row_min = inf
        left = inf
        if d == 1:
            xi = x[i, 0]
            for j in range(a, b + 1):
                diff = xi - y[j, 0]
                p0 = prev[j]
                p1 = prev[j + 1]
                t = p0 if p0 < p1 else p1
                t = t if t < left else left
                left = diff * diff + t
                cur[j + 1] = left
                row_min = left if left < row_min else row_min
        else:
            for j in range(a, b + 1):
                c = 0.0
                for ch in range(d):
                    diff = x[i, ch] - y[j, ch]
                    c += diff * diff
                p0 = prev[j]
                p1 = prev[j + 1]
                t = p0 if p0 < p1 else p1
                t = t if t < left else left
                left = c + t
                cur[j + 1] = left
                row_min = left if left < row_min else row_min
        rest = cb_row[i + 1]
        if cb_col[b + 1] > rest:
            rest = cb_col[b + 1]
        if row_min + rest > threshold:
            return inf
        nb = hi[i + 1] if i + 1 < n else b
        for j in range(b + 2, nb + 2):
            cur[j] = inf
        prev, cur = cur, prev
    return prev[m]


@njit(cache=True, parallel=True)
def knn_search(
    Q,
    q_len,
    T,
    t_len,
    t_lower,
    t_upper,
    t_lower_fm,
    t_upper_fm,
    radius,
    n_neighbors,
    exclude,
    dist_out,
    ind_out,
):
    """Exact k-nearest neighbours under DTW with the UCR-suite cascade.

    For every query (in parallel over queries): each candidate gets the bound
    ``max(LB_Kim, LB_Keogh(query, candidate's envelope))`` (LB_Kim alone when
    the lengths differ) and candidates are visited in increasing bound; the
    search stops when the bound reaches the current k-th best. A visited
    candidate of the query's length is then tested against the reverse
    LB_Keogh (the candidate against the query's envelope), and its DTW is
    abandoned on the cumulative bound of both (:func:`_pair_dtw_cb`).
    ``exclude[q]`` (or -1) is a candidate the query must skip (itself).
    ``t_lower_fm`` / ``t_upper_fm`` are the candidates' envelopes frame-major,
    ``(length, n_channels, n_candidates)``: the bounds of all candidates are
    then one SIMD loop per frame. Squared costs throughout. Returns, per
    query, the DTW computations started and the candidates the reverse bound
    pruned.
    """
    n_q = Q.shape[0]
    n_t = T.shape[0]
    d = Q.shape[2]
    n_dtw = np.zeros(n_q, dtype=np.int64)
    n_reverse = np.zeros(n_q, dtype=np.int64)
    max_m = 0
    for t in range(n_t):
        if t_len[t] > max_m:
            max_m = t_len[t]
    for q in prange(n_q):
        n = q_len[q]
        x = Q[q]
        r = n if radius < 0 else radius
        q_lower, q_upper = envelope(Q[q : q + 1], q_len[q : q + 1], r)
        # LB_Keogh of the query against every envelope, frame by frame
        key = np.zeros(n_t)
        n_env = min(n, t_lower_fm.shape[0])
        for i in range(n_env):
            for ch in range(d):
                v = x[i, ch]
                lo_row = t_lower_fm[i, ch]
                up_row = t_upper_fm[i, ch]
                for t in range(n_t):
                    above = v - up_row[t]
                    below = lo_row[t] - v
                    above = above if above > 0.0 else 0.0
                    below = below if below > 0.0 else 0.0
                    key[t] += above * above + below * below
        row_terms = np.empty(n)
        for t in range(n_t):
            m = t_len[t]
            kim = 0.0
            for ch in range(d):
                diff = x[0, ch] - T[t, 0, ch]
                kim += diff * diff
            if n > 1 or m > 1:
                for ch in range(d):
                    diff = x[n - 1, ch] - T[t, m - 1, ch]
                    kim += diff * diff
            if m != n or key[t] < kim:
                key[t] = kim
        order = np.argsort(key)
        best_d = np.full(n_neighbors, np.inf)
        best_i = np.full(n_neighbors, -1, dtype=np.int64)
        prev = np.empty(max_m + 1)
        cur = np.empty(max_m + 1)
        col_terms = np.empty(max_m)
        cb_row = np.zeros(n + 1)
        cb_col = np.zeros(max_m + 1)
        count = 0
        reverse = 0
        for rank in range(n_t):
            t = order[rank]
            if t == exclude[q]:
                continue
            full = best_i[n_neighbors - 1] >= 0
            kth = best_d[n_neighbors - 1]
            if full and key[t] >= kth:
                break
            m = t_len[t]
            if m == n:
                ec = _lb_keogh_terms(T[t], m, q_lower[0], q_upper[0], col_terms)
                if full and ec >= kth:
                    reverse += 1
                    continue
                _lb_keogh_terms(x, n, t_lower[t], t_upper[t], row_terms)
                acc = 0.0
                cb_row[n] = 0.0
                for i in range(n - 1, -1, -1):
                    acc += row_terms[i]
                    cb_row[i] = acc
                acc = 0.0
                cb_col[m] = 0.0
                for j in range(m - 1, -1, -1):
                    acc += col_terms[j]
                    cb_col[j] = acc
            else:
                for i in range(n + 1):
                    cb_row[i] = 0.0
                for j in range(m + 1):
                    cb_col[j] = 0.0
            lo, hi = band_bounds(n, m, radius)
            dist = _pair_dtw_cb(x, T[t], n, m, lo, hi, prev, cur, kth, cb_row, cb_col)
            count += 1
            if dist < kth or not full:
                # insertion into the sorted k best (ties keep the earlier one)
                pos = n_neighbors - 1
                while pos > 0 and (best_d[pos - 1] > dist or best_i[pos - 1] < 0):
                    best_d[pos] = best_d[pos - 1]
                    best_i[pos] = best_i[pos - 1]
                    pos -= 1
                best_d[pos] = dist
                best_i[pos] = t
        dist_out[q] = best_d
        ind_out[q] = best_i
        n_dtw[q] = count
        n_reverse[q] = reverse
    return n_dtw, n_reverse


@njit(cache=True)
def pair_dtw(x, y, lo, hi, threshold):
    """Accumulated DTW cost of one pair (``inf`` once above ``threshold``)."""
    m = y.shape[0]
    prev = np.empty(m + 1)
    cur = np.empty(m + 1)
    return _pair_dtw(x, y, x.shape[0], m, lo, hi, prev, cur, threshold)


@njit(cache=True, parallel=True)
def dba_step(X, x_len, Z, radius, band_lo, band_hi, band_off, weights):
    """One DBA update: frames of every series averaged along its path to ``Z``.

    Series ``s`` is aligned under the rows ``band_lo[band_off[s]:
    band_off[s] + length_z]`` (and ``band_hi``) when ``band_off[s] >= 0``
    (precomputed rows: the Itakura parallelogram, which depends on both
    lengths), otherwise under the Sakoe-Chiba ``radius`` (< 0: none). Returns
    the weighted sums ``(length_z, d)`` of the frames matched to each frame of
    ``Z``, the weighted counts ``(length_z,)`` and the weighted sum of
    accumulated squared costs.
    """
    n_series = X.shape[0]
    lz, d = Z.shape
    sums = np.zeros((n_series, lz, d))
    counts = np.zeros((n_series, lz))
    costs = np.zeros(n_series)
    for s in prange(n_series):
        n = x_len[s]
        lo, hi = _shape_bounds(lz, n, radius, band_lo, band_hi, band_off[s])
        acc = cost_matrix(Z, X[s, :n], lo, hi)
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


@njit(cache=True, parallel=True)
def warp_onto(X, x_len, Z, radius):
    """Every series warped onto the time axis of ``Z`` (mean of matched frames)."""
    n_series = X.shape[0]
    lz = Z.shape[0]
    d = X.shape[2]
    out = np.zeros((n_series, lz, d))
    for s in prange(n_series):
        n = x_len[s]
        lo, hi = band_bounds(lz, n, radius)
        path = backtrack(cost_matrix(Z, X[s, :n], lo, hi))
        counts = np.zeros(lz)
        for p in range(path.shape[0]):
            jz = path[p, 0]
            for ch in range(d):
                out[s, jz, ch] += X[s, path[p, 1], ch]
            counts[jz] += 1.0
        for jz in range(lz):
            for ch in range(d):
                out[s, jz, ch] /= counts[jz]
    return out


# ---------------------------------------------------------------------------
# Other local costs, cost matrices given by the caller, open ends.
#
# ``kind`` selects the local cost between frames: 0 squared Euclidean, 1
# Euclidean, 2 Manhattan, 3 cosine (the frames normalised beforehand, so the
# cost is ``1 - <x_i, y_j>`` clipped to [0, 2]; a zero frame stays zero and is
# at cosine distance 1 from everything, scikit-learn's convention). These
# kernels go one pair at a time: the squared Euclidean cost keeps the
# interleaved kernels above.
# ---------------------------------------------------------------------------

SQEUCLIDEAN = 0
EUCLIDEAN = 1
MANHATTAN = 2
COSINE = 3


@njit(cache=True, fastmath=SAFE_FASTMATH, inline="always")
def _local(x, i, y, j, kind):
    d = x.shape[1]
    c = 0.0
    if kind == 2:
        for ch in range(d):
            c += abs(x[i, ch] - y[j, ch])
        return c
    if kind == 3:
        for ch in range(d):
            c += x[i, ch] * y[j, ch]
        c = 1.0 - c
        return 0.0 if c < 0.0 else (2.0 if c > 2.0 else c)
    for ch in range(d):
        diff = x[i, ch] - y[j, ch]
        c += diff * diff
    return np.sqrt(c) if kind == 1 else c


@njit(cache=True)
def local_cost_matrix(x, y, kind):
    """The ``(n, m)`` matrix of local costs between the frames of two series."""
    n = x.shape[0]
    m = y.shape[0]
    C = np.empty((n, m))
    for i in range(n):
        for j in range(m):
            C[i, j] = _local(x, i, y, j, kind)
    return C


# _pair_dtw under the local cost ``kind``, without abandoning: the squared
# Euclidean kernels above keep their inline (reassociated, vectorised) channel
# sum
@njit(cache=True, fastmath=SAFE_FASTMATH)
def _pair_dtw_local(x, y, n, m, lo, hi, kind, prev, cur):
    inf = np.inf
    for j in range(m + 1):
        prev[j] = inf
        cur[j] = inf
    prev[0] = 0.0
    for i in range(n):
        a = lo[i]
        b = hi[i]
        cur[a] = inf
        left = inf
        for j in range(a, b + 1):
            p0 = prev[j]
            p1 = prev[j + 1]
            t = p0 if p0 < p1 else p1
            t = t if t < left else left
            left = _local(x, i, y, j, kind) + t
            cur[j + 1] = left
        nb = hi[i + 1] if i + 1 < n else b
        for j in range(b + 2, nb + 2):
            cur[j] = inf
        prev, cur = cur, prev
    return prev[m]


@njit(cache=True)
def pair_dtw_local(x, y, lo, hi, kind):
    """Accumulated DTW cost of one pair under the local cost ``kind``."""
    m = y.shape[0]
    return _pair_dtw_local(
        x, y, x.shape[0], m, lo, hi, kind, np.empty(m + 1), np.empty(m + 1)
    )


@njit(cache=True, parallel=True)
def pairs_dtw_local(
    X, x_len, Y, y_len, pa, pb, blocks, radius, band_lo, band_hi, kind, out
):
    """:func:`pairs_dtw` under the local cost ``kind``, one pair at a time."""
    for bi in prange(blocks.shape[0]):
        start = blocks[bi, 0]
        count = blocks[bi, 1]
        n = x_len[pa[start]]
        m = y_len[pb[start]]
        lo, hi = _shape_bounds(n, m, radius, band_lo, band_hi, blocks[bi, 2])
        prev = np.empty(m + 1)
        cur = np.empty(m + 1)
        for p in range(start, start + count):
            out[p] = _pair_dtw_local(X[pa[p]], Y[pb[p]], n, m, lo, hi, kind, prev, cur)


@njit(cache=True, fastmath=SAFE_FASTMATH)
def accumulate_cost(C, lo, hi, open_begin):
    """Accumulated DTW matrix of a local-cost matrix ``C`` (inf off the band).

    ``open_begin``: the path may start at any ``(0, j)`` (the virtual row
    above the first one costs nothing), as in subsequence DTW.
    """
    n, m = C.shape
    acc = np.full((n, m), np.inf)
    for i in range(n):
        for j in range(lo[i], hi[i] + 1):
            if i == 0:
                if j == 0 or open_begin:
                    acc[0, j] = C[0, j]
                else:
                    acc[0, j] = C[0, j] + acc[0, j - 1]
                continue
            t = acc[i - 1, j]
            if j > 0:
                d0 = acc[i - 1, j - 1]
                t = d0 if d0 < t else t
                lf = acc[i, j - 1]
                t = lf if lf < t else t
            acc[i, j] = C[i, j] + t
    return acc


@njit(cache=True)
def backtrack_from(acc, j_end, open_begin):
    """Optimal path ending at ``(n - 1, j_end)``, ties as :func:`backtrack`.

    With ``open_begin`` the path stops on the first row, wherever it gets
    there; otherwise it runs to ``(0, 0)``.
    """
    n = acc.shape[0]
    path = np.empty((n + j_end + 1, 2), dtype=np.int64)
    i = n - 1
    j = j_end
    k = 0
    path[0, 0] = i
    path[0, 1] = j
    while i > 0 or (j > 0 and not open_begin):
        if i == 0:
            j -= 1
        elif j == 0:
            i -= 1
        else:
            diag = acc[i - 1, j - 1]
            up = acc[i - 1, j]
            left = acc[i, j - 1]
            if diag <= up and diag <= left:
                i -= 1
                j -= 1
            elif up <= left:
                i -= 1
            else:
                j -= 1
        k += 1
        path[k, 0] = i
        path[k, 1] = j
    return path[k::-1].copy()


@njit(cache=True, fastmath=SAFE_FASTMATH)
def subsequence_ends(x, y, kind):
    """Best subsequence alignment of ``x`` ending at every frame of ``y``.

    Subsequence DTW (open begin and end): returns, for every end ``j``, the
    accumulated cost of the best path from some ``(0, s)`` to ``(n - 1, j)``
    and its start ``s`` (predecessors chosen by :func:`backtrack`'s rule, so
    the start is the one the backtracked path reaches). O(m) memory.
    """
    n = x.shape[0]
    m = y.shape[0]
    prev = np.empty(m)
    cur = np.empty(m)
    prev_s = np.empty(m, dtype=np.int64)
    cur_s = np.empty(m, dtype=np.int64)
    for j in range(m):
        prev[j] = _local(x, 0, y, j, kind)
        prev_s[j] = j
    for i in range(1, n):
        for j in range(m):
            c = _local(x, i, y, j, kind)
            up = prev[j]
            if j == 0:
                cur[0] = c + up
                cur_s[0] = prev_s[0]
                continue
            diag = prev[j - 1]
            left = cur[j - 1]
            if diag <= up and diag <= left:
                cur[j] = c + diag
                cur_s[j] = prev_s[j - 1]
            elif up <= left:
                cur[j] = c + up
                cur_s[j] = prev_s[j]
            else:
                cur[j] = c + left
                cur_s[j] = cur_s[j - 1]
        prev, cur = cur, prev
        prev_s, cur_s = cur_s, prev_s
    return prev.copy(), prev_s.copy()
