"""AJIVE and GroupPCA: joint and individual structure of several views."""

import numpy as np
import pytest
from scipy.linalg import subspace_angles
from sklearn.decomposition import PCA

from skmm.representation import AJIVE, GroupPCA
from skmm.utils import stack_views


def _jive_data(n=300, widths=(40, 30, 20), joint=2, individual=(2, 1, 3), seed=0):
    """Views = joint scores @ loadings + individual scores @ loadings + noise."""
    rng = np.random.RandomState(seed)
    J = np.linalg.qr(rng.standard_normal((n, joint)))[0]
    blocks, indiv = [], []
    for p, r in zip(widths, individual):
        ind = rng.standard_normal((n, r))
        ind -= J @ (J.T @ ind)  # individual directions orthogonal to the joint ones
        ind = np.linalg.qr(ind)[0]
        block = (
            J @ rng.standard_normal((joint, p)) * 8
            + ind @ rng.standard_normal((r, p)) * 6
            + 0.05 * rng.standard_normal((n, p))
        )
        blocks.append(block)
        indiv.append(ind)
    X, views = stack_views(blocks)
    return X, views, J, indiv


def test_ajive_recovers_the_joint_rank_and_subspace():
    X, views, J, indiv = _jive_data()
    ajive = AJIVE(views=views, random_state=0).fit(X)
    assert ajive.signal_ranks_ == [4, 3, 5]
    assert ajive.joint_rank_ == 2
    assert ajive.individual_ranks_ == [2, 1, 3]
    assert np.degrees(subspace_angles(ajive.joint_scores_, J)).max() < 10
    for est, true in zip(ajive.individual_scores_, indiv):
        assert np.degrees(subspace_angles(est, true)).max() < 10
    # joint and individual parts rebuild each view's signal
    for v, idx in enumerate(ajive.views_):
        block = X[:, idx] - X[:, idx].mean(axis=0)
        rebuilt = (
            ajive.joint_scores_ @ ajive.joint_loadings_[v].T
            + ajive.individual_scores_[v] @ ajive.individual_loadings_[v].T
        )
        # what is left is the noise (5% of the entries, about 6% of the norm)
        assert np.linalg.norm(block - rebuilt) / np.linalg.norm(block) < 0.08
    Z = ajive.transform(X)
    assert Z.shape == (300, 2 + 2 + 1 + 3)
    assert ajive.get_feature_names_out()[:3].tolist() == [
        "joint0",
        "joint1",
        "view0_individual0",
    ]
    # on the training data the joint scores come back from every view
    assert np.degrees(subspace_angles(Z[:, :2], J)).max() < 10


def test_ajive_with_no_joint_structure_and_given_ranks():
    X, views, _, _ = _jive_data(joint=0, individual=(2, 2, 2), seed=1)
    ajive = AJIVE(views=views, random_state=0).fit(X)
    assert ajive.joint_rank_ == 0 and ajive.individual_ranks_ == [2, 2, 2]
    fixed = AJIVE(views=views, signal_ranks=[2, 2, 2], joint_rank=1).fit(X)
    assert fixed.joint_rank_ == 1 and fixed.individual_ranks_ == [1, 1, 1]
    with pytest.raises(ValueError, match="joint_rank=3 exceeds"):
        AJIVE(views=views, signal_ranks=2, joint_rank=3).fit(X)
    with pytest.raises(ValueError, match="signal rank of view 'view2' must lie"):
        AJIVE(views=views, signal_ranks=[2, 2, 50]).fit(X)
    with pytest.raises(ValueError, match="signal_ranks has 2 entries"):
        AJIVE(views=views, signal_ranks=[2, 2]).fit(X)


def test_group_pca_without_reduction_is_pca_of_all_columns():
    X, views, _, _ = _jive_data(n=120, seed=2)
    gpca = GroupPCA(n_components=3, views=views).fit(X)
    pca = PCA(n_components=3).fit(X)
    Z, Zp = gpca.transform(X), pca.transform(X)
    np.testing.assert_allclose(np.abs(Z), np.abs(Zp), atol=1e-8)
    np.testing.assert_allclose(gpca.explained_variance_, pca.explained_variance_)
    np.testing.assert_allclose(
        gpca.explained_variance_ratio_, pca.explained_variance_ratio_
    )


def test_group_pca_prewhitening_balances_the_views():
    rng = np.random.RandomState(3)
    shared = rng.standard_normal((200, 1))
    loud = 100 * rng.standard_normal((200, 5))  # a loud view of pure noise
    quiet = shared + 0.1 * rng.standard_normal((200, 5))
    X = np.hstack([loud, quiet])
    plain = GroupPCA(n_components=1, views=2, n_individual_components=1).fit(X)
    white = GroupPCA(
        n_components=1, views=2, n_individual_components=1, prewhiten=True, whiten=True
    ).fit(X)
    corr = [
        abs(np.corrcoef(m.transform(X)[:, 0], shared[:, 0])[0, 1])
        for m in (plain, white)
    ]
    assert corr[0] < 0.3 < 0.6 < corr[1]
    np.testing.assert_allclose(white.transform(X).std(axis=0, ddof=1), 1.0)
    with pytest.raises(ValueError, match="n_individual_components=9 for view 'view0'"):
        GroupPCA(views=2, n_individual_components=9).fit(X[:, :10])
    with pytest.raises(ValueError, match="n_components=5 exceeds the 2"):
        GroupPCA(n_components=5, views=2, n_individual_components=1).fit(X)
