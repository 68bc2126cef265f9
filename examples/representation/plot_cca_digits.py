"""
=====================================================
A coordinated space for the two halves of the digits
=====================================================

Canonical correlation analysis (CCA) gives each modality its own linear
projection into a shared space where paired samples correlate. Here the two
modalities are the left and the right half of scikit-learn's 8x8 digit images:
CCA finds the directions in which the two halves of the same image agree, which
are mostly about *which digit* it is. We fit :class:`~skmm.representation.CCA`,
look at the first canonical pairs, project one half alone with
``transform_view``, and use the coordinated space as the features of a
classifier tuned with ``GridSearchCV``.
"""

# %%
# Two views of the same images
# ----------------------------
import matplotlib.pyplot as plt
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import Pipeline

from skmm.datasets import load_digit_halves
from skmm.representation import CCA, CanonicalVariatesDisplay

X, y, views = load_digit_halves(as_frame=True)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.3, random_state=0, stratify=y
)
print(X.shape, {name: len(columns) for name, columns in views.items()})

# %%
# Fit CCA on the halves
# ---------------------
# Several border pixels are constant, so the covariances are singular; a small
# ridge (``reg``) keeps the whitening stable. No labels are used.
cca = CCA(n_components=10, views=views, reg=0.1).fit(X_train)
print("training canonical correlations:", cca.canonical_correlations_.round(3))
print(f"held-out mean canonical correlation: {cca.score(X_test):.3f}")

# %%
# The first canonical pairs
# -------------------------
# :class:`~skmm.representation.CanonicalVariatesDisplay` draws, for each
# component, every test image as a point: its left half's variate against its
# right half's, with their correlation on these held-out images. They
# correlate strongly, and the digits separate along the shared directions,
# although CCA never saw a label.
display = CanonicalVariatesDisplay.from_estimator(
    cca, X_test, labels=y_test, components=[0, 1, 2]
)
print(
    "held-out correlations of the first three pairs:", display.correlations[:3].round(2)
)

# %%
# Weights of the first pair, as images
# ------------------------------------
# ``weights_`` holds one column per component for each view; reshaped, they
# show which pixels of each half drive the first canonical variate.
fig, axes = plt.subplots(1, 2, figsize=(4, 3))
for ax, name, weights in zip(axes, cca.view_names_, cca.weights_):
    ax.imshow(weights[:, 0].reshape(8, 4), cmap="RdBu_r")
    ax.set_title(f"{name} half")
    ax.set_axis_off()
fig.suptitle("first canonical weights")
fig.tight_layout()

# %%
# One modality alone
# ------------------
# ``transform_view`` projects a half without its partner, onto the same scale
# as its block of ``transform``: the left half of an image lands next to the
# right half of the same image, which is what cross-modal retrieval needs.
left_only = cca.transform_view(X_test[views["left"]], "left")
right_only = cca.transform_view(X_test[views["right"]], "right")
distances = np.linalg.norm(left_only[:, None, :] - right_only[None, :, :], axis=2)
rank_of_partner = (distances < np.diag(distances)[:, None]).sum(axis=1)
print(
    f"median rank of the true right half among {len(X_test)}: "
    f"{int(np.median(rank_of_partner)) + 1}"
)

# %%
# The coordinated space as features of a classifier
# -------------------------------------------------
# In a ``Pipeline`` the number of components and the ridge are tuned by
# cross-validation like any other hyper-parameters.
pipe = Pipeline(
    [
        ("cca", CCA(views=views)),
        ("clf", LogisticRegression(max_iter=2000)),
    ]
)
search = GridSearchCV(
    pipe,
    {"cca__n_components": [4, 10, 16], "cca__reg": [0.01, 0.5]},
    cv=3,
)
search.fit(X_train, y_train)
print("best parameters:", search.best_params_)
print(f"test accuracy in the coordinated space: {search.score(X_test, y_test):.3f}")
plt.show()
