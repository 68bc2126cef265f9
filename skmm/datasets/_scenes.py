"""Captioned scenes: textured objects on textured backgrounds, with word maps."""

import numbers

import numpy as np
from scipy import ndimage
from sklearn.utils import check_random_state

__all__ = ["make_captioned_scenes"]

# word, colour (RGB in [0, 1]), texture, shape
_OBJECTS = (
    ("sun", (0.95, 0.80, 0.10), "plain", "disc"),
    ("brick", (0.80, 0.22, 0.15), "checker", "square"),
    ("wave", (0.15, 0.35, 0.90), "horizontal stripes", "square"),
    ("leaf", (0.20, 0.70, 0.20), "diagonal stripes", "triangle"),
    ("plum", (0.55, 0.15, 0.60), "dots", "disc"),
    ("sail", (0.95, 0.95, 0.95), "vertical stripes", "triangle"),
    ("ice", (0.55, 0.90, 0.95), "checker", "disc"),
    ("rust", (0.70, 0.40, 0.10), "diagonal stripes", "square"),
)
# colour and grain (Gaussian width of the smoothed noise) of the backgrounds
_BACKGROUNDS = (
    ((0.50, 0.50, 0.50), 0.7),
    ((0.78, 0.72, 0.55), 2.5),
    ((0.25, 0.30, 0.33), 1.5),
)


def _check_int(value, name, minimum, maximum=None):
    if not isinstance(value, numbers.Integral) or isinstance(value, bool):
        raise TypeError(f"{name} must be an int; got {value!r}.")
    if value < minimum or (maximum is not None and value > maximum):
        upper = "" if maximum is None else f" and <= {maximum}"
        raise ValueError(f"{name} must be >= {minimum}{upper}; got {value}.")
    return int(value)


def _pattern(texture, yy, xx, rng):
    """Texture in [-1, 1] on the pixel grid (random phase)."""
    phase = rng.uniform(0, 2 * np.pi)
    if texture == "plain":
        return np.zeros_like(yy)
    if texture == "checker":
        period = 6.0
        return np.sign(np.sin(np.pi * yy / (period / 2) + phase)) * np.sign(
            np.sin(np.pi * xx / (period / 2))
        )
    if texture == "dots":
        period = 5.0
        dy = (yy + phase) % period - period / 2
        dx = xx % period - period / 2
        return np.where(dy**2 + dx**2 <= 2.5, 1.0, -1.0)
    direction = {
        "horizontal stripes": (1.0, 0.0),
        "vertical stripes": (0.0, 1.0),
        "diagonal stripes": (0.7071, 0.7071),
    }[texture]
    coord = direction[0] * yy + direction[1] * xx
    return np.sign(np.sin(2 * np.pi * coord / 4.0 + phase))


def _shape_mask(shape, yy, xx, cy, cx, r):
    if shape == "disc":
        return (yy - cy) ** 2 + (xx - cx) ** 2 <= r**2
    if shape == "square":
        return (np.abs(yy - cy) <= r * 0.9) & (np.abs(xx - cx) <= r * 0.9)
    # triangle pointing up: apex at (cy - r, cx), base at cy + r
    t = (yy - (cy - r)) / (2 * r)
    return (t >= 0) & (t <= 1) & (np.abs(xx - cx) <= t * r * 1.1)


def make_captioned_scenes(
    n_samples=200,
    *,
    image_size=(48, 48),
    n_words=5,
    min_objects=1,
    max_objects=3,
    noise=0.03,
    random_state=None,
):
    """Scenes of textured, coloured objects with captions and true word maps.

    Each scene is a textured background (one of three: fine grey grain, coarse
    sand, slate) with ``min_objects`` to ``max_objects`` distinct objects
    drawn on it at random places and sizes, placed so that none hides another
    (an object that finds no such place in 50 tries is left out). Every word
    of the vocabulary is one kind of object with its own colour, texture and
    shape (a yellow plain disc "sun", a red checkered square "brick", a blue
    horizontally striped square "wave", ...). The caption lists the words of
    the objects drawn; the word map says which object, if any, every pixel
    shows, so alignment learned from captions alone can be scored pixel by
    pixel.

    Parameters
    ----------
    n_samples : int, default=200
        Number of scenes.
    image_size : tuple of (int, int), default=(48, 48)
        ``(height, width)``, each at least 16.
    n_words : int, default=5
        Vocabulary size, from 1 to 8.
    min_objects, max_objects : int, default=1, 3
        Range of the number of objects per scene (0 allowed: a scene of
        background only).
    noise : float, default=0.03
        Standard deviation of the Gaussian pixel noise (values are then clipped
        to [0, 1]).
    random_state : int, RandomState instance or None, default=None
        Seed.

    Returns
    -------
    X : ndarray of shape (n_samples, height * width * 3)
        RGB images in [0, 1], each flattened row-major with channels last;
        ``image_shape`` is ``(height, width, 3)``.
    Y : ndarray of shape (n_samples, n_words), dtype int64
        Caption indicator matrix: ``Y[i, j] = 1`` when word ``j`` is in scene
        ``i``'s caption.
    word_maps : ndarray of shape (n_samples, height * width), dtype int64
        True word of every pixel: 0 for background, ``j + 1`` for word ``j``
        (the convention of :meth:`~skmm.alignment.RegionWordAligner.align`).
    words : ndarray of str of shape (n_words,)
        The vocabulary.

    See Also
    --------
    skmm.alignment.RegionWordAligner : Learns word maps from the captions.
    skmm.alignment.PixelClassifier : Learns them from the word maps.

    Examples
    --------
    >>> from skmm.datasets import make_captioned_scenes
    >>> X, Y, word_maps, words = make_captioned_scenes(
    ...     n_samples=4, image_size=(32, 32), n_words=3, random_state=0
    ... )
    >>> X.shape, Y.shape, word_maps.shape
    ((4, 3072), (4, 3), (4, 1024))
    >>> words.tolist()
    ['sun', 'brick', 'wave']
    >>> # the caption names exactly the words visible in the map
    >>> bool(((word_maps[:, :, None] == range(1, 4)).any(axis=1) == Y).all())
    True
    """
    n_samples = _check_int(n_samples, "n_samples", 1)
    n_words = _check_int(n_words, "n_words", 1, len(_OBJECTS))
    min_objects = _check_int(min_objects, "min_objects", 0, n_words)
    max_objects = _check_int(max_objects, "max_objects", min_objects, n_words)
    if (
        not isinstance(image_size, (tuple, list))
        or len(image_size) != 2
        or not all(isinstance(v, numbers.Integral) for v in image_size)
        or min(image_size) < 16
    ):
        raise ValueError(
            "image_size must be (height, width), each an int >= 16; got "
            f"{image_size!r}."
        )
    if not isinstance(noise, numbers.Real) or not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a finite number >= 0; got {noise!r}.")
    height, width = int(image_size[0]), int(image_size[1])
    rng = check_random_state(random_state)
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float64)
    X = np.empty((n_samples, height, width, 3))
    maps = np.zeros((n_samples, height, width), dtype=np.int64)
    Y = np.zeros((n_samples, n_words), dtype=np.int64)
    side = min(height, width)
    for i in range(n_samples):
        colour, grain = _BACKGROUNDS[rng.randint(len(_BACKGROUNDS))]
        grain_noise = ndimage.gaussian_filter(rng.normal(size=(height, width)), grain)
        grain_noise /= grain_noise.std() + 1e-12
        shade = 1.0 + 0.15 * np.clip(grain_noise, -2.5, 2.5)
        image = np.asarray(colour) * shade[:, :, None]
        n_objects = rng.randint(min_objects, max_objects + 1)
        placed = []
        for j in rng.choice(n_words, n_objects, replace=False):
            _, obj_colour, texture, shape = _OBJECTS[j]
            r = rng.uniform(0.13, 0.22) * side
            for _ in range(50):  # objects may touch but not hide each other
                cy = rng.uniform(r, height - r)
                cx = rng.uniform(r, width - r)
                if all(np.hypot(cy - y, cx - x) >= 0.9 * (r + s) for y, x, s in placed):
                    break
            else:
                continue
            placed.append((cy, cx, r))
            mask = _shape_mask(shape, yy, xx, cy, cx, r)
            tint = np.clip(np.asarray(obj_colour) + rng.uniform(-0.04, 0.04, 3), 0, 1)
            pattern = _pattern(texture, yy, xx, rng)
            paint = tint * (0.8 + 0.2 * pattern)[:, :, None]
            image[mask] = paint[mask]
            maps[i][mask] = j + 1
        X[i] = np.clip(image + rng.normal(0.0, noise, image.shape), 0.0, 1.0)
        Y[i] = np.bincount(maps[i].ravel(), minlength=n_words + 1)[1:] > 0
    words = np.array([name for name, *_ in _OBJECTS[:n_words]])
    return X.reshape(n_samples, -1), Y, maps.reshape(n_samples, -1), words
