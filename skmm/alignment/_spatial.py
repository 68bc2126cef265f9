"""Spatial alignment: label every pixel with a word, with or without pixel labels.

Images travel as rows of one ``X``: each row is an image flattened row-major
with channels last (``image.reshape(-1)``), and an ``image_shape`` of
``(height, width)`` or ``(height, width, n_channels)`` says how to fold it back.
Per-pixel targets are label maps flattened the same way, one column per pixel.

Two settings:

- supervised: :class:`PixelClassifier` classifies every pixel from a
  multi-scale filter bank (:func:`filter_bank`) with any scikit-learn
  classifier, trained on pixel labels;
- weakly supervised: :class:`RegionWordAligner` learns from caption words only
  (which objects an image shows, not where): superpixel regions
  (:func:`superpixels`), region descriptors (:func:`region_descriptors`)
  quantised into blobs, and a lexicon ``P(word | blob)`` learned by EM as IBM
  Model 1 aligns the words of two languages (Duygulu et al. 2002).

The heavy loops (superpixels, region statistics, EM) are numba kernels in
``skmm._kernels._spatial``; the filters are scipy.ndimage's, applied to the
whole batch at once.
"""

import numbers

import numpy as np
from scipy import ndimage, sparse
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context, clone
from sklearn.cluster import KMeans
from sklearn.ensemble import RandomForestClassifier
from sklearn.exceptions import DataConversionWarning
from sklearn.utils import check_array, check_random_state
from sklearn.utils._param_validation import HasMethods, Interval
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import check_classification_targets, type_of_target
from sklearn.utils.validation import check_is_fitted, validate_data

from .._kernels import _spatial as _k
from ._dtw import numba_threads

__all__ = [
    "PixelClassifier",
    "RegionWordAligner",
    "filter_bank",
    "mean_iou",
    "pixel_accuracy",
    "region_descriptors",
    "superpixels",
]

# components smaller than this fraction of the mean superpixel size are merged
_MIN_SIZE_FACTOR = 0.25
# values of filter-bank features computed at once when classifying pixels
_CHUNK_VALUES = 1 << 22
# label of an unlabelled pixel in the label maps given to PixelClassifier
UNLABELED = -1


# --------------------------------------------------------------------------
# image layout
# --------------------------------------------------------------------------
def _check_image_shape(image_shape, n_features):
    """``(height, width, n_channels)`` from ``image_shape`` and X's width.

    ``None`` reads every row as one pixel whose channels are the columns.
    """
    if image_shape is None:
        return 1, 1, n_features
    if not isinstance(image_shape, (tuple, list)) or len(image_shape) not in (2, 3):
        raise ValueError(
            "image_shape must be (height, width) or (height, width, n_channels); "
            f"got {image_shape!r}."
        )
    for v in image_shape:
        if not isinstance(v, numbers.Integral) or isinstance(v, bool) or v < 1:
            raise ValueError(
                f"image_shape must hold positive integers; got {image_shape!r}."
            )
    height, width = int(image_shape[0]), int(image_shape[1])
    n_channels = int(image_shape[2]) if len(image_shape) == 3 else 1
    size = height * width * n_channels
    if size != n_features:
        raise ValueError(
            f"image_shape {tuple(image_shape)} holds {size} values per image but "
            f"X has {n_features} columns. Each row of X must be one image "
            "flattened row-major with channels last (image.reshape(-1)); set "
            "image_shape to its (height, width) or (height, width, n_channels)."
        )
    return height, width, n_channels


def _as_images(X, shape):
    """A (read-only use) view of rows as ``(n_images, height, width, n_channels)``."""
    return np.ascontiguousarray(X, dtype=np.float64).reshape((X.shape[0],) + shape)


def _check_scales(scales, name="scales"):
    try:
        arr = np.asarray(scales, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError):
        raise TypeError(
            f"{name} must be a sequence of numbers; got {scales!r}."
        ) from None
    if arr.size == 0 or not np.all(np.isfinite(arr)) or np.any(arr <= 0):
        raise ValueError(
            f"{name} must be a non-empty sequence of positive Gaussian widths "
            f"(pixels); got {scales!r}."
        )
    return tuple(float(s) for s in arr)


def _check_batch(X, image_shape, name="X"):
    X = check_array(X, dtype=np.float64, input_name=name)
    shape = _check_image_shape(image_shape, X.shape[1])
    return _as_images(X, shape), shape


# --------------------------------------------------------------------------
# filter bank
# --------------------------------------------------------------------------
def _gaussian_derivatives(plane, sigma):
    """Smoothed plane and its Gaussian derivatives over the last two axes."""
    axes = (plane.ndim - 2, plane.ndim - 1)

    def g(order):
        return ndimage.gaussian_filter(plane, sigma, order=order, axes=axes)

    return g((0, 0)), g((1, 0)), g((0, 1)), g((2, 0)), g((0, 2)), g((1, 1))


def _filter_bank_batch(images, scales, dtype=np.float64):
    """Per-pixel features of ``(n, h, w, c)`` images: ``(n, h, w, n_features)``."""
    n, h, w, c = images.shape
    per_channel = 1 + 5 * len(scales)
    out = np.empty((n, h, w, c * per_channel), dtype=dtype)
    for ch in range(c):
        plane = np.ascontiguousarray(images[..., ch])
        base = ch * per_channel
        out[..., base] = plane
        for k, sigma in enumerate(scales):
            g, gy, gx, gyy, gxx, gxy = _gaussian_derivatives(plane, sigma)
            j = base + 1 + 5 * k
            out[..., j] = g
            out[..., j + 1] = np.hypot(gy, gx)
            out[..., j + 2] = gyy + gxx
            half = 0.5 * (gyy + gxx)
            root = np.sqrt((0.5 * (gyy - gxx)) ** 2 + gxy**2)
            out[..., j + 3] = half + root
            out[..., j + 4] = half - root
    return out


def filter_bank(image, scales=(1.0, 2.0, 4.0)):
    """Multi-scale filter-bank features of every pixel of one image.

    For each channel: its value, then at each scale ``s`` (Gaussian width in
    pixels) the Gaussian-smoothed value, the gradient magnitude, the Laplacian
    of Gaussian and the two eigenvalues of the Hessian of Gaussian (larger
    first), all computed with Gaussian derivative filters (scipy.ndimage,
    reflected borders). These are the features of trainable-segmentation
    tools; :class:`PixelClassifier` classifies pixels on them.

    Parameters
    ----------
    image : array-like of shape (height, width) or (height, width, n_channels)
        One image, channels last.
    scales : sequence of float, default=(1.0, 2.0, 4.0)
        Gaussian widths (standard deviations, in pixels).

    Returns
    -------
    features : ndarray of shape (height, width, n_channels * (1 + 5 * len(scales)))
        Channel ``c``'s features are columns ``c * (1 + 5 * len(scales))``
        onwards: the value, then ``(smoothed, gradient magnitude, Laplacian,
        Hessian eigenvalue 1, Hessian eigenvalue 2)`` for each scale in order.

    See Also
    --------
    PixelClassifier : A scikit-learn classifier on these features.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.alignment import filter_bank
    >>> image = np.zeros((8, 8))
    >>> image[:, 4:] = 1.0
    >>> features = filter_bank(image, scales=(1.0,))
    >>> features.shape
    (8, 8, 6)
    >>> # the gradient magnitude peaks on the edge between columns 3 and 4
    >>> int(np.argmax(features[4, :, 2]))
    3
    """
    arr = np.asarray(image)
    if arr.ndim not in (2, 3):
        raise ValueError(
            "image must be 2-D (height, width) or 3-D (height, width, n_channels); "
            f"got shape {arr.shape}. For a batch of flattened images use "
            "PixelClassifier or superpixels with image_shape."
        )
    if arr.ndim == 2:
        arr = arr[:, :, None]
    if min(arr.shape) == 0:
        raise ValueError(f"image is empty (shape {arr.shape}).")
    flat = check_array(arr.reshape(1, -1), dtype=np.float64, input_name="image")
    images = flat.reshape((1,) + arr.shape)
    return _filter_bank_batch(images, _check_scales(scales))[0]


# --------------------------------------------------------------------------
# superpixels and region descriptors
# --------------------------------------------------------------------------
def _check_positive_int(value, name):
    if not isinstance(value, numbers.Integral) or isinstance(value, bool):
        raise TypeError(f"{name} must be an int; got {value!r}.")
    if value < 1:
        raise ValueError(f"{name} must be >= 1; got {value}.")
    return int(value)


def _check_nonnegative(value, name):
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        raise TypeError(f"{name} must be a number; got {value!r}.")
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0; got {value}.")
    return float(value)


def _slic(images, n_regions, compactness, sigma, max_iter, n_jobs):
    """Label maps ``(n, h, w)`` and region counts of ``(n, h, w, c)`` images."""
    if sigma > 0:
        images = ndimage.gaussian_filter(images, sigma, axes=(1, 2))
    with numba_threads(n_jobs):
        return _k.slic(
            np.ascontiguousarray(images),
            n_regions,
            compactness,
            max_iter,
            _MIN_SIZE_FACTOR,
        )


def superpixels(
    X,
    image_shape,
    *,
    n_regions=25,
    compactness=1.0,
    sigma=1.0,
    max_iter=10,
    n_jobs=None,
):
    """SLIC superpixels of a batch of flattened images.

    k-means of colour and position (Achanta et al. 2012): centres start on a
    regular grid of about ``n_regions`` cells, each pixel joins the centre
    within two grid steps that minimises ``||colour - colour_k||^2 +
    (compactness / step)^2 * ||position - position_k||^2``, and centres move
    to their pixels' means, for ``max_iter`` rounds or until no pixel moves.
    Disconnected pieces smaller than a quarter of the mean region size are
    then merged into a neighbour, so every region is connected.

    Parameters
    ----------
    X : array-like of shape (n_images, height * width * n_channels)
        Images, one per row, flattened row-major with channels last.
    image_shape : tuple of int
        ``(height, width)`` or ``(height, width, n_channels)``.
    n_regions : int, default=25
        Approximate number of regions per image (grid cells).
    compactness : float, default=1.0
        Weight of position against colour, in units of the pixel values: a
        colour difference of ``compactness`` costs as much as one grid step.
        Larger values give squarer regions.
    sigma : float, default=1.0
        Width of the Gaussian smoothing applied to each channel first (0: none).
    max_iter : int, default=10
        Largest number of k-means rounds.
    n_jobs : int, default=None
        Numba threads over images (None: 1, -1: all).

    Returns
    -------
    labels : ndarray of shape (n_images, height * width), dtype int64
        Region of each pixel, numbered ``0 .. n_regions_i - 1`` in each image
        in scan order of their first pixel.

    See Also
    --------
    region_descriptors : Describe the regions.
    RegionWordAligner : Uses these regions.

    References
    ----------
    .. [1] R. Achanta, A. Shaji, K. Smith, A. Lucchi, P. Fua, S. Süsstrunk. SLIC
       superpixels compared to state-of-the-art superpixel methods. IEEE TPAMI
       34(11), 2012.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.alignment import superpixels
    >>> image = np.zeros((12, 12))
    >>> image[:, 6:] = 1.0
    >>> labels = superpixels(image.reshape(1, -1), (12, 12), n_regions=4,
    ...                      compactness=0.1)
    >>> labels.reshape(12, 12)[[0, 11]][:, [0, 5, 6, 11]]
    array([[0, 0, 1, 1],
           [2, 2, 3, 3]])
    """
    images, shape = _check_batch(X, image_shape)
    n_regions = _check_positive_int(n_regions, "n_regions")
    max_iter = _check_positive_int(max_iter, "max_iter")
    compactness = _check_nonnegative(compactness, "compactness")
    sigma = _check_nonnegative(sigma, "sigma")
    labels, _ = _slic(images, n_regions, compactness, sigma, max_iter, n_jobs)
    return labels.reshape(images.shape[0], -1)


def _gaussian_weights(sigma, order):
    """scipy.ndimage's Gaussian derivative weights (truncate=4), for correlation."""
    radius = int(4.0 * sigma + 0.5)
    x = np.arange(-radius, radius + 1, dtype=np.float64)
    phi = np.exp(-0.5 * x * x / (sigma * sigma))
    phi /= phi.sum()
    p = np.polynomial.Polynomial([0.0, 0.0, -0.5 / (sigma * sigma)])
    q = np.polynomial.Polynomial([1.0])
    for _ in range(order):
        q = q.deriv() + q * p.deriv()
    return np.ascontiguousarray((phi * q(x))[::-1])


def _texture_maps(images, scales):
    """``|d/dy|``, ``|d/dx|`` and ``|Laplacian|`` of the channel mean, per scale."""
    intensity = np.ascontiguousarray(images.mean(axis=3))
    maps = [
        _k.texture_maps(
            intensity,
            _gaussian_weights(sigma, 0),
            _gaussian_weights(sigma, 1),
            _gaussian_weights(sigma, 2),
        )
        for sigma in scales
    ]
    return np.concatenate(maps, axis=3)


def _descriptors(images, labels, counts, scales, n_jobs):
    """Region descriptors and offsets, for validated arrays."""
    n, h, w, c = images.shape
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    with numba_threads(n_jobs):
        features = np.concatenate([images, _texture_maps(images, scales)], axis=3)
        size, mean, var, _ = _k.region_moments(features, labels, offsets)
    desc = np.hstack(
        [
            mean[:, :c],
            np.sqrt(var[:, :c]),
            mean[:, c:],
            np.log(size / (h * w))[:, None],
        ]
    )
    return desc, offsets


def region_descriptors(X, labels, image_shape, *, scales=(1.0, 2.0), n_jobs=None):
    """Colour, texture and size descriptors of every region of every image.

    The descriptors of Duygulu et al.'s region vocabulary, in a compact form:
    for a region, the mean and the standard deviation of each channel
    (colour), the mean absolute vertical and horizontal Gaussian derivatives
    and the mean absolute Laplacian of Gaussian of the intensity (the channel
    mean) at each scale (texture and its orientation), and the log of the
    region's share of the image (size).

    Parameters
    ----------
    X : array-like of shape (n_images, height * width * n_channels)
        Images, one per row, flattened row-major with channels last.
    labels : array-like of int of shape (n_images, height * width)
        Region of each pixel, numbered from 0 in each image (for example from
        :func:`superpixels`).
    image_shape : tuple of int
        ``(height, width)`` or ``(height, width, n_channels)``.
    scales : sequence of float, default=(1.0, 2.0)
        Gaussian widths of the texture filters, in pixels.
    n_jobs : int, default=None
        Numba threads over images (None: 1, -1: all).

    Returns
    -------
    descriptors : ndarray of shape (n_regions_total, n_descriptors)
        One row per region: images in order, regions of each image in label
        order. ``n_descriptors = 2 * n_channels + 3 * len(scales) + 1``
        columns: channel means, channel standard deviations, then for
        each scale ``(|d/dy|, |d/dx|, |LoG|)``, then ``log(size / (height *
        width))``.
    image_index : ndarray of shape (n_regions_total,), dtype int64
        The image of each row.

    See Also
    --------
    superpixels : Regions to describe.

    References
    ----------
    .. [1] P. Duygulu, K. Barnard, J. F. G. de Freitas, D. A. Forsyth. Object
       recognition as machine translation: learning a lexicon for a fixed
       image vocabulary. ECCV 2002.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.alignment import region_descriptors
    >>> image = np.zeros((4, 4))
    >>> image[:, 2:] = 1.0
    >>> labels = (np.arange(16) % 4 >= 2).astype(int)  # left half, right half
    >>> desc, image_index = region_descriptors(
    ...     image.reshape(1, -1), labels.reshape(1, -1), (4, 4), scales=(1.0,)
    ... )
    >>> desc.shape, image_index.tolist()
    ((2, 6), [0, 0])
    >>> desc[:, 0].tolist()  # mean colour of each region
    [0.0, 1.0]
    """
    images, shape = _check_batch(X, image_shape)
    scales = _check_scales(scales)
    lab = check_array(labels, dtype=None, input_name="labels")
    if lab.shape != (images.shape[0], shape[0] * shape[1]):
        raise ValueError(
            f"labels must have shape (n_images, height * width) = "
            f"{(images.shape[0], shape[0] * shape[1])}; got {lab.shape}."
        )
    if lab.dtype.kind not in "iu" and not (
        lab.dtype.kind == "f" and np.all(lab == np.round(lab))
    ):
        raise ValueError("labels must hold integer region numbers.")
    lab = lab.astype(np.int64).reshape(images.shape[:3])
    if lab.size and lab.min() < 0:
        raise ValueError("labels must be >= 0 (regions numbered from 0 per image).")
    counts = lab.reshape(lab.shape[0], -1).max(axis=1) + 1
    present = np.zeros(int(counts.sum()), dtype=bool)
    offsets = np.concatenate([[0], np.cumsum(counts)])
    present[(offsets[:-1, None, None] + lab).ravel()] = True
    if not present.all():
        raise ValueError(
            "labels must number each image's regions 0 .. k - 1 without gaps."
        )
    desc, offsets = _descriptors(images, lab, counts, scales, n_jobs)
    return desc, np.repeat(np.arange(images.shape[0]), counts)


# --------------------------------------------------------------------------
# metrics
# --------------------------------------------------------------------------
def _label_pairs(y_true, y_pred, ignore_label):
    t = np.asarray(y_true)
    p = np.asarray(y_pred)
    if t.shape != p.shape:
        raise ValueError(
            f"y_true and y_pred must have the same shape; got {t.shape} and {p.shape}."
        )
    t = t.ravel()
    p = p.ravel()
    if ignore_label is not None and t.dtype.kind in "iuf":
        keep = t != ignore_label
        t, p = t[keep], p[keep]
    if t.size == 0:
        raise ValueError("No labelled pixel to score (all are ignore_label).")
    return t, p


def pixel_accuracy(y_true, y_pred, *, ignore_label=UNLABELED):
    """Fraction of pixels whose predicted label is the true one.

    Equal to ``sklearn.metrics.accuracy_score(y_true.ravel(), y_pred.ravel())``
    on the pixels that are not ignored. Flatten first: on 2-D label maps
    ``accuracy_score`` would count whole images (subset accuracy).

    Parameters
    ----------
    y_true : array-like
        True label maps, any shape (for example ``(n_images, n_pixels)``).
    y_pred : array-like of the same shape
        Predicted label maps.
    ignore_label : int or None, default=-1
        Pixels whose true label equals it (unlabelled) are left out.

    Returns
    -------
    accuracy : float

    See Also
    --------
    mean_iou : Mean intersection over union.

    Examples
    --------
    >>> from skmm.alignment import pixel_accuracy
    >>> pixel_accuracy([[0, 1, 1, -1]], [[0, 1, 2, 2]])
    0.666...
    """
    t, p = _label_pairs(y_true, y_pred, ignore_label)
    return float(np.mean(t == p))


def mean_iou(y_true, y_pred, *, labels=None, ignore_label=UNLABELED, average="macro"):
    """Mean over labels of the intersection over union of their pixel sets.

    For label ``k``: ``|true == k and pred == k| / |true == k or pred == k|``
    over the pixels that are not ignored. With the default ``labels`` (every
    label in ``y_true`` or ``y_pred``) this equals
    ``sklearn.metrics.jaccard_score(y_true.ravel(), y_pred.ravel(),
    average="macro")``; flatten first, as 2-D maps would be read as
    multi-output targets. A label given in ``labels`` that appears in neither
    has no IoU (NaN) and is left out of the mean.

    Parameters
    ----------
    y_true : array-like
        True label maps, any shape.
    y_pred : array-like of the same shape
        Predicted label maps.
    labels : array-like, default=None
        Labels to score (None: every label seen in either).
    ignore_label : int or None, default=-1
        Pixels whose true label equals it (unlabelled) are left out.
    average : {"macro", None}, default="macro"
        ``None`` returns the IoU of each label.

    Returns
    -------
    iou : float or ndarray of shape (n_labels,)

    See Also
    --------
    pixel_accuracy : Fraction of correct pixels.

    Examples
    --------
    >>> import numpy as np
    >>> from skmm.alignment import mean_iou
    >>> y_true = np.array([[0, 0, 1, 1]])
    >>> y_pred = np.array([[0, 1, 1, 1]])
    >>> mean_iou(y_true, y_pred, average=None).tolist()  # [1/2, 2/3]
    [0.5, 0.666...]
    >>> round(mean_iou(y_true, y_pred), 4)
    0.5833
    """
    if average not in ("macro", None):
        raise ValueError(f'average must be "macro" or None; got {average!r}.')
    t, p = _label_pairs(y_true, y_pred, ignore_label)
    if labels is None:
        labels = np.union1d(t, p)
    labels = np.asarray(labels)
    iou = np.empty(labels.shape[0])
    for i, k in enumerate(labels):
        in_t = t == k
        in_p = p == k
        union = np.count_nonzero(in_t | in_p)
        iou[i] = np.count_nonzero(in_t & in_p) / union if union else np.nan
    if average is None:
        return iou
    if np.all(np.isnan(iou)):
        raise ValueError("None of labels appears in y_true or y_pred.")
    return float(np.nanmean(iou))


# --------------------------------------------------------------------------
# supervised: per-pixel classification
# --------------------------------------------------------------------------
def _labelled(values):
    """Mask of labelled entries (integer or float labels: not -1)."""
    if values.dtype.kind in "iuf":
        return values != UNLABELED
    return np.ones(values.shape, dtype=bool)


def _chunks(n_images, values_per_image):
    step = max(1, _CHUNK_VALUES // max(1, values_per_image))
    for start in range(0, n_images, step):
        yield start, min(n_images, start + step)


def _has_proba(self):
    est = getattr(self, "estimator_", None)
    if est is None:
        est = self.estimator
    return est is None or hasattr(est, "predict_proba")


class PixelClassifier(ClassifierMixin, BaseEstimator):
    """Label every pixel: any classifier on a multi-scale filter bank.

    Every pixel of every training image becomes one sample, described by
    :func:`filter_bank` (each channel's value, Gaussian smoothing, gradient
    magnitude, Laplacian of Gaussian and Hessian eigenvalues at each scale),
    and ``estimator`` learns its label: the method behind trainable
    segmentation tools. ``predict`` returns label maps.

    Parameters
    ----------
    estimator : classifier, default=None
        Any scikit-learn classifier; None uses
        ``RandomForestClassifier(n_estimators=100)``.
    image_shape : tuple of int, default=None
        ``(height, width)`` or ``(height, width, n_channels)`` of the images in
        the rows of ``X``. None reads every row as a single pixel whose
        channels are the columns (the model is then ``estimator`` on ``X``).
    scales : sequence of float, default=(1.0, 2.0, 4.0)
        Gaussian widths of the filter bank, in pixels.
    max_pixels : int, default=None
        Train on at most this many labelled pixels, drawn at random (None:
        all).
    random_state : int, RandomState instance or None, default=None
        Draws the pixels and seeds the default forest.

    Attributes
    ----------
    estimator_ : classifier
        The fitted pixel classifier.
    classes_ : ndarray of shape (n_classes,)
        Pixel labels.
    n_filters_ : int
        Filter-bank features per pixel.
    n_features_in_ : int
        Values per image (``height * width * n_channels``).
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during fit, when ``X`` has string column names.

    See Also
    --------
    filter_bank : The features of one image.
    RegionWordAligner : Learns pixel words from captions, without pixel labels.
    mean_iou, pixel_accuracy : Scores of label maps.

    Notes
    -----
    ``Y`` holds one label per pixel, the label maps flattened like the images
    (one column per pixel). A pixel labelled ``-1`` is unlabelled: it is left
    out of training and scoring, so sparse annotations (a few strokes per
    image) are enough. With a single-pixel image, ``Y`` may be 1-D.
    ``predict_proba`` returns ``(n_images, n_pixels, n_classes)``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.tree import DecisionTreeClassifier
    >>> from skmm.alignment import PixelClassifier
    >>> rng = np.random.RandomState(0)
    >>> X = rng.normal(0.0, 0.1, size=(6, 8, 8))
    >>> Y = np.zeros((6, 8, 8), dtype=int)
    >>> for i, col in enumerate([2, 3, 4, 5, 3, 4]):  # bright right part
    ...     X[i, :, col:] += 1.0
    ...     Y[i, :, col:] = 1
    >>> model = PixelClassifier(
    ...     DecisionTreeClassifier(random_state=0), image_shape=(8, 8), scales=(1.0,)
    ... ).fit(X[:4].reshape(4, -1), Y[:4].reshape(4, -1))
    >>> maps = model.predict(X[4:].reshape(2, -1))
    >>> maps.shape
    (2, 64)
    >>> float(np.mean(maps == Y[4:].reshape(2, -1)))
    1.0
    """

    _parameter_constraints = {
        "estimator": [HasMethods(["fit", "predict"]), None],
        "image_shape": [tuple, list, None],
        "scales": ["array-like"],
        "max_pixels": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        estimator=None,
        image_shape=None,
        *,
        scales=(1.0, 2.0, 4.0),
        max_pixels=None,
        random_state=None,
    ):
        self.estimator = estimator
        self.image_shape = image_shape
        self.scales = scales
        self.max_pixels = max_pixels
        self.random_state = random_state

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, Y):
        """Learn pixel labels from images and their label maps.

        Parameters
        ----------
        X : array-like of shape (n_images, height * width * n_channels)
            Images, one per row, flattened row-major with channels last.
        Y : array-like of shape (n_images, height * width)
            Label maps flattened the same way; ``-1`` marks unlabelled pixels.

        Returns
        -------
        self : object
        """
        X, Y = validate_data(self, X, Y, multi_output=True, dtype=np.float64)
        shape = _check_image_shape(self.image_shape, X.shape[1])
        scales = _check_scales(self.scales)
        Y = self._check_label_maps(Y, shape)
        labels = Y.ravel()
        mask = _labelled(labels)
        if not mask.any():
            raise ValueError("Y has no labelled pixel (every pixel is -1).")
        check_classification_targets(labels[mask])
        rng = check_random_state(self.random_state)
        chosen = np.flatnonzero(mask)
        if self.max_pixels is not None and chosen.size > self.max_pixels:
            chosen = np.sort(rng.choice(chosen, self.max_pixels, replace=False))
        n_pixels = shape[0] * shape[1]
        self.n_filters_ = shape[2] * (1 + 5 * len(scales))
        images = _as_images(X, shape)
        parts = []
        for start, stop in _chunks(X.shape[0], n_pixels * self.n_filters_):
            lo, hi = np.searchsorted(chosen, [start * n_pixels, stop * n_pixels])
            if lo == hi:
                continue
            feats = _filter_bank_batch(images[start:stop], scales)
            parts.append(
                feats.reshape(-1, self.n_filters_)[chosen[lo:hi] - start * n_pixels]
            )
        features = np.concatenate(parts)
        if self.estimator is None:
            self.estimator_ = RandomForestClassifier(n_estimators=100, random_state=rng)
        else:
            self.estimator_ = clone(self.estimator)
        self.estimator_.fit(features, labels[chosen])
        self.classes_ = self.estimator_.classes_
        self._one_d = Y.ndim == 1
        return self

    def _check_label_maps(self, Y, shape):
        n_pixels = shape[0] * shape[1]
        if sparse.issparse(Y):
            raise TypeError("Y must be dense label maps, not a sparse matrix.")
        if Y.ndim == 1:
            if n_pixels != 1:
                raise ValueError(
                    f"Y is 1-D (one label per image) but each image has {n_pixels} "
                    "pixels: give one label per pixel, Y of shape "
                    f"(n_images, {n_pixels}), the label maps flattened like X."
                )
            return Y
        if Y.shape[1] != n_pixels:
            raise ValueError(
                f"Y has {Y.shape[1]} columns but image_shape "
                f"{self.image_shape!r} has {n_pixels} pixels: Y must hold one "
                "label per pixel, the label maps flattened like X."
            )
        return Y

    def _pixel_features(self, X):
        """Number of images and a generator of per-chunk pixel features."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float64)
        shape = _check_image_shape(self.image_shape, X.shape[1])
        scales = _check_scales(self.scales)
        images = _as_images(X, shape)
        values = shape[0] * shape[1] * self.n_filters_

        def chunks():
            for start, stop in _chunks(X.shape[0], values):
                feats = _filter_bank_batch(images[start:stop], scales)
                yield start, stop, feats.reshape(-1, self.n_filters_)

        return X.shape[0], chunks()

    def predict(self, X):
        """Label maps of images.

        Parameters
        ----------
        X : array-like of shape (n_images, height * width * n_channels)
            Images.

        Returns
        -------
        Y : ndarray of shape (n_images, height * width)
            Predicted label of every pixel (1-D when ``Y`` was 1-D in fit).
        """
        n_images, chunks = self._pixel_features(X)
        out = None
        for start, stop, feats in chunks:
            pred = self.estimator_.predict(feats).reshape(stop - start, -1)
            if out is None:
                out = np.empty((n_images, pred.shape[1]), dtype=pred.dtype)
            out[start:stop] = pred
        return out[:, 0] if self._one_d else out

    @available_if(_has_proba)
    def predict_proba(self, X):
        """Class probabilities of every pixel.

        Parameters
        ----------
        X : array-like of shape (n_images, height * width * n_channels)
            Images.

        Returns
        -------
        proba : ndarray of shape (n_images, height * width, n_classes)
            Columns in the order of ``classes_`` (``(n_images, n_classes)``
            when ``Y`` was 1-D in fit).
        """
        n_images, chunks = self._pixel_features(X)
        out = None
        for start, stop, feats in chunks:
            proba = self.estimator_.predict_proba(feats)
            proba = proba.reshape(stop - start, -1, proba.shape[1])
            if out is None:
                out = np.empty((n_images,) + proba.shape[1:])
            out[start:stop] = proba
        return out[:, 0] if self._one_d else out

    def score(self, X, y, sample_weight=None):
        """Pixel accuracy on the labelled pixels (label ``-1`` is left out).

        Parameters
        ----------
        X : array-like of shape (n_images, height * width * n_channels)
            Images.
        y : array-like of shape (n_images, height * width)
            True label maps.
        sample_weight : array-like of shape (n_images,), default=None
            Weight of each image (shared by its pixels).

        Returns
        -------
        score : float
        """
        pred = np.asarray(self.predict(X))
        true = np.asarray(y)
        if true.shape != pred.shape:
            true = true.reshape(pred.shape)
        mask = _labelled(true)
        correct = (true == pred) & mask
        if sample_weight is None:
            return float(correct.sum() / mask.sum())
        w = np.asarray(sample_weight, dtype=np.float64)
        if pred.ndim == 2:
            w = np.repeat(w[:, None], pred.shape[1], axis=1)
        return float((w * correct).sum() / (w * mask).sum())

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags


# --------------------------------------------------------------------------
# weakly supervised: region-word lexicon learned from captions
# --------------------------------------------------------------------------
class RegionWordAligner(ClassifierMixin, BaseEstimator):
    """Learn which region shows which caption word, from captions alone.

    Duygulu et al.'s "object recognition as machine translation": each image
    is cut into superpixel regions (:func:`superpixels`), each region is
    described (:func:`region_descriptors`) and quantised by k-means into one
    of ``n_blobs`` "blobs", and the lexicon ``P(word | blob)`` is learned by EM
    exactly as IBM Model 1 learns word translations from sentence pairs: every
    caption word is generated by one of the image's regions, chosen uniformly,
    through the lexicon of that region's blob. The captions say which objects
    an image shows, never where: the alignment of words to regions is what EM
    infers.

    Every caption also holds a null word (row 0 of the lexicon), as IBM models
    put a null word in every sentence: regions that show none of the caption's
    objects (background) are explained by it. ``predict`` gives the caption
    words of unseen images (annotation, a translation from image to text);
    ``align`` names each region with the most probable of the null word and
    the caption's words (given, or predicted), so every pixel gets a word or
    the null word.

    Parameters
    ----------
    image_shape : tuple of int, default=None
        ``(height, width)`` or ``(height, width, n_channels)`` of the images in
        the rows of ``X``. None reads every row as a single pixel whose
        channels are the columns (one region per image).
    n_regions : int, default=25
        Approximate number of superpixels per image.
    compactness : float, default=1.0
        Weight of position against colour in the superpixels, with colours
        in units of each channel's standard deviation over the training
        pixels (see :func:`superpixels`).
    sigma : float, default=1.0
        Gaussian smoothing before the superpixels, in pixels.
    n_blobs : int, default=32
        Number of blobs (k-means clusters of region descriptors); fewer when
        the training set has fewer distinct regions.
    scales : sequence of float, default=(1.0, 2.0)
        Gaussian widths of the texture descriptors.
    max_iter : int, default=100
        Largest number of EM iterations.
    tol : float, default=1e-6
        EM stops once an iteration raises the log-likelihood by less than
        ``tol`` times its absolute value.
    random_state : int, RandomState instance or None, default=None
        Seeds the k-means of the blobs.
    n_jobs : int, default=None
        Numba threads over images for regions and descriptors (None: 1,
        -1: all).

    Attributes
    ----------
    classes_ : ndarray of shape (n_words,)
        The words: ``0 .. n_words - 1`` (columns of ``Y``) for a caption
        indicator matrix, the labels for a 1-D ``y``.
    lexicon_ : ndarray of shape (n_words + 1, n_blobs_)
        ``P(word | blob)``; row 0 is the null word, row ``j + 1`` word
        ``classes_[j]``; every column sums to one. A word never seen in a
        caption together with a blob has probability 0 for it.
    blob_centers_ : ndarray of shape (n_blobs_, n_descriptors)
        k-means centres of the standardised region descriptors.
    log_likelihood_ : ndarray of shape (n_iter_ + 1,)
        Log-likelihood of the captions given the blobs, from the uniform start
        to the final lexicon; never decreases.
    n_iter_ : int
        EM iterations run.
    n_features_in_ : int
        Values per image (``height * width * n_channels``).
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during fit, when ``X`` has string column names.

    See Also
    --------
    PixelClassifier : Per-pixel classification when pixel labels exist.
    superpixels, region_descriptors : The regions and their descriptors.
    skmm.datasets.make_captioned_scenes : Captioned scenes with true word maps.

    Notes
    -----
    ``Y`` is a caption indicator matrix (``Y[i, j] = 1`` when word ``j`` is in
    image ``i``'s caption), as ``MultiLabelBinarizer`` makes; an empty caption
    says the image shows nothing but background, but at least one caption must
    hold a word. A 1-D ``y`` is read as one word per image; ``predict`` then
    returns the most probable word and ``predict_proba`` a distribution over
    words.

    With an indicator ``Y``, ``predict_proba`` gives, for each word, the
    largest ``P(word | blob)`` over the image's regions, and ``predict`` keeps
    the words of probability above 0.5. A column of the lexicon sums to one,
    so such a word is its region's best word: every predicted word names
    pixels in ``align``. Probabilities are the lexicon's own: exactly 0 for a
    word never seen with any of the image's blobs.

    References
    ----------
    .. [1] P. Duygulu, K. Barnard, J. F. G. de Freitas, D. A. Forsyth. Object
       recognition as machine translation: learning a lexicon for a fixed
       image vocabulary. ECCV 2002.
    .. [2] P. F. Brown, S. A. Della Pietra, V. J. Della Pietra, R. L. Mercer.
       The mathematics of statistical machine translation: parameter
       estimation. Computational Linguistics 19(2), 1993.
    .. [3] R. Achanta et al. SLIC superpixels compared to state-of-the-art
       superpixel methods. IEEE TPAMI 34(11), 2012.

    Examples
    --------
    >>> from skmm.alignment import RegionWordAligner, pixel_accuracy
    >>> from skmm.datasets import make_captioned_scenes
    >>> X, Y, maps, words = make_captioned_scenes(
    ...     n_samples=120, image_size=(32, 32), n_words=4, random_state=0
    ... )
    >>> model = RegionWordAligner(
    ...     image_shape=(32, 32, 3), n_regions=16, random_state=0
    ... ).fit(X[:100], Y[:100])
    >>> model.lexicon_.shape[0]  # the null word and 4 words
    5
    >>> word_maps = model.align(X[100:])  # 0: background, j + 1: word j
    >>> objects = maps[100:] > 0
    >>> pixel_accuracy(maps[100:][objects], word_maps[objects]) > 0.6
    True
    """

    _parameter_constraints = {
        "image_shape": [tuple, list, None],
        "n_regions": [Interval(numbers.Integral, 1, None, closed="left")],
        "compactness": [Interval(numbers.Real, 0, None, closed="left")],
        "sigma": [Interval(numbers.Real, 0, None, closed="left")],
        "n_blobs": [Interval(numbers.Integral, 1, None, closed="left")],
        "scales": ["array-like"],
        "max_iter": [Interval(numbers.Integral, 1, None, closed="left")],
        "tol": [Interval(numbers.Real, 0, None, closed="left")],
        "random_state": ["random_state"],
        "n_jobs": [numbers.Integral, None],
    }

    def __init__(
        self,
        image_shape=None,
        *,
        n_regions=25,
        compactness=1.0,
        sigma=1.0,
        n_blobs=32,
        scales=(1.0, 2.0),
        max_iter=100,
        tol=1e-6,
        random_state=None,
        n_jobs=None,
    ):
        self.image_shape = image_shape
        self.n_regions = n_regions
        self.compactness = compactness
        self.sigma = sigma
        self.n_blobs = n_blobs
        self.scales = scales
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state
        self.n_jobs = n_jobs

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, Y):
        """Segment, describe and quantise regions, then learn the lexicon by EM.

        Parameters
        ----------
        X : array-like of shape (n_images, height * width * n_channels)
            Images, one per row, flattened row-major with channels last.
        Y : array-like of shape (n_images, n_words) or (n_images,)
            Caption indicator matrix (one column per word), or one word per
            image.

        Returns
        -------
        self : object
        """
        X, Y = validate_data(self, X, Y, multi_output=True, dtype=np.float64)
        shape = _check_image_shape(self.image_shape, X.shape[1])
        captions = self._check_captions(Y)
        images = _as_images(X, shape)
        flat = images.reshape(-1, shape[2])
        self._pixel_mean = flat.mean(axis=0)
        scale = flat.std(axis=0)
        self._pixel_scale = np.where(scale > 0, scale, 1.0)
        desc, offsets, _ = self._describe(images)
        self._desc_mean = desc.mean(axis=0)
        spread = desc.std(axis=0)
        self._desc_scale = np.where(
            spread > 1e-12 * (1 + np.abs(self._desc_mean)), spread, 1.0
        )
        Z = (desc - self._desc_mean) / self._desc_scale
        n_distinct = np.unique(Z, axis=0).shape[0]
        kmeans = KMeans(
            n_clusters=min(self.n_blobs, n_distinct),
            n_init=3,
            random_state=check_random_state(self.random_state),
        ).fit(Z)
        self.blob_centers_ = kmeans.cluster_centers_
        blobs = kmeans.labels_.astype(np.int64)
        words = [np.concatenate([[0], c + 1]) for c in captions]
        word_offsets = np.zeros(len(words) + 1, dtype=np.int64)
        np.cumsum([len(w) for w in words], out=word_offsets[1:])
        self.lexicon_, self.log_likelihood_ = _k.lexicon_em(
            blobs,
            offsets,
            np.concatenate(words).astype(np.int64),
            word_offsets,
            len(self.classes_) + 1,
            self.blob_centers_.shape[0],
            self.max_iter,
            float(self.tol),
        )
        self.n_iter_ = self.log_likelihood_.shape[0] - 1
        return self

    def _check_captions(self, Y):
        """Word indices of every caption; sets ``classes_`` and the target kind."""
        if sparse.issparse(Y):
            Y = Y.toarray()
        Y = np.asarray(Y)
        if Y.ndim == 2 and Y.shape[1] == 1 and not np.isin(Y, (0, 1)).all():
            import warnings

            warnings.warn(
                "A column-vector y was passed when a 1d array was expected; it is "
                "read as one word per image.",
                DataConversionWarning,
                stacklevel=3,
            )
            Y = Y.ravel()
        if Y.ndim == 1:
            check_classification_targets(Y)
            self.classes_, index = np.unique(Y, return_inverse=True)
            self._multilabel = False
            return [np.array([k]) for k in index]
        kind = type_of_target(Y)
        if Y.shape[1] == 1 and kind == "binary":
            kind = "multilabel-indicator"
        if kind != "multilabel-indicator" or not np.isin(Y, (0, 1)).all():
            raise ValueError(
                "Y must be a caption indicator matrix of 0 and 1 (one column per "
                f"word, as MultiLabelBinarizer makes) or a 1-D y; got a {kind!r} "
                "target."
            )
        Y = Y.astype(bool)
        if not Y.any():
            raise ValueError(
                "Every caption in Y is empty: the lexicon needs images whose "
                "captions name at least one word."
            )
        self.classes_ = np.arange(Y.shape[1])
        self._multilabel = True
        return [np.flatnonzero(row) for row in Y]

    def _describe(self, images):
        """Descriptors, region offsets and label maps of validated images."""
        n_regions = min(self.n_regions, images.shape[1] * images.shape[2])
        standard = (images - self._pixel_mean) / self._pixel_scale
        labels, counts = _slic(
            standard,
            n_regions,
            float(self.compactness),
            float(self.sigma),
            10,
            self.n_jobs,
        )
        desc, offsets = _descriptors(
            images, labels, counts, _check_scales(self.scales), self.n_jobs
        )
        return desc, offsets, labels

    def _regions(self, X):
        """Label maps, region offsets and the blob of every region of new images."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float64)
        shape = _check_image_shape(self.image_shape, X.shape[1])
        desc, offsets, labels = self._describe(_as_images(X, shape))
        Z = (desc - self._desc_mean) / self._desc_scale
        d2 = (
            (Z**2).sum(axis=1)[:, None]
            - 2.0 * Z @ self.blob_centers_.T
            + (self.blob_centers_**2).sum(axis=1)[None, :]
        )
        return labels, offsets, np.argmin(d2, axis=1)

    def blob_map(self, X):
        """The blob of every pixel (the quantised region it belongs to).

        Parameters
        ----------
        X : array-like of shape (n_images, height * width * n_channels)
            Images.

        Returns
        -------
        blobs : ndarray of shape (n_images, height * width), dtype int64
            Column of ``lexicon_`` that names each pixel.
        """
        labels, offsets, blobs = self._regions(X)
        n = labels.shape[0]
        return blobs[offsets[:-1, None] + labels.reshape(n, -1)]

    def align(self, X, Y=None):
        """The word of every pixel: each region named within the caption.

        As IBM models align the words of a known sentence pair, every region
        is named with the most probable of the null word and the words of the
        image's caption (``P(word | blob)`` of its blob). The captions are
        ``Y`` when given (where does each caption word lie?), otherwise the
        ones ``predict`` gives (annotation, then alignment).

        Parameters
        ----------
        X : array-like of shape (n_images, height * width * n_channels)
            Images.
        Y : array-like of shape (n_images, n_words) or (n_images,), default=None
            Captions in the form given to ``fit``; None predicts them.

        Returns
        -------
        word_maps : ndarray of shape (n_images, height * width), dtype int64
            0 for the null word (background), ``j + 1`` for word
            ``classes_[j]``.
        """
        blob_maps = self.blob_map(X)
        n = blob_maps.shape[0]
        if Y is None:
            captions = self.predict(X)
        else:
            captions = self._check_new_captions(Y, n)
        if not self._multilabel:
            captions = np.asarray(captions)[:, None] == self.classes_[None, :]
        allowed = np.concatenate(
            [np.ones((n, 1), dtype=bool), np.asarray(captions, dtype=bool)], axis=1
        )
        scores = np.where(allowed[:, :, None], self.lexicon_[None], -1.0)
        best = np.argmax(scores, axis=1)  # (n_images, n_blobs)
        return np.take_along_axis(best, blob_maps, axis=1)

    def _check_new_captions(self, Y, n_images):
        if sparse.issparse(Y):
            Y = Y.toarray()
        Y = np.asarray(Y)
        if Y.shape[0] != n_images:
            raise ValueError(
                f"Y has {Y.shape[0]} captions for {n_images} images; give one "
                "caption per row of X."
            )
        if self._multilabel:
            if (
                Y.shape != (n_images, self.classes_.shape[0])
                or not np.isin(Y, (0, 1)).all()
            ):
                raise ValueError(
                    "Y must be a caption indicator matrix of 0 and 1 with "
                    f"{self.classes_.shape[0]} columns, as in fit."
                )
            return Y
        if Y.ndim != 1 or not np.isin(Y, self.classes_).all():
            raise ValueError("Y must hold one word per image, from classes_.")
        return Y

    def _blob_counts(self, X):
        _, offsets, blobs = self._regions(X)
        n = offsets.shape[0] - 1
        image = np.repeat(np.arange(n), np.diff(offsets))
        counts = np.zeros((n, self.blob_centers_.shape[0]))
        np.add.at(counts, (image, blobs), 1.0)
        return counts

    def predict_proba(self, X):
        """Probability of each caption word.

        Parameters
        ----------
        X : array-like of shape (n_images, height * width * n_channels)
            Images.

        Returns
        -------
        proba : ndarray of shape (n_images, n_words)
            With an indicator ``Y``: for each word, the largest probability
            that a region of the image gives it (the region most likely to
            show it; rows need not sum to one). With a 1-D ``y``: the share of
            the regions' word probabilities (null word left out), rows
            summing to one.
        """
        counts = self._blob_counts(X)
        words = self.lexicon_[1:]
        if self._multilabel:
            present = counts > 0
            proba = np.zeros((counts.shape[0], words.shape[0]))
            for b in range(words.shape[1]):
                rows = present[:, b]
                proba[rows] = np.maximum(proba[rows], words[:, b])
            return proba
        scores = counts @ words.T
        total = scores.sum(axis=1, keepdims=True)
        uniform = np.full_like(scores, 1.0 / scores.shape[1])
        return np.divide(scores, total, out=uniform, where=total > 0)

    def predict(self, X):
        """Caption words of images.

        Parameters
        ----------
        X : array-like of shape (n_images, height * width * n_channels)
            Images.

        Returns
        -------
        Y : ndarray of shape (n_images, n_words) or (n_images,)
            Caption indicator matrix (words of probability above 0.5), or the
            most probable word when ``y`` was 1-D in fit.
        """
        proba = self.predict_proba(X)
        if self._multilabel:
            return (proba > 0.5).astype(np.int64)
        return self.classes_[np.argmax(proba, axis=1)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = True
        tags.target_tags.multi_output = True
        return tags
