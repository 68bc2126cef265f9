"""The numerics policy of skmm's kernels, and the elementary functions they share.

Fast-math flags. A kernel may let LLVM reassociate sums (so reductions
vectorise), contract multiply-adds into FMAs, ignore the sign of zero and use
reciprocals, but never assume that NaN or infinity are absent: skmm marks
missing views and padding with NaN and DTW bands with infinity, so ``nnan``,
``ninf`` and ``afn`` (which ``fastmath=True`` includes) are never used.

- :data:`IEEE_SAFE` is the set every kernel uses by default;
- :data:`NO_REASSOC` drops reassociation, for code that relies on the exact
  order of its operations (the rounding trick of :func:`exp_reduced`, whose
  constant ``_ROUND`` reassociation would fold away).

:func:`exp_reduced` is the vectorisable exponential of the soft-DTW and RBM
kernels: libm's ``exp`` is a call LLVM cannot vectorise (no SVML here), so a
loop over ``exp`` runs one element at a time; this one is plain arithmetic and
bit manipulation, so a loop of it runs in SIMD lanes.
"""

import numpy as np
from numba import njit

# numba takes a set (not a frozenset); treat these as constants
IEEE_SAFE = {"nsz", "arcp", "contract", "reassoc"}
NO_REASSOC = {"nsz", "arcp", "contract"}

_LOG2E = 1.4426950408889634
_LN2_HI = 0.6931471803691238
_LN2_LO = 1.9082149292705877e-10
_ROUND = 6755399441055744.0  # 1.5 * 2**52: adding it rounds to an integer
_ROUND_BITS = 4843621399236968448  # the bit pattern of _ROUND
EXP_MIN = -708.0  # exp of anything at or below is taken as 0 by callers
EXP_MAX = 708.0


@njit(cache=True, inline="always", fastmath=NO_REASSOC)
def exp_reduced(x):
    """``exp(x)`` for ``EXP_MIN <= x <= EXP_MAX`` (callers clamp), vectorisable.

    Cody-Waite reduction ``x = k ln 2 + r`` with ``|r| <= ln(2) / 2``, a
    degree-12 Taylor polynomial of ``exp(r)`` evaluated by Estrin's scheme (a
    short dependency chain; truncation below 2e-16) and ``2**k`` written into
    the exponent bits of the rounding sum. Relative error about 2e-16.
    """
    t = x * _LOG2E + _ROUND
    kf = t - _ROUND
    r = (x - kf * _LN2_HI) - kf * _LN2_LO
    r2 = r * r
    r4 = r2 * r2
    e = (1.0 + r) + (0.5 + r * (1.0 / 6.0)) * r2
    e += (
        (1.0 / 24.0 + r * (1.0 / 120.0)) + (1.0 / 720.0 + r * (1.0 / 5040.0)) * r2
    ) * r4
    e += (
        (1.0 / 40320.0 + r * (1.0 / 362880.0))
        + (1.0 / 3628800.0 + r * (1.0 / 39916800.0)) * r2
        + (1.0 / 479001600.0) * r4
    ) * (r4 * r4)
    bits = (np.float64(t).view(np.int64) - _ROUND_BITS + 1023) << 52
    return e * np.int64(bits).view(np.float64)


@njit(cache=True, inline="always", fastmath=NO_REASSOC)
def exp_nonpositive(v):
    """``exp(v)`` for ``v <= 0``: :func:`exp_reduced`, and 0 below ``EXP_MIN``.

    ``-inf`` gives 0, as the soft minima and alignment kernels need.
    """
    vc = v if v > EXP_MIN else EXP_MIN
    e = exp_reduced(vc)
    return e if v > EXP_MIN else 0.0
