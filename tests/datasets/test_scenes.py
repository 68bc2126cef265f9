"""make_captioned_scenes: shapes, captions matching the word maps, word colours."""

import numpy as np
import pytest

from skmm.datasets import make_captioned_scenes
from skmm.datasets._scenes import _OBJECTS


def test_shapes_ranges_and_captions_match_the_maps():
    X, Y, maps, words = make_captioned_scenes(
        n_samples=30, image_size=(20, 28), n_words=6, random_state=0
    )
    assert X.shape == (30, 20 * 28 * 3) and Y.shape == (30, 6)
    assert maps.shape == (30, 20 * 28) and words.shape == (6,)
    assert X.min() >= 0.0 and X.max() <= 1.0
    assert set(np.unique(maps)) <= set(range(7))
    present = np.stack([(maps == j + 1).any(axis=1) for j in range(6)], axis=1)
    np.testing.assert_array_equal(Y, present.astype(int))
    assert Y.sum(axis=1).min() >= 1 and Y.sum(axis=1).max() <= 3
    assert (Y.mean(axis=0) > 0.15).all()  # every word is used


def test_each_word_has_its_colour():
    X, _, maps, words = make_captioned_scenes(
        n_samples=40, image_size=(32, 32), n_words=8, noise=0.0, random_state=1
    )
    pixels = X.reshape(-1, 3)
    labels = maps.ravel()
    for j, (name, colour, *_) in enumerate(_OBJECTS):
        assert words[j] == name
        mean = pixels[labels == j + 1].mean(axis=0)
        # textures modulate brightness by +-20% around 0.8 of the colour
        np.testing.assert_allclose(mean, 0.8 * np.asarray(colour), atol=0.06)


def test_reproducible_and_empty_scenes():
    a = make_captioned_scenes(n_samples=5, image_size=(16, 16), random_state=3)
    b = make_captioned_scenes(n_samples=5, image_size=(16, 16), random_state=3)
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    X, Y, maps, _ = make_captioned_scenes(
        n_samples=4, image_size=(16, 16), min_objects=0, max_objects=0, random_state=0
    )
    assert not Y.any() and not maps.any()


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"n_words": 9}, "n_words"),
        ({"n_words": 0}, "n_words"),
        ({"min_objects": 3, "max_objects": 2}, "max_objects"),
        ({"image_size": (8, 32)}, "image_size"),
        ({"noise": -0.1}, "noise"),
        ({"n_samples": 0}, "n_samples"),
    ],
)
def test_bad_parameters(kwargs, match):
    with pytest.raises(ValueError, match=match):
        make_captioned_scenes(**kwargs)
