"""Restricted Boltzmann machines trained by numba CD-k / persistent CD kernels."""

import time
from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from sklearn.base import (
    BaseEstimator,
    ClassNamePrefixFeaturesOutMixin,
    TransformerMixin,
    _fit_context,
)
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from .._kernels._rbm import free_energy, gibbs_sample, pseudo_likelihood, rbm_epoch
from ..utils._array_api import on_device
from . import _rbm_gpu

__all__ = ["BernoulliRBM", "GaussianBernoulliRBM"]

_SEED_MAX = 2**31 - 1


class _BaseRBM(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """RBM with binary hidden units; subclasses choose the visible units."""

    _gaussian = False

    _parameter_constraints: dict = {
        "n_components": [Interval(Integral, 1, None, closed="left")],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "n_iter": [Interval(Integral, 0, None, closed="left")],
        "method": [StrOptions({"cd", "pcd"})],
        "n_gibbs_steps": [Interval(Integral, 1, None, closed="left")],
        "momentum": [Interval(Real, 0, 1, closed="left")],
        "weight_decay": [Interval(Real, 0, None, closed="left")],
        "verbose": ["verbose"],
        "random_state": ["random_state"],
    }

    def transform(self, X):
        """Hidden activation probabilities ``P(h = 1 | v = X)``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Visible data.

        Returns
        -------
        H : ndarray of shape (n_samples, n_components)
            Latent representation of the data.
        """
        check_is_fitted(self)
        if on_device(X):  # CuPy input: computed and left on the GPU
            return _rbm_gpu.transform_device(self, X)
        X = self._validate(X, reset=False)
        return self._mean_hiddens(X)

    def gibbs(self, v):
        """One Gibbs step ``v -> h -> v``, sampled.

        Parameters
        ----------
        v : array-like of shape (n_samples, n_features)
            Values of the visible layer to start from.

        Returns
        -------
        v_new : ndarray of shape (n_samples, n_features)
            Visible values after one step: binary for Bernoulli units, the
            conditional mean plus unit Gaussian noise for Gaussian units. The
            draws come from ``random_state_`` (created from ``random_state`` on
            first use), so successive calls continue one random stream.
        """
        check_is_fitted(self)
        v = self._validate(v, reset=False)
        if not hasattr(self, "random_state_"):
            self.random_state_ = check_random_state(self.random_state)
        seed = int(self.random_state_.randint(_SEED_MAX))
        clamp = np.zeros(v.shape, dtype=bool)
        v_new, _ = gibbs_sample(
            v,
            clamp,
            self.components_,
            self.intercept_visible_,
            self.intercept_hidden_,
            1,
            self._gaussian,
            True,
            seed,
        )
        return v_new

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y=None):
        """Train on ``X`` for one pass of minibatches, continuing a fitted model.

        The first call initialises the model as :meth:`fit` does. Each call then
        visits the rows of ``X`` once, shuffled, in minibatches of
        ``batch_size``. (scikit-learn's ``BernoulliRBM.partial_fit`` takes one
        gradient step with all of ``X`` as one minibatch; with
        ``len(X) <= batch_size`` the two agree.)

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data (sparse input is densified).
        y : None
            Ignored.

        Returns
        -------
        self : object
            The fitted model.
        """
        first_pass = not hasattr(self, "components_")
        X = self._validate(X, reset=first_pass)
        if not hasattr(self, "random_state_"):
            self.random_state_ = check_random_state(self.random_state)
        if first_pass:
            self._initialize(X.shape[1], self.random_state_, X.dtype)
        self._epoch(X, self.random_state_)
        return self

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Train the RBM on ``X`` for ``n_iter`` epochs.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data (sparse input is densified).
        y : None
            Ignored.

        Returns
        -------
        self : object
            The fitted model.
        """
        X = self._validate(X, reset=True)
        rng = check_random_state(self.random_state)
        self._initialize(X.shape[1], rng, X.dtype)
        begin = time.perf_counter()
        for iteration in range(1, self.n_iter + 1):
            self._epoch(X, rng)
            if self.verbose:
                end = time.perf_counter()
                name, value = self._training_measure(X)
                print(
                    f"[{type(self).__name__}] Iteration {iteration}, {name} = "
                    f"{value:.4f}, time = {end - begin:.2f}s"
                )
                begin = end
        return self

    def _validate(self, X, *, reset):
        # Sparse input is accepted, as by scikit-learn's BernoulliRBM, and
        # densified: the kernels work on dense minibatches.
        # float32 stays float32 (as in scikit-learn's BernoulliRBM), anything
        # else becomes float64; after fit, inputs take the model's dtype.
        dtype = (np.float64, np.float32) if reset else self.components_.dtype
        X = validate_data(
            self, X, accept_sparse="csr", dtype=dtype, order="C", reset=reset
        )
        return X.toarray() if sp.issparse(X) else X

    def _initialize(self, n_features, rng, dtype=np.float64):
        self.components_ = rng.normal(
            0.0, 0.01, (self.n_components, n_features)
        ).astype(dtype, copy=False)
        self.intercept_hidden_ = np.zeros(self.n_components, dtype=dtype)
        self.intercept_visible_ = np.zeros(n_features, dtype=dtype)
        self.h_samples_ = np.zeros((self.batch_size, self.n_components), dtype=dtype)
        self._velocities = (
            np.zeros_like(self.components_),
            np.zeros(n_features),
            np.zeros(self.n_components),
        )
        self._n_features_out = self.n_components

    def _epoch(self, X, rng):
        order = rng.permutation(X.shape[0])
        seed = int(rng.randint(_SEED_MAX))
        if self.h_samples_.shape != (self.batch_size, self.n_components):
            self.h_samples_ = np.zeros(
                (self.batch_size, self.n_components), dtype=X.dtype
            )
        vel_W, vel_bv, vel_bh = self._velocities
        rbm_epoch(
            X,
            order,
            self.components_,
            self.intercept_visible_,
            self.intercept_hidden_,
            vel_W,
            vel_bv,
            vel_bh,
            self.h_samples_,
            int(self.batch_size),
            float(self.learning_rate),
            float(self.momentum),
            float(self.weight_decay),
            int(self.n_gibbs_steps),
            self.method == "pcd",
            self._gaussian,
            seed,
        )

    def _mean_hiddens(self, X):
        A = X @ self.components_.T
        A += self.intercept_hidden_
        return 1.0 / (1.0 + np.exp(-A))

    def _mean_visibles(self, H):
        A = H @ self.components_
        A += self.intercept_visible_
        if self._gaussian:
            return A
        return 1.0 / (1.0 + np.exp(-A))

    def _free_energy(self, X):
        return free_energy(
            X,
            self.components_,
            self.intercept_visible_,
            self.intercept_hidden_,
            self._gaussian,
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags


class BernoulliRBM(_BaseRBM):
    """Restricted Boltzmann machine with binary visible and hidden units.

    Trained by contrastive divergence (CD-k) or persistent contrastive
    divergence (PCD, also called stochastic maximum likelihood) with
    minibatches, momentum and weight decay; each epoch runs inside one numba
    kernel. With the defaults it trains as scikit-learn's
    :class:`~sklearn.neural_network.BernoulliRBM` does (PCD-1, no momentum or
    decay) and exposes the same attributes and methods, so it can be swapped in.

    Parameters
    ----------
    n_components : int, default=256
        Number of binary hidden units.
    learning_rate : float, default=0.1
        Step size of the parameter updates (on minibatch-mean gradients).
    batch_size : int, default=10
        Number of rows per minibatch (the last minibatch of an epoch may be
        smaller); also the number of persistent chains.
    n_iter : int, default=10
        Number of epochs (passes over the training data).
    method : {"pcd", "cd"}, default="pcd"
        ``"pcd"`` keeps ``batch_size`` persistent Gibbs chains across
        minibatches (Tieleman, 2008); ``"cd"`` restarts the negative chain from
        each minibatch (Hinton, 2002).
    n_gibbs_steps : int, default=1
        Gibbs steps ``k`` of the negative phase (CD-k, PCD-k).
    momentum : float in [0, 1), default=0.0
        Momentum of the parameter updates.
    weight_decay : float, default=0.0
        L2 penalty on the weights (not the biases), added to the gradient.
    verbose : int, default=0
        If positive, print the mean pseudo-likelihood after each epoch (this
        costs a pass over the data per epoch).
    random_state : int, RandomState instance or None, default=None
        Seeds the initial weights, the shuffling of each epoch and the Gibbs
        draws (each epoch's kernel gets a seed drawn from it). Pass an int
        for reproducible results.

    Attributes
    ----------
    components_ : ndarray of shape (n_components, n_features)
        Weights between hidden (rows) and visible (columns) units.
    intercept_hidden_ : ndarray of shape (n_components,)
        Biases of the hidden units.
    intercept_visible_ : ndarray of shape (n_features,)
        Biases of the visible units.
    h_samples_ : ndarray of shape (batch_size, n_components)
        State of the persistent chains (``method="pcd"``; zeros for ``"cd"``).
    random_state_ : RandomState
        Generator of :meth:`gibbs` and :meth:`partial_fit` (created on first
        use).
    n_features_in_ : int
        Number of features seen during :term:`fit`.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during :term:`fit`, when ``X`` has string column
        names.

    See Also
    --------
    GaussianBernoulliRBM : The same model with real-valued visible units.
    MultimodalRBM : One joint code over several modalities.
    sklearn.neural_network.BernoulliRBM : scikit-learn's pure-NumPy version.

    Notes
    -----
    Visible values are read as probabilities of binary units and should lie in
    [0, 1] (for instance after :class:`~sklearn.preprocessing.MinMaxScaler`).
    As in scikit-learn this is not checked: values outside the range train a
    model, but not an RBM of those values. :class:`MultimodalRBM` rescales its
    Bernoulli views itself.

    float32 input trains a float32 model (weights, chains, outputs), as in
    scikit-learn, at about twice the speed of float64 on wide data; other
    input becomes float64, and a fitted model computes in its own dtype.

    :meth:`score_samples` is the exact log pseudo-likelihood, summed over all
    features (deterministic). scikit-learn's ``score_samples`` flips one random
    feature per row and multiplies by the number of features, an unbiased but
    noisy estimate of the same sum.

    References
    ----------
    .. [1] G. E. Hinton, "Training products of experts by minimizing
       contrastive divergence," Neural Computation 14(8), 2002.
    .. [2] T. Tieleman, "Training restricted Boltzmann machines using
       approximations to the likelihood gradient," ICML 2008.
    .. [3] G. E. Hinton, "A practical guide to training restricted Boltzmann
       machines," UTML TR 2010-003, 2010.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.representation import BernoulliRBM
    >>> X = np.array([[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 1]])
    >>> rbm = BernoulliRBM(n_components=2, n_iter=20, random_state=0).fit(X)
    >>> rbm.transform(X).shape
    (4, 2)
    """

    def __init__(
        self,
        n_components=256,
        *,
        learning_rate=0.1,
        batch_size=10,
        n_iter=10,
        method="pcd",
        n_gibbs_steps=1,
        momentum=0.0,
        weight_decay=0.0,
        verbose=0,
        random_state=None,
    ):
        self.n_components = n_components
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.n_iter = n_iter
        self.method = method
        self.n_gibbs_steps = n_gibbs_steps
        self.momentum = momentum
        self.weight_decay = weight_decay
        self.verbose = verbose
        self.random_state = random_state

    def score_samples(self, X):
        """Log pseudo-likelihood of each row, ``sum_i log P(x_i | x_-i)``.

        For rows with values in [0, 1] that are not binary, each term is
        ``x_i log P(1 | x_-i) + (1 - x_i) log P(0 | x_-i)``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Visible data.

        Returns
        -------
        pseudo_likelihood : ndarray of shape (n_samples,)
            Log pseudo-likelihood (a proxy for the log-likelihood).
        """
        check_is_fitted(self)
        X = self._validate(X, reset=False)
        return pseudo_likelihood(
            X, self.components_, self.intercept_visible_, self.intercept_hidden_
        )

    def _training_measure(self, X):
        return "pseudo-likelihood", float(self.score_samples(X).mean())


class GaussianBernoulliRBM(_BaseRBM):
    """Restricted Boltzmann machine with Gaussian visible and binary hidden units.

    Real-valued visible units with unit variance: the energy is
    ``||v - b||^2 / 2 - c.h - h.W.v``, so ``P(v | h)`` is a Gaussian with mean
    ``b + W^T h`` and identity covariance. Standardize the features first (for
    instance with :class:`~sklearn.preprocessing.StandardScaler`), as Hinton's
    practical guide advises. Training follows :class:`BernoulliRBM` (CD-k or
    PCD, minibatches, momentum, weight decay, numba kernels), with noise-free
    (mean) reconstructions of the visible units in the negative phase.

    Parameters
    ----------
    n_components : int, default=256
        Number of binary hidden units.
    learning_rate : float, default=0.01
        Step size of the parameter updates; Gaussian visible units need a
        smaller one than binary units.
    batch_size : int, default=10
        Number of rows per minibatch; also the number of persistent chains.
    n_iter : int, default=10
        Number of epochs.
    method : {"cd", "pcd"}, default="cd"
        Contrastive divergence (restarted chains) or persistent CD.
    n_gibbs_steps : int, default=1
        Gibbs steps ``k`` of the negative phase.
    momentum : float in [0, 1), default=0.0
        Momentum of the parameter updates.
    weight_decay : float, default=0.0
        L2 penalty on the weights, added to the gradient.
    verbose : int, default=0
        If positive, print the mean squared reconstruction error after each
        epoch.
    random_state : int, RandomState instance or None, default=None
        Seeds the initial weights, the shuffling and the Gibbs draws.

    Attributes
    ----------
    components_ : ndarray of shape (n_components, n_features)
        Weights between hidden (rows) and visible (columns) units.
    intercept_hidden_ : ndarray of shape (n_components,)
        Biases of the hidden units.
    intercept_visible_ : ndarray of shape (n_features,)
        Means of the visible units when every hidden unit is off.
    h_samples_ : ndarray of shape (batch_size, n_components)
        State of the persistent chains (``method="pcd"``).
    random_state_ : RandomState
        Generator of :meth:`gibbs` and :meth:`partial_fit`.
    n_features_in_ : int
        Number of features seen during :term:`fit`.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during :term:`fit`, when ``X`` has string column
        names.

    See Also
    --------
    BernoulliRBM : Binary visible units.
    MultimodalRBM : One joint code over several modalities.

    Notes
    -----
    float32 input trains a float32 model, as for :class:`BernoulliRBM`.

    :meth:`score_samples` returns the negative free energy ``-F(v)``, the
    log-density up to the model's log-partition function (the same constant for
    every row): it ranks rows of one fitted model by likelihood (outlier
    scores), but is not comparable between models.

    References
    ----------
    .. [1] G. E. Hinton, "A practical guide to training restricted Boltzmann
       machines," UTML TR 2010-003, 2010.
    .. [2] G. E. Hinton, R. R. Salakhutdinov, "Reducing the dimensionality of
       data with neural networks," Science 313(5786), 2006.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.representation import GaussianBernoulliRBM
    >>> X = np.random.RandomState(0).normal(size=(50, 4))
    >>> rbm = GaussianBernoulliRBM(n_components=3, random_state=0).fit(X)
    >>> rbm.transform(X).shape
    (50, 3)
    """

    _gaussian = True

    def __init__(
        self,
        n_components=256,
        *,
        learning_rate=0.01,
        batch_size=10,
        n_iter=10,
        method="cd",
        n_gibbs_steps=1,
        momentum=0.0,
        weight_decay=0.0,
        verbose=0,
        random_state=None,
    ):
        self.n_components = n_components
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.n_iter = n_iter
        self.method = method
        self.n_gibbs_steps = n_gibbs_steps
        self.momentum = momentum
        self.weight_decay = weight_decay
        self.verbose = verbose
        self.random_state = random_state

    def score_samples(self, X):
        """Negative free energy of each row, ``log p(x) + log Z``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Visible data.

        Returns
        -------
        score : ndarray of shape (n_samples,)
            ``-F(x) = -||x - b||^2 / 2 + sum_j softplus((W x + c)_j)``.
        """
        check_is_fitted(self)
        if on_device(X):  # CuPy input: computed and left on the GPU
            return -_rbm_gpu.free_energy_device(self, X)
        X = self._validate(X, reset=False)
        return -self._free_energy(X)

    def _training_measure(self, X):
        recon = self._mean_visibles(self._mean_hiddens(X))
        return "reconstruction error", float(np.mean((X - recon) ** 2))
