import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.decomposition import PCA
from sklearn.frozen import FrozenEstimator
from sklearn.neighbors import NearestCentroid
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skmm.colearning import PrototypeClassifier


@pytest.fixture(scope="module")
def digits():
    return load_digits(return_X_y=True)


def _one_per_class(y, classes, seed):
    rng = np.random.RandomState(seed)
    return np.asarray([rng.choice(np.flatnonzero(y == c)) for c in classes])


def test_one_example_per_class_beats_chance_on_digits(digits):
    X, y = digits
    scores = []
    for seed in range(5):
        support = _one_per_class(y, range(10), seed)
        model = PrototypeClassifier().fit(X[support], y[support])
        np.testing.assert_array_equal(model.prototypes_, X[support])
        query = np.setdiff1d(np.arange(len(y)), support)
        scores.append(model.score(X[query], y[query]))
    # chance is 0.1 with ten classes
    assert min(scores) > 0.4, scores


def test_frozen_embedding_from_base_classes_places_novel_prototypes(digits):
    X, y = digits
    base, novel = y < 5, y >= 5
    embedding = FrozenEstimator(
        make_pipeline(StandardScaler(), PCA(20, random_state=0)).fit(X[base])
    )
    embedded = []
    for seed in range(5):
        support = _one_per_class(y, range(5, 10), seed)
        query = np.setdiff1d(np.flatnonzero(novel), support)
        model = PrototypeClassifier(embedding, metric="cosine")
        model.fit(X[support], y[support])
        assert model.prototypes_.shape == (5, 20)
        embedded.append(model.score(X[query], y[query]))
    assert min(embedded) > 0.4  # chance 0.2
    # the embedding was not refitted on the five examples
    assert embedding.estimator[-1].n_samples_ == base.sum()


@pytest.mark.filterwarnings("ignore:self.within_class_std_dev_:UserWarning")
def test_agrees_with_nearest_centroid(digits):
    X, y = digits
    model = PrototypeClassifier(metric="euclidean").fit(X[:600], y[:600])
    reference = NearestCentroid().fit(X[:600], y[:600])
    np.testing.assert_allclose(model.prototypes_, reference.centroids_)
    np.testing.assert_array_equal(model.predict(X[600:]), reference.predict(X[600:]))


def test_probabilities_are_a_softmax_of_negative_distances(digits):
    X, y = digits
    model = PrototypeClassifier().fit(X[:300], y[:300])
    d = ((X[300:310, None, :] - model.prototypes_[None]) ** 2).sum(-1)
    logits = -d - (-d).max(axis=1, keepdims=True)
    expected = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(model.predict_proba(X[300:310]), expected, atol=1e-12)
    np.testing.assert_allclose(model.decision_function(X[300:310]), -d, rtol=1e-9)
    cos = PrototypeClassifier(metric="cosine").fit(X[:300], y[:300])
    # cosine distance ignores the scale of a sample
    np.testing.assert_allclose(
        cos.decision_function(3.0 * X[300:310]), cos.decision_function(X[300:310])
    )


def test_embedding_is_fitted_on_a_clone(digits):
    X, y = digits
    pca = PCA(10, random_state=0)
    model = PrototypeClassifier(pca).fit(X[:300], y[:300])
    assert not hasattr(pca, "components_")
    assert model.embedding_.n_components_ == 10
    assert model.prototypes_.shape == (10, 10)


def test_bad_input(digits):
    X, y = digits
    with pytest.raises(ValueError, match="only one class"):
        PrototypeClassifier().fit(X[y == 3], y[y == 3])
    with pytest.raises(ValueError, match="Unknown label type"):
        PrototypeClassifier().fit(X[:50], y[:50] + 0.5)
    with pytest.raises(ValueError, match="'embedding' parameter"):
        PrototypeClassifier(embedding=NearestCentroid()).fit(X[:50], y[:50])
