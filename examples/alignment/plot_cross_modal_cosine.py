"""
=====================================================================
Aligning two modalities with a cosine cost in a common CCA space
=====================================================================

Two sensors of different dimension (10 and 25 channels) observe one latent
movement, each on its own warped clock
(:func:`~skmm.datasets.make_warped_sequences` knows the true alignment). Their
frames cannot be compared directly, but a CCA fitted on frames known to
correspond, a calibration stretch at the start of the session, maps both into
one 3-D space where they can. We then align the rest of the session with
:func:`~skmm.alignment.dtw_path` in that space, with the squared Euclidean
local cost and with ``metric="cosine"``. While the second sensor keeps its
gain the two costs align equally well; when its gain drifts (the sensor moves
away, a battery sags), the squared Euclidean cost is pulled off the true warp
and the cosine cost, blind to the length of each frame, is not.
"""

# %%
# A session and its calibration stretch
# -------------------------------------
import matplotlib.pyplot as plt
import numpy as np
from sklearn.metrics.pairwise import cosine_distances

from skmm.alignment import dtw_path
from skmm.datasets import make_warped_sequences
from skmm.representation import CCA

a, b, path, _ = make_warped_sequences(n_timestamps=(300, 360), random_state=0)
print("modalities:", a.shape, b.shape)

# the first 150 frames of ``a`` and their true partners in ``b`` calibrate
calibration = path[path[:, 0] < 150]
cca = CCA(n_components=3).fit(a[calibration[:, 0]], b[calibration[:, 1]])
print("canonical correlations:", np.round(cca.canonical_correlations_, 3))

# %%
# The rest of the session, with and without a gain drift
# ------------------------------------------------------
# The held-out part starts at the first true pair after the calibration; its
# true path is the rest of ``path``. The drift multiplies the second sensor's
# centred frames by a factor between 0.5 and 2.
k0 = np.flatnonzero(path[:, 0] >= 150)[0]
i0, j0 = path[k0]
true_path = path[k0:] - [i0, j0]
a_rest, b_rest = a[i0:], b[j0:]
t = np.arange(len(b_rest)) / len(b_rest)
gain = np.exp(0.7 * np.sin(2 * np.pi * (1.2 * t + 0.3)))[:, None]
centre = b[calibration[:, 1]].mean(axis=0)
b_drift = centre + gain * (b_rest - centre)

za = cca.transform_view(a_rest, 0)
sessions = {
    "steady gain": cca.transform_view(b_rest, 1),
    "drifting gain": cca.transform_view(b_drift, 1),
}


def frame_error(p, true, n):
    """Mean distance, in frames of b, between matched frames and the truth."""

    def matched(q):
        return np.array([q[q[:, 0] == i, 1].mean() for i in range(n)])

    return np.mean(np.abs(matched(p) - matched(true)))


paths = {}
for session, zb in sessions.items():
    for metric in ("sqeuclidean", "cosine"):
        p, _ = dtw_path(za, zb, metric=metric)
        paths[session, metric] = p
        err = frame_error(p, true_path, len(za))
        print(f"{session:>13}, {metric:>11}: {err:5.2f} frames from the true warp")

# %%
# A cost matrix of one's own
# --------------------------
# Any local cost between the frames of two modalities can be given as a
# matrix with ``metric="precomputed"``; scikit-learn's cosine distances give
# the same path as the built-in cost.
C = cosine_distances(za, sessions["drifting gain"])
p_pre, _ = dtw_path(C, metric="precomputed")
same = np.array_equal(p_pre, paths["drifting gain", "cosine"])
print("precomputed = built-in:", same)

# %%
# The paths against the truth
# ---------------------------
fig, axes = plt.subplots(1, 2, figsize=(9, 4), sharey=True)
for ax, session in zip(axes, sessions):
    ax.plot(true_path[:, 1], true_path[:, 0], "k", lw=3, alpha=0.3, label="true")
    for metric, style in (("sqeuclidean", "C3--"), ("cosine", "C0-")):
        p = paths[session, metric]
        ax.plot(p[:, 1], p[:, 0], style, lw=1.2, label=metric)
    ax.set(title=session, xlabel="frame of the 25-D sensor")
axes[0].set_ylabel("frame of the 10-D sensor")
axes[0].legend()
fig.tight_layout()
plt.show()
