"""
=============================================================
Zero-shot and one-shot: classes with no or a single example
=============================================================

A zero-shot learner recognises classes it has never seen, from a description of
each class: here a vector of binary attributes ("has stripes", "lives in
water", ...). :class:`~skmm.colearning.ZeroShotClassifier` learns, in closed
form, a linear map from features to attribute space on the classes it sees
(Romera-Paredes & Torr, 2015), then scores a sample against the attribute
vector of any class.

When a single example of a new class is available instead,
:class:`~skmm.colearning.PrototypeClassifier` uses it as the class prototype in
an embedding learned on other classes (one-shot learning).
"""

# %%
# Classes described by attributes
# -------------------------------
# :func:`~skmm.datasets.make_attribute_classification` gives each of ten
# classes a distinct binary signature over 12 attributes; features depend on
# the class only through its attributes. Classes 0-6 are seen in training;
# 7, 8 and 9 are not.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.decomposition import PCA
from sklearn.frozen import FrozenEstimator
from sklearn.metrics import ConfusionMatrixDisplay
from sklearn.model_selection import GridSearchCV, GroupKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skmm.colearning import PrototypeClassifier, ZeroShotClassifier
from skmm.datasets import make_attribute_classification

X, y, attributes = make_attribute_classification(
    n_samples=1500, noise=1.0, random_state=0
)
seen = y < 7
print("attribute signatures of the unseen classes:")
print(attributes[7:].astype(int))

# %%
# Zero-shot: predict the unseen classes from their signatures
# -----------------------------------------------------------
# With ``candidates="unseen"`` the model chooses among the classes absent from
# training only (chance: 1/3); with ``"all"`` among all ten (generalised
# zero-shot, harder: the seen classes attract the predictions).
zsl = ZeroShotClassifier(attributes, candidates="unseen").fit(X[seen], y[seen])
print(f"unseen classes {zsl.classes_.tolist()}")
print(f"zero-shot accuracy on unseen classes: {zsl.score(X[~seen], y[~seen]):.3f}")
gzsl = ZeroShotClassifier(attributes).fit(X[seen], y[seen])
print(
    f"generalised zero-shot accuracy (10 candidates): "
    f"{gzsl.score(X[~seen], y[~seen]):.3f} on unseen, "
    f"{gzsl.score(X[seen], y[seen]):.3f} on seen samples"
)

ConfusionMatrixDisplay.from_predictions(y[~seen], zsl.predict(X[~seen]))
plt.title("zero-shot predictions of classes 7-9")

# %%
# Tuning without peeking at the unseen classes
# --------------------------------------------
# The two ridge penalties are chosen by cross-validation *over classes*: each
# fold holds out whole seen classes, which play the unseen ones. GroupKFold
# with the class as group does exactly that. The score it reports is an
# estimate of zero-shot accuracy that never used classes 7-9, which is what
# makes it honest; on this small problem it lands close to the defaults.
search = GridSearchCV(
    ZeroShotClassifier(attributes, candidates="unseen"),
    {"alpha": [0.1, 1.0, 10.0, 100.0], "attribute_alpha": [0.1, 1.0, 10.0]},
    cv=GroupKFold(n_splits=3),
)
search.fit(X[seen], y[seen], groups=y[seen])
print(f"best penalties {search.best_params_}")
print(f"tuned zero-shot accuracy: {search.score(X[~seen], y[~seen]):.3f}")

# %%
# One-shot: one example per new digit
# -----------------------------------
# An embedding (standardisation and PCA) is learned on digits 0-4 and frozen;
# digits 5-9 are then learned from a single image each, which becomes the
# class prototype.
Xd, yd = load_digits(return_X_y=True)
base, novel = yd < 5, yd >= 5
embedding = FrozenEstimator(
    make_pipeline(StandardScaler(), PCA(n_components=20, random_state=0)).fit(Xd[base])
)
rng = np.random.RandomState(0)
scores = []
for _ in range(10):
    support = np.array([rng.choice(np.flatnonzero(yd == c)) for c in range(5, 10)])
    query = np.setdiff1d(np.flatnonzero(novel), support)
    one_shot = PrototypeClassifier(embedding, metric="cosine")
    one_shot.fit(Xd[support], yd[support])
    scores.append(one_shot.score(Xd[query], yd[query]))
print(
    f"one-shot accuracy on digits 5-9 over 10 draws: "
    f"{np.mean(scores):.3f} +- {np.std(scores):.3f} (chance 0.2)"
)

fig, axes = plt.subplots(1, 5, figsize=(6, 1.6))
for ax, index in zip(axes, support):
    ax.imshow(Xd[index].reshape(8, 8), cmap="gray_r")
    ax.set_title(f"the {yd[index]}")
    ax.axis("off")
fig.suptitle("the single examples of the last draw")
