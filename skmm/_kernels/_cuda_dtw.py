"""CUDA kernel for all-pairs DTW on the GPU, compiled by CuPy at first use.

One thread computes one pair. The dynamic-programming matrix is swept in vertical
strips of ``STRIP`` columns: the strip's current row lives in registers, and the
column to the strip's left (the last column of the previous strip) lives in a
per-thread array of one value per row, read and rewritten once per row per strip.
Threads of a block share the same query series (broadcast reads) and read
consecutive gallery series, which are stored time-major ``(length, channels,
n_series)`` so those reads coalesce.

When a strip's gallery frames fit in a few registers (``STRIP * NDIM`` at most
64 floats or 32 doubles), each thread reads them once per strip rather than once
per row, and a row whose strip lies wholly inside the band and the series runs
without per-cell band tests, taking first the minimum that does not wait on the
left neighbour. The minimum is ``fminf``/``fmin`` (one ``FMNMX`` instruction;
a ternary compiles to a compare and a select). The minima over the previous row
are taken first for the whole strip, so each new value overwrites its column in
place: in the sm_90 machine code (float32, univariate) a row of a strip inside
the band is 82 instructions, 16 x (``FMNMX``, ``FADD``, ``FFMA``), the 16
``FMNMX`` over the previous row and 18 of bookkeeping, with no register moves
and one ``FMNMX`` and one ``FFMA`` per cell on the dependency chain (the first
version of this kernel took 234 per row of 16 cells). It uses 71 registers and
no spills.

The band is the Sakoe-Chiba band in tslearn's convention: for a pair of lengths
``(n, m)``, row ``i`` may use columns ``i - r - max(0, n - m)`` to
``i + r + max(0, m - n)``; a negative radius means no band.

The kernel source is plain CUDA C with no CuPy-specific syntax, so the test suite
also compiles it as host C++ (with ``host_prelude``) and checks it on the CPU
where no GPU is present.
"""

import math

__all__ = [
    "KERNEL_SOURCE",
    "STRIP",
    "cdist_dtw_cupy",
    "defines",
    "host_prelude",
    "kernel_name",
    "max_len_for",
]

STRIP = 16

KERNEL_SOURCE = r"""
#ifndef STRIP
#define STRIP 16
#endif
/* when a strip's gallery frames fit in YREG_MAX values, they are kept in
   registers and strips that lie wholly inside the band skip the band tests */
#ifndef YREG_MAX
#define YREG_MAX 64
#endif

/* fminf / fmin compile to one FMNMX instruction; a ternary compiles to a
   compare and a select (two dependent instructions on the critical path).
   The inputs hold no NaN (they are validated), so both give the same result. */
#ifndef REAL_MIN
#define REAL_MIN(a, b) ((a) < (b) ? (a) : (b))
#endif
__device__ inline REAL dtw_min(REAL a, REAL b) { return REAL_MIN(a, b); }

extern "C" __global__ void KERNEL_NAME(
    const REAL* __restrict__ X,     /* (nx, L1, NDIM), row-major */
    const REAL* __restrict__ Yt,    /* (L2, NDIM, ny), time-major */
    const int* __restrict__ len_x,  /* (nx,) valid length of each query */
    const int* __restrict__ len_y,  /* (ny,) valid length of each gallery series */
    const int nx, const int ny, const int L1, const int L2,
    const int radius, const int symmetric,
    REAL* __restrict__ out)         /* (nx, ny) accumulated squared cost */
{
    const int jj = blockIdx.x * blockDim.x + threadIdx.x;
    const int ii = blockIdx.y;
    if (jj >= ny || ii >= nx) return;
    if (symmetric && jj <= ii) return;
    const REAL INF = REAL_INF;
    const int n = len_x[ii];
    const int m = len_y[jj];
    const int extra_lo = radius < 0 ? L1 + L2 : radius + (n > m ? n - m : 0);
    const int extra_hi = radius < 0 ? L1 + L2 : radius + (m > n ? m - n : 0);
    const REAL* x = X + (long long)ii * L1 * NDIM;

    REAL left[MAXLEN];
    for (int i = 0; i < n; ++i) left[i] = INF;

    REAL row[STRIP];
    for (int c0 = 0; c0 < m; c0 += STRIP) {
#pragma unroll
        for (int c = 0; c < STRIP; ++c) row[c] = INF;
#if STRIP * NDIM <= YREG_MAX
        /* this strip's gallery frames, read once instead of once per row */
        REAL yv[STRIP * NDIM];
#pragma unroll
        for (int c = 0; c < STRIP; ++c) {
#pragma unroll
            for (int k = 0; k < NDIM; ++k)
                yv[c * NDIM + k] = (c0 + c < m)
                    ? Yt[((long long)(c0 + c) * NDIM + k) * ny + jj] : (REAL)0;
        }
#define YVAL(c, k) yv[(c) * NDIM + (k)]
#else
#define YVAL(c, k) Yt[((long long)(c0 + (c)) * NDIM + (k)) * ny + jj]
#endif
        REAL left_prev = (c0 == 0) ? (REAL)0 : INF;
        /* rows whose band meets this strip */
        int i_first = c0 - extra_hi;
        if (i_first < 0) i_first = 0;
        int i_last = c0 + STRIP - 1 + extra_lo;
        if (i_last > n - 1) i_last = n - 1;
        if (i_first > 0) left_prev = left[i_first - 1];
        for (int i = 0; i < i_first; ++i) left[i] = INF;
        REAL xv[NDIM];
#pragma unroll
        for (int k = 0; k < NDIM; ++k) xv[k] = 0;
        for (int i = i_first; i <= i_last; ++i) {
#pragma unroll
            for (int k = 0; k < NDIM; ++k) xv[k] = x[i * NDIM + k];
            const int lo = i - extra_lo;
            const int hi = i + extra_hi;
            const REAL left_cur = left[i];
            REAL run = left_cur;  /* value of the cell to the left */
            /* the minima over the previous row (up and up-left) come first, so
               that each new value overwrites its column in place (no register
               moves) and only the min with the left neighbour waits on the
               chain of the row */
            REAL up[STRIP];
            up[0] = dtw_min(row[0], left_prev);
#pragma unroll
            for (int c = 1; c < STRIP; ++c) up[c] = dtw_min(row[c], row[c - 1]);
#if STRIP * NDIM <= YREG_MAX
            if (c0 >= lo && c0 + STRIP - 1 <= hi && c0 + STRIP <= m) {
                /* the whole strip lies inside the band and the series: no tests */
#pragma unroll
                for (int c = 0; c < STRIP; ++c) {
                    REAL d = xv[0] - YVAL(c, 0);
                    REAL cost = d * d;
#pragma unroll
                    for (int k = 1; k < NDIM; ++k) {
                        d = xv[k] - YVAL(c, k);
                        cost += d * d;
                    }
                    run = cost + dtw_min(up[c], run);
                    row[c] = run;
                }
            } else
#endif
            {
#pragma unroll
                for (int c = 0; c < STRIP; ++c) {
                    const int j = c0 + c;
                    REAL v = INF;
                    if (j < m && j >= lo && j <= hi) {
                        REAL d = xv[0] - YVAL(c, 0);
                        REAL cost = d * d;
#pragma unroll
                        for (int k = 1; k < NDIM; ++k) {
                            d = xv[k] - YVAL(c, k);
                            cost += d * d;
                        }
                        v = cost + dtw_min(up[c], run);
                    }
                    row[c] = v;
                    run = v;
                }
            }
            left[i] = run;
            left_prev = left_cur;
        }
#undef YVAL
        for (int i = i_last + 1; i < n; ++i) left[i] = INF;
        if (c0 + STRIP >= m) {
            REAL result = INF;
            if (i_last == n - 1) {
#pragma unroll
                for (int c = 0; c < STRIP; ++c)
                    if (c0 + c == m - 1) result = row[c];
            }
            out[(long long)ii * ny + jj] = result;
        }
    }
}
"""


def host_prelude():
    """C++ definitions that let :data:`KERNEL_SOURCE` compile as host code.

    The test suite uses it to check the kernel's arithmetic on the CPU: each
    "thread" of the grid becomes one call with the block and thread indices set.
    """
    return r"""
#include <cmath>
#include <cstddef>
#include <math.h>
#include <limits>
struct dim3_t { int x, y, z; };
static dim3_t blockIdx, threadIdx, blockDim;
#define __global__
#define __device__ static
#define __restrict__
"""


def kernel_name(dtype_name):
    """Name of the kernel compiled for ``float32`` or ``float64``."""
    return f"cdist_dtw_{dtype_name}"


def defines(dtype_name, n_dim, max_len, *, host=False, strip=STRIP):
    """Preprocessor definitions that specialise :data:`KERNEL_SOURCE`.

    ``host=True`` gives the definitions for compiling it as host C++; ``strip``
    is the number of columns a thread keeps in registers.
    """
    real = {"float32": "float", "float64": "double"}[dtype_name]
    if host:
        inf = "std::numeric_limits<REAL>::infinity()"
    elif real == "float":
        inf = "__int_as_float(0x7f800000)"
    else:
        inf = "__longlong_as_double(0x7ff0000000000000LL)"
    return {
        "REAL": real,
        "REAL_INF": inf,
        "NDIM": str(n_dim),
        "MAXLEN": str(max_len),
        "KERNEL_NAME": kernel_name(dtype_name),
        "STRIP": str(int(strip)),
        "YREG_MAX": "64" if real == "float" else "32",
        "REAL_MIN": "fminf" if real == "float" else "fmin",
    }


def max_len_for(length):
    """Size of the per-thread boundary array for series of ``length`` steps."""
    return int(64 * math.ceil(length / 64))


_MODULES = {}

# CUDA limits a grid's second dimension (one query series per block row)
_MAX_GRID_Y = 65535


def _module(cp, dtype_name, n_dim, max_len, strip):
    key = (dtype_name, n_dim, max_len, strip)
    if key not in _MODULES:
        flags = defines(dtype_name, n_dim, max_len, strip=strip)
        options = tuple(f"-D{k}={v}" for k, v in flags.items())
        _MODULES[key] = cp.RawModule(code=KERNEL_SOURCE, options=options)
    return _MODULES[key]


def cdist_dtw_cupy(
    X, Y, len_x, len_y, radius=-1, symmetric=False, block=128, strip=STRIP
):
    """All-pairs accumulated squared DTW cost of CuPy arrays.

    Parameters
    ----------
    X : cupy.ndarray of shape (nx, L1, d)
        Query series, float32 or float64, padding beyond ``len_x`` ignored.
    Y : cupy.ndarray of shape (ny, L2, d)
        Gallery series, same dtype.
    len_x, len_y : cupy.ndarray of int32
        Valid length of each series.
    radius : int, default=-1
        Sakoe-Chiba radius (tslearn's convention); negative for no band.
    symmetric : bool, default=False
        ``Y`` is ``X``: compute the upper triangle and mirror it (zero
        diagonal).
    block : int, default=128
        Threads per block.
    strip : int, default=STRIP
        Columns of the cost row each thread keeps in registers.

    Returns
    -------
    cost : cupy.ndarray of shape (nx, ny)
        Accumulated squared cost (``inf`` where the band admits no path).
    """
    import cupy as cp

    dtype_name = X.dtype.name
    nx, L1, d = X.shape
    ny, L2, _ = Y.shape
    max_len = max_len_for(L1)
    module = _module(cp, dtype_name, d, max_len, int(strip))
    kernel = module.get_function(kernel_name(dtype_name))
    X = cp.ascontiguousarray(X)
    Yt = cp.ascontiguousarray(Y.transpose(1, 2, 0))
    len_x = cp.ascontiguousarray(len_x, dtype=cp.int32)
    len_y = cp.ascontiguousarray(len_y, dtype=cp.int32)
    out = cp.zeros((nx, ny), dtype=X.dtype)
    # more queries than a grid holds: launch per chunk of rows, each chunk
    # computing its full rows (the triangle test needs global row indices)
    chunked = nx > _MAX_GRID_Y
    for i0 in range(0, nx, _MAX_GRID_Y):
        i1 = min(nx, i0 + _MAX_GRID_Y)
        grid = ((ny + block - 1) // block, i1 - i0)
        kernel(
            grid,
            (block,),
            (
                X[i0:i1],
                Yt,
                len_x[i0:i1],
                len_y,
                cp.int32(i1 - i0),
                cp.int32(ny),
                cp.int32(L1),
                cp.int32(L2),
                cp.int32(radius),
                cp.int32(1 if symmetric and not chunked else 0),
                out[i0:i1],
            ),
        )
    if symmetric:
        out = cp.triu(out, 1)
        out = out + out.T
    return out
