"""
=====================================================================
Fusing a smart watch's accelerometer and gyroscope, and losing one
=====================================================================

BasicMotions (UEA archive, bundled with skmm) holds 80 ten-second recordings
of a smart watch worn while standing, walking, running or playing badminton:
a 3-D accelerometer and a 3-D gyroscope, two sensors of one event. Which
sensor should a classifier trust, and what happens when one of them fails?

Each sensor gets the same small model (the mean and standard deviation of
each axis, then a logistic regression). We compare each sensor alone with
feature-level fusion (:class:`~skmm.fusion.EarlyFusion`), decision-level
fusion (:class:`~skmm.fusion.LateFusionClassifier`, equal, learned and
confidence weights) and hybrid fusion
(:class:`~skmm.fusion.StackingFusionClassifier`) on the archive's split (40
recordings to train, 40 to test), draw how much each fuser trusts each sensor
with :class:`~skmm.fusion.ViewWeightsDisplay`, and then take the better sensor
away at test time.
"""

# %%
# Two sensors, four activities
# ----------------------------
# In the views layout each row is a recording: 300 accelerometer columns (100
# frames of x, y, z) then 300 gyroscope columns; ``views`` names the blocks.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from skmm.datasets import load_basic_motions
from skmm.fusion import (
    EarlyFusion,
    LateFusionClassifier,
    StackingFusionClassifier,
    ViewWeightsDisplay,
)

train = load_basic_motions(subset="train")
test = load_basic_motions(subset="test")
X_train, y_train, views = train.data, train.target, train.views
X_test, y_test = test.data, test.target
names = train.target_names
print(X_train.shape, {name: (s.start, s.stop) for name, s in views.items()})

fig, axes = plt.subplots(2, 4, figsize=(11, 4.2), sharex=True, sharey="row")
seconds = np.arange(100) / train.sampling_rate
for c, name in enumerate(names):
    recording = X_train[np.flatnonzero(y_train == c)[0]]
    for row, sensor in enumerate(views):
        frames = recording[views[sensor]].reshape(100, 3)
        axes[row, c].plot(seconds, frames, lw=0.8)
        axes[0, c].set_title(name)
    axes[1, c].set_xlabel("time (s)")
axes[0, 0].set_ylabel("accelerometer")
axes[1, 0].set_ylabel("gyroscope")
axes[0, 3].legend(["x", "y", "z"], fontsize="small", loc="upper right")
fig.tight_layout()


# %%
# One model per sensor, and the three levels of fusion
# ----------------------------------------------------
def axis_statistics(block):
    """Mean and standard deviation of each axis of one sensor's frames."""
    frames = block.reshape(block.shape[0], -1, 3)
    return np.hstack([frames.mean(axis=1), frames.std(axis=1)])


features = make_pipeline(FunctionTransformer(axis_statistics), StandardScaler())
sensor_model = make_pipeline(features, LogisticRegression(max_iter=1000))

accuracy = {}
for sensor, cols in views.items():
    model = sensor_model.fit(X_train[:, cols], y_train)
    accuracy[f"{sensor} alone"] = model.score(X_test[:, cols], y_test)

fusers = {
    "early": make_pipeline(
        EarlyFusion(features, views=views), LogisticRegression(max_iter=1000)
    ),
    "late, equal": LateFusionClassifier(sensor_model, views=views),
    "late, learned": LateFusionClassifier(sensor_model, views=views, weights="learned"),
    "late, confidence": LateFusionClassifier(
        sensor_model, views=views, weights="confidence"
    ),
    "stacking": StackingFusionClassifier(sensor_model, views=views),
}
for name, fuser in fusers.items():
    accuracy[name] = fuser.fit(X_train, y_train).score(X_test, y_test)
for name, value in accuracy.items():
    print(f"{name:<22} {value:.3f}")

# %%
# The accelerometer alone is right on every test recording and the gyroscope on
# 35 of 40. Early fusion pools the twelve statistics in one logistic regression
# and misses two; equal weights let the weaker sensor overrule the better one
# once; learned weights, confidence weights and stacking lose nothing to it.
fig, ax = plt.subplots(figsize=(7.5, 3))
colors = ["C7", "C7", "C0", "C1", "C1", "C1", "C2"]
bars = ax.bar(list(accuracy), list(accuracy.values()), color=colors)
ax.bar_label(bars, fmt="%.3f", fontsize="x-small")
ax.set_ylim(0.5, 1.05)
ax.set_ylabel("test accuracy")
ax.set_title("Sensors alone (grey), early (blue), late (orange), stacking (green)")
ax.tick_params(axis="x", rotation=25)
fig.tight_layout()

# %%
# How much each fuser trusts each sensor
# --------------------------------------
# Learned weights come from out-of-fold predictions of each sensor's model: the
# accelerometer, never wrong out of fold, takes almost all the weight; the
# gyroscope, right on 35 of 40 training recordings out of fold, is kept as a
# tie-breaker.
ViewWeightsDisplay.from_estimator(fusers["late, learned"])
print("learned weights:", fusers["late, learned"].view_weights_.round(3))

# %%
# A sensor missing at test time
# -----------------------------
# A view whose columns are all NaN in a row is missing there: late fusion
# drops it and renormalises the other weights, stacking switches to the final
# model fitted on the sensors left, and early fusion cannot predict at all (it
# rejects NaN). We take the accelerometer away from a growing share of the test
# recordings.
rng = np.random.default_rng(0)
order = rng.permutation(len(X_test))
shares = [0.0, 0.25, 0.5, 0.75, 1.0]
curves = {"late, learned": [], "late, confidence": [], "stacking": []}
for share in shares:
    X_drop = X_test.copy()
    X_drop[order[: int(round(share * len(X_test)))], views["accelerometer"]] = np.nan
    for name in curves:
        curves[name].append(fusers[name].score(X_drop, y_test))
for name, values in curves.items():
    print(name, [round(v, 3) for v in values])

fig, ax = plt.subplots(figsize=(5.5, 3.4))
for name, values in curves.items():
    ax.plot(shares, values, "o-", label=name)
ax.axhline(accuracy["gyroscope alone"], color="C7", ls="--", label="gyroscope alone")
ax.set_xlabel("share of test recordings without the accelerometer")
ax.set_ylabel("test accuracy")
ax.set_ylim(0.8, 1.02)
ax.legend(fontsize="small", loc="lower left")
ax.set_title("Losing the better sensor")
fig.tight_layout()

# %%
# With the accelerometer gone from every recording, the fusers fall back to the
# gyroscope, exactly; in between they keep the accelerometer's answers where
# it is present, and stay above the gyroscope alone.
#
# The confidence fuser multiplies its learned weights row by row by each
# sensor's confidence (one minus the normalised entropy of its probabilities)
# and renormalises over the sensors a row has. Given data, the display scores
# each sensor's model on it and adds the weights used in each row: with the
# accelerometer missing in half the test recordings, the gyroscope takes all
# the weight in those rows.
X_half = X_test.copy()
X_half[order[:20], views["accelerometer"]] = np.nan
ViewWeightsDisplay.from_estimator(fusers["late, confidence"], X_half, y_test)
plt.show()

# sphinx_gallery_thumbnail_number = 3
