"""Spatial alignment: filter bank, superpixels, descriptors, lexicon EM, estimators.

References: scipy.ndimage calls one by one for the filters and the region
statistics, numpy's eigvalsh for the Hessian eigenvalues, a slow IBM Model 1
written from Brown et al. (1993) for the EM, scikit-learn's metrics for pixel
accuracy and IoU, and the generator's true word maps for the alignment.
"""

import numpy as np
import pytest
from scipy import ndimage
from sklearn.base import clone
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score, f1_score, jaccard_score
from sklearn.model_selection import GridSearchCV
from sklearn.tree import DecisionTreeClassifier

from skmm._kernels import _spatial as _k
from skmm.alignment import (
    PixelClassifier,
    RegionWordAligner,
    filter_bank,
    mean_iou,
    pixel_accuracy,
    region_descriptors,
    superpixels,
)
from skmm.datasets import make_captioned_scenes

SIZE = 32
SHAPE = (SIZE, SIZE, 3)
N_WORDS = 5


@pytest.fixture(scope="module")
def scenes():
    X, Y, maps, words = make_captioned_scenes(
        n_samples=160, image_size=(SIZE, SIZE), n_words=N_WORDS, random_state=0
    )
    return X[:120], Y[:120], maps[:120], X[120:], Y[120:], maps[120:]


@pytest.fixture(scope="module")
def aligner(scenes):
    X, Y = scenes[0], scenes[1]
    return RegionWordAligner(SHAPE, n_regions=16, random_state=0).fit(X, Y)


# --------------------------------------------------------------------------
# filter bank
# --------------------------------------------------------------------------
def test_filter_bank_matches_ndimage_one_filter_at_a_time():
    rng = np.random.RandomState(0)
    image = rng.uniform(size=(13, 17, 2))
    scales = (0.7, 2.0)
    F = filter_bank(image, scales=scales)
    assert F.shape == (13, 17, 2 * (1 + 5 * len(scales)))
    for c in range(2):
        plane = image[:, :, c]
        base = c * (1 + 5 * len(scales))
        np.testing.assert_array_equal(F[:, :, base], plane)
        for k, s in enumerate(scales):
            j = base + 1 + 5 * k
            np.testing.assert_allclose(
                F[:, :, j], ndimage.gaussian_filter(plane, s), atol=1e-12
            )
            np.testing.assert_allclose(
                F[:, :, j + 1],
                ndimage.gaussian_gradient_magnitude(plane, s),
                atol=1e-12,
            )
            np.testing.assert_allclose(
                F[:, :, j + 2], ndimage.gaussian_laplace(plane, s), atol=1e-12
            )
            H = np.empty(plane.shape + (2, 2))
            H[..., 0, 0] = ndimage.gaussian_filter(plane, s, order=(2, 0))
            H[..., 1, 1] = ndimage.gaussian_filter(plane, s, order=(0, 2))
            H[..., 0, 1] = H[..., 1, 0] = ndimage.gaussian_filter(
                plane, s, order=(1, 1)
            )
            eig = np.linalg.eigvalsh(H)  # ascending
            np.testing.assert_allclose(F[:, :, j + 3], eig[..., 1], atol=1e-12)
            np.testing.assert_allclose(F[:, :, j + 4], eig[..., 0], atol=1e-12)


def test_filter_bank_grey_image_and_errors():
    image = np.arange(30.0).reshape(5, 6)
    np.testing.assert_array_equal(
        filter_bank(image, scales=(1.0,)), filter_bank(image[:, :, None], (1.0,))
    )
    with pytest.raises(ValueError, match="2-D"):
        filter_bank(np.zeros(5))
    with pytest.raises(ValueError, match="scales"):
        filter_bank(image, scales=(1.0, -2.0))
    bad = image.copy()
    bad[2, 2] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        filter_bank(bad)


# --------------------------------------------------------------------------
# superpixels and region descriptors
# --------------------------------------------------------------------------
def test_superpixels_are_connected_numbered_and_per_image(scenes):
    X = scenes[0][:6]
    labels = superpixels(X, SHAPE, n_regions=16, compactness=0.2)
    assert labels.shape == (6, SIZE * SIZE) and labels.dtype == np.int64
    for row in labels:
        lab = row.reshape(SIZE, SIZE)
        k = lab.max() + 1
        np.testing.assert_array_equal(np.unique(lab), np.arange(k))
        assert 8 <= k <= 40
        for r in range(k):  # every region is one 4-connected piece
            assert ndimage.label(lab == r)[1] == 1
    # each image is segmented on its own: batch or alone, same regions
    np.testing.assert_array_equal(
        labels[3], superpixels(X[3:4], SHAPE, n_regions=16, compactness=0.2)[0]
    )


def test_superpixels_follow_a_colour_edge():
    image = np.zeros((24, 24))
    image[:, 10:] = 1.0  # an edge off the grid lines
    labels = superpixels(
        image.reshape(1, -1), (24, 24), n_regions=9, compactness=0.05, sigma=0
    )
    lab = labels.reshape(24, 24)
    left, right = set(lab[:, :10].ravel()), set(lab[:, 10:].ravel())
    assert not left & right


def test_region_descriptors_match_ndimage_per_image(scenes):
    X = scenes[0][:4]
    labels = superpixels(X, SHAPE, n_regions=16)
    scales = (1.0, 2.0)
    desc, image_index = region_descriptors(X, labels, SHAPE, scales=scales)
    rows = []
    for i in range(4):
        img = X[i].reshape(SHAPE)
        lab = labels[i].reshape(SIZE, SIZE)
        index = np.arange(lab.max() + 1)
        intensity = img.mean(axis=2)
        cols = [ndimage.mean(img[:, :, c], lab, index) for c in range(3)]
        cols += [ndimage.standard_deviation(img[:, :, c], lab, index) for c in range(3)]
        for s in scales:
            gy = ndimage.gaussian_filter(intensity, s, order=(1, 0))
            gx = ndimage.gaussian_filter(intensity, s, order=(0, 1))
            log = ndimage.gaussian_laplace(intensity, s)
            cols += [ndimage.mean(np.abs(m), lab, index) for m in (gy, gx, log)]
        cols.append(np.log(ndimage.sum(np.ones_like(intensity), lab, index) / SIZE**2))
        rows.append(np.column_stack(cols))
    np.testing.assert_allclose(desc, np.vstack(rows), rtol=1e-10, atol=1e-12)
    np.testing.assert_array_equal(
        image_index, np.repeat(np.arange(4), [r.shape[0] for r in rows])
    )


@pytest.mark.parametrize("shape", [(1, 1), (3, 2), (20, 9)])
def test_texture_maps_equal_ndimage_even_when_the_kernel_outgrows_the_image(shape):
    from skmm.alignment._spatial import _texture_maps

    images = np.random.RandomState(0).uniform(size=(2, *shape, 1))
    maps = _texture_maps(images, (0.8, 2.5))
    for i in range(2):
        plane = images[i, :, :, 0]
        for k, s in enumerate((0.8, 2.5)):
            expected = [
                ndimage.gaussian_filter(plane, s, order=(1, 0)),
                ndimage.gaussian_filter(plane, s, order=(0, 1)),
                ndimage.gaussian_laplace(plane, s),
            ]
            for j in range(3):
                np.testing.assert_allclose(
                    maps[i, :, :, 3 * k + j], np.abs(expected[j]), atol=1e-12
                )


def test_region_descriptors_reject_bad_labels(scenes):
    X = scenes[0][:2]
    labels = superpixels(X, SHAPE, n_regions=16)
    with pytest.raises(ValueError, match="shape"):
        region_descriptors(X, labels[:, :-1], SHAPE)
    gappy = labels.copy()
    gappy[gappy == 1] = 0
    with pytest.raises(ValueError, match="without gaps"):
        region_descriptors(X, gappy, SHAPE)
    with pytest.raises(ValueError, match=">= 0"):
        region_descriptors(X, labels - 1, SHAPE)


# --------------------------------------------------------------------------
# the lexicon EM against a slow IBM Model 1
# --------------------------------------------------------------------------
def _ibm1_reference(corpus, n_words, n_blobs, n_iter):
    """IBM Model 1 as in Brown et al. (1993), eq. (17)-(18), with plain loops.

    ``corpus`` is a list of (blobs, words) pairs: blobs are the source tokens
    (one per region), words the generated tokens. Returns t[w][b] and the
    log-likelihood before each step and after the last.
    """
    t = [[1.0 / n_words] * n_blobs for _ in range(n_words)]

    def loglik():
        total = 0.0
        for blobs, words in corpus:
            for w in words:
                total += np.log(sum(t[w][b] for b in blobs) / len(blobs))
        return total

    history = [loglik()]
    for _ in range(n_iter):
        count = [[0.0] * n_blobs for _ in range(n_words)]
        total = [0.0] * n_blobs
        for blobs, words in corpus:
            for w in words:
                norm = sum(t[w][b] for b in blobs)
                for b in blobs:
                    delta = t[w][b] / norm
                    count[w][b] += delta
                    total[b] += delta
        for w in range(n_words):
            for b in range(n_blobs):
                if total[b] > 0:
                    t[w][b] = count[w][b] / total[b]
        history.append(loglik())
    return np.array(t), np.array(history)


def _ragged(parts):
    offsets = np.zeros(len(parts) + 1, dtype=np.int64)
    np.cumsum([len(p) for p in parts], out=offsets[1:])
    return np.concatenate(parts).astype(np.int64), offsets


def test_lexicon_em_equals_slow_ibm_model_1():
    rng = np.random.RandomState(0)
    n_words, n_blobs = 5, 7
    corpus = []
    for _ in range(12):
        blobs = rng.randint(n_blobs, size=rng.randint(1, 6))  # repeats allowed
        words = np.concatenate([[0], rng.choice(np.arange(1, n_words), 2, False)])
        corpus.append((blobs, words))
    blobs, blob_offsets = _ragged([c[0] for c in corpus])
    words, word_offsets = _ragged([c[1] for c in corpus])
    lexicon, history = _k.lexicon_em(
        blobs, blob_offsets, words, word_offsets, n_words, n_blobs, 15, -np.inf
    )
    t_ref, h_ref = _ibm1_reference(corpus, n_words, n_blobs, 15)
    np.testing.assert_allclose(lexicon, t_ref, rtol=0, atol=1e-10)
    np.testing.assert_allclose(history, h_ref, rtol=1e-12)
    assert np.all(np.diff(history) >= -1e-12)
    seen = np.zeros((n_words, n_blobs), dtype=bool)
    for b, w in corpus:
        seen[np.ix_(w, b)] = True
    assert np.all(lexicon[~seen] == 0.0)  # never together: probability 0
    np.testing.assert_allclose(lexicon[:, seen.any(axis=0)].sum(axis=0), 1.0)


def test_aligner_lexicon_is_ibm_model_1_of_its_blobs(scenes, aligner):
    X, Y = scenes[0], scenes[1]
    labels, offsets, blobs = aligner._regions(X)
    corpus = [
        (
            blobs[offsets[i] : offsets[i + 1]],
            np.concatenate([[0], np.flatnonzero(y) + 1]),
        )
        for i, y in enumerate(Y)
    ]
    t_ref, h_ref = _ibm1_reference(
        corpus, N_WORDS + 1, aligner.blob_centers_.shape[0], aligner.n_iter_
    )
    np.testing.assert_allclose(aligner.lexicon_, t_ref, rtol=0, atol=1e-10)
    np.testing.assert_allclose(aligner.log_likelihood_, h_ref, rtol=1e-10)
    assert np.all(np.diff(aligner.log_likelihood_) >= 0)


# --------------------------------------------------------------------------
# alignment against the generator's ground truth
# --------------------------------------------------------------------------
def test_caption_trained_alignment_names_object_pixels(scenes, aligner):
    _, Y_train, _, X_test, _, maps = scenes
    word_maps = aligner.align(X_test)
    assert word_maps.shape == maps.shape
    objects = maps > 0
    accuracy = pixel_accuracy(maps[objects], word_maps[objects])
    # best constant: the most frequent object word on every object pixel
    best_constant = np.bincount(maps[objects]).max() / objects.sum()
    chance = 1.0 / N_WORDS
    assert best_constant < 0.35 and chance == 0.2
    assert accuracy >= 0.75, accuracy
    assert accuracy >= best_constant + 0.4 and accuracy >= chance + 0.5
    # and background pixels are mostly named with the null word
    assert pixel_accuracy(maps, word_maps) >= 0.75


def test_pixel_labels_beat_captions(scenes, aligner):
    X, _, maps_train, X_test, _, maps = scenes
    clf = PixelClassifier(
        RandomForestClassifier(n_estimators=30, min_samples_leaf=2, random_state=0),
        SHAPE,
        max_pixels=20000,
        random_state=0,
    ).fit(X, maps_train)
    pred = clf.predict(X_test)
    assert pred.shape == maps.shape
    supervised = mean_iou(maps, pred)
    weak = mean_iou(maps, aligner.align(X_test))
    assert supervised >= 0.8, supervised
    assert supervised > weak + 0.05, (supervised, weak)
    assert clf.score(X_test, maps) == pytest.approx(pixel_accuracy(maps, pred))
    proba = clf.predict_proba(X_test[:2])
    assert proba.shape == (2, SIZE * SIZE, N_WORDS + 1)
    np.testing.assert_array_equal(
        clf.classes_[proba.argmax(axis=2)], clf.predict(X_test[:2])
    )


def test_caption_prediction_beats_most_frequent_words(scenes, aligner):
    _, Y_train, _, X_test, Y_test, _ = scenes
    P = aligner.predict(X_test)
    assert P.shape == Y_test.shape and P.dtype.kind == "i"
    ours = f1_score(Y_test, P, average="micro")
    order = np.argsort(-Y_train.mean(axis=0))
    baselines = []
    for k in range(1, N_WORDS + 1):  # the k most frequent words, every image
        B = np.zeros_like(Y_test)
        B[:, order[:k]] = 1
        baselines.append(f1_score(Y_test, B, average="micro"))
    assert ours >= max(baselines) + 0.2, (ours, baselines)
    proba = aligner.predict_proba(X_test)
    np.testing.assert_array_equal(P, (proba > 0.5).astype(int))
    # every predicted word names pixels of the image
    word_maps = aligner.align(X_test)
    for i, j in zip(*np.nonzero(P)):
        assert (word_maps[i] == j + 1).any()


def test_word_never_seen_with_a_blob_gets_none_of_its_pixels(scenes):
    X, Y, _, X_test, _, maps = scenes
    keep = Y[:, 4] == 0  # "plum" never in a training caption...
    model = RegionWordAligner(SHAPE, n_regions=16, random_state=0).fit(X[keep], Y[keep])
    assert np.all(model.lexicon_[5] == 0.0)
    word_maps = model.align(X_test)
    assert (maps == 5).any() and not (word_maps == 5).any()
    # ...and no word names a pixel whose blob it never came with in training
    blob_maps = model.blob_map(X[keep])
    seen = np.zeros_like(model.lexicon_, dtype=bool)
    for blobs, caption in zip(blob_maps, Y[keep]):
        seen[np.ix_(np.concatenate([[0], np.flatnonzero(caption) + 1]), blobs)] = True
    assert np.all(model.lexicon_[~seen] == 0.0)
    test_blobs = model.blob_map(X_test)
    assert np.all(seen[word_maps, test_blobs])


def test_scene_without_objects_is_all_background(aligner):
    X, Y, maps, _ = make_captioned_scenes(
        n_samples=6,
        image_size=(SIZE, SIZE),
        n_words=N_WORDS,
        min_objects=0,
        max_objects=0,
        random_state=5,
    )
    assert not Y.any() and not maps.any()
    assert not aligner.predict(X).any()  # no word predicted...
    assert not aligner.align(X).any()  # ...so every pixel is background
    assert not aligner.align(X, Y).any()  # and so with the (empty) true captions


def test_alignment_given_captions_uses_only_their_words(scenes, aligner):
    _, _, _, X_test, Y_test, maps = scenes
    given = aligner.align(X_test, Y_test)
    for word_map, caption in zip(given, Y_test):
        assert set(np.unique(word_map)) <= {0, *(np.flatnonzero(caption) + 1)}
    # knowing the captions helps: more pixels right than with predicted ones
    assert pixel_accuracy(maps, given) > pixel_accuracy(maps, aligner.align(X_test))
    with pytest.raises(ValueError, match="captions for"):
        aligner.align(X_test, Y_test[:-1])
    with pytest.raises(ValueError, match="indicator"):
        aligner.align(X_test, Y_test[:, :-1])


def test_grid_search_over_captions(scenes):
    X, Y = scenes[0][:60], scenes[1][:60]
    search = GridSearchCV(
        RegionWordAligner(SHAPE, n_regions=16, random_state=0),
        {"n_blobs": [4, 24]},
        scoring="f1_samples",
        cv=2,
    ).fit(X, Y)
    assert search.best_params_ == {"n_blobs": 24}
    assert search.predict(scenes[3]).shape == scenes[4].shape


# --------------------------------------------------------------------------
# PixelClassifier on its own
# --------------------------------------------------------------------------
def test_unlabelled_pixels_are_left_out(scenes):
    X, maps = scenes[0][:8], scenes[2][:8]
    rng = np.random.RandomState(0)
    sparse_maps = np.where(rng.uniform(size=maps.shape) < 0.05, maps, -1)
    tree = DecisionTreeClassifier(random_state=0)
    clf = PixelClassifier(tree, SHAPE, scales=(1.0, 3.0)).fit(X, sparse_maps)
    # reference: the filter bank of every image, a tree on the labelled pixels
    feats = np.concatenate(
        [filter_bank(x.reshape(SHAPE), (1.0, 3.0)).reshape(SIZE * SIZE, -1) for x in X]
    )
    labelled = sparse_maps.ravel() != -1
    ref = clone(tree).fit(feats[labelled], sparse_maps.ravel()[labelled])
    np.testing.assert_array_equal(clf.predict(X).ravel(), ref.predict(feats))
    # score leaves -1 pixels out
    assert clf.score(X, sparse_maps) == pytest.approx(
        accuracy_score(sparse_maps.ravel()[labelled], ref.predict(feats)[labelled])
    )


def test_max_pixels_subsamples(scenes):
    X, maps = scenes[0][:4], scenes[2][:4]
    clf = PixelClassifier(
        DecisionTreeClassifier(random_state=0), SHAPE, max_pixels=500, random_state=0
    ).fit(X, maps)
    assert clf.estimator_.tree_.n_node_samples[0] == 500


# --------------------------------------------------------------------------
# metrics against scikit-learn
# --------------------------------------------------------------------------
def test_metrics_equal_sklearn_on_flattened_maps():
    rng = np.random.RandomState(0)
    t = rng.randint(0, 4, size=(5, 30))
    p = np.where(rng.uniform(size=t.shape) < 0.7, t, rng.randint(0, 4, size=t.shape))
    assert pixel_accuracy(t, p) == pytest.approx(accuracy_score(t.ravel(), p.ravel()))
    assert mean_iou(t, p) == pytest.approx(
        jaccard_score(t.ravel(), p.ravel(), average="macro")
    )
    np.testing.assert_allclose(
        mean_iou(t, p, average=None), jaccard_score(t.ravel(), p.ravel(), average=None)
    )
    # ignored pixels: -1 in y_true leaves the pixel out
    t2 = t.copy()
    t2[:, :5] = -1
    keep = t2.ravel() != -1
    assert pixel_accuracy(t2, p) == pytest.approx(
        accuracy_score(t2.ravel()[keep], p.ravel()[keep])
    )
    assert mean_iou(t2, p) == pytest.approx(
        jaccard_score(t2.ravel()[keep], p.ravel()[keep], average="macro")
    )
    # a label in neither map has no IoU and is left out of the mean
    iou = mean_iou(t, p, labels=[0, 1, 9], average=None)
    assert np.isnan(iou[2])
    assert mean_iou(t, p, labels=[0, 1, 9]) == pytest.approx(np.mean(iou[:2]))
    with pytest.raises(ValueError, match="same shape"):
        pixel_accuracy(t, p[:, :-1])
    with pytest.raises(ValueError, match="average"):
        mean_iou(t, p, average="micro")


# --------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------
@pytest.mark.parametrize("make", ["pixel", "region"])
def test_bad_input_is_refused_and_nothing_is_mutated(scenes, make):
    X, Y, maps = scenes[0][:10], scenes[1][:10], scenes[2][:10]
    target = maps if make == "pixel" else Y

    def model(shape=SHAPE):
        if make == "pixel":
            return PixelClassifier(DecisionTreeClassifier(), shape, scales=(1.0,))
        return RegionWordAligner(shape, n_regions=9, n_blobs=4, random_state=0)

    X_copy, t_copy = X.copy(), target.copy()
    with pytest.raises(ValueError, match="image_shape"):
        model((SIZE, SIZE)).fit(X, target)  # 3 channels per pixel in X
    with pytest.raises(ValueError, match="image_shape"):
        model((SIZE, SIZE, 0)).fit(X, target)
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        model().fit(X, target[:-1])
    bad = X.copy()
    bad[3, 100] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        model().fit(bad, target)
    fitted = model().fit(X, target)
    with pytest.raises(ValueError, match="NaN"):
        (fitted.predict if make == "pixel" else fitted.align)(bad)
    with pytest.raises(ValueError, match="features"):
        fitted.predict(X[:, :-3])
    np.testing.assert_array_equal(X, X_copy)
    np.testing.assert_array_equal(target, t_copy)


def test_bad_targets():
    X, Y, maps, _ = make_captioned_scenes(
        n_samples=6, image_size=(16, 16), n_words=3, random_state=0
    )
    shape = (16, 16, 3)
    with pytest.raises(ValueError, match="empty"):
        RegionWordAligner(shape).fit(X, np.zeros_like(Y))
    with pytest.raises(ValueError, match="indicator"):
        RegionWordAligner(shape).fit(X, 2 * Y)
    with pytest.raises(ValueError, match="one label per pixel"):
        PixelClassifier(image_shape=shape).fit(X, maps[:, :-1])
    with pytest.raises(ValueError, match="one label per pixel"):
        PixelClassifier(image_shape=shape).fit(X, maps[:, 0])
    with pytest.raises(ValueError, match="no labelled pixel"):
        PixelClassifier(image_shape=shape).fit(X, -np.ones_like(maps))
    with pytest.raises(ValueError, match="Unknown label type"):
        PixelClassifier(image_shape=shape).fit(X, maps + 0.5)
