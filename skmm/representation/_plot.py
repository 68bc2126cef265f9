"""Display of a coordinated space: paired canonical variates, one panel each."""

import numbers

import numpy as np

from ..utils import view_position
from ..utils._base import check_embedding
from ..utils._docstrings import Substitution
from ..utils._plot import (
    check_ax_kwargs,
    check_matplotlib,
    panel_axes,
)

__all__ = ["CanonicalVariatesDisplay"]


def _pearson(a, b):
    """Pearson correlation of each column pair (NaN where a column is constant)."""
    a = a - a.mean(axis=0)
    b = b - b.mean(axis=0)
    denom = np.sqrt((a**2).sum(axis=0) * (b**2).sum(axis=0))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denom > 0, (a * b).sum(axis=0) / denom, np.nan)


def _check_variates(Z, name):
    Z = np.asarray(Z, dtype=np.float64)
    if Z.ndim == 1:
        Z = Z[:, None]
    if Z.ndim != 2 or Z.shape[0] < 2:
        raise ValueError(
            f"{name} must be a 2-D array of variates (n_samples >= 2, "
            f"n_components); got shape {Z.shape}."
        )
    if not np.isfinite(Z).all():
        raise ValueError(f"{name} contains NaN or infinity.")
    return Z


def _check_pair(variates_a, variates_b):
    """The two views' variates, checked, of the same samples and components."""
    Za = _check_variates(variates_a, "variates_a")
    Zb = _check_variates(variates_b, "variates_b")
    if Za.shape != Zb.shape:
        raise ValueError(
            "variates_a and variates_b must have the same shape (the same "
            f"samples and components); got {Za.shape} and {Zb.shape}."
        )
    return Za, Zb


def _check_components(components, n_components):
    if components is None:
        return list(range(min(3, n_components)))
    if isinstance(components, numbers.Integral) and not isinstance(components, bool):
        components = [components]
    out = []
    for c in components:
        if not isinstance(c, numbers.Integral) or isinstance(c, bool):
            raise TypeError(f"components must hold ints; got {c!r}.")
        if not 0 <= c < n_components:
            raise ValueError(
                f"component {c} does not exist: there are {n_components} "
                f"(0 to {n_components - 1})."
            )
        out.append(int(c))
    if not out:
        raise ValueError("components is empty; name at least one component.")
    return out


def _check_labels(labels, n):
    if labels is None:
        return None
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.shape[0] != n:
        raise ValueError(
            f"labels must be 1-D with one entry per sample ({n}); got shape "
            f"{labels.shape}."
        )
    return labels


def _select_columns(X, idx):
    from sklearn.utils import _safe_indexing

    return _safe_indexing(X, idx, axis=1)


# the keyword arguments from_predictions and from_estimator pass on to plot
_DRAWING_DOCS = """\
components : int or list of int, default=None
    Components to draw (0-based). None: the first three (or fewer).
ax : matplotlib Axes or array-like of Axes, default=None
    Where to draw (see :meth:`plot`).
cmap : str or matplotlib Colormap, default="tab10"
    Colours of the labels.
scatter_kwargs, line_kwargs : dict, default=None
    Keyword arguments of the points and of the least-squares lines."""
_drawing_docs = Substitution(components_and_drawing=_DRAWING_DOCS)


class CanonicalVariatesDisplay:
    """Paired variates of two views in a coordinated space, per component.

    Each panel is one component: every sample is a point whose coordinates are
    its variate in the first view and its variate in the second, so a strongly
    coordinated component lines the points up along the diagonal. The title
    gives their Pearson correlation on the data drawn (the held-out canonical
    correlation when the data were not used in ``fit``); points are coloured
    by ``labels`` when given, which shows what a component has learned to
    separate.

    Create it with :meth:`from_estimator` (a fitted coordinated embedding:
    :class:`~skmm.representation.CCA`, ``KernelCCA``, ``MultiviewCCA``,
    ``DeepCCA``, ``SparseCCA`` ..., anything with ``transform_view``) or
    :meth:`from_predictions` (the two views' variates). All parameters are
    stored as attributes.

    Read more in the :ref:`User Guide <visualising>`.

    Parameters
    ----------
    variates_a, variates_b : ndarray of shape (n_samples, n_components)
        Variates of the two views for the same samples.
    correlations : ndarray of shape (n_components,)
        Pearson correlation of each pair of columns.
    components : list of int
        Components drawn, one panel each.
    labels : ndarray of shape (n_samples,), default=None
        Colour of each point (class labels, say).
    view_names : tuple of two str, default=("view 0", "view 1")
        Names of the views on the axes.

    Attributes
    ----------
    scatters_ : list of matplotlib PathCollection
        The points of each panel.
    lines_ : list of matplotlib Line2D
        The least-squares line of each panel.
    axes_ : ndarray of matplotlib Axes
        One axes per component.
    ax_ : matplotlib Axes
        The first of ``axes_``.
    figure_ : matplotlib Figure
        Figure holding the axes.

    See Also
    --------
    CCA : Canonical correlation analysis.
    skmm.alignment.AlignmentPathDisplay : Canonical projections over time.

    Examples
    --------
    >>> from skmm.datasets import make_correlated_views
    >>> from skmm.representation import CCA, CanonicalVariatesDisplay
    >>> X, views = make_correlated_views(
    ...     n_samples=400, correlations=[0.9, 0.5], random_state=0)
    >>> cca = CCA(n_components=2, views=views).fit(X[:300])
    >>> cca.canonical_correlations_.round(2).tolist()
    [0.91, 0.54]
    >>> display = CanonicalVariatesDisplay.from_estimator(cca, X[300:])
    >>> display.correlations.round(2).tolist(), len(display.axes_)  # held out
    ([0.91, 0.48], 2)
    """

    def __init__(
        self,
        *,
        variates_a,
        variates_b,
        correlations,
        components,
        labels=None,
        view_names=("view 0", "view 1"),
    ):
        self.variates_a = variates_a
        self.variates_b = variates_b
        self.correlations = correlations
        self.components = components
        self.labels = labels
        self.view_names = view_names

    def plot(self, ax=None, *, cmap="tab10", scatter_kwargs=None, line_kwargs=None):
        """Draw one panel per component.

        Parameters
        ----------
        ax : matplotlib Axes or array-like of Axes, default=None
            One axes per component, or a single axes whose area is split into
            a grid of panels. None: a new figure.
        cmap : str or matplotlib Colormap, default="tab10"
            Colours of the labels.
        scatter_kwargs : dict, default=None
            Keyword arguments of the ``scatter`` calls.
        line_kwargs : dict, default=None
            Keyword arguments of the least-squares lines (``{"visible":
            False}`` hides them).

        Returns
        -------
        display : CanonicalVariatesDisplay
            The display, with the artists as attributes.
        """
        caller = f"{type(self).__name__}.plot"
        check_matplotlib(caller)
        Za, Zb = _check_pair(self.variates_a, self.variates_b)
        components = _check_components(self.components, Za.shape[1])
        labels = _check_labels(self.labels, Za.shape[0])
        axes, fig = panel_axes(ax, len(components), caller)
        point_kwargs = {"s": 12, "alpha": 0.8}
        if labels is not None:
            classes, codes = np.unique(labels, return_inverse=True)
            point_kwargs.update(c=codes, cmap=cmap, vmin=0, vmax=max(len(classes), 10))
        point_kwargs.update(check_ax_kwargs(scatter_kwargs, "scatter_kwargs"))
        fit_kwargs = {"color": "0.2", "lw": 1.0, "ls": "--"}
        fit_kwargs.update(check_ax_kwargs(line_kwargs, "line_kwargs"))
        name_a, name_b = self.view_names
        self.scatters_, self.lines_ = [], []
        for panel, c in zip(axes, components):
            a, b = Za[:, c], Zb[:, c]
            self.scatters_.append(panel.scatter(a, b, **point_kwargs))
            slope = np.polyfit(a, b, 1) if np.ptp(a) > 0 else (0.0, b.mean())
            grid = np.array([a.min(), a.max()])
            self.lines_.append(
                panel.plot(grid, np.polyval(slope, grid), **fit_kwargs)[0]
            )
            panel.set_title(
                f"component {c + 1}: r = {self.correlations[c]:.2f}", fontsize="medium"
            )
            panel.set_xlabel(f"{name_a}, variate {c + 1}")
            panel.set_ylabel(f"{name_b}, variate {c + 1}")
        if labels is not None:
            handles, _ = self.scatters_[-1].legend_elements()
            axes[-1].legend(
                handles,
                [str(k) for k in classes],
                fontsize="x-small",
                loc="best",
                ncol=2 if len(classes) > 5 else 1,
            )
        self.axes_ = axes
        self.ax_ = axes[0]
        self.figure_ = fig
        return self

    # scikit-learn's Display convention: from_predictions and from_estimator
    # take plot's keyword arguments (described once, _DRAWING_DOCS) and end in
    # plot()
    @classmethod
    @_drawing_docs
    def from_predictions(
        cls,
        variates_a,
        variates_b,
        *,
        labels=None,
        view_names=("view 0", "view 1"),
        components=None,
        ax=None,
        cmap="tab10",
        scatter_kwargs=None,
        line_kwargs=None,
    ):
        """Draw paired variates given as two arrays.

        Parameters
        ----------
        variates_a, variates_b : array-like of shape (n_samples, n_components)
            Variates of the two views for the same samples (for example
            ``transform_view`` of each view).
        labels : array-like of shape (n_samples,), default=None
            Colour of each point.
        view_names : tuple of two str, default=("view 0", "view 1")
            Names of the views on the axes.
        {components_and_drawing}

        Returns
        -------
        display : CanonicalVariatesDisplay
            The drawn display.
        """
        check_matplotlib(f"{cls.__name__}.from_predictions")
        Za, Zb = _check_pair(variates_a, variates_b)
        if len(view_names) != 2:
            raise ValueError(f"view_names must hold two names; got {view_names!r}.")
        display = cls(
            variates_a=Za,
            variates_b=Zb,
            correlations=_pearson(Za, Zb),
            components=_check_components(components, Za.shape[1]),
            labels=_check_labels(labels, Za.shape[0]),
            view_names=tuple(str(v) for v in view_names),
        )
        return display.plot(
            ax, cmap=cmap, scatter_kwargs=scatter_kwargs, line_kwargs=line_kwargs
        )

    @classmethod
    @_drawing_docs
    def from_estimator(
        cls,
        estimator,
        X,
        Y=None,
        *,
        labels=None,
        views=(0, 1),
        components=None,
        ax=None,
        cmap="tab10",
        scatter_kwargs=None,
        line_kwargs=None,
    ):
        """Draw the paired variates a fitted coordinated embedding gives ``X``.

        Parameters
        ----------
        estimator : estimator
            A fitted coordinated embedding with ``transform_view`` and
            ``views_`` (the estimators of :mod:`skmm.representation` that
            build a coordinated space, or a
            :class:`~skmm.translation.CrossModalRetriever`).
        X : array-like or DataFrame of shape (n_samples, n_features)
            Multi-view data with the columns seen in ``fit`` (held-out data
            show how well the coordination generalises). In the two-array
            form ``fit(X, Y)``, the first view.
        Y : array-like of shape (n_samples, n_features_Y), default=None
            The second view, for an estimator fitted as ``fit(X, Y)``.
        labels : array-like of shape (n_samples,), default=None
            Colour of each point (class labels, say).
        views : tuple of two int or str, default=(0, 1)
            The two views drawn against each other (names or indices).
        {components_and_drawing}

        Returns
        -------
        display : CanonicalVariatesDisplay
            The drawn display.
        """
        name = cls.__name__
        check_embedding(
            estimator,
            f"{name}.from_estimator draws a coordinated embedding (CCA, KernelCCA, "
            f"MultiviewCCA, DeepCCA, ...). For variates of your own, use "
            f"{name}.from_predictions(variates_a, variates_b).",
        )
        if not isinstance(views, (tuple, list)) or len(views) != 2:
            raise ValueError(f"views must name two views; got {views!r}.")
        positions = [
            view_position(estimator.view_names_, v, param="views") for v in views
        ]
        if positions[0] == positions[1]:
            raise ValueError(f"views must name two different views; got {views!r}.")
        paired = getattr(estimator, "_paired_arrays", False)
        if paired:
            if Y is None:
                raise ValueError(
                    f"{type(estimator).__name__} was fitted on two arrays, fit(X, "
                    f"Y); pass both: {name}.from_estimator(estimator, X, Y)."
                )
            Zs = estimator.transform(X, Y)
            Za, Zb = Zs[positions[0]], Zs[positions[1]]
        else:
            if Y is not None:
                raise ValueError(
                    f"{type(estimator).__name__} was fitted on one X with views; "
                    "Y must be None (use labels= to colour the points)."
                )
            Za, Zb = (
                estimator.transform_view(_select_columns(X, estimator.views_[p]), p)
                for p in positions
            )
        return cls.from_predictions(
            Za,
            Zb,
            labels=labels,
            components=components,
            view_names=tuple(estimator.view_names_[p] for p in positions),
            ax=ax,
            cmap=cmap,
            scatter_kwargs=scatter_kwargs,
            line_kwargs=line_kwargs,
        )
