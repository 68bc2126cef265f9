"""Canonical time warping recovers known warps between modalities."""

import numpy as np
import pytest

from skmm.alignment import CanonicalTimeWarping, stack_sequences
from skmm.alignment._ctw import _cca, _uniform_path
from skmm.datasets import make_warped_sequences

SEEDS = range(6)


def frame_error(path, true_path, n_a):
    """Mean |matched frame of b| gap over the frames of a (averaging plateaus)."""

    def matched(p):
        return np.array([p[p[:, 0] == i, 1].mean() for i in range(n_a)])

    return float(np.mean(np.abs(matched(path) - matched(true_path))))


def _fit(seed, **params):
    a, b, true_path, _ = make_warped_sequences(random_state=seed)
    X, views = stack_sequences([a, b], names=["video", "skeleton"])
    return CanonicalTimeWarping(views=views, **params).fit(X), a, b, true_path


def test_recovers_known_warp_where_uniform_stretching_fails():
    ctw_errors, uniform_errors = [], []
    for seed in SEEDS:
        ctw, a, b, true_path = _fit(seed)
        ctw_errors.append(frame_error(ctw.path_, true_path, len(a)))
        uniform_errors.append(
            frame_error(_uniform_path(len(a), len(b)), true_path, len(a))
        )
    # uniform stretching is tens of frames off on most seeds
    assert np.mean(uniform_errors) > 15
    assert np.mean(ctw_errors) < 3.5
    assert max(ctw_errors) < 8.5
    assert all(c < u for c, u in zip(ctw_errors, uniform_errors))


def test_several_starts_are_more_robust_than_uniform_start():
    auto, uniform = [], []
    for seed in SEEDS:
        best, a, _, true_path = _fit(seed)
        single, *_ = _fit(seed, init="uniform")
        # the best run is never worse in objective than the uniform start alone
        assert best.objective_ <= single.objective_ + 1e-12
        auto.append(frame_error(best.path_, true_path, len(a)))
        uniform.append(frame_error(single.path_, true_path, len(a)))
    assert np.mean(auto) < 0.5 * np.mean(uniform)


def test_attributes_and_transform():
    ctw, a, b, _ = _fit(0)
    path = ctw.path_
    assert path[0].tolist() == [0, 0] and path[-1].tolist() == [99, 119]
    steps = np.diff(path, axis=0)
    assert np.all((steps >= 0) & (steps <= 1)) and np.all(steps.sum(axis=1) >= 1)
    Wa, Wb = ctw.projections_
    assert Wa.shape == (10, 3) and Wb.shape == (25, 3)
    X, views = stack_sequences([a, b], names=["video", "skeleton"])
    Z = ctw.transform(X)
    assert Z.shape == (120, 6)
    assert np.isnan(Z[100:, :3]).all() and not np.isnan(Z[:, 3:]).any()
    np.testing.assert_allclose(ctw.aligned_[0], Z[path[:, 0], :3])
    np.testing.assert_allclose(ctw.aligned_[1], Z[path[:, 1], 3:])
    # the aligned projections are correlated channel by channel
    corr = [
        np.corrcoef(ctw.aligned_[0][:, c], ctw.aligned_[1][:, c])[0, 1]
        for c in range(3)
    ]
    assert min(corr) > 0.9
    assert ctw.get_feature_names_out().tolist()[:2] == ["video_cc0", "video_cc1"]


def test_three_modalities_align_to_the_first():
    a, b, true_path, (t1, t2) = make_warped_sequences(random_state=2)
    X, views = stack_sequences([a, b, b[:, :12]])
    ctw = CanonicalTimeWarping(views=views).fit(X)
    assert len(ctw.paths_) == 2 and len(ctw.projections_) == 3
    assert frame_error(ctw.paths_[1], true_path, len(a)) < 5


def test_private_cca_matches_sklearn_correlations():
    from sklearn.cross_decomposition import CCA

    rng = np.random.default_rng(0)
    z = rng.normal(size=(400, 2))
    A = z @ rng.normal(size=(2, 5)) + 0.3 * rng.normal(size=(400, 5))
    B = z @ rng.normal(size=(2, 4)) + 0.3 * rng.normal(size=(400, 4))
    Wa, Wb, corr = _cca(A, B, 2, 0.0)
    Ua, Ub = (A - A.mean(0)) @ Wa, (B - B.mean(0)) @ Wb
    # unit sample variance (ddof=1) and uncorrelated, as skmm's CCA variates
    np.testing.assert_allclose(np.cov(Ua.T), np.eye(2), atol=1e-8)
    ours = [np.corrcoef(Ua[:, c], Ub[:, c])[0, 1] for c in range(2)]
    np.testing.assert_allclose(ours, corr, rtol=1e-8)
    sk = CCA(n_components=2, max_iter=2000, tol=1e-12).fit(A, B)
    Sa, Sb = sk.transform(A, B)
    theirs = [abs(np.corrcoef(Sa[:, c], Sb[:, c])[0, 1]) for c in range(2)]
    np.testing.assert_allclose(ours, theirs, rtol=1e-4)


def test_bad_input():
    a, b, _, _ = make_warped_sequences(random_state=0)
    X, views = stack_sequences([a, b])
    with pytest.raises(ValueError, match="n_components"):
        CanonicalTimeWarping(views=views, n_components=11).fit(X)
    X_gap = X.copy()
    X_gap[5, :10] = np.nan
    with pytest.raises(ValueError, match="trailing"):
        CanonicalTimeWarping(views=views).fit(X_gap)
    X_part = X.copy()
    X_part[5, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        CanonicalTimeWarping(views=views).fit(X_part)
