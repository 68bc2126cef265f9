"""Display of an alignment: the warping path over its cost matrix."""

import numpy as np

from .._kernels import _dtw as _k
from ..utils import view_position
from ..utils._docstrings import Substitution
from ..utils._plot import (
    axes_and_figure,
    check_ax_kwargs,
    check_estimator_type,
    check_matplotlib,
)
from ._ctw import CanonicalTimeWarping
from ._dtw import _check_metric, _pair_series, dtw_path
from ._estimators import DTWAligner
from ._validation import band_rows, check_constraint, check_series

__all__ = ["AlignmentPathDisplay"]

_MATRICES = ("cost", "accumulated")


def _check_matrix_kind(matrix):
    if matrix not in _MATRICES:
        raise ValueError(f"matrix must be one of {list(_MATRICES)}; got {matrix!r}.")


def _check_path(path, n, m):
    """A warping path: integer pairs inside the matrix, steps of (1,0), (0,1), (1,1)."""
    P = np.asarray(path)
    if P.ndim != 2 or P.shape[1] != 2 or P.shape[0] == 0:
        raise ValueError(
            "path must be an array of shape (path_length, 2) of matched frame "
            f"pairs (i, j), as dtw_path returns; got shape {P.shape}."
        )
    if P.dtype.kind not in "iu":
        if (
            P.dtype.kind != "f"
            or not np.all(np.isfinite(P))
            or np.any(P != np.round(P))
        ):
            raise TypeError("path must hold integer frame indices.")
    P = P.astype(np.int64)
    if P[:, 0].min() < 0 or P[:, 0].max() >= n or P[:, 1].min() < 0:
        raise ValueError(
            f"path indexes frames outside the sequences (x has {n} frames, y {m})."
        )
    if P[:, 1].max() >= m:
        raise ValueError(
            f"path indexes frames outside the sequences (x has {n} frames, y {m})."
        )
    steps = np.diff(P, axis=0)
    ok = (steps >= 0).all(axis=1) & (steps <= 1).all(axis=1) & (steps.sum(axis=1) > 0)
    if not ok.all():
        k = int(np.flatnonzero(~ok)[0])
        raise ValueError(
            "path must be monotone with steps (1, 0), (0, 1) or (1, 1); step "
            f"{k} goes from {P[k].tolist()} to {P[k + 1].tolist()}."
        )
    return P


def _as_frames(seq):
    """A sequence as a 2-D float array ``(length, n_channels)`` (for drawing)."""
    arr = np.asarray(seq, dtype=np.float64)
    return arr[:, None] if arr.ndim == 1 else arr


# the keyword arguments plot, from_predictions and from_estimator share
_DRAWING_DOCS = """\
show_sequences : bool, default=True
    Draw the two sequences along the matrix (when they are known).
colorbar : bool, default=True
    Draw a colour bar for the matrix.
cmap : str or matplotlib Colormap, default="viridis"
    Colour map of the matrix.
path_kwargs : dict, default=None
    Keyword arguments of the path's ``plot`` call."""
_drawing_docs = Substitution(drawing=_DRAWING_DOCS)


class AlignmentPathDisplay:
    """Warping path of an alignment drawn over its cost matrix.

    The matrix has one row per frame of ``x`` and one column per frame of
    ``y``; each cell is the local cost of matching the two frames (or the
    accumulated cost of the best path to it), and the path is the chain of
    matched frames. The two sequences are drawn along the matrix: ``x`` on the
    left (time upwards), ``y`` on top.

    Create it with :meth:`from_predictions` (two series and a path, for
    example from :func:`~skmm.alignment.dtw_path`, or the path computed there)
    or :meth:`from_estimator` (a fitted :class:`~skmm.alignment.DTWAligner` or
    :class:`~skmm.alignment.CanonicalTimeWarping`). All parameters are stored
    as attributes.

    Read more in the :ref:`User Guide <visualising>`.

    Parameters
    ----------
    path : ndarray of int of shape (path_length, 2)
        Matched frame pairs ``(i, j)``.
    cost_matrix : ndarray of shape (length_x, length_y)
        The matrix drawn; ``inf`` marks cells outside a global constraint
        (left blank).
    x, y : ndarray of shape (length, n_channels), default=None
        The sequences drawn along the matrix (None: not drawn).
    distance : float, default=None
        Cost of the path, shown in the legend.
    matrix : {"cost", "accumulated"}, default="cost"
        What ``cost_matrix`` holds (the colour bar's label).
    x_name, y_name : str, default="x" and "y"
        Names of the sequences on the axes.

    Attributes
    ----------
    image_ : matplotlib AxesImage
        The cost matrix.
    line_ : matplotlib Line2D
        The path.
    x_lines_, y_lines_ : list of matplotlib Line2D or None
        The channels of ``x`` and ``y`` along the matrix.
    colorbar_ : matplotlib Colorbar or None
        The colour bar.
    ax_ : matplotlib Axes
        Axes of the matrix.
    ax_x_, ax_y_ : matplotlib Axes or None
        Axes of ``x`` (left) and ``y`` (top).
    figure_ : matplotlib Figure
        Figure holding the axes.

    See Also
    --------
    dtw_path : The optimal path and its cost.
    CanonicalTimeWarping : Alignment across modalities.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.alignment import AlignmentPathDisplay, dtw_path
    >>> x = np.sin(np.linspace(0, 6, 40))
    >>> y = np.sin(np.linspace(0, 6, 50) ** 1.1)
    >>> display = AlignmentPathDisplay.from_predictions(x, y)
    >>> display.path.shape[1], display.cost_matrix.shape
    (2, (40, 50))
    >>> path, distance = dtw_path(x, y)
    >>> bool(np.array_equal(display.path, path))
    True
    """

    def __init__(
        self,
        *,
        path,
        cost_matrix,
        x=None,
        y=None,
        distance=None,
        matrix="cost",
        x_name="x",
        y_name="y",
    ):
        self.path = path
        self.cost_matrix = cost_matrix
        self.x = x
        self.y = y
        self.distance = distance
        self.matrix = matrix
        self.x_name = x_name
        self.y_name = y_name

    @_drawing_docs
    def plot(
        self,
        ax=None,
        *,
        name=None,
        show_sequences=True,
        colorbar=True,
        cmap="viridis",
        path_kwargs=None,
    ):
        """Draw the matrix, the path and the sequences.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes of the matrix; the sequences and the colour bar are placed
            beside it. None: a new figure.
        name : str, default=None
            Label of the path in the legend (with its distance when known).
        {drawing}

        Returns
        -------
        display : AlignmentPathDisplay
            The display, with the artists as attributes.
        """
        caller = f"{type(self).__name__}.plot"
        check_matplotlib(caller)
        from mpl_toolkits.axes_grid1 import make_axes_locatable

        _check_matrix_kind(self.matrix)
        C = np.asarray(self.cost_matrix, dtype=np.float64)
        if C.ndim != 2:
            raise ValueError(f"cost_matrix must be 2-D; got shape {C.shape}.")
        path = _check_path(self.path, *C.shape)
        ax, fig = axes_and_figure(
            ax, caller, figsize=(5.5, 5.0) if show_sequences else (4.5, 4.0)
        )
        shown = np.ma.masked_invalid(np.where(np.isinf(C), np.nan, C))
        self.image_ = ax.imshow(
            shown,
            origin="lower",
            aspect="auto",
            cmap=cmap,
            interpolation="nearest",
        )
        label = name if name is not None else "path"
        if self.distance is not None:
            label = f"{label} ({self.distance:.3g})"
        line_kwargs = {"color": "tab:red", "lw": 2.0, "label": label}
        line_kwargs.update(check_ax_kwargs(path_kwargs, "path_kwargs"))
        (self.line_,) = ax.plot(path[:, 1], path[:, 0], **line_kwargs)
        ax.set_xlim(-0.5, C.shape[1] - 0.5)
        ax.set_ylim(-0.5, C.shape[0] - 0.5)
        ax.legend(loc="upper left", fontsize="small", framealpha=0.8)
        ax.set_xlabel(f"frame of {self.y_name}")
        ax.set_ylabel(f"frame of {self.x_name}")
        divider = make_axes_locatable(ax)
        self.colorbar_ = None
        if colorbar:
            cax = divider.append_axes("right", size="4%", pad=0.08)
            self.colorbar_ = fig.colorbar(self.image_, cax=cax)
            self.colorbar_.set_label(
                "local cost" if self.matrix == "cost" else "accumulated cost"
            )
        self.ax_x_ = self.ax_y_ = None
        self.x_lines_ = self.y_lines_ = None
        if show_sequences and self.x is not None:
            x = _as_frames(self.x)
            self.ax_x_ = divider.append_axes("left", size="22%", pad=0.08, sharey=ax)
            frames = np.arange(x.shape[0])
            self.x_lines_ = [
                self.ax_x_.plot(x[:, c], frames, lw=1)[0] for c in range(x.shape[1])
            ]
            self.ax_x_.set_ylabel(f"frame of {self.x_name}")
            self.ax_x_.set_xlabel(self.x_name)
            self.ax_x_.tick_params(axis="x", labelsize="x-small")
            ax.set_ylabel("")
            ax.tick_params(axis="y", labelleft=False)
        if show_sequences and self.y is not None:
            y = _as_frames(self.y)
            self.ax_y_ = divider.append_axes("top", size="22%", pad=0.08, sharex=ax)
            frames = np.arange(y.shape[0])
            self.y_lines_ = [
                self.ax_y_.plot(frames, y[:, c], lw=1)[0] for c in range(y.shape[1])
            ]
            self.ax_y_.set_ylabel(self.y_name)
            self.ax_y_.tick_params(axis="x", labelbottom=False)
            self.ax_y_.tick_params(axis="y", labelsize="x-small")
        self.ax_ = ax
        self.figure_ = fig
        return self

    # scikit-learn's Display convention: from_predictions and from_estimator
    # take plot's keyword arguments (described once, _DRAWING_DOCS) and end in
    # plot()
    @classmethod
    @_drawing_docs
    def from_predictions(
        cls,
        x,
        y,
        path=None,
        *,
        metric="sqeuclidean",
        radius=None,
        max_slope=None,
        matrix="cost",
        x_name="x",
        y_name="y",
        ax=None,
        name=None,
        show_sequences=True,
        colorbar=True,
        cmap="viridis",
        path_kwargs=None,
    ):
        """Draw a path between two series over their cost matrix.

        Parameters
        ----------
        x : array-like of shape (length_x,) or (length_x, n_channels)
            First series (the rows of the matrix).
        y : array-like of shape (length_y,) or (length_y, n_channels)
            Second series (the columns), with as many channels as ``x``.
        path : array-like of int of shape (path_length, 2), default=None
            Matched frame pairs, for example the path of
            :func:`~skmm.alignment.dtw_path` or a known warp. None: the DTW
            path under ``metric``, ``radius`` and ``max_slope``.
        metric : {"sqeuclidean", "euclidean", "manhattan", "cosine"}, \
                default="sqeuclidean"
            Local cost between frames (see :func:`~skmm.alignment.dtw`).
        radius : int, default=None
            Sakoe-Chiba radius: cells outside the band are left blank (and the
            DTW path keeps inside it).
        max_slope : float, default=None
            Itakura slope, in the same way.
        matrix : {"cost", "accumulated"}, default="cost"
            Draw the local costs or the accumulated cost of the best path to
            each cell.
        x_name, y_name : str, default="x" and "y"
            Names of the series on the axes.
        ax : matplotlib Axes, default=None
            Axes of the matrix. None: a new figure.
        name : str, default=None
            Label of the path in the legend.
        {drawing}

        Returns
        -------
        display : AlignmentPathDisplay
            The drawn display. ``distance`` is the cost of the path in
            :func:`~skmm.alignment.dtw`'s convention (the square root of the
            summed squared costs for ``"sqeuclidean"``, the summed local costs
            otherwise).
        """
        check_matplotlib(f"{cls.__name__}.from_predictions")
        _check_matrix_kind(matrix)
        check_constraint(radius, max_slope)
        kind = _check_metric(metric, False, precomputed_ok=False)
        xs, ys = _pair_series(x, y, kind)
        C = _k.local_cost_matrix(xs, ys, kind)
        if path is None:
            path, distance, acc = dtw_path(
                x,
                y,
                metric=metric,
                radius=radius,
                max_slope=max_slope,
                return_cost_matrix=True,
            )
        else:
            path = _check_path(path, *C.shape)
            cost = float(C[path[:, 0], path[:, 1]].sum())
            distance = float(np.sqrt(cost)) if kind == _k.SQEUCLIDEAN else cost
            acc = None
        if matrix == "accumulated":
            if acc is None:
                _, _, acc = dtw_path(
                    x,
                    y,
                    metric=metric,
                    radius=radius,
                    max_slope=max_slope,
                    return_cost_matrix=True,
                )
            shown = acc
        else:
            shown = C.copy()
            if radius is not None or max_slope is not None:
                lo, hi = band_rows(C.shape[0], C.shape[1], radius, max_slope)
                cols = np.arange(C.shape[1])
                outside = (cols[None, :] < lo[:, None]) | (cols[None, :] > hi[:, None])
                shown[outside] = np.inf
        display = cls(
            path=np.asarray(path, dtype=np.int64),
            cost_matrix=shown,
            x=check_series(x, "x"),
            y=check_series(y, "y"),
            distance=distance,
            matrix=matrix,
            x_name=x_name,
            y_name=y_name,
        )
        return display.plot(
            ax,
            name=name,
            show_sequences=show_sequences,
            colorbar=colorbar,
            cmap=cmap,
            path_kwargs=path_kwargs,
        )

    @classmethod
    @_drawing_docs
    def from_estimator(
        cls,
        estimator,
        X,
        *,
        view=1,
        matrix="cost",
        ax=None,
        name=None,
        show_sequences=True,
        colorbar=True,
        cmap="viridis",
        path_kwargs=None,
    ):
        """Draw the alignment a fitted aligner makes.

        - :class:`~skmm.alignment.DTWAligner`: ``X`` is one series; the display
          shows its DTW path onto the aligner's ``reference_`` (the path
          ``transform`` averages along).
        - :class:`~skmm.alignment.CanonicalTimeWarping`: ``X`` holds the
          modalities side by side, as in ``fit``; the display shows the
          canonical projections of the first modality and of ``view``, the
          squared distances between them and the DTW path between them: on
          the training data, the fitted ``path_`` for the second modality.
          (For a third or later one, CTW learned the first modality's
          projection anew with it and kept only the one learned with the
          second, ``projections_[0]``; the display aligns under that one, so
          its path may differ from ``paths_[view - 1]``.)

        Parameters
        ----------
        estimator : DTWAligner or CanonicalTimeWarping
            A fitted aligner.
        X : array-like
            One series of shape ``(length,)`` or ``(length, n_channels)`` for
            ``DTWAligner``; the stacked modalities of shape ``(n_time_steps,
            n_features)`` for ``CanonicalTimeWarping``.
        view : int or str, default=1
            ``CanonicalTimeWarping`` only: the modality aligned with the first
            (a name from ``view_names_`` or an index, not 0).
        matrix : {"cost", "accumulated"}, default="cost"
            Draw the local costs or the accumulated costs.
        ax : matplotlib Axes, default=None
            Axes of the matrix. None: a new figure.
        name : str, default=None
            Label of the path in the legend (default: the estimator's class).
        {drawing}

        Returns
        -------
        display : AlignmentPathDisplay
            The drawn display.
        """
        check_estimator_type(
            estimator,
            (DTWAligner, CanonicalTimeWarping),
            cls.__name__,
            "For two series and a path of your own (from dtw_path, say), use "
            "AlignmentPathDisplay.from_predictions(x, y, path).",
        )
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(estimator)
        name = type(estimator).__name__ if name is None else name
        kwargs = {
            "matrix": matrix,
            "ax": ax,
            "name": name,
            "show_sequences": show_sequences,
            "colorbar": colorbar,
            "cmap": cmap,
            "path_kwargs": path_kwargs,
        }
        if isinstance(estimator, DTWAligner):
            x = check_series(X, "X")
            ref = estimator.reference_
            if x.shape[1] != ref.shape[1]:
                raise ValueError(
                    f"X has {x.shape[1]} channel(s); the aligner's reference has "
                    f"{ref.shape[1]}. Pass one series, of shape (length,) or "
                    "(length, n_channels)."
                )
            return cls.from_predictions(
                x,
                ref,
                radius=estimator.radius,
                x_name="series",
                y_name="reference",
                **kwargs,
            )
        position = view_position(estimator.view_names_, view, param="view")
        if position == 0:
            raise ValueError(
                f"view must name a modality other than the first "
                f"({estimator.view_names_[0]!r}): an index in 1..."
                f"{estimator.n_views_ - 1} or one of "
                f"{list(estimator.view_names_[1:])}; got {view!r}."
            )
        Z = estimator.transform(X)
        k = estimator.n_components
        blocks = []
        for v in (0, position):
            block = Z[:, v * k : (v + 1) * k]
            present = ~np.isnan(block).all(axis=1)
            blocks.append(block[: int(present.sum())])
        return cls.from_predictions(
            blocks[0],
            blocks[1],
            radius=estimator.radius,
            x_name=estimator.view_names_[0],
            y_name=estimator.view_names_[position],
            **kwargs,
        )
