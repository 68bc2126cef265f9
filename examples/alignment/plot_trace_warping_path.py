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

from skmm.alignment import dtw, dtw_path
from skmm.datasets import load_trace

X, y, _ = load_trace(subset="train")
x, z = X[y == 3][:2, :, 0]
print(f"two series of length {x.size}")
print(f"Euclidean distance {np.linalg.norm(x - z):.2f}, DTW distance {dtw(x, z):.2f}")

# %%
# The warping path over the cost matrix
# -------------------------------------
# Each cell is the squared difference of ``x[i]`` and ``z[j]``; the path is the
# cheapest way from the first pair of time steps to the last. A band of radius
# 20 forbids matching steps more than 20 apart.
path, distance = dtw_path(x, z)
band_path, band_distance = dtw_path(x, z, radius=20)
cost = (x[:, None] - z[None, :]) ** 2

fig, axes = plt.subplots(1, 2, figsize=(10, 4.5))
axes[0].imshow(cost, origin="lower", cmap="viridis", aspect="auto")
axes[0].plot(path[:, 1], path[:, 0], color="w", lw=2, label=f"DTW ({distance:.2f})")
axes[0].plot(
    band_path[:, 1],
    band_path[:, 0],
    "r--",
    lw=1.5,
    label=f"radius 20 ({band_distance:.2f})",
)
axes[0].set(xlabel="time step of z", ylabel="time step of x", title="Cost and path")
axes[0].legend(loc="upper left")

# %%
# Matched time steps
# ------------------
# Lines join the pairs of the path (every fourth pair, for legibility).
axes[1].plot(x, label="x")
axes[1].plot(z - 4, label="z (shifted down)")
for i, j in path[::4]:
    axes[1].plot([i, j], [x[i], z[j] - 4], color="0.7", lw=0.5)
axes[1].set(title="Matched time steps", xlabel="time step")
axes[1].legend()
fig.tight_layout()
plt.show()
