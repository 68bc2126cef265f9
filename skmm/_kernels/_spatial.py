"""Numba kernels of spatial alignment: superpixels, region statistics, lexicon EM.

Layouts shared by the kernels (no validation here; the wrappers in
``skmm.alignment._spatial`` check and convert):

- a batch of images is a C-contiguous float64 array ``(n_images, height, width,
  n_channels)``; per-pixel feature maps have the same layout with ``n_features``
  in the last axis;
- label maps are int64 ``(n_images, height, width)``, regions numbered
  ``0 .. n_regions[i] - 1`` inside image ``i``;
- regions of a batch are numbered consecutively over the batch: image ``i``'s
  regions are rows ``offsets[i]:offsets[i + 1]`` of every region table, so one
  flat table serves images with different numbers of regions;
- a corpus for EM is two ragged arrays in the same offset form: the blob of each
  region (the tokens that generate) and the word ids of each caption (the
  tokens generated).

Speed. Images are independent, so superpixels and region statistics run one
image per thread (``prange`` over images) and each thread writes only its own
rows. Texture filters are separable Gaussian derivative correlations done
per image while it sits in cache (scipy.ndimage on the whole batch strides
through memory along the image axes and was several times slower). The SLIC
assignment step visits, for each centre, only a window of two
grid steps around it, so an iteration costs O(pixels), not O(pixels x regions).
The EM corpus is small (a few words and a few tens of regions per image): one
serial sweep per iteration takes milliseconds, and the fixed summation order
keeps the lexicon deterministic, equal to a reference implementation to
rounding.
"""

import numpy as np
from numba import njit, prange


@njit(cache=True)
def _slic_one(img, n_segments, compactness, max_iter, min_size_factor, out):
    """SLIC superpixels of one image; writes ``out`` and returns the region count.

    k-means of (colour, position) with the spatial term weighted by
    ``(compactness / step) ** 2`` (Achanta et al. 2012), centres on a regular
    grid, each centre competing for the pixels within two grid steps. Then
    connected components (4-connectivity) are relabelled in scan order and
    those smaller than ``min_size_factor * pixels / centres`` are merged into
    the component met just before them (left, else above), as in SLIC's
    post-processing, so every region is connected.
    """
    height, width, n_channels = img.shape
    n_pixels = height * width
    k = min(n_segments, n_pixels)
    step = np.sqrt(n_pixels / k)
    ny = max(1, min(height, int(round(height / step))))
    nx = max(1, min(width, int(round(width / step))))
    k = ny * nx
    step = np.sqrt(n_pixels / k)
    centers = np.empty((k, n_channels + 2))
    for a in range(ny):
        for b in range(nx):
            j = a * nx + b
            cy = (a + 0.5) * height / ny - 0.5
            cx = (b + 0.5) * width / nx - 0.5
            iy = min(height - 1, max(0, int(round(cy))))
            ix = min(width - 1, max(0, int(round(cx))))
            centers[j, 0] = cy
            centers[j, 1] = cx
            for c in range(n_channels):
                centers[j, 2 + c] = img[iy, ix, c]
    weight = (compactness / step) ** 2
    win = 2.0 * step
    dist = np.empty((height, width))
    label = np.full((height, width), -1, dtype=np.int64)
    new = np.full((height, width), -1, dtype=np.int64)
    sums = np.empty((k, n_channels + 2))
    counts = np.empty(k)
    for _ in range(max_iter):
        dist[:] = np.inf
        for j in range(k):
            cy = centers[j, 0]
            cx = centers[j, 1]
            y0 = max(0, int(np.ceil(cy - win)))
            y1 = min(height, int(np.floor(cy + win)) + 1)
            x0 = max(0, int(np.ceil(cx - win)))
            x1 = min(width, int(np.floor(cx + win)) + 1)
            for y in range(y0, y1):
                dy = y - cy
                for x in range(x0, x1):
                    dx = x - cx
                    d = weight * (dy * dy + dx * dx)
                    for c in range(n_channels):
                        diff = img[y, x, c] - centers[j, 2 + c]
                        d += diff * diff
                    if d < dist[y, x]:
                        dist[y, x] = d
                        new[y, x] = j
        sums[:] = 0.0
        counts[:] = 0.0
        changed = 0
        for y in range(height):
            for x in range(width):
                j = new[y, x]
                if j != label[y, x]:
                    changed += 1
                    label[y, x] = j
                if j >= 0:
                    counts[j] += 1.0
                    sums[j, 0] += y
                    sums[j, 1] += x
                    for c in range(n_channels):
                        sums[j, 2 + c] += img[y, x, c]
        for j in range(k):
            if counts[j] > 0:
                for q in range(n_channels + 2):
                    centers[j, q] = sums[j, q] / counts[j]
        if changed == 0:
            break
    # connectivity: relabel components in scan order, merge the small ones
    min_size = max(1, int(min_size_factor * n_pixels / k))
    out[:, :] = -1
    queue = np.empty(n_pixels, dtype=np.int64)
    current = 0
    for p in range(n_pixels):
        y = p // width
        x = p - y * width
        if out[y, x] >= 0:
            continue
        adjacent = -1
        if x > 0:
            adjacent = out[y, x - 1]
        elif y > 0:
            adjacent = out[y - 1, x]
        old = label[y, x]
        out[y, x] = current
        queue[0] = p
        size = 1
        head = 0
        while head < size:
            q = queue[head]
            head += 1
            qy = q // width
            qx = q - qy * width
            for step_y, step_x in ((-1, 0), (1, 0), (0, -1), (0, 1)):
                ry = qy + step_y
                rx = qx + step_x
                if 0 <= ry < height and 0 <= rx < width:
                    if out[ry, rx] < 0 and label[ry, rx] == old:
                        out[ry, rx] = current
                        queue[size] = ry * width + rx
                        size += 1
        if size < min_size and adjacent >= 0:
            for i in range(size):
                q = queue[i]
                out[q // width, q - (q // width) * width] = adjacent
        else:
            current += 1
    return current


@njit(cache=True, parallel=True)
def slic(images, n_segments, compactness, max_iter, min_size_factor):
    """SLIC superpixels of a batch: label maps and the region count per image."""
    n_images, height, width, _ = images.shape
    labels = np.empty((n_images, height, width), dtype=np.int64)
    counts = np.empty(n_images, dtype=np.int64)
    for i in prange(n_images):
        counts[i] = _slic_one(
            images[i], n_segments, compactness, max_iter, min_size_factor, labels[i]
        )
    return labels, counts


@njit(cache=True, parallel=True)
def region_moments(features, labels, offsets):
    """Size, mean and variance of every feature, and centroid, of every region.

    ``features`` is ``(n_images, height, width, n_features)``, ``labels`` the
    label maps, ``offsets`` the ``n_images + 1`` cumulative region counts.
    Returns ``size (R,)``, ``mean (R, n_features)``, ``var (R, n_features)``
    (population variance, two passes) and ``centroid (R, 2)`` as (row, column).
    """
    n_images, height, width, n_features = features.shape
    n_regions = offsets[n_images]
    size = np.zeros(n_regions)
    mean = np.zeros((n_regions, n_features))
    var = np.zeros((n_regions, n_features))
    centroid = np.zeros((n_regions, 2))
    for i in prange(n_images):
        base = offsets[i]
        for y in range(height):
            for x in range(width):
                r = base + labels[i, y, x]
                size[r] += 1.0
                centroid[r, 0] += y
                centroid[r, 1] += x
                for f in range(n_features):
                    mean[r, f] += features[i, y, x, f]
        for r in range(base, offsets[i + 1]):
            if size[r] > 0:
                centroid[r, 0] /= size[r]
                centroid[r, 1] /= size[r]
                for f in range(n_features):
                    mean[r, f] /= size[r]
        for y in range(height):
            for x in range(width):
                r = base + labels[i, y, x]
                for f in range(n_features):
                    d = features[i, y, x, f] - mean[r, f]
                    var[r, f] += d * d
        for r in range(base, offsets[i + 1]):
            if size[r] > 0:
                for f in range(n_features):
                    var[r, f] /= size[r]
    return size, mean, var, centroid


@njit(cache=True, inline="always")
def _reflect(i, n):
    """``i`` folded into ``0 .. n - 1`` by half-sample reflection (dcba|abcd)."""
    period = 2 * n
    i = i % period
    if i < 0:
        i += period
    if i >= n:
        i = period - 1 - i
    return i


@njit(cache=True)
def _correlate_rows(src, weights, dst):
    """``dst[y, x] = sum_k weights[k] * src[y, x + k - r]`` with reflected borders.

    Each row is first copied into a reflected, padded line, so the inner loop
    has no index arithmetic.
    """
    height, width = src.shape
    n_taps = weights.shape[0]
    r = (n_taps - 1) // 2
    line = np.empty(width + 2 * r)
    for y in range(height):
        for j in range(width + 2 * r):
            line[j] = src[y, _reflect(j - r, width)]
        for x in range(width):
            acc = 0.0
            for k in range(n_taps):
                acc += weights[k] * line[x + k]
            dst[y, x] = acc


@njit(cache=True)
def _correlate_columns(src, weights, dst):
    """``dst[y, x] = sum_k weights[k] * src[y + k - r, x]`` with reflected borders.

    Whole rows are accumulated at once (contiguous, vectorised inner loop).
    """
    height, width = src.shape
    n_taps = weights.shape[0]
    r = (n_taps - 1) // 2
    rows = np.empty(height + 2 * r, dtype=np.int64)
    for j in range(height + 2 * r):
        rows[j] = _reflect(j - r, height)
    for y in range(height):
        for x in range(width):
            dst[y, x] = 0.0
        for k in range(n_taps):
            w = weights[k]
            row = rows[y + k]
            for x in range(width):
                dst[y, x] += w * src[row, x]


@njit(cache=True, parallel=True)
def texture_maps(intensity, smooth, first, second):
    """``|d/dy|``, ``|d/dx|`` and ``|Laplacian|`` of Gaussian, image by image.

    ``intensity`` is ``(n_images, height, width)``; ``smooth``, ``first`` and
    ``second`` are the correlation weights of the Gaussian and of its first
    and second derivatives (scipy.ndimage's, reversed), so the maps equal
    ``gaussian_filter(..., order=(1, 0))``, ``order=(0, 1)`` and
    ``gaussian_laplace`` with reflected borders, to rounding. Returns
    ``(n_images, height, width, 3)``.
    """
    n_images, height, width = intensity.shape
    out = np.empty((n_images, height, width, 3))
    for i in prange(n_images):
        along_x = np.empty((height, width))
        along_y = np.empty((height, width))
        d1 = np.empty((height, width))
        d2 = np.empty((height, width))
        _correlate_rows(intensity[i], smooth, along_x)
        _correlate_columns(along_x, first, d1)
        _correlate_columns(along_x, second, d2)
        for y in range(height):
            for x in range(width):
                out[i, y, x, 0] = abs(d1[y, x])
                out[i, y, x, 2] = d2[y, x]
        # the same separable filters with the axes swapped
        _correlate_columns(intensity[i], smooth, along_y)
        _correlate_rows(along_y, first, d1)
        _correlate_rows(along_y, second, d2)
        for y in range(height):
            for x in range(width):
                out[i, y, x, 1] = abs(d1[y, x])
                out[i, y, x, 2] = abs(out[i, y, x, 2] + d2[y, x])
    return out


@njit(cache=True, inline="always")
def _word_mass(lexicon, w, blobs, b0, b1):
    """``sum_r t(w | b_r)`` over the regions ``b0 .. b1 - 1`` of one image."""
    z = 0.0
    for r in range(b0, b1):
        z += lexicon[w, blobs[r]]
    return z


@njit(cache=True)
def _caption_log_likelihood(lexicon, blobs, blob_offsets, words, word_offsets):
    """Sum over captions and their words of ``log((1/L) sum_r t(w | b_r))``."""
    total = 0.0
    for i in range(blob_offsets.shape[0] - 1):
        b0 = blob_offsets[i]
        b1 = blob_offsets[i + 1]
        for j in range(word_offsets[i], word_offsets[i + 1]):
            z = _word_mass(lexicon, words[j], blobs, b0, b1)
            total += np.log(z / (b1 - b0))
    return total


@njit(cache=True)
def lexicon_em(
    blobs, blob_offsets, words, word_offsets, n_words, n_blobs, max_iter, tol
):
    """IBM Model 1 EM for the lexicon ``t(word | blob)`` (columns sum to one).

    Every word of caption ``i`` is generated by one of the image's regions,
    chosen uniformly, through ``t(word | blob of the region)`` (Brown et al.
    1993; Duygulu et al. 2002, with blobs as the source language). The start
    is uniform. Returns the lexicon after ``n_iter`` EM steps and the
    log-likelihood of each lexicon from the start to the last (``n_iter + 1``
    values, non-decreasing). Iteration stops after ``max_iter`` steps or once
    a step gains less than ``tol`` times the absolute log-likelihood.
    """
    lexicon = np.full((n_words, n_blobs), 1.0 / n_words)
    counts = np.empty((n_words, n_blobs))
    history = np.empty(max_iter + 1)
    history[0] = _caption_log_likelihood(
        lexicon, blobs, blob_offsets, words, word_offsets
    )
    n_iter = 0
    for it in range(max_iter):
        counts[:] = 0.0
        for i in range(blob_offsets.shape[0] - 1):
            b0 = blob_offsets[i]
            b1 = blob_offsets[i + 1]
            for j in range(word_offsets[i], word_offsets[i + 1]):
                w = words[j]
                z = _word_mass(lexicon, w, blobs, b0, b1)
                for r in range(b0, b1):
                    counts[w, blobs[r]] += lexicon[w, blobs[r]] / z
        for b in range(n_blobs):
            s = 0.0
            for w in range(n_words):
                s += counts[w, b]
            if s > 0.0:
                for w in range(n_words):
                    lexicon[w, b] = counts[w, b] / s
        n_iter = it + 1
        history[n_iter] = _caption_log_likelihood(
            lexicon, blobs, blob_offsets, words, word_offsets
        )
        if history[n_iter] - history[it] <= tol * abs(history[it]):
            break
    return lexicon, history[: n_iter + 1]
