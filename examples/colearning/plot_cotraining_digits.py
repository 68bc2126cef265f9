"""
===================================================
Co-training on two views of digits with 5% labels
===================================================

Co-training (Blum & Mitchell, 1998) grows a small labeled set with two views of
the same samples: the classifier of each view labels the unlabeled samples it is
most confident about, and both views learn from these pseudo-labels in the next
round. It rests on two assumptions: each view alone is enough to classify, and
the views are *conditionally independent given the class*, so that a sample
that is easy for one view is a random, informative example for the other.

Here the two views are the left and right halves of scikit-learn's 8x8 digits,
with labels kept for 5% of the training images. We follow the accuracy as
labels are added, round by round, and compare with data whose views are
conditionally independent by construction.
"""

# %%
# Two views, 5% of the labels
# ---------------------------
import matplotlib.pyplot as plt
import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.naive_bayes import GaussianNB

from skmm.colearning import CoTrainingClassifier
from skmm.datasets import load_digit_halves, make_multiview_classification

X, y, views = load_digit_halves()
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.3, stratify=y, random_state=0
)
rng = np.random.RandomState(0)
y_partial = y_train.copy()
y_partial[rng.rand(y_train.shape[0]) > 0.05] = -1  # -1 marks unlabeled rows
print(f"{(y_partial != -1).sum()} labeled and {(y_partial == -1).sum()} unlabeled")

# %%
# Co-train one naive Bayes classifier per half
# --------------------------------------------
# Gaussian naive Bayes, as in Blum & Mitchell; ``var_smoothing`` keeps the
# border pixels, constant within a class, from dominating. Each round, each
# view labels one sample per class (``class_balance="prior"`` keeps the class
# proportions of the labeled rows) from a random pool of 75 unlabeled images.
naive_bayes = GaussianNB(var_smoothing=0.1)
model = CoTrainingClassifier(naive_bayes, views=views, max_iter=40, random_state=0)
model.fit(X_train, y_partial)
print(f"{model.n_iter_} rounds, {model.n_added_.sum()} labels added")


# %%
# The learning curve, from what ``fit`` recorded
# ----------------------------------------------
# ``labeled_iter_`` tells in which round each sample got its label and
# ``transduction_`` which label, so the model after round ``r`` is the views
# refitted (``max_iter=0``) on the labels known at that round.
def learning_curve(model, X_fit, y_true, X_eval, y_eval):
    counts, accuracy, pseudo_accuracy = [], [], []
    for r in range(0, model.n_added_.size + 1, 4):  # labelling rounds
        known = (model.labeled_iter_ >= 0) & (model.labeled_iter_ <= r)
        y_round = np.where(known, model.transduction_, -1)
        at_round = CoTrainingClassifier(model.estimator, views=model.views, max_iter=0)
        at_round.fit(X_fit, y_round)
        grown = known & (model.labeled_iter_ > 0)
        counts.append(known.sum())
        accuracy.append(at_round.score(X_eval, y_eval))
        pseudo_accuracy.append(
            np.mean(model.transduction_[grown] == y_true[grown]) if grown.any() else 1
        )
    return counts, accuracy, pseudo_accuracy


digits_curve = learning_curve(model, X_train, y_train, X_test, y_test)

# %%
# The same on views that are conditionally independent given the class
# ----------------------------------------------------------------------
# :func:`~skmm.datasets.make_multiview_classification` draws the two views of a
# sample independently given its class (here five classes, 32 features a view).
Xs, ys, views_s = make_multiview_classification(
    n_samples=2400,
    n_classes=5,
    n_features=(32, 32),
    informativeness=(1.0, 1.0),
    class_sep=3.0,
    random_state=0,
)
Xs_train, Xs_test, ys_train, ys_test = Xs[:1200], Xs[1200:], ys[:1200], ys[1200:]
ys_partial = ys_train.copy()
ys_partial[rng.rand(1200) > 0.05] = -1
synthetic = CoTrainingClassifier(
    naive_bayes, views=views_s, max_iter=40, random_state=0
)
synthetic.fit(Xs_train, ys_partial)
synthetic_curve = learning_curve(synthetic, Xs_train, ys_train, Xs_test, ys_test)

fig, axes = plt.subplots(1, 2, figsize=(9, 3.6), sharey=True)
for ax, (counts, acc, pseudo), title in zip(
    axes,
    [digits_curve, synthetic_curve],
    ["digits: left / right halves", "views independent given the class"],
):
    ax.plot(counts, acc, "o-", label="test accuracy")
    ax.plot(counts, pseudo, "s--", label="pseudo-labels correct")
    ax.set_xlabel("labeled samples (given + added)")
    ax.set_title(title)
axes[0].set_ylabel("accuracy")
axes[0].legend(loc="lower left")
fig.tight_layout()

for name, (counts, acc, pseudo) in [
    ("digit halves", digits_curve),
    ("independent views", synthetic_curve),
]:
    print(
        f"{name:>18}: test accuracy {acc[0]:.3f} with {counts[0]} labels -> "
        f"{acc[-1]:.3f} with {counts[-1]}; pseudo-labels {pseudo[-1]:.0%} correct"
    )

# %%
# What the curves say
# -------------------
# On synthetic views that satisfy co-training's assumptions, the added labels
# are mostly right and accuracy climbs as they accumulate. The two halves of a
# digit are far from independent given the class (both come from the same pen
# stroke), so the samples one half is sure about are the ones the other half is
# sure about too: they teach little, the pseudo-labels that are wrong
# accumulate, and accuracy does not rise. Check the assumptions, or watch the
# curve on held-out labels, before trusting co-training on a new pair of
# modalities.
