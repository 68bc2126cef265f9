"""
=====================================================
A joint code of digit halves with a multimodal RBM
=====================================================

The left and right halves of scikit-learn's 8x8 digits play two modalities.
:class:`~skmm.representation.MultimodalRBM` learns one RBM pathway per half and
a joint RBM on top (the multimodal deep belief network of Srivastava and
Salakhutdinov, NIPS 2012). Given only the left half, it infers the right one,
and its joint code of left-only inputs feeds a classifier.
"""

# %%
# Load the two views and train the model
# --------------------------------------
# The pixels (0 to 16) are standardized per feature by the Gaussian pathways
# (``rescale=True``, the default). The right halves of the test images are
# marked missing: a whole view block of NaN.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skmm.datasets import load_digit_halves
from skmm.representation import MultimodalRBM

X, y, views = load_digit_halves()
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)
model = MultimodalRBM(
    views=views,
    view_types="gaussian",
    n_view_components=64,
    n_components=256,
    n_iter=30,
    method="cd",
    random_state=0,
).fit(X_train)


def left_only(X):
    X = X.copy()
    X[:, 32:] = np.nan
    return X


# %%
# Fill in the right halves
# ------------------------
# ``infer_missing`` clamps the left pathway's features, runs mean-field steps
# in the joint layer and decodes the right pathway. We compare with the
# simplest imputation, the training mean of each right-half pixel.
filled = model.infer_missing(left_only(X_test))
rbm_error = np.mean((filled[:, 32:] - X_test[:, 32:]) ** 2)
mean_error = np.mean((X_train[:, 32:].mean(axis=0) - X_test[:, 32:]) ** 2)
print(f"squared error per pixel: RBM fill-in {rbm_error:.1f}, means {mean_error:.1f}")

drawn = model.generate(X_test, "right", random_state=0)


def image(left, right):
    return np.hstack([left.reshape(8, 4), right.reshape(8, 4)])


fig, axes = plt.subplots(3, 8, figsize=(8, 3.4))
for col in range(8):
    rows = [
        image(X_test[col, :32], X_test[col, 32:]),
        image(X_test[col, :32], filled[col, 32:]),
        image(X_test[col, :32], drawn[col]),
    ]
    for row, img in enumerate(rows):
        axes[row, col].imshow(img, cmap="gray_r", vmin=0, vmax=16)
        axes[row, col].axis("off")
for row, title in enumerate(["truth", "inferred", "sampled"]):
    axes[row, 0].set_title(title, fontsize=8, loc="left")
fig.suptitle("right halves given the left halves")
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
left = clf.fit(X_train[:, :32], y_train).score(X_test[:, :32], y_test)
both = clf.fit(model.transform(X_train), y_train).score(model.transform(X_test), y_test)
print(f"accuracy: joint code of the left half {joint:.3f}")
print(f"          left-half pixels            {left:.3f}")
print(f"          joint code of both halves   {both:.3f}")
