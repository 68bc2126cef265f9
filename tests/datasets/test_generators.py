import numpy as np
import pytest
from scipy.linalg import sqrtm

from skmm.datasets import (
    make_correlated_views,
    make_domain_shift,
    make_multiview_classification,
    make_warped_sequences,
)
from skmm.utils import resolve_views, split_views


def _sample_canonical_correlations(X1, X2):
    """Direct computation: singular values of C11^-1/2 C12 C22^-1/2."""
    X1 = X1 - X1.mean(0)
    X2 = X2 - X2.mean(0)
    n = X1.shape[0]
    C11, C22, C12 = X1.T @ X1 / n, X2.T @ X2 / n, X1.T @ X2 / n
    W1 = np.linalg.inv(np.real(sqrtm(C11)))
    W2 = np.linalg.inv(np.real(sqrtm(C22)))
    return np.linalg.svd(W1 @ C12 @ W2, compute_uv=False)


@pytest.mark.parametrize("mix", [True, False])
def test_correlated_views_approach_requested_correlations(mix):
    rho = np.array([0.9, 0.6, 0.3])
    errors = []
    for n in (500, 5000, 50000):
        X, views = make_correlated_views(
            n_samples=n, n_features=(6, 5), correlations=rho, mix=mix, random_state=1
        )
        X1, X2 = split_views(X, resolve_views(views, X)[0])
        got = _sample_canonical_correlations(X1, X2)
        errors.append(np.abs(got[:3] - rho).max())
        # the remaining population correlations are zero; sample ones are O(1/sqrt(n))
        assert got[3:].max() < 6 / np.sqrt(n)
    assert errors[-1] < 0.01
    assert errors[-1] < errors[0]


def test_correlated_views_latent_and_shapes():
    X, views, (u, v) = make_correlated_views(
        n_samples=50,
        n_features=(4, 3),
        correlations=[0.5],
        mix=False,
        return_latent=True,
        random_state=0,
    )
    assert X.shape == (50, 7)
    np.testing.assert_array_equal(X[:, views["view0"]], u)
    np.testing.assert_array_equal(X[:, views["view1"]], v)
    X2, _ = make_correlated_views(n_samples=50, n_features=(4, 3), random_state=0)
    X3, _ = make_correlated_views(n_samples=50, n_features=(4, 3), random_state=0)
    np.testing.assert_array_equal(X2, X3)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"correlations": [0.5, 0.9]}, "decreasing"),
        ({"correlations": [1.0]}, r"\[0, 1\)"),
        ({"n_features": (2, 2), "correlations": [0.5, 0.4, 0.3]}, "At most"),
        ({"n_samples": 1}, "n_samples must be >= 2"),
    ],
)
def test_correlated_views_bad_parameters(kwargs, match):
    with pytest.raises(ValueError, match=match):
        make_correlated_views(**kwargs)


def test_multiview_classification_informativeness():
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_score

    X, y, views = make_multiview_classification(
        n_samples=600, n_classes=3, informativeness=(1.5, 0.5, 0.0), random_state=0
    )
    assert X.shape == (600, 30) and np.bincount(y).tolist() == [200, 200, 200]
    scores = [
        cross_val_score(LogisticRegression(), X[:, sl], y, cv=3).mean()
        for sl in views.values()
    ]
    # strong view > weak view > noise view, and the noise view sits at chance
    assert scores[0] > scores[1] + 0.1 > scores[2] + 0.1
    assert abs(scores[2] - 1 / 3) < 0.08


def test_multiview_classification_errors():
    with pytest.raises(ValueError, match="informativeness has 2 entries"):
        make_multiview_classification(n_features=(3, 3, 3), informativeness=(1, 1))
    with pytest.raises(ValueError, match=">= 0"):
        make_multiview_classification(n_features=(3,), informativeness=(-1,))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_warped_sequences_path_matches_latent_times(seed):
    a, b, path, (t1, t2) = make_warped_sequences(
        n_timestamps=(60, 80), n_features=(4, 7), random_state=seed
    )
    assert a.shape == (60, 4) and b.shape == (80, 7)
    steps = np.diff(path, axis=0)
    assert path[0].tolist() == [0, 0] and path[-1].tolist() == [59, 79]
    assert np.all(steps >= 0) and np.all(steps.sum(axis=1) >= 1) and np.all(steps <= 1)
    # each matched pair observes nearly the same latent time
    spacing = max(np.diff(t1).max(), np.diff(t2).max())
    assert np.abs(t1[path[:, 0]] - t2[path[:, 1]]).max() <= spacing
    assert np.all(np.diff(t1) > 0) and t1[0] == 0 and t1[-1] == 1


def test_warped_sequences_share_a_latent_signal():
    # without noise and warping, both views are linear images of the same signal
    a, b, path, _ = make_warped_sequences(
        n_timestamps=(50, 50),
        n_features=(3, 6),
        n_latent=3,
        warp_strength=0.0,
        noise=0.0,
        random_state=0,
    )
    assert path.tolist() == [[i, i] for i in range(50)]
    coef, *_ = np.linalg.lstsq(a, b, rcond=None)
    np.testing.assert_allclose(a @ coef, b, atol=1e-8)


@pytest.mark.parametrize("shift", ["affine", "covariate"])
def test_domain_shift_hurts_a_source_model(shift):
    from sklearn.linear_model import LogisticRegression

    X, y, domain = make_domain_shift(
        n_samples_source=400, n_samples_target=400, shift=shift, random_state=0
    )
    source = X[:, domain] >= 0
    features = X[:, :-1]
    clf = LogisticRegression().fit(features[source], y[source])
    acc_source = clf.score(features[source], y[source])
    acc_target = clf.score(features[~source], y[~source])
    assert acc_source - acc_target > 0.1
    X0, y0, _ = make_domain_shift(
        n_samples_source=400,
        n_samples_target=400,
        shift=shift,
        shift_strength=0.0,
        random_state=0,
    )
    src0 = X0[:, -1] >= 0
    clf0 = LogisticRegression().fit(X0[src0, :-1], y0[src0])
    assert (
        abs(clf0.score(X0[src0, :-1], y0[src0]) - clf0.score(X0[~src0, :-1], y0[~src0]))
        < 0.08
    )
