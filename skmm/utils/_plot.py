"""What every display shares: the lazy matplotlib import, axes, estimator checks.

Displays follow scikit-learn's Display API (``from_estimator``,
``from_predictions``, ``plot(ax=...)``, the drawn artists kept as attributes
with a trailing underscore). matplotlib is an optional extra (``skmm[plot]``):
it is imported here, inside the functions that draw, never when skmm is
imported.
"""

import numpy as np


def check_matplotlib(caller):
    """``matplotlib.pyplot``, or an ImportError that names the extra to install.

    Parameters
    ----------
    caller : str
        The display or method that needs matplotlib, named in the error.

    Returns
    -------
    plt : module
        ``matplotlib.pyplot``.
    """
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ImportError(
            f"{caller} draws with matplotlib, which is not installed. Install the "
            'plotting extra: pip install "skmm[plot]" (or pip install matplotlib).'
        ) from exc
    return plt


def axes_and_figure(ax, caller, **subplots_kwargs):
    """The axes to draw on (a new figure when ``ax`` is None) and its figure."""
    plt = check_matplotlib(caller)
    if ax is None:
        fig, ax = plt.subplots(**subplots_kwargs)
        return ax, fig
    if not hasattr(ax, "get_figure") or not hasattr(ax, "plot"):
        raise TypeError(
            f"{caller}: ax must be a matplotlib Axes (or None for a new figure); "
            f"got {type(ax).__name__}."
        )
    return ax, ax.figure


def panel_axes(ax, n_panels, caller, *, panel_size=(3.2, 3.0)):
    """One axes per panel, in the way scikit-learn's partial dependence does.

    ``ax`` may be None (a new figure with a row of panels), a list or array of
    axes (one per panel), or a single axes, whose area is split into a grid of
    ``n_panels`` axes (the bounding axes is hidden).
    """
    plt = check_matplotlib(caller)
    if ax is None:
        n_cols = min(n_panels, 3)
        n_rows = -(-n_panels // n_cols)
        fig, axes = plt.subplots(
            n_rows,
            n_cols,
            figsize=(panel_size[0] * n_cols, panel_size[1] * n_rows),
            squeeze=False,
            layout="constrained",
        )
        axes = axes.ravel()
        for extra in axes[n_panels:]:
            extra.set_visible(False)
        return np.asarray(axes[:n_panels], dtype=object), fig
    if isinstance(ax, (list, tuple, np.ndarray)):
        axes = np.asarray(ax, dtype=object).ravel()
        if axes.shape[0] != n_panels:
            raise ValueError(
                f"{caller}: ax holds {axes.shape[0]} axes but there are {n_panels} "
                "panels to draw; pass one axes per panel, a single axes to split, "
                "or None."
            )
        for a in axes:
            axes_and_figure(a, caller)
        return axes, axes[0].figure
    ax, fig = axes_and_figure(ax, caller)
    if n_panels == 1:
        return np.asarray([ax], dtype=object), fig
    spec = ax.get_subplotspec()
    if spec is None:
        raise ValueError(
            f"{caller}: a single ax is split into {n_panels} panels, which needs an "
            "axes made by plt.subplots or fig.add_subplot; pass one axes per "
            "panel instead."
        )
    n_cols = min(n_panels, 3)
    n_rows = -(-n_panels // n_cols)
    grid = spec.subgridspec(n_rows, n_cols, wspace=0.45, hspace=0.6)
    ax.set_axis_off()
    axes = [fig.add_subplot(grid[i // n_cols, i % n_cols]) for i in range(n_panels)]
    return np.asarray(axes, dtype=object), fig


def check_estimator_type(estimator, types, display, hint):
    """A TypeError naming the display, the estimators it draws and what to do."""
    if isinstance(estimator, types):
        return
    names = ", ".join(t.__name__ for t in types)
    raise TypeError(
        f"{display}.from_estimator draws a fitted {names}; got "
        f"{type(estimator).__name__}. {hint}"
    )


def check_ax_kwargs(kwargs, name):
    """A dict of matplotlib keyword arguments (None is empty)."""
    if kwargs is None:
        return {}
    if not isinstance(kwargs, dict):
        raise TypeError(f"{name} must be a dict of matplotlib keyword arguments.")
    return dict(kwargs)
