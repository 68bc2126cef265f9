"""
===================================================
Fusing two sensors sampled at different rates
===================================================

A wrist device records a gesture with an accelerometer at 100 Hz and a
gyroscope at 25 Hz: the two modalities have different numbers of frames for
the same four seconds, so they cannot be stacked frame by frame as they come.
:class:`~skmm.alignment.TimeSeriesResampler` interpolates every channel on
its own sample times and reads all of them on one 50 Hz clock; the fused
six-channel series then go to a DTW nearest-neighbour classifier. In these
(generated) recordings the accelerometer tells only the arm's swing and the
gyroscope only the wrist's turn, so each modality alone recognises half of
the four gestures at best, and the fused series all of them.
"""

# %%
# Recordings at 100 Hz and 25 Hz
# ------------------------------
import matplotlib.pyplot as plt
import numpy as np
from sklearn.model_selection import cross_val_score

from skmm.alignment import (
    KNeighborsDTWClassifier,
    TimeSeriesResampler,
    stack_sequences,
)

rng = np.random.default_rng(0)
t_acc = np.arange(400) / 100.0  # 4 s at 100 Hz
t_gyr = np.arange(100) / 25.0  # 4 s at 25 Hz


def gesture(t, onset, fast_swing, turn_back):
    """Accelerometer (3 axes) and gyroscope (3 axes) of one gesture."""
    u = np.clip((t - onset) / 2.0, 0.0, 1.0)  # the movement, 2 s long
    swing = np.sin(np.pi * u * (2 if fast_swing else 1))
    turn = np.sin(np.pi * u) * (np.cos(2 * np.pi * u) if turn_back else 1.0)
    return swing, turn


X, y = [], []
for label in range(4):
    for _ in range(30):
        onset = rng.uniform(0.3, 1.5)
        swing, _ = gesture(t_acc, onset, label % 2, label // 2)
        _, turn = gesture(t_gyr, onset, label % 2, label // 2)
        acc = np.column_stack([swing, 0.5 * swing, np.zeros_like(swing)])
        gyr = np.column_stack([np.zeros_like(turn), turn, -turn])
        acc += 0.1 * rng.standard_normal(acc.shape)
        gyr += 0.1 * rng.standard_normal(gyr.shape)
        # one array per recording: the gyroscope's channels end after 100
        # frames (trailing NaN), the accelerometer's after 400
        stacked, views = stack_sequences([acc, gyr], names=["acc", "gyr"])
        X.append(stacked)
        y.append(label)
X, y = np.array(X), np.array(y)
print("stacked recordings:", X.shape, "views:", views)

# %%
# One clock for both
# ------------------
# Each channel is read at its own rate (100 Hz for the three accelerometer
# channels, 25 Hz for the gyroscope's) and interpolated linearly onto 50 Hz,
# over the span both sensors cover.
resampler = TimeSeriesResampler(rate=50.0, input_rate=[100.0] * 3 + [25.0] * 3)
fused = resampler.fit_transform(X)
print("on one 50 Hz clock:", fused.shape)

fig, axes = plt.subplots(2, 1, figsize=(9, 5), sharex=True)
t_out = np.arange(fused.shape[1]) / 50.0
axes[0].plot(t_acc, X[1, :, 0], ".", ms=2, color="0.6", label="accelerometer, 100 Hz")
axes[0].plot(t_out, fused[1, :, 0], color="C0", label="on the 50 Hz clock")
axes[1].plot(t_gyr, X[1, :100, 4], "o", ms=3, color="0.6", label="gyroscope, 25 Hz")
axes[1].plot(t_out, fused[1, :, 4], color="C1", label="on the 50 Hz clock")
for ax in axes:
    ax.legend(loc="upper right", fontsize=8)
axes[1].set_xlabel("time (s)")
fig.tight_layout()

# %%
# Each modality alone, and fused
# ------------------------------
# The gestures start at different moments, which DTW absorbs. The
# accelerometer cannot tell whether the wrist turned back, the gyroscope not
# how fast the arm swung: each alone confuses two gestures with two others.
# Stacked on one clock, the six channels identify all four.
knn = KNeighborsDTWClassifier(n_neighbors=1, radius=40)
for name, channels in [("accelerometer", [0, 1, 2]), ("gyroscope", [3, 4, 5])]:
    scores = cross_val_score(knn, fused[:, :, channels], y, cv=5)
    print(f"{name:<14} alone: accuracy {scores.mean():.2f}")
scores = cross_val_score(knn, fused, y, cv=5)
print(f"{'fused':<14}      : accuracy {scores.mean():.2f}")
plt.show()
