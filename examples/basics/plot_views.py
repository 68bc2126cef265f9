"""
==========================================
Several modalities in one ``X``: the views
==========================================

skmm keeps multi-view data in a single 2-D array (or DataFrame) and names the
columns of each modality with a ``views`` parameter. Here the two modalities are
the left and right halves of scikit-learn's 8x8 digit images.
"""

# %%
# Load digits as two views
# ------------------------
import matplotlib.pyplot as plt
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skmm.datasets import load_digit_halves
from skmm.utils import resolve_views, split_views, stack_views

X, y, views = load_digit_halves(as_frame=True)
print(X.shape, {name: len(cols) for name, cols in views.items()})

# %%
# Resolve the views to column indices and split ``X``
# ---------------------------------------------------
indices, names = resolve_views(views, X)
left, right = split_views(X.to_numpy(), indices)

fig, axes = plt.subplots(1, 3, figsize=(6, 2.4))
axes[0].imshow(left[0].reshape(8, 4), cmap="gray_r")
axes[1].imshow(right[0].reshape(8, 4), cmap="gray_r")
axes[2].imshow(
    np.hstack([left[0].reshape(8, 4), right[0].reshape(8, 4)]), cmap="gray_r"
)
for ax, title in zip(axes, ["left view", "right view", "both"]):
    ax.set_title(title)
    ax.axis("off")

# %%
# What does each modality know?
# -----------------------------
# The same classifier on each view alone and on both views stacked back together
# with :func:`~skmm.utils.stack_views`.
X_both, both_views = stack_views({"left": left, "right": right})
model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
scores = {
    "left": cross_val_score(model, left, y, cv=3).mean(),
    "right": cross_val_score(model, right, y, cv=3).mean(),
    "both": cross_val_score(model, X_both, y, cv=3).mean(),
}
print({k: round(float(v), 3) for k, v in scores.items()})

fig, ax = plt.subplots(figsize=(4, 2.5))
ax.bar(list(scores), list(scores.values()), color=["C0", "C1", "C2"])
ax.set_ylim(0.5, 1.0)
ax.set_ylabel("3-fold accuracy")
ax.set_title("Each half alone vs both")
plt.tight_layout()
plt.show()
