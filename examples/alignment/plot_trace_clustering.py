"""
======================================================
Clustering the Trace data with DBA k-means and k-Shape
======================================================

The four classes of the Trace data (simulated instrumentation transients,
shipped with tslearn) share a few shapes that start at different times. The
Euclidean k-means centre of such series is a smeared average; k-means under
DTW with DBA barycenters (:class:`~skmm.alignment.TimeSeriesKMeans` with
``metric="dtw"``) keeps each transient sharp, and k-Shape
(:class:`~skmm.alignment.KShape`) compares shapes up to a shift by
cross-correlation. We compare the three clusterings with the classes and draw
each method's centres over their members.
"""

# %%
# The data
# --------
import matplotlib.pyplot as plt
import numpy as np
from sklearn.metrics import adjusted_rand_score

from skmm.alignment import KShape, TimeSeriesKMeans
from skmm.datasets import load_trace

X, y, _ = load_trace(subset="train")
print(f"{X.shape[0]} series of length {X.shape[1]}, classes {np.unique(y).tolist()}")

# %%
# Three clusterings
# -----------------
# DBA k-means aligns every series to its centre with DTW before averaging; a
# Sakoe-Chiba band of 30 frames (about a tenth of the length) keeps the
# alignments plausible and the fit fast. k-Shape z-normalises each series and
# clusters shapes by their best cross-correlation over all shifts.
models = {
    "Euclidean k-means": TimeSeriesKMeans(4, n_init=3, random_state=0),
    "DBA k-means": TimeSeriesKMeans(
        4, metric="dtw", radius=30, n_init=2, random_state=0
    ),
    "k-Shape": KShape(4, n_init=5, random_state=0),
}
for name, model in models.items():
    model.fit(X)
    ari = adjusted_rand_score(y, model.labels_)
    print(f"{name:<18} adjusted Rand index {ari:.2f}, {model.n_iter_} iterations")

# %%
# Centres over their members
# --------------------------
# Each row is one method, each column one of its clusters (members in grey).
# The Euclidean centres blur the step and the bump where the members disagree
# on timing; the DBA centres keep them; the k-Shape centroids are z-normalised
# shapes, drawn over the z-normalised members.
fig, axes = plt.subplots(3, 4, figsize=(12, 7), sharex=True)
for row, (name, model) in zip(axes, models.items()):
    members = X[:, :, 0]
    if name == "k-Shape":
        members = (members - members.mean(1, keepdims=True)) / members.std(
            1, keepdims=True
        )
    for c, ax in enumerate(row):
        ax.plot(members[model.labels_ == c].T, color="0.8", lw=0.6)
        ax.plot(model.cluster_centers_[c, :, 0], color="C3", lw=2)
        ax.set_title(f"{name}, cluster {c} ({np.sum(model.labels_ == c)})", fontsize=9)
fig.tight_layout()
plt.show()

# %%
# Reading the figure
# ------------------
# Trace's classes come in pairs: a rising step with or without a small
# oscillation after it, and a drop with or without a spike before it. With 4
# clusters each method resolves a different part of this: DBA k-means keeps
# the spike sharp and puts the drops with and without it apart, but merges the
# two kinds of step; k-Shape, blind to when a pattern occurs, separates the
# steps with and without the oscillation but spreads the drops over two
# clusters by the spike's shape. The Euclidean centres average the transients
# over their different onsets. Averaging under DTW is what makes a centre
# look like its members; which invariance suits a task (to shifts, to local
# speed) is a modelling choice.
