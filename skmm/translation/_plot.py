"""Display of cross-modal retrieval: recall@k against k, beside chance."""

import numbers

import numpy as np

from ..utils._base import check_embedding
from ..utils._docstrings import Substitution
from ..utils._plot import (
    axes_and_figure,
    check_ax_kwargs,
    check_matplotlib,
)
from ._common import paired_similarity, relevance
from ._metrics import _check_retrieval, retrieval_ranks

__all__ = ["RetrievalDisplay"]


def _chance_recall(n_relevant, n_gallery, ks):
    """Recall@k of a random ranking: 1 - C(n - r, k) / C(n, k), averaged."""
    ks = np.asarray(ks)
    out = np.zeros(ks.shape[0])
    steps = np.arange(ks.max())
    values, counts = np.unique(n_relevant, return_counts=True)
    for r, count in zip(values, counts):
        # P(no relevant item among the first k) = prod_{i<k} (n - r - i) / (n - i)
        terms = np.clip((n_gallery - r - steps) / (n_gallery - steps), 0.0, 1.0)
        none = np.cumprod(terms)[ks - 1]
        out += count * (1.0 - none)
    return out / np.sum(counts)


def _check_k_max(k_max, n_gallery):
    if k_max is None:
        return n_gallery
    if not isinstance(k_max, numbers.Integral) or isinstance(k_max, bool):
        raise TypeError(f"k_max must be an int or None; got {k_max!r}.")
    if not 1 <= k_max <= n_gallery:
        raise ValueError(
            f"k_max={k_max} must lie between 1 and the gallery size {n_gallery}."
        )
    return int(k_max)


# the keyword arguments plot, from_predictions and from_estimator share
_PLOT_DOCS = {
    "k_max": """\
k_max : int, default=None
    Largest k drawn. None: the gallery size.""",
    "draw_kwargs": """\
xscale : {"log", "linear"}, default="log"
    Scale of the k axis.
chance : bool, default=True
    Draw the chance curve.
line_kwargs : dict, default=None
    Keyword arguments of the curve's ``plot`` call.""",
}
_plot_docs = Substitution(**_PLOT_DOCS)


class RetrievalDisplay:
    """Recall@k of cross-modal retrieval against k, with chance level.

    Recall@k is the fraction of queries whose relevant gallery item (or one
    of them) is among the ``k`` best-ranked: the curve rises from recall@1 to
    1 at ``k`` = gallery size, and the higher and earlier it rises the better
    the shared space translates. The dashed curve is a random ranking's
    expected recall@k, in the curve's colour (``k / n`` with one relevant item
    per query).

    Create it with :meth:`from_estimator` (a fitted
    :class:`~skmm.translation.CrossModalRetriever`, or any coordinated
    embedding with ``transform_view``, and paired held-out data) or
    :meth:`from_predictions` (relevance and a similarity matrix, in the layout
    of :func:`~skmm.translation.recall_at_k`). All parameters are stored as
    attributes. Several curves can share one axes: pass ``ax=display.ax_``.

    Read more in the :ref:`User Guide <visualising>`.

    Parameters
    ----------
    ks : ndarray of int of shape (n_points,)
        Values of k.
    recall : ndarray of shape (n_points,)
        Recall@k at each k.
    chance : ndarray of shape (n_points,) or None
        Expected recall@k of a random ranking.
    median_rank : float
        Median rank of the best-placed relevant item.
    n_gallery : int
        Size of the gallery.
    name : str, default=None
        Label of the curve.

    Attributes
    ----------
    line_ : matplotlib Line2D
        The recall@k curve.
    chance_line_ : matplotlib Line2D or None
        The chance curve.
    ax_ : matplotlib Axes
        Axes of the curves.
    figure_ : matplotlib Figure
        Figure holding the axes.

    See Also
    --------
    recall_at_k : Recall at one k.
    CrossModalRetriever : Retrieval in a coordinated space.

    Examples
    --------
    >>> from skmm.datasets import load_digit_halves
    >>> from skmm.translation import CrossModalRetriever, RetrievalDisplay
    >>> X, y, views = load_digit_halves()
    >>> retriever = CrossModalRetriever(views=views).fit(X[:1500])
    >>> display = RetrievalDisplay.from_estimator(retriever, X[1500:], k_max=50)
    >>> display.ks[[0, -1]].tolist(), float(display.recall[9].round(2))
    ([1, 50], 0.47)
    """

    def __init__(self, *, ks, recall, chance, median_rank, n_gallery, name=None):
        self.ks = ks
        self.recall = recall
        self.chance = chance
        self.median_rank = median_rank
        self.n_gallery = n_gallery
        self.name = name

    @_plot_docs
    def plot(self, ax=None, *, name=None, xscale="log", chance=True, line_kwargs=None):
        """Draw the recall@k curve (and chance).

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Where to draw; pass an earlier display's ``ax_`` to compare
            curves. None: a new figure.
        name : str, default=None
            Label of the curve (default: the ``name`` attribute).
        {draw_kwargs}

        Returns
        -------
        display : RetrievalDisplay
            The display, with the artists as attributes.
        """
        caller = f"{type(self).__name__}.plot"
        check_matplotlib(caller)
        if xscale not in ("log", "linear"):
            raise ValueError(f"xscale must be 'log' or 'linear'; got {xscale!r}.")
        ks = np.asarray(self.ks)
        recall = np.asarray(self.recall, dtype=np.float64)
        if ks.ndim != 1 or recall.shape != ks.shape:
            raise ValueError(
                f"ks and recall must be 1-D of the same length; got shapes "
                f"{ks.shape} and {recall.shape}."
            )
        ax, fig = axes_and_figure(ax, caller, figsize=(5.0, 3.6))
        name = self.name if name is None else name
        label = f"median rank {self.median_rank:g}"
        label = label if name is None else f"{name} ({label})"
        kwargs = {"label": label, "marker": "o" if ks.shape[0] <= 30 else None}
        kwargs.update(check_ax_kwargs(line_kwargs, "line_kwargs"))
        (self.line_,) = ax.plot(ks, recall, **kwargs)
        self.chance_line_ = None
        if chance and self.chance is not None:
            (self.chance_line_,) = ax.plot(
                ks,
                self.chance,
                color=self.line_.get_color(),
                ls="--",
                lw=1.0,
                label="chance" if name is None else f"chance, {name}",
            )
        ax.set_xscale(xscale)
        ax.set_ylim(0.0, 1.02)
        ax.set_xlabel("k")
        ax.set_ylabel("recall@k")
        ax.set_title(
            f"retrieval among {self.n_gallery} gallery items", fontsize="medium"
        )
        ax.legend(fontsize="small", loc="lower right")
        self.ax_ = ax
        self.figure_ = fig
        return self

    # scikit-learn's Display convention: from_predictions and from_estimator
    # take plot's keyword arguments (described once, _PLOT_DOCS) and end in plot()
    @classmethod
    @_plot_docs
    def from_predictions(
        cls,
        y_true,
        y_score,
        *,
        k_max=None,
        name=None,
        ax=None,
        xscale="log",
        chance=True,
        line_kwargs=None,
    ):
        """Draw recall@k from relevance and similarity scores.

        Parameters
        ----------
        y_true : array-like of int of shape (n_queries,) or of bool of shape \
                (n_queries, n_gallery)
            Index of each query's relevant gallery item, or a relevance
            matrix (as :func:`~skmm.translation.recall_at_k` takes).
        y_score : array-like of shape (n_queries, n_gallery)
            Similarity of every query to every gallery item; larger is better.
        {k_max}
        name : str, default=None
            Label of the curve.
        ax : matplotlib Axes, default=None
            Where to draw. None: a new figure.
        {draw_kwargs}

        Returns
        -------
        display : RetrievalDisplay
            The drawn display; ``recall[k - 1]`` equals ``recall_at_k(y_true,
            y_score, k=k)``.
        """
        check_matplotlib(f"{cls.__name__}.from_predictions")
        S, target, R = _check_retrieval(y_true, y_score)
        n_gallery = S.shape[1]
        k_max = _check_k_max(k_max, n_gallery)
        ranks = retrieval_ranks(y_true, y_score)
        ks = np.arange(1, k_max + 1)
        recall = np.mean(ranks[:, None] <= ks[None, :], axis=0)
        n_relevant = np.ones(S.shape[0], dtype=np.int64) if R is None else R.sum(axis=1)
        display = cls(
            ks=ks,
            recall=recall,
            chance=_chance_recall(n_relevant, n_gallery, ks),
            median_rank=float(np.median(ranks)),
            n_gallery=n_gallery,
            name=name,
        )
        return display.plot(ax, xscale=xscale, chance=chance, line_kwargs=line_kwargs)

    @classmethod
    @_plot_docs
    def from_estimator(
        cls,
        estimator,
        X,
        y=None,
        *,
        query_view=None,
        gallery_view=None,
        k_max=None,
        name=None,
        ax=None,
        xscale="log",
        chance=True,
        line_kwargs=None,
    ):
        """Draw recall@k of a fitted retriever on paired data.

        Each row's ``query_view`` block queries a gallery made of the
        ``gallery_view`` blocks of all rows, as
        :meth:`~skmm.translation.CrossModalRetriever.score` does.

        Parameters
        ----------
        estimator : CrossModalRetriever or coordinated embedding
            A fitted :class:`~skmm.translation.CrossModalRetriever`, or a
            fitted embedding with ``transform_view`` (``CCA``, ...; cosine
            similarity).
        X : array-like or DataFrame of shape (n_samples, n_features)
            Paired multi-view data (held out, to judge the translation).
        y : array-like of shape (n_samples,), default=None
            None: the relevant item of row ``i`` is row ``i`` (the other
            modality of the same sample). Labels: every gallery row with the
            query's label is relevant.
        query_view, gallery_view : int or str, default=None
            Views of the queries and of the gallery. None: the retriever's
            ``query_view`` and ``gallery_view`` (0 and 1 for an embedding).
        {k_max}
        name : str, default=None
            Label of the curve (default: the estimator's class and the views).
        ax : matplotlib Axes, default=None
            Where to draw. None: a new figure.
        {draw_kwargs}

        Returns
        -------
        display : RetrievalDisplay
            The drawn display.
        """
        check_embedding(
            estimator,
            f"{cls.__name__}.from_estimator draws a fitted CrossModalRetriever or "
            "coordinated embedding. For similarity scores of your own, use "
            f"{cls.__name__}.from_predictions(y_true, y_score).",
        )
        if query_view is None:
            query_view = getattr(estimator, "query_view", 0)
        if gallery_view is None:
            gallery_view = getattr(estimator, "gallery_view", 1)
        S = paired_similarity(estimator, X, query_view, gallery_view)
        y_true = relevance("paired" if y is None else "label", S.shape[0], y)
        if name is None:
            names = estimator.view_names_
            q = names[query_view] if not isinstance(query_view, str) else query_view
            g = (
                names[gallery_view]
                if not isinstance(gallery_view, str)
                else gallery_view
            )
            name = f"{q} -> {g}"
        return cls.from_predictions(
            y_true,
            S,
            k_max=k_max,
            name=name,
            ax=ax,
            xscale=xscale,
            chance=chance,
            line_kwargs=line_kwargs,
        )
