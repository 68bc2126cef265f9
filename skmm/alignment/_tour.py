"""Tour section: DTW on the Trace data and canonical time warping."""

import time

import numpy as np

GUIDE = ("alignment", "spatial_alignment")
TERMS = (
    ("DTW", "dynamic time warping: distance after the best monotone frame matching"),
    ("1-NN", "one-nearest-neighbour classifier (here under DTW)"),
    ("DBA", "DTW barycenter averaging: the mean of a set of series under DTW"),
    ("CTW", "canonical time warping: CCA and DTW alternated across modalities"),
)


def frames_off(path, true_path):
    """Mean distance, in frames of the second sequence, between two alignments.

    For every frame ``i`` of the first sequence, the frame of the second that
    ``path`` matches it to (the mean of a plateau) is compared with the one
    ``true_path`` matches it to.
    """
    n = int(true_path[-1, 0]) + 1

    def matched(p):
        return np.bincount(p[:, 0], weights=p[:, 1], minlength=n) / np.bincount(
            p[:, 0], minlength=n
        )

    return float(np.mean(np.abs(matched(path) - matched(true_path))))


def ctw_demo(seeds=range(6)):
    """Canonical time warping against uniform stretching on known warps.

    For each seed, :func:`~skmm.datasets.make_warped_sequences` draws a 10-D
    "video" and a 25-D "skeleton" view of one warped latent signal with the
    true alignment; :class:`~skmm.alignment.CanonicalTimeWarping` (default
    parameters) aligns them, and :func:`frames_off` measures how far its path,
    and uniform stretching, are from the true one. The tour prints these
    figures; a page that quotes them calls this function the same way.

    Parameters
    ----------
    seeds : iterable of int, default=range(6)
        Seeds of the generator, one alignment problem each.

    Returns
    -------
    ctw_error, uniform_error : ndarray of shape (n_seeds,)
        Mean frames off the true warp, per seed, for CTW and for uniform
        stretching.

    Examples
    --------
    >>> from skmm.alignment._tour import ctw_demo
    >>> ctw_error, uniform_error = ctw_demo(seeds=[1])
    >>> bool(ctw_error[0] < uniform_error[0])
    True
    """
    from ..datasets import make_warped_sequences
    from . import CanonicalTimeWarping, stack_sequences
    from ._ctw import _uniform_path

    ctw_error, uniform_error = [], []
    for seed in seeds:
        a, b, true_path, _ = make_warped_sequences(random_state=seed)
        X, views = stack_sequences([a, b], names=["video", "skeleton"])
        ctw = CanonicalTimeWarping(views=views).fit(X)
        ctw_error.append(frames_off(ctw.path_, true_path))
        uniform_error.append(frames_off(_uniform_path(len(a), len(b)), true_path))
    return np.array(ctw_error), np.array(uniform_error)


def run(echo):
    """1-NN DTW classification of Trace, a barycenter, and CTW across modalities."""
    from ..datasets import load_trace
    from . import KNeighborsDTWClassifier, cdist_dtw, dtw_barycenter

    X_train, y_train, _ = load_trace(subset="train")
    X_test, y_test, _ = load_trace(subset="test")
    cdist_dtw(X_train[:2], n_jobs=-1)  # compiles (or loads) the numba kernel
    start = time.perf_counter()
    D = cdist_dtw(X_train, n_jobs=-1)
    seconds = time.perf_counter() - start
    echo(
        f"  cdist_dtw on Trace train: {D.shape[0]}x{D.shape[1]} DTW distances in "
        f"{seconds:.2f} s (kernel compiled by a warm-up call first)"
    )
    for radius in (0, 10):
        clf = KNeighborsDTWClassifier(radius=radius, n_jobs=-1).fit(X_train, y_train)
        label = "Euclidean (radius 0)" if radius == 0 else f"DTW, radius {radius}"
        echo(f"  1-NN {label:<21} test accuracy {clf.score(X_test, y_test):.3f}")
    Z = dtw_barycenter(X_train[y_train == 1], max_iter=5, n_jobs=-1)
    echo(f"  DBA barycenter of class 1: length {Z.shape[0]}, peak {Z.max():.2f}")
    ctw_error, uniform_error = ctw_demo(seeds=range(6))
    echo(
        "  CTW aligns a 10-D and a 25-D view of one warped signal (6 seeds): "
        f"{ctw_error.mean():.1f} frames off the true warp on average, "
        f"{ctw_error.max():.1f} at worst (uniform stretching: "
        f"{uniform_error.mean():.1f})"
    )

    # spatial alignment: pixel words learned from captions alone
    from ..datasets import make_captioned_scenes
    from . import RegionWordAligner, pixel_accuracy

    Xs, Ys, maps, _ = make_captioned_scenes(
        n_samples=100, image_size=(32, 32), n_words=5, random_state=0
    )
    aligner = RegionWordAligner((32, 32, 3), n_regions=16, random_state=0)
    aligner.fit(Xs[:80], Ys[:80])
    word_maps = aligner.align(Xs[80:])
    objects = maps[80:] > 0
    right = pixel_accuracy(maps[80:][objects], word_maps[objects])
    echo(
        "  Spatial: RegionWordAligner, trained on captions only, names "
        f"{right:.0%} of held-out object pixels right (5 words)"
    )
