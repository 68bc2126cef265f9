"""
==================================================
Finding the other half of a digit: retrieval, R@k
==================================================

Translation between modalities is judged objectively by *ranking*: give the
model a query from one modality and a gallery from the other, and see where the
correct item lands (Hodosh et al., 2013). Here the two modalities are the left
and right halves of scikit-learn's 8x8 digit images. A
:class:`~skmm.translation.CrossModalRetriever` fits a CCA on paired halves; then
a left half alone retrieves right halves alone, and recall@k and median rank
measure how well.
"""

# %%
# Paired halves, split into training and held-out images
# ------------------------------------------------------
import matplotlib.pyplot as plt
import numpy as np

from skmm.datasets import load_digit_halves
from skmm.translation import (
    CrossModalRetriever,
    ModalityImputer,
    RetrievalDisplay,
    median_rank,
    recall_at_k,
)

X, y, views = load_digit_halves()
order = np.random.RandomState(0).permutation(len(X))
X, y = X[order], y[order]
X_train, X_test, y_train, y_test = X[:1200], X[1200:], y[:1200], y[1200:]
left, right = X_test[:, views["left"]], X_test[:, views["right"]]
n = len(X_test)

retriever = CrossModalRetriever(views=views).fit(X_train)
print(retriever.embedding_)

# %%
# Queries and their best matches
# ------------------------------
# Each row shows a left half (the query, first column), then the five right halves the
# retriever ranks first among all 597 held-out right halves. A match is drawn
# next to the query's own left half so the completed digit can be judged; the
# true right half is marked in green.
indices, scores = retriever.retrieve(
    left[:6], right, query_view="left", gallery_view="right", n_neighbors=5
)
fig, axes = plt.subplots(6, 6, figsize=(6.5, 7))
for row in range(6):
    axes[row, 0].imshow(left[row].reshape(8, 4), cmap="gray_r")
    axes[row, 0].set_title(f"query ({y_test[row]})", fontsize=8)
    for col, match in enumerate(indices[row], start=1):
        image = np.hstack([left[row].reshape(8, 4), right[match].reshape(8, 4)])
        axes[row, col].imshow(image, cmap="gray_r")
        color = "green" if match == row else "black"
        axes[row, col].set_title(f"digit {y_test[match]}", fontsize=8, color=color)
for ax in axes.ravel():
    ax.set_xticks([])
    ax.set_yticks([])
fig.suptitle("Left-half queries and their five best right halves")
fig.tight_layout()

# %%
# Objective measures: recall@k against chance
# -------------------------------------------
# Instance level: the correct item is the right half of the *same image*
# (``y_true`` = its index). Class level: any right half of the same digit is
# correct (``y_true`` = a boolean relevance matrix).
S = retriever.similarity(left, right, query_view="left", gallery_view="right")
truth = np.arange(n)
same_class = y_test[:, None] == y_test[None, :]
ks = [1, 2, 5, 10, 20, 50]
instance = [recall_at_k(truth, S, k=k) for k in ks]
category = [recall_at_k(same_class, S, k=k) for k in ks]
chance = [k / n for k in ks]
print(f"median rank of the true right half: {median_rank(truth, S):.0f} of {n}")
for k, a, b, c in zip(ks, instance, category, chance):
    print(f"R@{k:<3} same image {a:.3f}   same digit {b:.3f}   chance {c:.3f}")

# :class:`~skmm.translation.RetrievalDisplay` draws recall@k for every k up to
# the gallery size, each curve beside its chance level (a random ranking;
# for the same digit, the chance that one of k random right halves shows it).
display = RetrievalDisplay.from_predictions(truth, S, name="same image")
RetrievalDisplay.from_predictions(same_class, S, name="same digit", ax=display.ax_)
display.ax_.set_title("Left half -> right half retrieval")

# %%
# From retrieval to prediction: filling in a missing half
# -------------------------------------------------------
# A :class:`~skmm.translation.ModalityImputer` predicts a missing view from the
# present one. Here every right half is missing and is predicted from the left
# half (top: the truth, bottom: the imputed image).
X_missing = X_test[:8].copy()
X_missing[:, views["right"]] = np.nan
filled = ModalityImputer(views=views).fit(X_train).transform(X_missing)
fig, axes = plt.subplots(2, 8, figsize=(8, 2.6))
for i in range(8):
    truth_image = np.hstack([left[i].reshape(8, 4), right[i].reshape(8, 4)])
    imputed = np.hstack(
        [left[i].reshape(8, 4), filled[i, views["right"]].reshape(8, 4)]
    )
    axes[0, i].imshow(truth_image, cmap="gray_r")
    axes[1, i].imshow(imputed, cmap="gray_r", vmin=0, vmax=16)
    axes[0, i].axis("off")
    axes[1, i].axis("off")
axes[0, 0].set_title("true", loc="left")
axes[1, 0].set_title("right half imputed", loc="left")
fig.tight_layout()
plt.show()

# sphinx_gallery_thumbnail_number = 2
