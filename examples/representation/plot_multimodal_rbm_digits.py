"""
=====================================================================
Generating a missing modality with a multimodal Boltzmann machine
=====================================================================

The left and right halves of scikit-learn's 8x8 digits play two modalities.
:class:`~skmm.representation.MultimodalRBM` learns their joint distribution,
the multimodal deep Boltzmann machine of Srivastava and Salakhutdinov (NIPS
2012): one pathway of hidden units per half, a joint layer on top, layer-wise
pre-training, then joint fine-tuning of every layer. Given only the left half,
the model generates the right one; the generated half retrieves the real right
halves that match it, and the joint code of a left half alone feeds a
classifier.
"""

# %%
# Load the two views and train the model
# --------------------------------------
# The pixels (0 to 16) are standardized per feature by the Gaussian pathways
# (``rescale=True``, the default). The right halves of the test images are
# marked missing: a whole view block of NaN. Fine-tuning by modality dropout
# (the default) teaches the model's own mean-field inference to fill in a
# dropped half; ``fine_tuning_curve_`` records that fill-in error on the
# training rows, epoch by epoch.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from skmm.datasets import load_digit_halves
from skmm.representation import MultimodalRBM
from skmm.translation import CrossModalRetriever, recall_at_k

# Training runs thousands of small matrix products: on a machine with few
# cores, one BLAS thread runs them fastest (several threads only contend).
blas_limits = threadpool_limits(limits=1, user_api="blas")

X, y, views = load_digit_halves()
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)
model = MultimodalRBM(
    views=views, n_view_components=64, n_components=256, n_iter=30, random_state=0
).fit(X_train)

fig, ax = plt.subplots(figsize=(5, 3))
ax.plot(np.arange(1, model.n_fine_tuning_iter + 1), model.fine_tuning_curve_)
ax.set_xlabel("fine-tuning epoch")
ax.set_ylabel("fill-in error (standardized units)")
ax.set_title("joint fine-tuning by modality dropout")
fig.tight_layout()


def left_only(X):
    X = X.copy()
    X[:, 32:] = np.nan
    return X


# %%
# Generate the right halves
# -------------------------
# ``infer_missing`` clamps the left half and returns the posterior mean of the
# right half's pixels; ``generate`` draws one right half from the model. The
# squared error of the mean, relative to filling in with the training means,
# is compared with ridge regression and 5-nearest-neighbour imputation.
filled = model.infer_missing(left_only(X_test))[:, 32:]
drawn = model.generate(X_test, "right", random_state=0)
base = np.mean((X_train[:, 32:].mean(axis=0) - X_test[:, 32:]) ** 2)


def relative(pred):
    return np.mean((pred - X_test[:, 32:]) ** 2) / base


ridge = Ridge().fit(X_train[:, :32], X_train[:, 32:]).predict(X_test[:, :32])
knn = KNeighborsRegressor(5).fit(X_train[:, :32], X_train[:, 32:])
print("fill-in error relative to the training means:")
print(f"  MultimodalRBM, posterior mean  {relative(filled):.2f}")
print(f"  ridge regression               {relative(ridge):.2f}")
print(f"  5-nearest-neighbour            {relative(knn.predict(X_test[:, :32])):.2f}")


def image(left, right):
    return np.hstack([left.reshape(8, 4), right.reshape(8, 4)])


blank = np.zeros(32)
fig, axes = plt.subplots(4, 8, figsize=(8, 4.6))
for col in range(8):
    rows = [
        image(X_test[col, :32], blank),
        image(X_test[col, :32], filled[col]),
        image(X_test[col, :32], drawn[col]),
        image(X_test[col, :32], X_test[col, 32:]),
    ]
    for row, img in enumerate(rows):
        axes[row, col].imshow(img, cmap="gray_r", vmin=0, vmax=16)
        axes[row, col].axis("off")
for row, title in enumerate(
    ["left half given", "generated (mean)", "generated (a draw)", "truth"]
):
    axes[row, 0].set_title(title, fontsize=8, loc="left")
fig.suptitle("right halves generated from the left halves")
plt.show()

# %%
# Retrieve by generation
# ----------------------
# The generated right half of each test image ranks the 540 real right halves
# by distance (``similarity`` / ``retrieve``): recall@10 is the fraction of
# left halves whose own right half is among the ten nearest. A coordinated
# space does the same task differently: CCA projects both halves and compares
# them there (:class:`~skmm.translation.CrossModalRetriever`).
truth = np.arange(len(X_test))
left, right = X_test[:, :32], X_test[:, 32:]
generated = recall_at_k(truth, model.similarity(left, right), k=10)
cca = CrossModalRetriever(views=views).fit(X_train)
coordinated = recall_at_k(truth, cca.similarity(left, right), k=10)
print(f"recall@10: by generation {generated:.2f}, CCA {coordinated:.2f}, "
      f"chance {10 / len(X_test):.2f}")  # fmt: skip
indices, _ = model.retrieve(left[:6], right, n_neighbors=5)
fig, axes = plt.subplots(6, 6, figsize=(5, 5.4))
for row in range(6):
    axes[row, 0].imshow(image(left[row], blank), cmap="gray_r", vmin=0, vmax=16)
    for col, index in enumerate(indices[row], start=1):
        hit = index == row
        axes[row, col].imshow(
            image(left[row], right[index]), cmap="Greens" if hit else "gray_r",
            vmin=0, vmax=16,
        )  # fmt: skip
for ax in axes.ravel():
    ax.axis("off")
fig.suptitle("query, then the 5 nearest real right halves (its own in green)")
plt.show()

# %%
# Classify from one modality
# --------------------------
# A logistic regression on the joint code of left-only inputs against one on
# the left-half pixels themselves.
clf = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
joint = clf.fit(model.transform(left_only(X_train)), y_train).score(
    model.transform(left_only(X_test)), y_test
)
alone = clf.fit(X_train[:, :32], y_train).score(X_test[:, :32], y_test)
both = clf.fit(model.transform(X_train), y_train).score(model.transform(X_test), y_test)
print(f"accuracy: joint code of the left half {joint:.3f}")
print(f"          left-half pixels            {alone:.3f}")
print(f"          joint code of both halves   {both:.3f}")
