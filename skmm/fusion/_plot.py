"""Display of a fusion: the weight each modality got and how good it is alone."""

import numpy as np
from sklearn.metrics import accuracy_score, r2_score
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import check_is_fitted

from ..utils._plot import (
    axes_and_figure,
    check_ax_kwargs,
    check_estimator_type,
    check_matplotlib,
)
from ._base import _renormalise
from ._late import _EPS, LateFusionClassifier, LateFusionRegressor
from ._stacking import StackingFusionClassifier, StackingFusionRegressor

__all__ = ["ViewWeightsDisplay"]

_FUSERS = (
    LateFusionClassifier,
    LateFusionRegressor,
    StackingFusionClassifier,
    StackingFusionRegressor,
)
_SCORERS = {"accuracy": accuracy_score, "r2": r2_score}


def _row_weights(estimator, X):
    """Weight of each view in each row of ``X``, as the fuser's ``predict`` uses.

    Late fusion only: missing views get 0 and the others are renormalised;
    confidence weights multiply the view weights by each row's confidence
    (classifiers) or divide them by its predictive variance (regressors).
    """
    blocks, missing = estimator._validate_predict_data(X)
    if isinstance(estimator, LateFusionClassifier):
        if estimator._uses_proba():
            P = estimator._view_probas(blocks, missing)
            return estimator._row_weights(P, missing)
        return _renormalise(
            np.broadcast_to(estimator.view_weights_, missing.shape), missing
        )
    W = np.broadcast_to(estimator.view_weights_, missing.shape).copy()
    if estimator._weights_mode() == "confidence":
        for v, (est, b) in enumerate(zip(estimator.estimators_, blocks)):
            r = np.flatnonzero(~missing[:, v])
            if r.shape[0]:
                _, std = est.predict(b[r], return_std=True)
                W[r, v] /= np.maximum(np.asarray(std, dtype=float) ** 2, _EPS)
    return _renormalise(W, missing)


def _view_scores_on(estimator, X, y):
    """Score of each view's own estimator on the rows of ``X`` where it is present."""
    blocks, missing = estimator._validate_predict_data(X)
    y = np.asarray(y)
    if y.ndim != 1 or y.shape[0] != missing.shape[0]:
        raise ValueError(
            f"y must be 1-D with one entry per row of X ({missing.shape[0]}); got "
            f"shape {y.shape}."
        )
    is_classifier = hasattr(estimator, "classes_")
    scores = np.full(len(blocks), np.nan)
    for v, (est, b) in enumerate(zip(estimator.estimators_, blocks)):
        r = np.flatnonzero(~missing[:, v])
        if not r.shape[0]:
            continue
        pred = est.predict(b[r])
        if is_classifier:  # per-view estimators are fitted on encoded labels
            pred = estimator.classes_[np.asarray(pred).astype(int)]
            scores[v] = accuracy_score(y[r], pred)
        else:
            scores[v] = r2_score(y[r], pred)
    return scores


def _check_vector(values, n_views, name):
    if values is None:
        return None
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 1 or values.shape[0] != n_views:
        raise ValueError(
            f"{name} must hold one number per view ({n_views}); got shape "
            f"{values.shape}."
        )
    return values


def _check_row_weights(row_weights, n_views):
    if row_weights is None:
        return None
    W = np.asarray(row_weights, dtype=np.float64)
    if W.ndim != 2 or W.shape[1] != n_views or W.shape[0] == 0:
        raise ValueError(
            f"row_weights must have shape (n_samples, {n_views}): one weight per "
            f"row and view; got shape {W.shape}."
        )
    if not np.isfinite(W).all():
        raise ValueError("row_weights contains NaN or infinity.")
    return W


class ViewWeightsDisplay:
    """How much a fusion trusts each modality, and how good each is alone.

    The left panel has two bars per view: the weight the fuser gives it
    (``view_weights_``, summing to one) and the score of that view's own model
    alone (out of fold from ``fit``, or on data you pass). A useless modality
    shows a low score and, when the weights are learned, a weight near zero.
    When the weights vary from row to row (confidence weights, or a modality
    missing in some rows), the right panel shows their distribution per view:
    a box and the rows as points.

    Create it with :meth:`from_estimator` (a fitted
    :class:`~skmm.fusion.LateFusionClassifier`, ``LateFusionRegressor``,
    ``StackingFusionClassifier`` or ``StackingFusionRegressor``) or
    :meth:`from_predictions` (the truth and each view's predictions). All
    parameters are stored as attributes.

    Read more in the :ref:`User Guide <visualising>`.

    Parameters
    ----------
    view_names : list of str
        Names of the views.
    view_weights : ndarray of shape (n_views,) or None
        Weight of each view (None: not drawn, as for a stacking fuser whose
        final estimator has no coefficients).
    view_scores : ndarray of shape (n_views,) or None
        Score of each view alone (None: not drawn).
    row_weights : ndarray of shape (n_samples, n_views), default=None
        Weight of each view in each row (None: no right panel).
    score_name : str, default="score"
        Label of the scores.

    Attributes
    ----------
    weight_bars_, score_bars_ : matplotlib BarContainer or None
        The bars of the weights and of the scores.
    boxes_ : dict or None
        What ``boxplot`` returned for the row weights.
    points_ : list of matplotlib PathCollection or None
        The rows' weights, one collection per view.
    ax_ : matplotlib Axes
        Axes of the bars.
    ax_rows_ : matplotlib Axes or None
        Axes of the row weights.
    figure_ : matplotlib Figure
        Figure holding the axes.

    See Also
    --------
    LateFusionClassifier : Weights learned or set by confidence.
    StackingFusionClassifier : Weights read from the final estimator.

    Examples
    --------
    >>> from skmm.datasets import make_multiview_classification
    >>> from skmm.fusion import LateFusionClassifier, ViewWeightsDisplay
    >>> X, y, views = make_multiview_classification(
    ...     n_samples=300, informativeness=(1.0, 0.5, 0.0), random_state=0)
    >>> clf = LateFusionClassifier(views=views, weights="confidence", cv=3)
    >>> clf = clf.fit(X[:200], y[:200])
    >>> display = ViewWeightsDisplay.from_estimator(clf, X[200:], y[200:])
    >>> display.row_weights.shape, display.score_name
    ((100, 3), 'accuracy on the data given')
    """

    def __init__(
        self,
        *,
        view_names,
        view_weights,
        view_scores,
        row_weights=None,
        score_name="score",
    ):
        self.view_names = view_names
        self.view_weights = view_weights
        self.view_scores = view_scores
        self.row_weights = row_weights
        self.score_name = score_name

    def plot(self, ax=None, *, bar_kwargs=None, point_kwargs=None):
        """Draw the bars, and the row weights when known.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes of the bars; the row weights, when known, take a panel on
            its right. None: a new figure.
        bar_kwargs : dict, default=None
            Keyword arguments of both ``bar`` calls.
        point_kwargs : dict, default=None
            Keyword arguments of the rows' ``scatter`` calls.

        Returns
        -------
        display : ViewWeightsDisplay
            The display, with the artists as attributes.
        """
        caller = f"{type(self).__name__}.plot"
        check_matplotlib(caller)
        names = [str(v) for v in self.view_names]
        n_views = len(names)
        weights = _check_vector(self.view_weights, n_views, "view_weights")
        scores = _check_vector(self.view_scores, n_views, "view_scores")
        rows = _check_row_weights(self.row_weights, n_views)
        if weights is None and scores is None and rows is None:
            raise ValueError(
                "Nothing to draw: view_weights, view_scores and row_weights are "
                "all None."
            )
        width = (5.0 if rows is None else 9.0, 3.4)
        ax, fig = axes_and_figure(ax, caller, figsize=width)
        positions = np.arange(n_views)
        bar = {"width": 0.38}
        bar.update(check_ax_kwargs(bar_kwargs, "bar_kwargs"))
        both = weights is not None and scores is not None
        shift = bar["width"] / 2 if both else 0.0
        self.weight_bars_ = self.score_bars_ = None
        low = 0.0
        if weights is not None:
            self.weight_bars_ = ax.bar(
                positions - shift, weights, label="weight", color="C0", **bar
            )
            ax.bar_label(self.weight_bars_, fmt="%.2f", fontsize="x-small")
        if scores is not None:
            shown = np.nan_to_num(scores, nan=0.0)
            self.score_bars_ = ax.bar(
                positions + shift, shown, label=self.score_name, color="C1", **bar
            )
            ax.bar_label(self.score_bars_, fmt="%.2f", fontsize="x-small")
            low = min(low, float(shown.min()))
        ax.set_xticks(positions, names)
        ax.set_ylim(low - 0.05 if low < 0 else 0.0, 1.3)
        ax.set_yticks([t for t in ax.get_yticks() if low - 0.05 <= t <= 1.0])
        ax.axhline(0.0, color="0.5", lw=0.8)
        ax.legend(loc="upper center", fontsize="small", ncol=2, frameon=False)
        ax.set_title("view weights and scores", fontsize="medium")
        self.ax_rows_ = self.boxes_ = self.points_ = None
        if rows is not None:
            if weights is None and scores is None:
                ax_rows = ax
            else:
                from mpl_toolkits.axes_grid1 import make_axes_locatable

                ax_rows = make_axes_locatable(ax).append_axes(
                    "right", size="100%", pad=0.6
                )
            self.boxes_ = ax_rows.boxplot(
                [rows[:, v] for v in range(n_views)],
                positions=positions,
                widths=0.5,
                showfliers=False,
            )
            rng = np.random.default_rng(0)  # fixed jitter: the same picture each time
            scatter = {"s": 6, "alpha": 0.5}
            scatter.update(check_ax_kwargs(point_kwargs, "point_kwargs"))
            self.points_ = [
                ax_rows.scatter(
                    v + rng.uniform(-0.15, 0.15, rows.shape[0]),
                    rows[:, v],
                    color=f"C{v % 10}",
                    **scatter,
                )
                for v in range(n_views)
            ]
            ax_rows.set_xticks(positions, names)
            ax_rows.set_ylim(-0.05, 1.05)
            ax_rows.set_title(
                f"weight in each of {rows.shape[0]} rows", fontsize="medium"
            )
            self.ax_rows_ = ax_rows
        self.ax_ = ax
        self.figure_ = fig
        return self

    # scikit-learn's Display convention: from_predictions and from_estimator
    # take plot's keyword arguments (and describe them) and end in plot()
    @classmethod
    def from_predictions(
        cls,
        y_true,
        view_predictions,
        *,
        view_weights=None,
        row_weights=None,
        scoring=None,
        ax=None,
        bar_kwargs=None,
        point_kwargs=None,
    ):
        """Draw each view's score from its predictions, beside given weights.

        Parameters
        ----------
        y_true : array-like of shape (n_samples,)
            True labels or values.
        view_predictions : dict or list of array-like of shape (n_samples,)
            Predictions of each view's model alone: a dict view name ->
            predictions, or a list (views named ``"view0"``, ``"view1"``, ...).
        view_weights : array-like of shape (n_views,), default=None
            Weight of each view in the fusion.
        row_weights : array-like of shape (n_samples, n_views), default=None
            Weight of each view in each row.
        scoring : {"accuracy", "r2"}, default=None
            How a view's predictions are scored. None: accuracy for class
            labels (a binary or multiclass ``y_true``), R² otherwise.
        ax : matplotlib Axes, default=None
            Axes of the bars. None: a new figure.
        bar_kwargs, point_kwargs : dict, default=None
            Keyword arguments of the bars and of the rows' points.

        Returns
        -------
        display : ViewWeightsDisplay
            The drawn display.
        """
        check_matplotlib(f"{cls.__name__}.from_predictions")
        if isinstance(view_predictions, dict):
            names = [str(k) for k in view_predictions]
            preds = list(view_predictions.values())
        elif isinstance(view_predictions, (list, tuple)):
            names = [f"view{i}" for i in range(len(view_predictions))]
            preds = list(view_predictions)
        else:
            raise TypeError(
                "view_predictions must be a dict view name -> predictions or a "
                f"list of predictions; got {type(view_predictions).__name__}."
            )
        if not preds:
            raise ValueError("view_predictions is empty.")
        y_true = np.asarray(y_true)
        if y_true.ndim != 1:
            raise ValueError(f"y_true must be 1-D; got shape {y_true.shape}.")
        if scoring is None:
            kind = type_of_target(y_true)
            scoring = "accuracy" if kind in ("binary", "multiclass") else "r2"
        if scoring not in _SCORERS:
            raise ValueError(
                f"scoring must be one of {sorted(_SCORERS)} or None; got {scoring!r}."
            )
        scores = []
        for name, pred in zip(names, preds):
            pred = np.asarray(pred)
            if pred.shape != y_true.shape:
                raise ValueError(
                    f"The predictions of view {name!r} have shape {pred.shape}; "
                    f"y_true has shape {y_true.shape}."
                )
            scores.append(_SCORERS[scoring](y_true, pred))
        display = cls(
            view_names=names,
            view_weights=_check_vector(view_weights, len(names), "view_weights"),
            view_scores=np.asarray(scores, dtype=np.float64),
            row_weights=_check_row_weights(row_weights, len(names)),
            score_name=(
                "accuracy on the data given"
                if scoring == "accuracy"
                else "R² on the data given"
            ),
        )
        return display.plot(ax, bar_kwargs=bar_kwargs, point_kwargs=point_kwargs)

    @classmethod
    def from_estimator(
        cls,
        estimator,
        X=None,
        y=None,
        *,
        ax=None,
        bar_kwargs=None,
        point_kwargs=None,
    ):
        """Draw the weights of a fitted fuser and the scores of its views.

        Parameters
        ----------
        estimator : LateFusionClassifier, LateFusionRegressor, \
                StackingFusionClassifier or StackingFusionRegressor
            A fitted fuser.
        X : array-like or DataFrame of shape (n_samples, n_features), \
                default=None
            Multi-view data (a view all NaN in a row is missing there). For a
            late fuser, the right panel shows the weight of each view in each
            row as ``predict`` uses it. None: the bars only.
        y : array-like of shape (n_samples,), default=None
            Labels or values of ``X``: each view's model is scored on them (on
            the rows where its view is present). None: the out-of-fold scores
            of ``fit`` (``view_scores_``), when the fuser learned them.
        ax : matplotlib Axes, default=None
            Axes of the bars. None: a new figure.
        bar_kwargs, point_kwargs : dict, default=None
            Keyword arguments of the bars and of the rows' points.

        Returns
        -------
        display : ViewWeightsDisplay
            The drawn display.
        """
        check_estimator_type(
            estimator,
            _FUSERS,
            cls.__name__,
            "For per-view predictions of your own, use ViewWeightsDisplay."
            "from_predictions(y_true, view_predictions, view_weights=...).",
        )
        check_is_fitted(estimator)
        kind = "accuracy" if hasattr(estimator, "classes_") else "R²"
        if y is not None:
            if X is None:
                raise ValueError("y is given without X; pass the data X as well.")
            scores = _view_scores_on(estimator, X, y)
            score_name = f"{kind} on the data given"
        else:
            scores = estimator.view_scores_
            score_name = f"out-of-fold {kind}"
        rows = None
        if X is not None and isinstance(
            estimator, (LateFusionClassifier, LateFusionRegressor)
        ):
            rows = _row_weights(estimator, X)
        display = cls(
            view_names=list(estimator.view_names_),
            view_weights=estimator.view_weights_,
            view_scores=scores,
            row_weights=rows,
            score_name=score_name,
        )
        return display.plot(ax, bar_kwargs=bar_kwargs, point_kwargs=point_kwargs)
