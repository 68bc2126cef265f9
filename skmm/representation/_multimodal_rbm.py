"""A multimodal deep belief network: per-view RBM pathways under one joint RBM."""

from collections.abc import Mapping
from numbers import Integral, Real

import numpy as np
from sklearn.base import (
    BaseEstimator,
    ClassNamePrefixFeaturesOutMixin,
    TransformerMixin,
    _fit_context,
)
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from .._kernels._rbm import gibbs_sample
from ..utils import MultiViewMixin
from ..utils._docstrings import views_docs
from ._rbm import _SEED_MAX, BernoulliRBM, GaussianBernoulliRBM

__all__ = ["MultimodalRBM"]

_VIEW_TYPES = ("bernoulli", "gaussian")


@views_docs
class MultimodalRBM(
    MultiViewMixin, ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator
):
    """Joint code of several modalities: per-view RBMs under one joint RBM.

    The classical-ML version of the multimodal deep belief network of
    Srivastava and Salakhutdinov: each view (modality) has its own pathway, a
    :class:`BernoulliRBM` or :class:`GaussianBernoulliRBM` whose hidden units
    learn features of that view; a joint :class:`BernoulliRBM` on top models
    the concatenated view features, and its hidden units are the joint code
    returned by :meth:`transform`. Training is greedy and layer-wise (each
    pathway on the rows where its view is present, then the joint layer on the
    rows with every view), each layer by numba CD-k / PCD.

    A missing view (a row whose whole view block is NaN) is inferred: the
    features of the present views are clamped and mean-field steps in the
    joint RBM fill in the missing view's features, which its pathway maps back
    to the visible units (:meth:`infer_missing`); :meth:`transform` gives the
    joint code of such rows too, and :meth:`generate` draws a view given the
    others by Gibbs sampling.

    Parameters
    ----------
    {views}
    view_types : {"gaussian", "bernoulli"}, list or dict, default="gaussian"
        Visible units of each view's pathway: one value for every view, one per
        view (list), or a dict view name -> type. Gaussian pathways (on
        standardized features) suit real values and, in our experiments, gray
        levels such as digit pixels; Bernoulli pathways suit binary data.
    n_view_components : int, list or dict, default=64
        Hidden units of each view's pathway (one value, a list, or a dict view
        name -> int).
    n_components : int, default=64
        Hidden units of the joint layer: the width of the joint code.
    learning_rate : float, default=0.05
        Step size of every layer; Gaussian pathways use a tenth of it, since
        real-valued visible units need smaller steps.
    batch_size : int, default=10
        Rows per minibatch in every layer.
    n_iter : int, default=10
        Epochs per layer.
    method : {"cd", "pcd"}, default="cd"
        Plain or persistent contrastive divergence for the Bernoulli layers
        (Gaussian pathways always use CD). A joint layer trained by CD gave
        much better inference of a missing view than PCD on digit halves.
    n_gibbs_steps : int, default=1
        Gibbs steps ``k`` of the negative phase.
    momentum : float in [0, 1), default=0.5
        Momentum of the parameter updates.
    weight_decay : float, default=1e-4
        L2 penalty on the weights.
    n_inference_steps : int, default=20
        Mean-field (or, in :meth:`generate`, Gibbs) steps in the joint layer
        that infer a missing view.
    rescale : bool, default=True
        Map each Bernoulli view to [0, 1] with the minimum and maximum of that
        view's block seen in ``fit`` (one pair per view, so pixels keep their
        relative intensities; later values are clipped to the range), and
        standardize each feature of a Gaussian view. With ``rescale=False``
        Bernoulli views must already lie in [0, 1] (a ValueError says so
        otherwise) and Gaussian views are used as given. :meth:`infer_missing`
        and :meth:`generate` answer in the units of ``X`` either way.
    verbose : int, default=0
        Print the layer being trained and each layer's per-epoch measure.
    random_state : int, RandomState instance or None, default=None
        Seeds every layer (through one integer each) and :meth:`generate`.

    Attributes
    ----------
    {views_attributes}
    view_types_ : list of str
        Visible unit type of each view's pathway.
    view_rbms_ : list of BernoulliRBM or GaussianBernoulliRBM
        The fitted pathway of each view (on rescaled data).
    joint_rbm_ : BernoulliRBM
        The joint layer, over the concatenated view features.
    view_offset_ : list of ndarray
        Subtracted from each view block before its pathway (minimum or mean).
    view_scale_ : list of ndarray
        Divides each view block after the offset (range or standard
        deviation).
    view_code_mean_ : list of ndarray
        Mean features of each view on the training data: the starting point of
        inference for a missing view.

    See Also
    --------
    BernoulliRBM : The RBM of each binary pathway and of the joint layer.
    GaussianBernoulliRBM : The RBM of each real-valued pathway.
    CCA : A coordinated (not joint) representation of two views.

    Notes
    -----
    This is a deep belief network (greedy layer-wise training, no joint
    fine-tuning), the model of Srivastava and Salakhutdinov's multimodal DBN;
    their deep Boltzmann machine adds a joint fine-tuning phase not done here.
    Rows whose views are all missing are rejected.

    References
    ----------
    .. [1] N. Srivastava, R. Salakhutdinov, "Multimodal learning with deep
       Boltzmann machines," NIPS 2012.
    .. [2] J. Ngiam, A. Khosla, M. Kim, J. Nam, H. Lee, A. Y. Ng, "Multimodal
       deep learning," ICML 2011.
    .. [3] G. E. Hinton, "A practical guide to training restricted Boltzmann
       machines," UTML TR 2010-003, 2010.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.datasets import load_digit_halves
    >>> from skmm.representation import MultimodalRBM
    >>> X, y, views = load_digit_halves()
    >>> model = MultimodalRBM(views=views, n_view_components=16, n_components=16,
    ...                       n_iter=2, random_state=0).fit(X[:200])
    >>> model.transform(X[:3]).shape
    (3, 16)
    >>> X_left = X[:3].copy()
    >>> X_left[:, 32:] = np.nan  # the right halves are missing
    >>> filled = model.infer_missing(X_left)
    >>> bool(np.isnan(filled).any()), filled.shape
    (False, (3, 64))
    """

    _parameter_constraints: dict = {
        **MultiViewMixin._parameter_constraints,
        "view_types": [StrOptions(set(_VIEW_TYPES)), list, tuple, dict],
        "n_view_components": [
            Interval(Integral, 1, None, closed="left"),
            list,
            tuple,
            dict,
        ],
        "n_components": [Interval(Integral, 1, None, closed="left")],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "n_iter": [Interval(Integral, 0, None, closed="left")],
        "method": [StrOptions({"cd", "pcd"})],
        "n_gibbs_steps": [Interval(Integral, 1, None, closed="left")],
        "momentum": [Interval(Real, 0, 1, closed="left")],
        "weight_decay": [Interval(Real, 0, None, closed="left")],
        "n_inference_steps": [Interval(Integral, 0, None, closed="left")],
        "rescale": ["boolean"],
        "verbose": ["verbose"],
        "random_state": ["random_state"],
    }

    _missing_views = True

    def __init__(
        self,
        *,
        views=None,
        view_types="gaussian",
        n_view_components=64,
        n_components=64,
        learning_rate=0.05,
        batch_size=10,
        n_iter=10,
        method="cd",
        n_gibbs_steps=1,
        momentum=0.5,
        weight_decay=1e-4,
        n_inference_steps=20,
        rescale=True,
        verbose=0,
        random_state=None,
    ):
        self.views = views
        self.view_types = view_types
        self.n_view_components = n_view_components
        self.n_components = n_components
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.n_iter = n_iter
        self.method = method
        self.n_gibbs_steps = n_gibbs_steps
        self.momentum = momentum
        self.weight_decay = weight_decay
        self.n_inference_steps = n_inference_steps
        self.rescale = rescale
        self.verbose = verbose
        self.random_state = random_state

    # -- public API -----------------------------------------------------------

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Train the view pathways, then the joint layer.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Training data; a row may lack a view (its whole view block NaN).
            Each pathway trains on the rows that have its view, the joint layer
            on the rows that have every view.
        y : None
            Ignored.

        Returns
        -------
        self : object
            The fitted model.
        """
        self._reject_second_view(y)
        X, _, missing = self._validate_views_data(X, reset=True, dtype=np.float64)
        rng = check_random_state(self.random_state)
        self.view_types_ = self._per_view(self.view_types, "view_types")
        for name, kind in zip(self.view_names_, self.view_types_):
            if kind not in _VIEW_TYPES:
                raise ValueError(
                    f"view_types for view {name!r} must be 'bernoulli' or "
                    f"'gaussian'; got {kind!r}."
                )
        widths = self._per_view(self.n_view_components, "n_view_components")
        for name, width in zip(self.view_names_, widths):
            if not isinstance(width, Integral) or width < 1:
                raise ValueError(
                    f"n_view_components for view {name!r} must be a positive int; "
                    f"got {width!r}."
                )
        complete = ~missing.any(axis=1)
        if not complete.any():
            raise ValueError(
                "MultimodalRBM needs training rows that have every view to train "
                "its joint layer; every row lacks at least one view."
            )
        self.view_rbms_, self.view_offset_, self.view_scale_ = [], [], []
        self.view_code_mean_ = []
        codes = []
        for v, (name, idx) in enumerate(zip(self.view_names_, self.views_)):
            present = ~missing[:, v]
            block = X[present][:, idx]
            offset, scale = self._fit_rescale(block, v)
            self.view_offset_.append(offset)
            self.view_scale_.append(scale)
            Z = self._rescale(block, v)
            gaussian = self.view_types_[v] == "gaussian"
            if self.verbose:
                print(
                    f"[MultimodalRBM] view {name!r}: {self.view_types_[v]} pathway "
                    f"with {widths[v]} hidden units on {Z.shape[0]} rows"
                )
            rbm = self._layer(
                GaussianBernoulliRBM if gaussian else BernoulliRBM,
                widths[v],
                self.learning_rate / 10 if gaussian else self.learning_rate,
                "cd" if gaussian else self.method,
                rng,
            ).fit(Z)
            code = np.zeros((X.shape[0], widths[v]))
            code[present] = rbm.transform(Z)
            self.view_rbms_.append(rbm)
            self.view_code_mean_.append(code[present].mean(axis=0))
            codes.append(code[complete])
        if self.verbose:
            print(
                f"[MultimodalRBM] joint layer: {self.n_components} hidden units on "
                f"{int(complete.sum())} rows with every view"
            )
        self.joint_rbm_ = self._layer(
            BernoulliRBM, self.n_components, self.learning_rate, self.method, rng
        ).fit(np.hstack(codes))
        self._n_features_out = self.n_components
        return self

    def transform(self, X):
        """Joint code ``P(h_joint = 1 | views)``, inferring missing views.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Data; a row may lack views (whole view blocks NaN) but not all.

        Returns
        -------
        H : ndarray of shape (n_samples, n_components)
            The joint representation.
        """
        check_is_fitted(self)
        X, _, missing = self._validate_views_data(X, reset=False, dtype=np.float64)
        _, joint = self._infer(X, missing)
        return joint

    def infer_missing(self, X):
        """Fill in missing view blocks from the present views.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Data where a missing view is a whole block of NaN.

        Returns
        -------
        X_filled : ndarray of shape (n_samples, n_features)
            A new array: ``X`` with each missing block replaced by its
            mean-field estimate (Bernoulli views: the probabilities of the
            visible units, mapped back to the units of ``X``; Gaussian views:
            the conditional means).
        """
        check_is_fitted(self)
        X, _, missing = self._validate_views_data(X, reset=False, dtype=np.float64)
        X_filled = np.array(X, dtype=np.float64, copy=True)
        codes, _ = self._infer(X, missing)
        for v, idx in enumerate(self.views_):
            rows = np.flatnonzero(missing[:, v])
            if rows.shape[0]:
                mean = self.view_rbms_[v]._mean_visibles(codes[v][rows])
                X_filled[np.ix_(rows, idx)] = self._unscale(mean, v)
        return X_filled

    def generate(self, X, view, *, random_state=None):
        """Draw one view given the others, by Gibbs sampling.

        The block of ``view`` in ``X`` is ignored (it may be NaN); the other
        views are clamped (missing ones are sampled too), ``n_inference_steps``
        Gibbs steps run in the joint layer, and the view's visible units are
        drawn given its sampled hidden units.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Data holding the conditioning views.
        view : str or int
            Name or position of the view to draw.
        random_state : int, RandomState instance or None, default=None
            Seed of the draws; ``None`` uses the estimator's ``random_state``.

        Returns
        -------
        block : ndarray of shape (n_samples, n_view_features)
            One draw of the view, in the units of ``X`` (Bernoulli views: the
            rescaled range's ends; Gaussian views: real values).
        """
        check_is_fitted(self)
        v = self._view_position(view)
        if hasattr(X, "iloc"):  # keep a DataFrame's column names for validation
            X = X.astype(np.float64)  # a copy
            X.iloc[:, self.views_[v]] = np.nan
        else:
            X = np.array(X, dtype=np.float64, copy=True)
            if X.ndim == 2 and X.shape[1] == self.n_features_in_:
                X[:, self.views_[v]] = np.nan
        X, _, missing = self._validate_views_data(X, reset=False, dtype=np.float64)
        rng = check_random_state(
            self.random_state if random_state is None else random_state
        )
        codes, _ = self._infer(X, missing, stochastic=True, rng=rng)
        rbm = self.view_rbms_[v]
        mean = rbm._mean_visibles(codes[v])
        if self.view_types_[v] == "gaussian":
            draw = mean + rng.standard_normal(mean.shape)
        else:
            draw = (rng.uniform(size=mean.shape) < mean).astype(np.float64)
        return self._unscale(draw, v)

    # -- private helpers ------------------------------------------------------

    def _layer(self, cls, n_components, learning_rate, method, rng):
        return cls(
            n_components=n_components,
            learning_rate=learning_rate,
            batch_size=self.batch_size,
            n_iter=self.n_iter,
            method=method,
            n_gibbs_steps=self.n_gibbs_steps,
            momentum=self.momentum,
            weight_decay=self.weight_decay,
            verbose=self.verbose,
            random_state=int(rng.randint(_SEED_MAX)),
        )

    def _per_view(self, value, param):
        names = self.view_names_
        if isinstance(value, Mapping):
            unknown = sorted(set(map(str, value)) - set(names))
            absent = [n for n in names if n not in value]
            if unknown or absent:
                raise ValueError(
                    f"{param} must give a value for every view {names!r}; "
                    f"unknown views {unknown!r}, views without a value {absent!r}."
                )
            return [value[n] for n in names]
        if isinstance(value, (list, tuple)):
            if len(value) != len(names):
                raise ValueError(
                    f"{param} has {len(value)} entries but there are "
                    f"{len(names)} views {names!r}."
                )
            return list(value)
        return [value] * len(names)

    def _fit_rescale(self, block, v):
        n_features = block.shape[1]
        if self.view_types_[v] == "gaussian":
            if not self.rescale:
                return np.zeros(n_features), np.ones(n_features)
            scale = block.std(axis=0)
            scale[scale == 0.0] = 1.0
            return block.mean(axis=0), scale
        if not self.rescale:
            self._check_unit_range(block, v)
            return np.zeros(n_features), np.ones(n_features)
        low, high = block.min(), block.max()
        span = high - low if high > low else 1.0
        return np.full(n_features, low), np.full(n_features, span)

    def _check_unit_range(self, block, v):
        if block.size and (block.min() < 0.0 or block.max() > 1.0):
            raise ValueError(
                f"View {self.view_names_[v]!r} is a Bernoulli view and holds "
                f"values in [{block.min():g}, {block.max():g}], but Bernoulli "
                "visible units need values in [0, 1]. Pass rescale=True (maps "
                "each view's training range to [0, 1]) or rescale the data, for "
                "instance with sklearn.preprocessing.MinMaxScaler."
            )

    def _rescale(self, block, v):
        Z = (block - self.view_offset_[v]) / self.view_scale_[v]
        if self.view_types_[v] == "bernoulli":
            if self.rescale:
                np.clip(Z, 0.0, 1.0, out=Z)
            else:
                self._check_unit_range(Z, v)
        return np.ascontiguousarray(Z)

    def _unscale(self, Z, v):
        return Z * self.view_scale_[v] + self.view_offset_[v]

    def _infer(self, X, missing, *, stochastic=False, rng=None):
        """View features (missing ones inferred) and the joint code."""
        n_samples = X.shape[0]
        codes, clamp = [], []
        for v, idx in enumerate(self.views_):
            present = ~missing[:, v]
            code = np.tile(self.view_code_mean_[v], (n_samples, 1))
            if present.any():
                Z = self._rescale(X[present][:, idx], v)
                code[present] = self.view_rbms_[v].transform(Z)
            codes.append(code)
            clamp.append(np.repeat(present[:, None], code.shape[1], axis=1))
        V = np.ascontiguousarray(np.hstack(codes))
        joint = self.joint_rbm_
        rows = np.flatnonzero(missing.any(axis=1))
        if rows.shape[0] and (self.n_inference_steps > 0 or stochastic):
            seed = int(rng.randint(_SEED_MAX)) if stochastic else 0
            V_rows, _ = gibbs_sample(
                np.ascontiguousarray(V[rows]),
                np.ascontiguousarray(np.hstack(clamp)[rows]),
                joint.components_,
                joint.intercept_visible_,
                joint.intercept_hidden_,
                max(int(self.n_inference_steps), 1 if stochastic else 0),
                False,
                stochastic,
                seed,
            )
            V[rows] = V_rows
        bounds = np.cumsum([0] + [c.shape[1] for c in codes])
        codes = [V[:, a:b] for a, b in zip(bounds[:-1], bounds[1:])]
        return codes, joint._mean_hiddens(V)
