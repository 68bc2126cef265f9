"""Region extraction and region features for 1,000 images of 64 x 64.

Run: ``python benchmarks/bench_spatial.py`` (``--quick`` for 200 images). Two
rows, each side by side on the same images:

- region features: skmm's :func:`~skmm.alignment.region_descriptors` (the
  filters on the whole batch at once, region statistics in one numba kernel)
  against the same features computed with scipy.ndimage calls one image at a
  time (Gaussian derivative filters, then ``ndimage.mean``,
  ``ndimage.standard_deviation`` and ``ndimage.sum`` over the labels); the
  values are checked equal;
- region extraction: skmm's :func:`~skmm.alignment.superpixels` against
  scikit-image's ``slic`` called image by image (skipped when scikit-image is
  not installed), with a comparable number of regions.

Both sides run on one thread (numba threads and BLAS pinned to 1), then skmm
again on all cores.
"""

import sys
import time

import numpy as np
from _common import best_time, describe_threads, header, pinned_blas, report
from scipy import ndimage

SHAPE = (64, 64, 3)
N_REGIONS = 25
SCALES = (1.0, 2.0)


def ndimage_features(X, labels):
    """Region descriptors with scipy.ndimage, one image and one call at a time."""
    rows = []
    for x, lab in zip(X, labels):
        img = x.reshape(SHAPE)
        lab = lab.reshape(SHAPE[:2])
        index = np.arange(lab.max() + 1)
        intensity = img.mean(axis=2)
        cols = [ndimage.mean(img[:, :, c], lab, index) for c in range(3)]
        cols += [ndimage.standard_deviation(img[:, :, c], lab, index) for c in range(3)]
        for s in SCALES:
            gy = ndimage.gaussian_filter(intensity, s, order=(1, 0))
            gx = ndimage.gaussian_filter(intensity, s, order=(0, 1))
            log = ndimage.gaussian_laplace(intensity, s)
            cols += [ndimage.mean(np.abs(m), lab, index) for m in (gy, gx, log)]
        size = ndimage.sum(np.ones_like(intensity), lab, index)
        cols.append(np.log(size / (SHAPE[0] * SHAPE[1])))
        rows.append(np.column_stack(cols))
    return np.vstack(rows)


def skimage_slic(X):
    from skimage.segmentation import slic

    return [
        slic(
            x.reshape(SHAPE),
            n_segments=N_REGIONS,
            compactness=10.0,
            sigma=1.0,
            start_label=0,
            channel_axis=-1,
        )
        for x in X
    ]


def main(quick=False):
    from skmm.alignment import region_descriptors, superpixels
    from skmm.alignment._dtw import numba_threads
    from skmm.datasets import make_captioned_scenes

    n = 200 if quick else 1000
    header(f"Region extraction and features, {n} images of 64 x 64 x 3")
    X, *_ = make_captioned_scenes(n, image_size=SHAPE[:2], random_state=0)
    kw = {"n_regions": N_REGIONS, "compactness": 0.1}
    superpixels(X[:2], SHAPE, **kw)  # compile (cached after the first run)
    labels = superpixels(X, SHAPE, **kw)
    region_descriptors(X[:2], labels[:2], SHAPE, scales=SCALES)
    n_regions = labels.max(axis=1).mean() + 1
    print(f"# {n_regions:.1f} regions per image on average")

    with pinned_blas(1), numba_threads(1):
        print(f"# BLAS: {describe_threads()}; numba: 1 thread")
        ours = best_time(lambda: region_descriptors(X, labels, SHAPE, scales=SCALES))
        start = time.perf_counter()
        reference = ndimage_features(X, labels)
        theirs = time.perf_counter() - start
        desc, _ = region_descriptors(X, labels, SHAPE, scales=SCALES)
        gap = np.max(np.abs(desc - reference))
        report(
            "region features (1 thread)",
            ours,
            theirs,
            "ndimage per image",
            f"(max |difference| {gap:.1e})",
        )
        ours_sp = best_time(lambda: superpixels(X, SHAPE, **kw))
        try:
            import skimage

            start = time.perf_counter()
            theirs_labels = skimage_slic(X)
            theirs_sp = time.perf_counter() - start
            k = np.mean([lab.max() + 1 for lab in theirs_labels])
            report(
                "superpixels (1 thread)",
                ours_sp,
                theirs_sp,
                f"skimage {skimage.__version__} slic",
                f"({k:.1f} regions per image)",
            )
        except ImportError:
            print(f"superpixels (1 thread): skmm {ours_sp:.4f} s | scikit-image absent")
            theirs_sp = None
    total = ours + ours_sp
    print(f"## extraction + features, 1 thread: skmm {total:.2f} s for {n} images")
    with pinned_blas(1), numba_threads(-1):
        both = best_time(
            lambda: region_descriptors(
                X, superpixels(X, SHAPE, n_jobs=-1, **kw), SHAPE, n_jobs=-1
            )
        )
    print(f"## extraction + features, all cores: skmm {both:.2f} s for {n} images")


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
