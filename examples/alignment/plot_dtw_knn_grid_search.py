"""
=================================================================
DTW nearest neighbours in a GridSearchCV over the band radius
=================================================================

:class:`~skmm.alignment.PairwiseDTW` turns series into DTW distances to the
training series, so scikit-learn's own ``KNeighborsClassifier`` with
``metric="precomputed"`` classifies under DTW inside a ``Pipeline``, and
``GridSearchCV`` tunes the Sakoe-Chiba radius (radius 0 is the Euclidean
distance). :class:`~skmm.alignment.KNeighborsDTWClassifier` gives the same
1-NN predictions with lower-bound pruning.
"""

# %%
# The Trace data
# --------------
import matplotlib.pyplot as plt
import numpy as np
from sklearn.model_selection import GridSearchCV
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline

from skmm.alignment import KNeighborsDTWClassifier, PairwiseDTW
from skmm.datasets import load_trace

X_train, y_train, _ = load_trace(subset="train")
X_test, y_test, _ = load_trace(subset="test")

# %%
# Tune the radius by cross-validation
# -----------------------------------
pipe = make_pipeline(
    PairwiseDTW(n_jobs=-1), KNeighborsClassifier(n_neighbors=1, metric="precomputed")
)
radii = [0, 1, 3, 10, 30, None]
search = GridSearchCV(pipe, {"pairwisedtw__radius": radii}, cv=3).fit(X_train, y_train)
scores = search.cv_results_["mean_test_score"]
for r, s in zip(radii, scores):
    print(f"radius {r!s:>4}: cross-validated accuracy {s:.3f}")
print("best:", search.best_params_, f"test accuracy {search.score(X_test, y_test):.3f}")

# %%
# The same neighbours, pruned
# ---------------------------
best_radius = search.best_params_["pairwisedtw__radius"]
clf = KNeighborsDTWClassifier(radius=best_radius, n_jobs=-1).fit(X_train, y_train)
same = np.array_equal(clf.predict(X_test), search.predict(X_test))
print(f"KNeighborsDTWClassifier agrees with the pipeline: {same}")

fig, ax = plt.subplots(figsize=(6, 3.5))
labels = [str(r) for r in radii]
ax.bar(labels, scores)
ax.set(
    xlabel="Sakoe-Chiba radius",
    ylabel="CV accuracy",
    ylim=(0.5, 1.02),
    title="1-NN under DTW on Trace",
)
fig.tight_layout()
plt.show()
