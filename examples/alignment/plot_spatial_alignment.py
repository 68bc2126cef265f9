"""
=====================================================
Spatial alignment: pixel words learned from captions
=====================================================

Every scene shows a few textured, coloured objects ("sun", "brick", "wave",
...) on a textured background, and is annotated only with the words of the
objects it shows, never where they are.
:class:`~skmm.alignment.RegionWordAligner` cuts the scenes into superpixel
regions, quantises the regions into "blobs" and learns a lexicon
``P(word | blob)`` by the EM of IBM Model 1, as machine translation learns
which words of two languages correspond (Duygulu et al. 2002). Each region,
and so each pixel, then gets a word. With pixel labels,
:class:`~skmm.alignment.PixelClassifier` learns the same maps directly.
"""

# %%
# Captioned scenes with a known answer
# ------------------------------------
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap
from sklearn.ensemble import RandomForestClassifier

from skmm.alignment import PixelClassifier, RegionWordAligner, mean_iou, pixel_accuracy
from skmm.datasets import make_captioned_scenes

size = 40
shape = (size, size, 3)
X, Y, word_maps, words = make_captioned_scenes(
    n_samples=260, image_size=(size, size), n_words=5, random_state=0
)
X_train, Y_train, maps_train = X[:200], Y[:200], word_maps[:200]
X_test, Y_test, maps_test = X[200:], Y[200:], word_maps[200:]
print("vocabulary:", words.tolist())
print("first captions:", [words[np.flatnonzero(y)].tolist() for y in Y_train[:3]])

# %%
# Learn from the captions alone
# -----------------------------
aligner = RegionWordAligner(shape, n_regions=20, random_state=0).fit(X_train, Y_train)
print(
    f"EM: {aligner.n_iter_} iterations, log-likelihood "
    f"{aligner.log_likelihood_[0]:.0f} -> {aligner.log_likelihood_[-1]:.0f}"
)
predicted = aligner.align(X_test)
objects = maps_test > 0
print(
    f"object pixels named right: "
    f"{pixel_accuracy(maps_test[objects], predicted[objects]):.2f}"
)
print(f"mean IoU, captions only: {mean_iou(maps_test, predicted):.2f}")

# %%
# Learn from pixel labels
# -----------------------
pixels = PixelClassifier(
    RandomForestClassifier(n_estimators=30, min_samples_leaf=2, random_state=0),
    image_shape=shape,
    max_pixels=30000,
    random_state=0,
).fit(X_train, maps_train)
supervised = pixels.predict(X_test)
print(f"mean IoU, pixel labels: {mean_iou(maps_test, supervised):.2f}")

# %%
# Images, captions, word maps and the truth
# -----------------------------------------
# Predicted captions are in the titles; grey is the null word (background).
labels = ["(null)"] + words.tolist()
colours = ["0.85", "gold", "firebrick", "royalblue", "forestgreen", "purple"]
cmap = ListedColormap(colours)
shown = range(5)
fig, axes = plt.subplots(4, len(shown), figsize=(2.2 * len(shown), 9.2))
captions = aligner.predict(X_test)
for col, i in enumerate(shown):
    axes[0, col].imshow(X_test[i].reshape(shape))
    axes[0, col].set_title(", ".join(words[np.flatnonzero(Y_test[i])]), fontsize=9)
    axes[1, col].imshow(predicted[i].reshape(size, size), cmap=cmap, vmin=0, vmax=5)
    axes[1, col].set_title(
        "predicted: " + ", ".join(words[np.flatnonzero(captions[i])]), fontsize=8
    )
    axes[2, col].imshow(supervised[i].reshape(size, size), cmap=cmap, vmin=0, vmax=5)
    axes[3, col].imshow(maps_test[i].reshape(size, size), cmap=cmap, vmin=0, vmax=5)
for row, name in enumerate(
    ["image (caption)", "from captions", "from pixel labels", "truth"]
):
    axes[row, 0].set_ylabel(name)
for ax in axes.ravel():
    ax.set_xticks([])
    ax.set_yticks([])
handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in colours]
fig.legend(handles, labels, loc="lower center", ncol=6, frameon=False)
fig.tight_layout(rect=(0, 0.04, 1, 1))

# %%
# The lexicon
# -----------
# ``P(word | blob)``: each column is a blob, each row a word (row 0 the null
# word). Blobs are sorted by their most probable word. Object blobs are sharp;
# some background blobs share their probability between the null word and a
# word they often appear with (Model 1's "garbage collector" effect), which
# is where the background pixels named with a word above come from.
order = np.lexsort((-aligner.lexicon_.max(axis=0), aligner.lexicon_.argmax(axis=0)))
fig, ax = plt.subplots(figsize=(9, 3))
image = ax.imshow(aligner.lexicon_[:, order], aspect="auto", cmap="viridis")
ax.set_yticks(range(len(labels)), labels)
ax.set_xlabel("blob")
ax.set_title("lexicon P(word | blob), learned from captions by EM")
fig.colorbar(image, ax=ax)
fig.tight_layout()
plt.show()
