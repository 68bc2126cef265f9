"""The deterministic parts of the RBMs on device arrays (CuPy).

Training stays on the CPU (numba CD-k / PCD); a fitted RBM's ``transform``
(hidden probabilities ``sigmoid(X W.T + c)``) and the free energy (behind
``GaussianBernoulliRBM.score_samples``) run on the GPU when ``X`` is a CuPy
array, with the result left there. The fitted parameters are copied to the
device at each call (they are small: ``n_components x n_features``), in the
dtype of ``X`` (float32 kept, anything else float64).

Every function takes the array module ``xp`` through its input, so the test
suite checks the arithmetic with NumPy where no GPU exists.
"""

from ..utils._array_api import check_device_array, get_namespace

__all__ = ["free_energy_device", "transform_device"]


def _params(est, X, xp):
    X = check_device_array(X, xp, n_features=est.n_features_in_)
    W = xp.asarray(est.components_, dtype=X.dtype)
    b_v = xp.asarray(est.intercept_visible_, dtype=X.dtype)
    b_h = xp.asarray(est.intercept_hidden_, dtype=X.dtype)
    return X, W, b_v, b_h


def transform_device(est, X):
    """Hidden activation probabilities ``P(h = 1 | v = X)`` of a device array."""
    xp = get_namespace(X)
    X, W, _, b_h = _params(est, X, xp)
    A = X @ W.T + b_h
    return 1.0 / (1.0 + xp.exp(-A))


def free_energy_device(est, X):
    """Free energy of each row of a device array (the CPU kernel's formula).

    Binary visible units: ``-b_v.v - sum_j softplus((W v + b_h)_j)``; Gaussian
    ones (unit variance): ``||v - b_v||^2 / 2 - sum_j softplus(...)``.
    """
    xp = get_namespace(X)
    X, W, b_v, b_h = _params(est, X, xp)
    hidden = -xp.sum(xp.logaddexp(0.0, X @ W.T + b_h), axis=1)
    if est._gaussian:
        D = X - b_v
        return hidden + 0.5 * xp.sum(D * D, axis=1)
    return hidden - X @ b_v
