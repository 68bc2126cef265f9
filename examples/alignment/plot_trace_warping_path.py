"""
=====================================================
Aligning two recordings of the Trace data with DTW
=====================================================

Two recordings of the same transient (class 3 of the Trace data, which ships
with tslearn) happen at different moments and speeds. Dynamic time warping
finds the monotone correspondence between their time steps that minimises the
summed squared differences; we draw that path over the matrix of local costs,
and compare the DTW distance with the Euclidean one.
"""

# %%
# Two recordings of one class
# ---------------------------
import matplotlib.pyplot as plt
import numpy as np

from skmm.alignment import AlignmentPathDisplay, dtw, dtw_path
from skmm.datasets import load_trace

X, y, _ = load_trace(subset="train")
x, z = X[y == 3][:2, :, 0]
print(f"two series of length {x.size}")
print(f"Euclidean distance {np.linalg.norm(x - z):.2f}, DTW distance {dtw(x, z):.2f}")

# %%
# The warping path over the cost matrix
# -------------------------------------
# Each cell is the squared difference of ``x[i]`` and ``z[j]``; the path is the
# cheapest way from the first pair of time steps to the last.
# :class:`~skmm.alignment.AlignmentPathDisplay` draws the matrix, the path and
# the two series along it. On the right, a band of radius 20 forbids matching
# steps more than 20 apart (cells outside it are blank), and the matrix shown
# is the accumulated cost of the best path to each cell.
path, distance = dtw_path(x, z)
fig, axes = plt.subplots(1, 2, figsize=(11, 5))
AlignmentPathDisplay.from_predictions(
    x, z, path, x_name="x", y_name="z", name="DTW", ax=axes[0]
)
banded = AlignmentPathDisplay.from_predictions(
    x,
    z,
    radius=20,
    matrix="accumulated",
    x_name="x",
    y_name="z",
    name="radius 20",
    ax=axes[1],
)
print(f"DTW {distance:.2f}, within the band {banded.distance:.2f}")
fig.tight_layout()

# %%
# Matched time steps
# ------------------
# Lines join the pairs of the path (every fourth pair, for legibility).
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(x, label="x")
ax.plot(z - 4, label="z (shifted down)")
for i, j in path[::4]:
    ax.plot([i, j], [x[i], z[j] - 4], color="0.7", lw=0.5)
ax.set(title="Matched time steps", xlabel="time step")
ax.legend()
fig.tight_layout()
plt.show()
