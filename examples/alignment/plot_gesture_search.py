"""
=====================================================================
Finding a gesture inside a long sensor stream
=====================================================================

A smart watch streams its accelerometer and gyroscope (BasicMotions, bundled
with skmm, 10 Hz). We hold one four-second example of an activity, taken from
a recording the stream does not contain, and look for it in 160 seconds of
stream made of sixteen other recordings: standing, walking, running and
badminton, one after the other. :func:`~skmm.alignment.subsequence_search`
runs subsequence DTW (the example may start and end anywhere in the stream
and be stretched in time) and returns the best stretches that do not overlap,
with their distances. :func:`~skmm.alignment.dtw_path` with ``open_begin``
and ``open_end`` gives the alignment of the best one.
"""

# %%
# A stream and a query
# --------------------
import matplotlib.pyplot as plt
import numpy as np

from skmm.alignment import dtw_path, subsequence_search
from skmm.datasets import load_basic_motions

data = load_basic_motions(layout="sequences")
X, y, names = data.data, data.target, data.target_names
rng = np.random.default_rng(3)
in_stream = rng.permutation(40)[:16]  # sixteen recordings of the training half
stream = np.concatenate(X[in_stream])  # (1600 frames, 6 channels)
activity = np.repeat(y[in_stream], 100)  # the activity of every frame

running = np.flatnonzero(y[40:] == list(names).index("Running")) + 40
query = X[running[0], 30:70]  # 4 s of a test recording: not in the stream

# both sensors on one scale (the statistics of the stream)
mean, std = stream.mean(axis=0), stream.std(axis=0)
stream_z = (stream - mean) / std
query_z = (query - mean) / std
print("stream:", stream.shape, "query:", query.shape)

# %%
# The best non-overlapping matches
# --------------------------------
n_running = int(np.sum(y[in_stream] == y[running[0]]))
matches, dist = subsequence_search(query_z, stream_z, n_matches=n_running)
for (start, end), d in zip(matches, dist):
    found = names[np.bincount(activity[start : end + 1]).argmax()]
    seconds = (end - start + 1) / 10
    print(f"frames {start:4d}-{end:4d} ({seconds:.1f} s): {found}, {d:.2f}")

path, best = dtw_path(query_z, stream_z, open_begin=True, open_end=True)
print("best alignment spans frames", path[0, 1], "to", path[-1, 1])

# %%
# How often the matches land on the query's activity
# ---------------------------------------------------
# Over ten streams and a query of each activity, the share of matches (as
# many as the stream holds recordings of that activity) inside a recording
# of the same activity.
for label, name in enumerate(names):
    hits = []
    for _ in range(10):
        order = rng.permutation(40)[:16]
        s = np.concatenate(X[order])
        act = np.repeat(y[order], 100)
        q = X[rng.choice(np.flatnonzero(y[40:] == label) + 40), 30:70]
        mu, sd = s.mean(axis=0), s.std(axis=0)
        k = max(int(np.sum(y[order] == label)), 1)
        found, _ = subsequence_search((q - mu) / sd, (s - mu) / sd, n_matches=k)
        hits += [np.bincount(act[a : e + 1]).argmax() == label for a, e in found]
    print(f"{name:>9}: {np.mean(hits):.0%} of the matches")

# %%
# The stream, its activities and the matches
# ------------------------------------------
# Running is unmistakable; badminton, strokes between pauses, is the hardest
# to find from a four-second example.
fig, (ax0, ax1) = plt.subplots(
    2, 1, figsize=(10, 4.5), gridspec_kw={"height_ratios": [3, 1]}, sharex=True
)
ax0.plot(np.linalg.norm(stream_z[:, 3:], axis=1), lw=0.7, color="0.3")
for start, end in matches:
    ax0.axvspan(start, end, color="C1", alpha=0.4)
ax0.set(ylabel="gyroscope (norm)", title="matches of a running example (orange)")
ax1.imshow(activity[None], aspect="auto", cmap="tab10", vmin=0, vmax=9)
ax1.set(yticks=[], xlabel="frame (10 Hz)")
for r, label in enumerate(y[in_stream]):
    ax1.text(r * 100 + 50, 0, names[label][:4], ha="center", va="center", fontsize=7)
fig.tight_layout()
plt.show()
