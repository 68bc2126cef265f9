"""
=====================================================
What three views share, and what each holds alone
=====================================================

Three views of the same 200 samples (60, 40 and 30 columns) are built from a
known structure: a two-dimensional *joint* signal that drives all three views,
an *individual* signal of each view that the others do not see (two dimensions
in view A, one in B and one in C), and noise. View A's individual signal is
the loudest thing in the data.

:class:`~skmm.representation.AJIVE` (angle-based joint and individual
variation explained) chooses every rank itself: the signal rank of each view
(by an optimal threshold of its singular values), then the joint rank (by
comparing the angles between the views' signal subspaces with those between
random subspaces). Its joint scores lie within 10 degrees
of the true joint signal and its individual scores within 10 degrees of each
view's own signal. The two leading principal components of all 130 columns
together are 73-88 degrees away from the joint signal: they follow view A's
loud individual signal. :class:`~skmm.representation.GroupPCA`, prewhitened
and reduced to the signal ranks AJIVE found, computes the same stack as AJIVE's
joint step and finds the same joint subspace once told that it is two
dimensional; what it does not give is that number, nor what each view holds
alone.
"""

# %%
# Views with a known joint and individual structure
# -------------------------------------------------
# The latent scores (columns of unit variance) are made orthogonal, as the
# model of AJIVE assumes: a joint score and an individual one are
# uncorrelated. Each view mixes its scores into its columns by random
# loadings and adds unit noise.
import matplotlib.pyplot as plt
import numpy as np
from scipy.linalg import subspace_angles
from sklearn.decomposition import PCA

from skmm.representation import AJIVE, GroupPCA
from skmm.utils import stack_views

rng = np.random.RandomState(0)
n, n_joint = 200, 2
widths = {"A": 60, "B": 40, "C": 30}
individual_ranks = {"A": 2, "B": 1, "C": 1}
loudness = {"A": 2.0, "B": 1.0, "C": 1.0}  # scale of each individual signal
n_latent = n_joint + sum(individual_ranks.values())
loadings = {
    v: (
        rng.standard_normal((n_joint, p)),
        loudness[v] * rng.standard_normal((individual_ranks[v], p)),
    )
    for v, p in widths.items()
}


def make_views(scores):
    """The three views of given latent scores (joint first, then A, B, C)."""
    joint, start, blocks, individual = scores[:, :n_joint], n_joint, [], {}
    for v, (joint_loading, own_loading) in loadings.items():
        individual[v] = scores[:, start : start + individual_ranks[v]]
        start += individual_ranks[v]
        noise = rng.standard_normal((scores.shape[0], widths[v]))
        blocks.append(joint @ joint_loading + individual[v] @ own_loading + noise)
    X, views = stack_views(blocks, names=list(widths))
    return X, views, joint, individual


scores = np.linalg.qr(rng.standard_normal((n, n_latent)))[0] * np.sqrt(n)
X, views, joint, individual = make_views(scores)
print("X:", X.shape, {v: s.stop - s.start for v, s in views.items()})

# %%
# AJIVE chooses the ranks
# -----------------------
# Each view's signal rank comes from Gavish and Donoho's optimal threshold of
# its singular values. The signal score bases of the three views are then
# stacked: a squared singular value of the stack near 3 (the number of views)
# is a direction of the samples that lies in every view's signal, one near 1
# belongs to one view (the near-zero ones are what is left of the joint
# directions, counted once per view). Those above the random direction bound
# (what random subspaces of the same ranks reach 5% of the time) are joint.
ajive = AJIVE(views=views, random_state=0).fit(X)
print("signal ranks:", ajive.signal_ranks_, "(true: [4, 3, 3])")
print("joint rank:", ajive.joint_rank_, "(true: 2)")
print("individual ranks:", ajive.individual_ranks_, "(true: [2, 1, 1])")
print(
    "squared singular values of the stacked bases:",
    ajive.squared_singular_values_.round(2),
)
print(f"random direction bound: {ajive.random_direction_bound_:.2f}")

fig, ax = plt.subplots(figsize=(6, 3))
values = ajive.squared_singular_values_
ax.bar(np.arange(values.size), values, color="tab:blue")
ax.bar(np.arange(ajive.joint_rank_), values[: ajive.joint_rank_], color="tab:red")
ax.axhline(
    ajive.random_direction_bound_,
    color="black",
    linestyle="--",
    label="random direction bound",
)
ax.set(
    xlabel="direction of the stacked signal bases",
    ylabel="squared singular value",
    title="Joint directions (red) exceed the bound",
)
ax.legend()
fig.tight_layout()

# %%
# Joint and individual scores against the truth
# ---------------------------------------------
# The principal angles between an estimated score subspace and a true one say
# how close they are (0 degrees: the same subspace, 90: orthogonal). The two
# leading principal components of all the columns, and the two components of
# group PCA (each view reduced to the signal rank AJIVE found and prewhitened),
# are compared with the true joint signal too. Prewhitened, each view's scores
# are its orthonormal signal basis, so group PCA's stack is AJIVE's: the same
# joint subspace, to the last digit.


def angles(estimated, true):
    """Principal angles in degrees, largest first."""
    return np.degrees(subspace_angles(estimated, true)).round(1)


pca = PCA(n_components=2).fit(X)
group = GroupPCA(
    n_components=2,
    views=views,
    n_individual_components=ajive.signal_ranks_,
    prewhiten=True,
).fit(X)
print("principal angles to the true joint signal (degrees)")
print("  AJIVE joint scores:    ", angles(ajive.joint_scores_, joint))
print("  PCA of all columns:    ", angles(pca.transform(X), joint))
print("  GroupPCA (prewhitened):", angles(group.transform(X), joint))
for v, scores_v in zip(views, ajive.individual_scores_):
    print(
        f"AJIVE individual scores of view {v} to its true individual signal:",
        angles(scores_v, individual[v]),
    )

# %%
# Which estimated scores explain which true signal? Each cell is the share of
# a true latent score's variance that a least-squares fit on one block of
# estimated scores explains. AJIVE's blocks are diagonal: its joint scores
# explain the joint signal and nothing individual, each view's individual
# scores that view's signal only. The principal components of all columns
# mostly explain view A's individual signal; group PCA's explain the joint
# signal only.


def explained(estimated, target):
    """R^2 of ``target`` fitted by least squares on ``estimated``."""
    E = estimated - estimated.mean(axis=0)
    t = target - target.mean()
    fit = E @ np.linalg.lstsq(E, t, rcond=None)[0]
    return float(fit @ fit / (t @ t))


rows = {f"joint {k + 1}": joint[:, k] for k in range(n_joint)}
for v, signal in individual.items():
    for k in range(signal.shape[1]):
        rows[f"{v} individual {k + 1}"] = signal[:, k]
columns = {"AJIVE joint": ajive.joint_scores_}
for v, scores_v in zip(views, ajive.individual_scores_):
    columns[f"AJIVE {v} individual"] = scores_v
columns["PCA, 2 components"] = pca.transform(X)
columns["GroupPCA, 2 comp."] = group.transform(X)
R2 = np.array([[explained(E, t) for E in columns.values()] for t in rows.values()])

fig, ax = plt.subplots(figsize=(7, 4))
image = ax.imshow(R2, vmin=0, vmax=1, cmap="Blues")
ax.set_xticks(range(len(columns)), list(columns), rotation=35, ha="right")
ax.set_yticks(range(len(rows)), list(rows))
for i, j in np.ndindex(R2.shape):
    color = "white" if R2[i, j] > 0.5 else "black"
    ax.text(j, i, f"{R2[i, j]:.2f}", ha="center", va="center", fontsize=8, c=color)
ax.set(ylabel="true latent score", title="Share of variance explained ($R^2$)")
fig.colorbar(image, ax=ax)
fig.tight_layout()

# %%
# New samples
# -----------
# ``transform`` estimates the scores of new samples from their views: the
# joint scores (each view's estimate, averaged), then each view's individual
# scores. On 500 new samples of the same model, the estimated joint scores are
# about as close to the true joint signal as on the training samples.
new_scores = rng.standard_normal((500, n_latent))
X_new, _, joint_new, individual_new = make_views(new_scores)
Z_new = ajive.transform(X_new)
print("output columns:", ajive.get_feature_names_out().tolist())
print(
    "new samples, angles of the joint scores to the true joint signal:",
    angles(Z_new[:, : ajive.joint_rank_], joint_new),
)
plt.show()
