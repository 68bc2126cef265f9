"""
=================================================================
Early, late and stacking fusion, and a modality that goes missing
=================================================================

Three modalities describe each handwritten digit: the left half of the 8x8
image, the right half, and a third "sensor" that is broken and reports pure
noise (the digits and their halves are scikit-learn's bundled data; the broken
sensor is added here to show what a useless modality does to each fuser).

We compare each view alone with feature-level fusion (:class:`~skmm.fusion.
EarlyFusion`), decision-level fusion (:class:`~skmm.fusion.LateFusionClassifier`
with equal, learned and confidence weights) and hybrid fusion
(:class:`~skmm.fusion.StackingFusionClassifier`), look at how much each fuser
trusts each view, and then drop a modality at prediction time.
"""

# %%
# Three modalities of the digits
# ------------------------------
import matplotlib.pyplot as plt
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline

from skmm.datasets import load_digit_halves
from skmm.fusion import (
    EarlyFusion,
    LateFusionClassifier,
    StackingFusionClassifier,
    ViewWeightsDisplay,
)

X, y, views = load_digit_halves()
rng = np.random.RandomState(0)
X = np.hstack([X, rng.normal(scale=8.0, size=(X.shape[0], 16))])
views = {**views, "broken": slice(64, 80)}
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.5, random_state=0, stratify=y
)
print({name: sel for name, sel in views.items()})

# %%
# One view alone, and the three levels of fusion
# ----------------------------------------------
# Every model uses the same per-view classifier, a 5-nearest-neighbour vote. A
# nearest-neighbour classifier on noise is confidently wrong, so the broken
# sensor is a real threat to an equal-weight combination.
knn = KNeighborsClassifier(n_neighbors=5)
accuracy = {}
for name, sel in views.items():
    accuracy[name] = knn.fit(X_train[:, sel], y_train).score(X_test[:, sel], y_test)

models = {
    "early": make_pipeline(
        EarlyFusion(views=views, block_scaling="unit_variance"), knn
    ),
    "late, equal": LateFusionClassifier(knn, views=views),
    "late, learned": LateFusionClassifier(knn, views=views, weights="learned"),
    "late, confidence": LateFusionClassifier(knn, views=views, weights="confidence"),
    "stacking": StackingFusionClassifier(
        knn, LogisticRegression(max_iter=1000), views=views
    ),
}
for name, model in models.items():
    accuracy[name] = model.fit(X_train, y_train).score(X_test, y_test)
print({k: round(float(v), 3) for k, v in accuracy.items()})

fig, ax = plt.subplots(figsize=(7, 3))
colors = ["C7"] * len(views) + ["C0", "C1", "C1", "C1", "C2"]
bars = ax.bar(list(accuracy), list(accuracy.values()), color=colors)
ax.bar_label(bars, fmt="%.3f", fontsize=7)
ax.set_ylim(0.0, 1.1)
ax.set_ylabel("test accuracy")
ax.set_title("Single views (grey), early (blue), late (orange), stacking (green)")
ax.tick_params(axis="x", rotation=30)
plt.tight_layout()

# %%
# How much each fuser trusts each view
# ------------------------------------
# :class:`~skmm.fusion.ViewWeightsDisplay` draws each fuser's weight for every
# view beside that view's out-of-fold accuracy alone. Learned late-fusion
# weights come from out-of-fold predictions; the stacking weights are each
# view's share of the final logistic regression's absolute coefficients. Late
# fusion gives the broken sensor no weight, stacking very little.
trust = ("late, learned", "late, confidence", "stacking")
fig, axes = plt.subplots(1, 3, figsize=(13, 3.4))
for ax, name in zip(axes, trust):
    ViewWeightsDisplay.from_estimator(models[name], ax=ax)
    ax.set_title(name, fontsize="medium")
    print(name, dict(zip(views, np.round(models[name].view_weights_, 3).tolist())))
fig.tight_layout()

# %%
# A modality missing at prediction time
# -------------------------------------
# A view whose columns are all NaN in a row is missing there. Late fusion
# leaves it out and renormalises the other weights; stacking switches to the
# final model fitted on the views that remain. Early fusion has no answer: it
# rejects NaN.
dropped = {}
for missing in ["none", "left", "right", "broken"]:
    X_drop = X_test.copy()
    if missing != "none":
        X_drop[:, views[missing]] = np.nan
    dropped[missing] = {
        name: models[name].score(X_drop, y_test)
        for name in ("late, learned", "stacking")
    }
print({k: {m: round(float(a), 3) for m, a in v.items()} for k, v in dropped.items()})

fig, ax = plt.subplots(figsize=(6, 3))
for i, name in enumerate(("late, learned", "stacking")):
    ax.bar(
        np.arange(4) + (i - 0.5) * 0.35,
        [dropped[m][name] for m in dropped],
        0.35,
        label=name,
    )
ax.axhline(accuracy["left"], color="C7", linestyle="--", label="one half alone")
ax.set_xticks(np.arange(4), [f"{m} missing" for m in dropped])
ax.set_ylim(0.5, 1.0)
ax.set_ylabel("test accuracy")
ax.legend(loc="lower left")
ax.set_title("Dropping a modality at prediction time")
plt.tight_layout()
plt.show()
