"""Deep CCA: one MLP per view trained on the CCA objective, in NumPy.

The networks are small multilayer perceptrons whose forward and backward passes
are GEMMs (BLAS); full-batch L-BFGS (scipy) maximizes the total canonical
correlation of their outputs with the analytic gradient of Andrew et al. (2013)
for two views, or the generalized (MAXVAR) correlation of Benton et al. (2017)
for more. No deep-learning framework is needed.
"""

import warnings
from numbers import Integral, Real

import numpy as np
from scipy.optimize import minimize
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions

from ..utils._docstrings import views_docs
from ..utils._linalg import cca_directions, correlations, sym_power
from ._cca import _BaseCoordinated, scaling_docs
from ._multiview_cca import generalized_directions

__all__ = ["DeepCCA"]


# --------------------------------------------------------------------------
# Numerics on plain arrays
# --------------------------------------------------------------------------

_ACTIVATIONS = {
    "tanh": (np.tanh, lambda a: 1.0 - a * a),
    "sigmoid": (lambda z: 0.5 * (1.0 + np.tanh(0.5 * z)), lambda a: a * (1.0 - a)),
    "relu": (lambda z: np.maximum(z, 0.0), lambda a: (a > 0).astype(a.dtype)),
}


def _total_correlation(H1, H2, reg):
    """Total correlation of two output blocks and its gradient (Andrew et al.).

    Parameters
    ----------
    H1 : ndarray of shape (n_samples, o1)
    H2 : ndarray of shape (n_samples, o2)
    reg : float
        Ridge added to both output covariances.

    Returns
    -------
    corr : float
        Sum of the singular values of ``S11^{-1/2} S12 S22^{-1/2}``, the sum of
        all canonical correlations of the outputs.
    dH1, dH2 : ndarray
        Gradients of ``corr`` with respect to ``H1`` and ``H2``.
    """
    n = H1.shape[0]
    H1c = H1 - H1.mean(axis=0)
    H2c = H2 - H2.mean(axis=0)
    S11 = (H1c.T @ H1c) / (n - 1) + reg * np.eye(H1.shape[1])
    S22 = (H2c.T @ H2c) / (n - 1) + reg * np.eye(H2.shape[1])
    S12 = (H1c.T @ H2c) / (n - 1)
    R1 = sym_power(S11, -0.5)
    R2 = sym_power(S22, -0.5)
    U, d, Vt = np.linalg.svd(R1 @ S12 @ R2, full_matrices=False)
    corr = float(d.sum())
    G12 = R1 @ U @ Vt @ R2
    G11 = -0.5 * (R1 @ (U * d) @ U.T @ R1)
    G22 = -0.5 * (R2 @ (Vt.T * d) @ Vt @ R2)
    dH1 = (2.0 * H1c @ G11 + H2c @ G12.T) / (n - 1)
    dH2 = (2.0 * H2c @ G22 + H1c @ G12) / (n - 1)
    return corr, dH1 - dH1.mean(axis=0), dH2 - dH2.mean(axis=0)


def _generalized_correlation(Hs, reg, n_top):
    """Deep generalized CCA objective of several output blocks and its gradient.

    The sum of the ``n_top`` largest eigenvalues of ``M = sum_v P_v``, ``P_v =
    H_v (H_v' H_v + (n - 1) reg I)^{-1} H_v'`` the ridge projection on view
    ``v``'s centred outputs: MAXVAR's criterion (Benton et al., 2017). With
    ``G`` the top eigenvectors and ``U_v`` the ridge regression of ``G`` on
    ``H_v``, the gradient is ``2 (G - H_v U_v) U_v'`` (centred).

    Parameters
    ----------
    Hs : list of ndarray of shape (n_samples, o_v)
    reg : float
        Ridge on the output covariances.
    n_top : int
        Number of eigenvalues summed.

    Returns
    -------
    value : float
    grads : list of ndarray
        Gradients with respect to each ``H_v``.
    """
    n = Hs[0].shape[0]
    Hc = [H - H.mean(axis=0) for H in Hs]
    inverses, Ys = [], []
    for H in Hc:
        C = (H.T @ H) / (n - 1) + reg * np.eye(H.shape[1])
        R = sym_power(C, -0.5)
        inverses.append(R @ R)
        Ys.append(H @ R)
    Y = np.hstack(Ys)
    w, V = np.linalg.eigh((Y.T @ Y) / (n - 1))
    w, V = w[::-1][:n_top], V[:, ::-1][:, :n_top]
    G = (Y @ V) / np.sqrt((n - 1) * np.clip(w, 1e-300, None))
    grads = []
    for H, Cinv in zip(Hc, inverses):
        U = Cinv @ (H.T @ G) / (n - 1)
        d = 2.0 * (G - H @ U) @ U.T
        grads.append(d - d.mean(axis=0))
    return float(w.sum()), grads


def _layer_shapes(n_in, hidden, n_out):
    sizes = [n_in, *hidden, n_out]
    return [(sizes[i], sizes[i + 1]) for i in range(len(sizes) - 1)]


def _unpack(theta, shapes):
    """Split a flat parameter vector into (W, b) per layer (views of theta)."""
    params, start = [], 0
    for fan_in, fan_out in shapes:
        W = theta[start : start + fan_in * fan_out].reshape(fan_in, fan_out)
        start += fan_in * fan_out
        b = theta[start : start + fan_out]
        start += fan_out
        params.append((W, b))
    return params, start


def _forward(X, params, activation):
    """Activations of every layer; the last layer is linear."""
    act = _ACTIVATIONS[activation][0]
    activations = [X]
    for i, (W, b) in enumerate(params):
        z = activations[-1] @ W + b
        activations.append(z if i == len(params) - 1 else act(z))
    return activations


def _backward(activations, params, dout, activation):
    """Gradient of a scalar with respect to every (W, b), given d/d(output)."""
    deriv = _ACTIVATIONS[activation][1]
    grads = [None] * len(params)
    delta = dout
    for i in range(len(params) - 1, -1, -1):
        grads[i] = (activations[i].T @ delta, delta.sum(axis=0))
        if i > 0:
            delta = (delta @ params[i][0].T) * deriv(activations[i])
    return grads


def _init_params(rng, shapes, activation):
    """Glorot-uniform initialization, as scikit-learn's MLP."""
    chunks = []
    for fan_in, fan_out in shapes:
        factor = 2.0 if activation == "sigmoid" else 6.0
        bound = np.sqrt(factor / (fan_in + fan_out))
        chunks.append(rng.uniform(-bound, bound, size=fan_in * fan_out))
        chunks.append(rng.uniform(-bound, bound, size=fan_out))
    return np.concatenate(chunks)


@scaling_docs
@views_docs
class DeepCCA(_BaseCoordinated):
    """Deep canonical correlation analysis with one MLP per view.

    Each view goes through its own multilayer perceptron; the networks are
    trained together, by full-batch L-BFGS with the analytic gradient, to
    maximize

    - for two views, the total canonical correlation of their outputs (the sum
      of all canonical correlations, with a small ridge on the output
      covariances; Andrew et al., 2013);
    - for three or more, deep generalized CCA (Benton et al., 2017): the sum
      of the top ``output_size`` MAXVAR eigenvalues of the outputs, how well
      one shared code is predicted from every view's output.

    A linear :class:`CCA` (:class:`MultiviewCCA` for more views) of the
    trained outputs then gives the canonical variates. Written with NumPy and
    SciPy: no deep-learning framework is needed.

    Read more in the :ref:`User Guide <representation>`.

    Parameters
    ----------
    n_components : int, default=2
        Number of canonical pairs; at most ``output_size``.
    {views}
        ``fit(X, Y)`` with ``views=None`` and a 2-D ``Y`` takes ``X`` and ``Y``
        as two views instead (scikit-learn's two-array form).
    hidden_layer_sizes : tuple of int, default=(64,)
        Width of each hidden layer (the same for every view's network).
    activation : {"tanh", "sigmoid", "relu"}, default="tanh"
        Activation of the hidden layers; the output layer is linear.
    output_size : int or None, default=None
        Width of each network's output, whose total correlation is maximized;
        ``None`` means ``n_components``.
    alpha : float, default=1e-4
        L2 penalty on the network weights (not the biases).
    reg : float, default=1e-3
        Ridge added to the output covariances in the objective, which keeps it
        well defined.
    max_iter : int, default=200
        Maximum number of L-BFGS iterations.
    tol : float, default=1e-6
        Stop when the relative improvement of the objective falls below it.
    scale : bool, default=True
        Whether to standardize each column before the networks.
    combine : {"concat", "mean"}, default="concat"
        What :meth:`transform` returns (see :class:`CCA`).
    random_state : int, RandomState instance or None, default=None
        Seeds the initial weights; an int makes ``fit`` reproducible.
    verbose : int, default=0
        Print the total correlation every ``verbose`` iterations (0: silent).

    Attributes
    ----------
    canonical_correlations_ : ndarray of shape (n_components,)
        Correlations of the pairs of training variates (averaged over pairs of
        views for three or more views).
    total_correlation_ : float
        The objective on the networks' training outputs, without the weight
        penalty: the total correlation (two views) or the sum of the top
        MAXVAR eigenvalues (more views).
    coefs_ : list of list of ndarray
        Per view, the weight matrix of each layer.
    intercepts_ : list of list of ndarray
        Per view, the bias vector of each layer.
    weights_ : list of ndarray of shape (output_size, n_components)
        Per view, the linear CCA (MAXVAR for three or more views) weights
        applied to the centred outputs.
    n_iter_ : int
        Number of L-BFGS iterations run.
    {scaling_attributes}
    {views_attributes}

    See Also
    --------
    CCA : Linear CCA, the special case without hidden layers.
    MultiviewCCA : Linear generalized CCA of several views.
    KernelCCA : Nonlinear CCA with fixed kernel feature maps.

    Notes
    -----
    There is no ``inverse_transform``: the networks are not invertible. The
    objective is not convex; different ``random_state`` values can give
    different solutions, and more hidden units need more samples.

    References
    ----------
    .. [1] G. Andrew, R. Arora, J. Bilmes and K. Livescu, "Deep canonical
       correlation analysis", ICML 2013.
    .. [2] W. Wang, R. Arora, K. Livescu and J. Bilmes, "On deep multi-view
       representation learning", ICML 2015.
    .. [3] A. Benton, H. Khayrallah, B. Gujral, D. Reisinger, S. Zhang and
       R. Arora, "Deep generalized canonical correlation analysis", 2017
       (arXiv:1702.02519).

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.representation import DeepCCA
    >>> rng = np.random.RandomState(0)
    >>> t = rng.standard_normal((300, 1))
    >>> X = np.hstack([t + 0.1 * rng.standard_normal((300, 1)),
    ...                np.abs(t) + 0.1 * rng.standard_normal((300, 1))])
    >>> dcca = DeepCCA(n_components=1, hidden_layer_sizes=(16,), tol=1e-5,
    ...                random_state=0).fit(X)
    >>> bool(dcca.canonical_correlations_[0] > 0.9)
    True
    >>> dcca.transform(X).shape
    (300, 2)
    """

    _n_views = (2, None)

    _parameter_constraints: dict = {
        **_BaseCoordinated._parameter_constraints,
        "hidden_layer_sizes": ["array-like"],
        "activation": [StrOptions(set(_ACTIVATIONS))],
        "output_size": [Interval(Integral, 1, None, closed="left"), None],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "reg": [Interval(Real, 0, None, closed="neither")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "scale": ["boolean"],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        n_components=2,
        *,
        views=None,
        hidden_layer_sizes=(64,),
        activation="tanh",
        output_size=None,
        alpha=1e-4,
        reg=1e-3,
        max_iter=200,
        tol=1e-6,
        scale=True,
        combine="concat",
        random_state=None,
        verbose=0,
    ):
        self.n_components = n_components
        self.views = views
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.output_size = output_size
        self.alpha = alpha
        self.reg = reg
        self.max_iter = max_iter
        self.tol = tol
        self.scale = scale
        self.combine = combine
        self.random_state = random_state
        self.verbose = verbose

    def _fit(self, X):
        hidden = self._check_hidden_layer_sizes()
        out = self.n_components if self.output_size is None else self.output_size
        if out < self.n_components:
            raise ValueError(
                f"output_size={out} must be at least n_components={self.n_components}."
            )
        n = X.shape[0]
        if n <= out:
            raise ValueError(
                f"n_components={self.n_components} (output_size={out}) needs more "
                f"samples than outputs; got {n} sample(s)."
            )
        rng = check_random_state(self.random_state)
        blocks = self._standardize_fit(X)
        shapes = [_layer_shapes(b.shape[1], hidden, out) for b in blocks]
        theta0 = np.concatenate([_init_params(rng, s, self.activation) for s in shapes])
        bounds = np.cumsum([0] + [sum(a * b + b for a, b in s) for s in shapes])
        state = {"iter": 0, "corr": 0.0}

        def split(theta):
            return [
                _unpack(theta[bounds[v] : bounds[v + 1]], shapes[v])[0]
                for v in range(len(blocks))
            ]

        def criterion(outputs):
            if len(outputs) == 2:
                corr, d1, d2 = _total_correlation(*outputs, self.reg)
                return corr, [d1, d2]
            return _generalized_correlation(outputs, self.reg, out)

        def objective(theta):
            params = split(theta)
            acts = [_forward(b, p, self.activation) for b, p in zip(blocks, params)]
            corr, dout = criterion([a[-1] for a in acts])
            # minimize -corr + alpha/2 ||W||^2
            loss = -corr
            grads = []
            for p, a, d in zip(params, acts, dout):
                for (W, _), (gW, gb) in zip(p, _backward(a, p, -d, self.activation)):
                    loss += 0.5 * self.alpha * float(np.sum(W * W))
                    grads.append((gW + self.alpha * W).ravel())
                    grads.append(gb)
            state["corr"] = corr
            return loss, np.concatenate(grads)

        def callback(intermediate_result):
            state["iter"] += 1
            if self.verbose and state["iter"] % int(self.verbose) == 0:
                print(
                    f"Iteration {state['iter']}, total correlation {state['corr']:.6f}"
                )

        result = minimize(
            objective,
            theta0,
            jac=True,
            method="L-BFGS-B",
            callback=callback,
            options={"maxiter": self.max_iter, "ftol": self.tol, "gtol": 1e-10},
        )
        self.n_iter_ = int(result.nit)
        if result.status == 1:
            warnings.warn(
                f"DeepCCA: L-BFGS reached max_iter={self.max_iter} before "
                "converging; increase max_iter.",
                ConvergenceWarning,
                stacklevel=2,
            )
        params = split(result.x.copy())
        self.coefs_ = [[W for W, _ in p] for p in params]
        self.intercepts_ = [[b for _, b in p] for p in params]
        outputs = [self._network_output(b, v) for v, b in enumerate(blocks)]
        self.total_correlation_ = criterion(outputs)[0]
        self.output_means_ = [H.mean(axis=0) for H in outputs]
        centred = [H - m for H, m in zip(outputs, self.output_means_)]
        if len(centred) == 2:
            A, B, corr = cca_directions(centred[0], centred[1], self.n_components)
            self.weights_ = [A, B]
            self.canonical_correlations_ = np.asarray(corr)
        else:
            self.weights_, _, _ = generalized_directions(centred, self.n_components)
            self.canonical_correlations_ = np.asarray(
                correlations([H @ W for H, W in zip(centred, self.weights_)])
            )
        return self

    # -- helpers --------------------------------------------------------------

    def _check_hidden_layer_sizes(self):
        hidden = np.atleast_1d(np.asarray(self.hidden_layer_sizes))
        if hidden.ndim != 1 or (
            hidden.size and (hidden.dtype.kind not in "iu" or np.any(hidden < 1))
        ):
            raise ValueError(
                "hidden_layer_sizes must be a tuple of positive ints (or empty for "
                f"a linear map); got {self.hidden_layer_sizes!r}."
            )
        return [int(h) for h in hidden]

    def _network_output(self, standardized, v):
        params = list(zip(self.coefs_[v], self.intercepts_[v]))
        return _forward(standardized, params, self.activation)[-1]

    def _project_view(self, block, v):
        H = self._network_output(self._standardize(block, v), v)
        return (H - self.output_means_[v]) @ self.weights_[v]
