"""A multimodal deep Boltzmann machine: per-view pathways under one joint layer.

Training is layer-wise pre-training (one RBM per view, one joint RBM over
their features, as a deep belief network) followed by joint fine-tuning of
every layer, either by modality dropout (the model's own mean-field inference
learns to fill in a dropped view) or as a deep Boltzmann machine (mean-field
data statistics, persistent chains for the model's). The jitted loops are in
:mod:`skmm._kernels._rbm`; this module validates, rescales and packs.
"""

import time
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

from .._kernels._ranking import top_k
from .._kernels._rbm import (
    dbm_epoch,
    dropout_epoch,
    multimodal_elbo,
    multimodal_gibbs,
    multimodal_log_partition,
    multimodal_mean_field,
)
from ..utils import MultiViewMixin
from ..utils._base import check_view_block
from ..utils._docstrings import views_docs
from ..utils._views import per_view
from ._rbm import _SEED_MAX, BernoulliRBM, GaussianBernoulliRBM

__all__ = ["MultimodalRBM"]

_VIEW_TYPES = ("bernoulli", "gaussian")
# default step of each fine-tuning: Adam for "dropout", momentum SGD for "dbm"
_FINE_TUNING_RATE = {"dropout": 0.01, "dbm": 0.001}
# rows of the training data on which each fine-tuning epoch is measured
_MONITOR_ROWS = 500
# annealed importance sampling behind the reported lower bound
_AIS_RUNS = 32
_AIS_BETAS = 500


@views_docs
class MultimodalRBM(
    MultiViewMixin, ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator
):
    """Joint code of several modalities: a multimodal deep Boltzmann machine.

    The classical-ML version of Srivastava and Salakhutdinov's multimodal deep
    Boltzmann machine: each view (modality) has its own pathway of hidden
    units, a :class:`BernoulliRBM` or :class:`GaussianBernoulliRBM` over that
    view, and one layer of joint hidden units sits on all pathways. The model
    is a joint distribution ``P(view_1, ..., view_k)``; its joint units given
    the data are the representation returned by :meth:`transform`, and the
    conditional distribution of a missing view given the present ones fills it
    in (:meth:`infer_missing`, its mean) or draws it (:meth:`generate`).

    Training has two stages:

    1. Layer-wise pre-training (``n_iter`` epochs per layer, CD-k or PCD):
       each pathway on the rows that have its view, then the joint layer, as
       an RBM, on the pathways' features of the rows that have every view.
    2. Joint fine-tuning of all layers together (``n_fine_tuning_iter``
       epochs), chosen by ``fine_tuning``:

       - ``"dropout"`` (default): modality dropout (Ngiam et al. 2011). Each
         training row with at least two views drops one at random; the model's
         own mean-field inference (``n_inference_steps`` steps, present views
         clamped) fills it in, and every layer is trained by back-propagation
         through those steps to bring the filled-in view close to the truth
         (squared error for Gaussian units, cross-entropy for binary ones;
         Adam steps).
       - ``"dbm"``: deep Boltzmann machine learning (Salakhutdinov and Hinton
         2009): mean-field inference gives the data-dependent statistics,
         persistent Gibbs chains the model's, and each epoch reports the
         variational lower bound on the training data's log-likelihood.

       On digit halves the first fills in a missing half with 0.57 of the
       squared error of the training means (5-nearest-neighbour imputation
       0.49, ridge regression 0.73) and the second with about 1.0, no better
       than the training means; see the Notes.

    Inference clamps the present views (a row may lack any views but one, as
    whole blocks of NaN) and runs ``n_inference_steps`` steps of mean-field
    (``inference="mean_field"``) or Gibbs sampling (``"gibbs"``) over the
    other units.

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
        Joint hidden units: the width of the joint code.
    learning_rate : float, default=0.05
        Step size of the layer-wise pre-training; Gaussian pathways use a
        tenth of it, since real-valued visible units need smaller steps.
    batch_size : int, default=10
        Rows per minibatch in pre-training.
    n_iter : int, default=10
        Pre-training epochs per layer.
    method : {"cd", "pcd"}, default="cd"
        Plain or persistent contrastive divergence for the Bernoulli layers in
        pre-training (Gaussian pathways always use CD).
    n_gibbs_steps : int, default=1
        Gibbs steps ``k`` of the pre-training's negative phase.
    momentum : float in [0, 1), default=0.5
        Momentum of the pre-training updates and of ``fine_tuning="dbm"``.
    weight_decay : float, default=1e-4
        L2 penalty on the weights, in every stage.
    fine_tuning : {"dropout", "dbm"} or None, default="dropout"
        Joint fine-tuning after pre-training (see above); None keeps the
        layer-wise model (a deep belief network, whose pathway and joint
        biases are added to form the joint model).
    n_fine_tuning_iter : int, default=50
        Fine-tuning epochs.
    fine_tuning_rate : float or "auto", default="auto"
        Step size of fine-tuning: the Adam step of ``"dropout"`` (``"auto"``:
        0.01) or the SGD step of ``"dbm"`` (``"auto"``: 0.001).
    fine_tuning_batch_size : int, default=50
        Rows per minibatch in fine-tuning (also the number of persistent
        chains of ``"dbm"``).
    inference : {"mean_field", "gibbs"}, default="mean_field"
        How :meth:`transform` and :meth:`infer_missing` reach the posterior
        means: deterministic mean-field steps, or the average over Gibbs
        steps started from the mean-field state (seeded by
        ``random_state``).
    n_inference_steps : int, default=2
        Mean-field steps of inference, and the steps that ``"dropout"``
        fine-tuning back-propagates through (the model learns to fill in
        views in this many steps: keep it when predicting); with
        ``inference="gibbs"`` and in :meth:`generate`, also the Gibbs steps
        that follow.
    rescale : bool, default=True
        Map each Bernoulli view to [0, 1] with the minimum and maximum of that
        view's block seen in ``fit`` (one pair per view, so pixels keep their
        relative intensities; later values are clipped to the range), and
        standardize each feature of a Gaussian view. With ``rescale=False``
        Bernoulli views must already lie in [0, 1] (a ValueError says so
        otherwise) and Gaussian views are used as given. :meth:`infer_missing`
        and :meth:`generate` answer in the units of ``X`` either way.
    verbose : int, default=0
        Print each pre-training layer and its per-epoch measure, then each
        fine-tuning epoch with its measure (``fine_tuning_curve_``) and time.
    random_state : int, RandomState instance or None, default=None
        Seeds every layer (through one integer each), the fine-tuning, Gibbs
        inference and :meth:`generate`.

    Attributes
    ----------
    {views_attributes}
    view_types_ : list of str
        Visible unit type of each view's pathway.
    view_rbms_ : list of BernoulliRBM or GaussianBernoulliRBM
        The pre-trained pathway of each view (on rescaled data).
    joint_rbm_ : BernoulliRBM
        The pre-trained joint layer, over the concatenated pathway features.
    view_components_ : list of ndarray of shape (n_view_components, n_view_features)
        Weights between each view's visible and pathway units, after
        fine-tuning.
    joint_components_ : ndarray of shape (n_components, sum of n_view_components)
        Weights between the pathway units (all views side by side) and the
        joint units.
    intercept_visible_ : list of ndarray
        Biases of each view's visible units (the means of Gaussian units with
        every pathway unit off).
    intercept_view_hidden_ : list of ndarray
        Biases of each view's pathway units.
    intercept_joint_ : ndarray of shape (n_components,)
        Biases of the joint units.
    view_offset_ : list of ndarray
        Subtracted from each view block before the model (minimum or mean).
    view_scale_ : list of ndarray
        Divides each view block after the offset (range or standard
        deviation).
    view_mean_ : list of ndarray
        Mean of each view on the training rows that have it, in the model's
        units: the starting value of a missing view in inference.
    fine_tuning_curve_ : ndarray of shape (n_fine_tuning_iter,)
        One measure per fine-tuning epoch, on (up to 1,000 of) the training
        rows: for ``"dropout"`` the squared error per unit of each view
        inferred from the others (model units, averaged over views; lower is
        better); for ``"dbm"`` the variational lower bound on the
        log-likelihood per row, in nats (the log-partition function estimated
        by annealed importance sampling; higher is better). Empty without
        fine-tuning.

    See Also
    --------
    BernoulliRBM : The RBM of each binary pathway and of the joint layer.
    GaussianBernoulliRBM : The RBM of each real-valued pathway.
    CCA : A coordinated (not joint) representation of two views.
    skmm.translation.CrossModalRetriever : Retrieval in a coordinated space.

    Notes
    -----
    The joint model's energy, for views ``m`` with visible units ``v_m``,
    pathway units ``h_m`` and joint units ``j``, is

    ``sum_m [||v_m - b_m||^2 / 2 (Gaussian) or -b_m.v_m (binary)
    - h_m.W_m.v_m - c_m.h_m - h_m.U_m.j] - d.j``.

    Choice of the fine-tuning, measured on digit halves (scikit-learn's digits,
    70/30 split, right half filled in from the left; squared error relative to
    the training means; pathways of 64 units, 256 joint units, 30 pre-training
    epochs, 3 seeds, ``benchmarks/bench_rbm.py``): the layer-wise model alone
    0.90-1.06; modality dropout 0.565-0.584; deep Boltzmann machine
    fine-tuning (mean-field, persistent chains, 10 inference steps)
    1.02-1.05, and 1.0-1.5 in trials over step sizes, momentum and epochs,
    by mean-field or by averaging Gibbs samples alike. A generative model
    fitted by (approximate) maximum likelihood on 1,257 rows spends its
    capacity on the whole joint density, whereas the dropout objective is the
    conditional fill-in itself; the default follows the measurement. With
    ``"dropout"``, keep ``inference="mean_field"``: that inference is what
    training shapes, while Gibbs sampling drifts towards the model's
    equilibrium (0.79 on the same split); ``"gibbs"`` suits ``"dbm"``.

    Retrieval by generation on the same split (a left half queries the 540
    right halves by :meth:`similarity`) reaches recall@10 0.30, comparing
    joint codes (:meth:`transform_view`) 0.33, CCA in
    :class:`~skmm.translation.CrossModalRetriever` 0.42; chance is 0.02.

    References
    ----------
    .. [1] N. Srivastava, R. Salakhutdinov, "Multimodal learning with deep
       Boltzmann machines," NIPS 2012.
    .. [2] J. Ngiam, A. Khosla, M. Kim, J. Nam, H. Lee, A. Y. Ng, "Multimodal
       deep learning," ICML 2011.
    .. [3] R. Salakhutdinov, G. Hinton, "Deep Boltzmann machines," AISTATS
       2009.
    .. [4] R. Salakhutdinov, I. Murray, "On the quantitative analysis of deep
       belief networks," ICML 2008 (annealed importance sampling).
    .. [5] G. E. Hinton, "A practical guide to training restricted Boltzmann
       machines," UTML TR 2010-003, 2010.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.datasets import load_digit_halves
    >>> from skmm.representation import MultimodalRBM
    >>> X, y, views = load_digit_halves()
    >>> model = MultimodalRBM(views=views, n_view_components=16, n_components=16,
    ...                       n_iter=2, n_fine_tuning_iter=2,
    ...                       random_state=0).fit(X[:200])
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
        "fine_tuning": [StrOptions({"dropout", "dbm"}), None],
        "n_fine_tuning_iter": [Interval(Integral, 0, None, closed="left")],
        "fine_tuning_batch_size": [Interval(Integral, 1, None, closed="left")],
        "fine_tuning_rate": [
            Interval(Real, 0, None, closed="neither"),
            StrOptions({"auto"}),
        ],
        "inference": [StrOptions({"mean_field", "gibbs"})],
        "n_inference_steps": [Interval(Integral, 1, None, closed="left")],
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
        fine_tuning="dropout",
        n_fine_tuning_iter=50,
        fine_tuning_rate="auto",
        fine_tuning_batch_size=50,
        inference="mean_field",
        n_inference_steps=2,
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
        self.fine_tuning = fine_tuning
        self.n_fine_tuning_iter = n_fine_tuning_iter
        self.fine_tuning_rate = fine_tuning_rate
        self.fine_tuning_batch_size = fine_tuning_batch_size
        self.inference = inference
        self.n_inference_steps = n_inference_steps
        self.rescale = rescale
        self.verbose = verbose
        self.random_state = random_state

    # -- public API -----------------------------------------------------------

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Pre-train the layers one by one, then fine-tune them jointly.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Training data; a row may lack views (whole view blocks NaN), but
            not all. Each pathway pre-trains on the rows that have its view,
            the joint layer on the rows that have every view; fine-tuning uses
            every row (``"dbm"``) or the rows with at least two views
            (``"dropout"``). float32 data gives a float32 model.
        y : None
            Ignored.

        Returns
        -------
        self : object
            The fitted model.
        """
        self._reject_second_view(y)
        X, _, missing = self._validate_views_data(
            X, reset=True, dtype=(np.float64, np.float32)
        )
        rng = check_random_state(self.random_state)
        self.view_types_ = per_view(self.view_types, "view_types", self.view_names_)
        for name, kind in zip(self.view_names_, self.view_types_):
            if kind not in _VIEW_TYPES:
                raise ValueError(
                    f"view_types for view {name!r} must be 'bernoulli' or "
                    f"'gaussian'; got {kind!r}."
                )
        widths = per_view(self.n_view_components, "n_view_components", self.view_names_)
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
        self._pretrain(X, missing, complete, widths, rng)
        self._compose()
        Z, present = self._model_units(X, missing)
        self.view_mean_ = []
        for v, (a, b) in enumerate(self._bounds()):
            rows = present[:, v]
            self.view_mean_.append(Z[rows, a:b].mean(axis=0))
        self.fine_tuning_curve_ = np.zeros(0)
        if self.fine_tuning is not None and self.n_fine_tuning_iter > 0:
            self._fine_tune(Z, present, rng)
        self._n_features_out = self.n_components
        return self

    def transform(self, X):
        """Joint code ``E[j | present views]``, inferring missing views.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Data; a row may lack views (whole view blocks NaN) but not all.

        Returns
        -------
        J : ndarray of shape (n_samples, n_components)
            Posterior means of the joint units: the joint representation.
        """
        check_is_fitted(self)
        X, _, missing = self._validate_views_data(X, reset=False, dtype=self._dtype())
        _, J = self._infer(*self._model_units(X, missing))
        return J

    def transform_view(self, X_view, view):
        """Joint code of rows that hold one view only.

        The other views are missing (inferred), as in :meth:`transform` of
        rows whose other blocks are NaN. With this method the model serves as
        the ``embedding`` of :class:`~skmm.translation.CrossModalRetriever`:
        a query from one view and gallery items from another are compared by
        their joint codes.

        Parameters
        ----------
        X_view : array-like of shape (n_samples, n_features_of_view)
            Only the columns of that view, in the order of ``views_[view]``.
        view : str or int
            A name from ``view_names_`` or an index into it.

        Returns
        -------
        J : ndarray of shape (n_samples, n_components)
            Joint codes.
        """
        check_is_fitted(self)
        v = self._view_position(view)
        return self.transform(self._embed_view(X_view, v, "X_view"))

    def infer_missing(self, X):
        """Fill in missing view blocks with their posterior means.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            Data where a missing view is a whole block of NaN.

        Returns
        -------
        X_filled : ndarray of shape (n_samples, n_features)
            A new array: ``X`` with each missing block replaced by the
            posterior mean of its visible units given the present views
            (mean-field or Gibbs estimate, see ``inference``), in the units of
            ``X``; present blocks are unchanged.
        """
        check_is_fitted(self)
        X, _, missing = self._validate_views_data(X, reset=False, dtype=self._dtype())
        X_filled = np.array(X, copy=True)
        V, _ = self._infer(*self._model_units(X, missing))
        for v, (idx, (a, b)) in enumerate(zip(self.views_, self._bounds())):
            rows = np.flatnonzero(missing[:, v])
            if rows.shape[0]:
                X_filled[np.ix_(rows, idx)] = self._unscale(V[rows, a:b], v)
        return X_filled

    def generate(self, X, view, *, random_state=None):
        """Draw one view given the others from the model.

        The block of ``view`` in ``X`` is ignored (it may be NaN); the other
        views are clamped (missing ones are sampled too). Sampling starts
        from the mean-field state, runs ``n_inference_steps`` Gibbs steps
        over the unclamped units and returns the last draw of the view.

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
            ends of the rescaled range; Gaussian views: real values).
        """
        check_is_fitted(self)
        v = self._view_position(view)
        X = self._without_view(X, v)
        X, _, missing = self._validate_views_data(X, reset=False, dtype=self._dtype())
        rng = check_random_state(
            self.random_state if random_state is None else random_state
        )
        V0, present = self._model_units(X, missing)
        args = self._kernel_args()
        V, H, _ = multimodal_mean_field(V0, present, *args, self.n_inference_steps)
        draw, _, _ = multimodal_gibbs(
            V,
            H,
            present,
            *args,
            self.n_inference_steps,
            0,
            int(rng.randint(_SEED_MAX)),
        )
        a, b = self._bounds()[v]
        return self._unscale(draw[:, a:b], v)

    def similarity(self, query, gallery, *, query_view=0, gallery_view=1):
        """Closeness of real gallery items to the features generated from queries.

        Retrieval by generation (Srivastava and Salakhutdinov, 2012): each
        query (one view alone) generates the gallery view, the posterior mean
        of :meth:`infer_missing`, which is compared with every real gallery
        item of that view in the model's units (standardized for Gaussian
        views, [0, 1] for Bernoulli views).

        Parameters
        ----------
        query : array-like of shape (n_queries, n_features_of_query_view)
            Only the columns of the query view.
        gallery : array-like of shape (n_gallery, n_features_of_gallery_view)
            Only the columns of the gallery view.
        query_view, gallery_view : int or str, default=0 and 1
            Views of ``query`` and ``gallery``.

        Returns
        -------
        S : ndarray of shape (n_queries, n_gallery)
            Negative squared Euclidean distances: larger is a better match.
            Feed it to :func:`skmm.translation.recall_at_k` and the other
            retrieval metrics.
        """
        check_is_fitted(self)
        q = self._view_position(query_view, param="query_view")
        g = self._view_position(gallery_view, param="gallery_view")
        if q == g:
            raise ValueError(
                f"query_view and gallery_view are both {self.view_names_[q]!r}; "
                "retrieval by generation needs two different views."
            )
        X = self._embed_view(query, q, "query")
        G = self._embed_view(gallery, g, "gallery")
        X, _, missing = self._validate_views_data(X, reset=False, dtype=self._dtype())
        G, _, _ = self._validate_views_data(G, reset=False, dtype=self._dtype())
        V, _ = self._infer(*self._model_units(X, missing))
        a, b = self._bounds()[g]
        generated = V[:, a:b]
        real = self._rescale(G[:, self.views_[g]], g)
        S = generated @ real.T
        S *= 2.0
        S -= np.sum(generated * generated, axis=1)[:, None]
        S -= np.sum(real * real, axis=1)[None, :]
        return S

    def retrieve(self, query, gallery, *, query_view=0, gallery_view=1, n_neighbors=10):
        """The gallery items nearest to the features generated from each query.

        Parameters
        ----------
        query : array-like of shape (n_queries, n_features_of_query_view)
            Only the columns of the query view.
        gallery : array-like of shape (n_gallery, n_features_of_gallery_view)
            Only the columns of the gallery view.
        query_view, gallery_view : int or str, default=0 and 1
            Views of ``query`` and ``gallery``.
        n_neighbors : int, default=10
            Matches per query (at most the gallery size).

        Returns
        -------
        indices : ndarray of int of shape (n_queries, n_neighbors)
            Gallery row indices, best match first.
        scores : ndarray of shape (n_queries, n_neighbors)
            Their similarities (see :meth:`similarity`).
        """
        S = self.similarity(
            query, gallery, query_view=query_view, gallery_view=gallery_view
        )
        if not isinstance(n_neighbors, Integral) or isinstance(n_neighbors, bool):
            raise TypeError(f"n_neighbors must be an int; got {n_neighbors!r}.")
        if not 1 <= n_neighbors <= S.shape[1]:
            raise ValueError(
                f"n_neighbors={n_neighbors} must lie between 1 and the gallery "
                f"size {S.shape[1]}."
            )
        return top_k(np.ascontiguousarray(S, dtype=np.float64), int(n_neighbors))

    # -- training -------------------------------------------------------------

    def _pretrain(self, X, missing, complete, widths, rng):
        self.view_rbms_, self.view_offset_, self.view_scale_ = [], [], []
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
            code = np.zeros((X.shape[0], widths[v]), dtype=X.dtype)
            code[present] = rbm.transform(Z)
            self.view_rbms_.append(rbm)
            codes.append(code[complete])
        if self.verbose:
            print(
                f"[MultimodalRBM] joint layer: {self.n_components} hidden units on "
                f"{int(complete.sum())} rows with every view"
            )
        self.joint_rbm_ = self._layer(
            BernoulliRBM, self.n_components, self.learning_rate, self.method, rng
        ).fit(np.hstack(codes))

    def _compose(self):
        """The joint model from the pre-trained layers (a DBN's parameters)."""
        joint = self.joint_rbm_
        self.view_components_ = [r.components_.copy() for r in self.view_rbms_]
        self.intercept_visible_ = [r.intercept_visible_.copy() for r in self.view_rbms_]
        # a pathway unit's bias from its own RBM plus its bias as a visible
        # unit of the joint RBM
        self.intercept_view_hidden_ = []
        start = 0
        for r in self.view_rbms_:
            stop = start + r.n_components
            self.intercept_view_hidden_.append(
                r.intercept_hidden_ + joint.intercept_visible_[start:stop]
            )
            start = stop
        self.joint_components_ = joint.components_.copy()
        self.intercept_joint_ = joint.intercept_hidden_.copy()

    def _fine_tune(self, Z, present, rng):
        theta = self._theta()
        vo, ho, gaussian, n_joint = self._layout()
        n_rows = Z.shape[0]
        step = self.fine_tuning_rate
        if step == "auto":
            step = _FINE_TUNING_RATE[self.fine_tuning]
        start = np.concatenate(self.view_mean_).astype(Z.dtype)
        monitor = np.sort(rng.permutation(n_rows)[: min(n_rows, _MONITOR_ROWS)])
        if self.fine_tuning == "dropout":
            adam_m = np.zeros_like(theta)
            adam_v = np.zeros_like(theta)
            n_updates = 0
            n_present = present.sum(axis=1)
            name = "fill-in error"
        else:
            velocity = np.zeros_like(theta)
            seeds = rng.randint(_SEED_MAX, size=2)
            chains = self._initial_chains(Z, present, theta, seeds[0])
            ais_seed = int(seeds[1])  # the same draws every epoch
            monitor = monitor[present[monitor].all(axis=1)]
            name = "variational lower bound"
        curve = []
        begin = time.perf_counter()
        for epoch in range(1, self.n_fine_tuning_iter + 1):
            order = rng.permutation(n_rows)
            if self.fine_tuning == "dropout":
                drop = self._draw_drops(present[order], n_present[order], rng)
                _, n_updates = dropout_epoch(
                    Z,
                    start,
                    present,
                    order,
                    drop,
                    theta,
                    adam_m,
                    adam_v,
                    n_updates,
                    vo,
                    ho,
                    gaussian,
                    n_joint,
                    int(self.n_inference_steps),
                    int(self.fine_tuning_batch_size),
                    float(step),
                    float(self.weight_decay),
                )
                value = self._fill_in_error(Z[monitor], present[monitor], theta)
            else:
                dbm_epoch(
                    Z,
                    start,
                    present,
                    order,
                    theta,
                    velocity,
                    chains,
                    vo,
                    ho,
                    gaussian,
                    n_joint,
                    int(self.n_inference_steps),
                    int(self.fine_tuning_batch_size),
                    float(step),
                    float(self.momentum),
                    float(self.weight_decay),
                    int(rng.randint(_SEED_MAX)),
                )
                value = self._lower_bound(Z[monitor], theta, ais_seed)
            if not (np.isfinite(value) and np.isfinite(theta).all()):
                raise FloatingPointError(
                    f"MultimodalRBM fine-tuning diverged at epoch {epoch} (its "
                    f"{name} is {value}); lower fine_tuning_rate (now {step})."
                )
            curve.append(value)
            if self.verbose:
                end = time.perf_counter()
                print(
                    f"[MultimodalRBM] Fine-tuning iteration {epoch}, {name} = "
                    f"{value:.4f}, time = {end - begin:.2f}s"
                )
                begin = end
        self._set_theta(theta)
        self.fine_tuning_curve_ = np.asarray(curve)

    def _draw_drops(self, present, n_present, rng):
        """For each row, a present view to drop, or -1 (fewer than two views)."""
        n_rows, n_views = present.shape
        # the k-th present view of each row, k uniform among its present views
        k = np.floor(rng.uniform(size=n_rows) * n_present).astype(np.int64)
        rank = np.cumsum(present, axis=1) - 1
        chosen = present & (rank == k[:, None])
        drop = np.where(n_present >= 2, chosen.argmax(axis=1), -1)
        return drop.astype(np.int64)

    def _initial_chains(self, Z, present, theta, seed):
        """Persistent chains of ``"dbm"``: pathway states of training rows."""
        rs = np.random.RandomState(seed)
        rows = rs.randint(Z.shape[0], size=self.fine_tuning_batch_size)
        V0, clamp = self._start_values(Z[rows], present[rows])
        _, H, _ = multimodal_mean_field(
            V0, clamp, theta, *self._layout(), self.n_inference_steps
        )
        return np.ascontiguousarray((rs.uniform(size=H.shape) < H).astype(Z.dtype))

    def _fill_in_error(self, Z, present, theta):
        """Squared error per unit of each view inferred from the others."""
        vo, ho, gaussian, n_joint = self._layout()
        total, count = 0.0, 0
        for v in range(self.n_views_):
            rows = present[:, v] & (present.sum(axis=1) >= 2)
            if not rows.any():
                continue
            clamp = present[rows].copy()
            clamp[:, v] = False
            V0, _ = self._start_values(Z[rows], clamp)
            V, _, _ = multimodal_mean_field(
                V0, clamp, theta, vo, ho, gaussian, n_joint, self.n_inference_steps
            )
            a, b = vo[v], vo[v + 1]
            total += float(np.sum((V[:, a:b] - Z[rows, a:b]) ** 2, dtype=np.float64))
            count += int(rows.sum()) * (b - a)
        return total / max(count, 1)

    def _lower_bound(self, Z, theta, seed):
        """Mean variational lower bound of ``log p(v)`` over complete rows."""
        vo, ho, gaussian, n_joint = self._layout()
        clamp = np.ones((Z.shape[0], self.n_views_), dtype=bool)
        V, H, J = multimodal_mean_field(
            Z, clamp, theta, vo, ho, gaussian, n_joint, self.n_inference_steps
        )
        elbo = multimodal_elbo(V, H, J, theta, vo, ho, gaussian, n_joint)
        log_z, _ = multimodal_log_partition(
            theta,
            vo,
            ho,
            gaussian,
            n_joint,
            np.linspace(0.0, 1.0, _AIS_BETAS),
            _AIS_RUNS,
            seed,
        )
        return float(elbo.mean() - log_z)

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

    # -- the packed model -----------------------------------------------------

    def _dtype(self):
        return self.view_components_[0].dtype

    def _bounds(self):
        """Column range of each view in the model's side-by-side layout."""
        stops = np.cumsum([idx.shape[0] for idx in self.views_])
        return list(zip(np.r_[0, stops[:-1]], stops))

    def _layout(self):
        vo = np.r_[0, np.cumsum([idx.shape[0] for idx in self.views_])]
        ho = np.r_[0, np.cumsum([W.shape[0] for W in self.view_components_])]
        gaussian = np.array([t == "gaussian" for t in self.view_types_])
        return vo.astype(np.int64), ho.astype(np.int64), gaussian, self.n_components

    def _theta(self):
        parts = [W.ravel() for W in self.view_components_]
        parts += self.intercept_visible_ + self.intercept_view_hidden_
        parts += [self.joint_components_.T.ravel(), self.intercept_joint_]
        return np.ascontiguousarray(np.concatenate(parts), dtype=self._dtype())

    def _set_theta(self, theta):
        o = 0
        for v, W in enumerate(self.view_components_):
            self.view_components_[v] = theta[o : o + W.size].reshape(W.shape).copy()
            o += W.size
        for v, b in enumerate(self.intercept_visible_):
            self.intercept_visible_[v] = theta[o : o + b.size].copy()
            o += b.size
        for v, c in enumerate(self.intercept_view_hidden_):
            self.intercept_view_hidden_[v] = theta[o : o + c.size].copy()
            o += c.size
        n_hidden = self.joint_components_.shape[1]
        U = theta[o : o + n_hidden * self.n_components]
        self.joint_components_ = U.reshape(n_hidden, self.n_components).T.copy()
        o += U.size
        self.intercept_joint_ = theta[o : o + self.n_components].copy()

    def _kernel_args(self):
        return (self._theta(), *self._layout())

    def _start_values(self, Z, clamp):
        """``Z`` with every unclamped view at its training mean (a new array)."""
        V0 = np.array(Z, copy=True)
        for v, (a, b) in enumerate(self._bounds()):
            rows = ~clamp[:, v]
            V0[rows, a:b] = self.view_mean_[v]
        return V0, np.ascontiguousarray(clamp)

    def _model_units(self, X, missing):
        """Validated ``X`` in the model's units and layout, and the present views."""
        blocks = []
        for v, idx in enumerate(self.views_):
            block = X[:, idx]
            rows = ~missing[:, v]
            out = np.zeros(block.shape, dtype=X.dtype)
            if rows.any():
                out[rows] = self._rescale(block[rows], v)
            blocks.append(out)
        Z = np.ascontiguousarray(np.hstack(blocks))
        present = np.ascontiguousarray(~missing)
        if hasattr(self, "view_mean_"):
            Z, present = self._start_values(Z, present)
        return Z, present

    def _infer(self, V0, present):
        """Posterior means of the visible units (model units) and joint units."""
        args = self._kernel_args()
        V, H, J = multimodal_mean_field(V0, present, *args, self.n_inference_steps)
        if self.inference == "gibbs":
            seed = int(check_random_state(self.random_state).randint(_SEED_MAX))
            _, V, J = multimodal_gibbs(
                V, H, present, *args, self.n_inference_steps, 0, seed
            )
        return V, J

    # -- views and units --------------------------------------------------------

    def _embed_view(self, X_view, v, input_name):
        """A full-width array holding ``X_view`` in view ``v``, NaN elsewhere."""
        block = check_view_block(
            self, X_view, v, input_name=input_name, dtype=(np.float64, np.float32)
        )
        X = np.full((block.shape[0], self.n_features_in_), np.nan, dtype=block.dtype)
        X[:, self.views_[v]] = block
        return X

    def _without_view(self, X, v):
        """A copy of ``X`` with view ``v`` marked missing (a DataFrame stays one)."""
        if hasattr(X, "iloc"):  # keep a DataFrame's column names for validation
            X = X.astype(self._dtype())  # a copy
            X.iloc[:, self.views_[v]] = np.nan
            return X
        X = np.array(X, copy=True)
        if X.dtype.kind not in "fc":
            X = X.astype(self._dtype())
        if X.ndim == 2 and X.shape[1] == self.n_features_in_:
            X[:, self.views_[v]] = np.nan
        return X

    def _fit_rescale(self, block, v):
        n_features = block.shape[1]
        dtype = block.dtype
        if self.view_types_[v] == "gaussian":
            if not self.rescale:
                return np.zeros(n_features, dtype), np.ones(n_features, dtype)
            scale = block.std(axis=0)
            scale[scale == 0.0] = 1.0
            return block.mean(axis=0), scale
        if not self.rescale:
            self._check_unit_range(block, v)
            return np.zeros(n_features, dtype), np.ones(n_features, dtype)
        low, high = block.min(), block.max()
        span = high - low if high > low else 1.0
        return np.full(n_features, low, dtype), np.full(n_features, span, dtype)

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

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags
