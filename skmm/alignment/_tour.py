"""Tour section: DTW on the Trace data and canonical time warping."""

import time

import numpy as np


def run(echo):
    """1-NN DTW classification of Trace, a barycenter, and CTW across modalities."""
    from ..datasets import load_trace, make_warped_sequences
    from . import (
        CanonicalTimeWarping,
        KNeighborsDTWClassifier,
        cdist_dtw,
        dtw_barycenter,
        stack_sequences,
    )

    X_train, y_train, _ = load_trace(subset="train")
    X_test, y_test, _ = load_trace(subset="test")
    start = time.perf_counter()
    D = cdist_dtw(X_train, n_jobs=-1)
    seconds = time.perf_counter() - start
    echo(
        f"  cdist_dtw on Trace train: {D.shape[0]}x{D.shape[1]} DTW distances in "
        f"{seconds:.2f} s"
    )
    for radius in (0, 10):
        clf = KNeighborsDTWClassifier(radius=radius, n_jobs=-1).fit(X_train, y_train)
        label = "Euclidean (radius 0)" if radius == 0 else f"DTW, radius {radius}"
        echo(f"  1-NN {label:<21} test accuracy {clf.score(X_test, y_test):.3f}")
    Z = dtw_barycenter(X_train[y_train == 1], max_iter=5, n_jobs=-1)
    echo(f"  DBA barycenter of class 1: length {Z.shape[0]}, peak {Z.max():.2f}")
    a, b, true_path, _ = make_warped_sequences(random_state=0)
    X, views = stack_sequences([a, b], names=["video", "skeleton"])
    ctw = CanonicalTimeWarping(views=views).fit(X)

    def matched(p):
        return np.array([p[p[:, 0] == i, 1].mean() for i in range(len(a))])

    from ._ctw import _uniform_path

    gap = np.mean(np.abs(matched(ctw.path_) - matched(true_path)))
    uniform = _uniform_path(len(a), len(b))
    gap_uniform = np.mean(np.abs(matched(uniform) - matched(true_path)))
    echo(
        "  CTW aligns a 10-D and a 25-D view of one warped signal: "
        f"{gap:.1f} frames off the true warp (uniform stretching: {gap_uniform:.1f})"
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
