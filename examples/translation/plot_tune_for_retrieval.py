"""
================================================
Tuning a shared space for retrieval, not for fit
================================================

A coordinated embedding can be tuned on its own criterion -- the mean canonical
correlation that :meth:`skmm.representation.CCA.score` returns -- or on the task
it serves. For translation by retrieval, the task's measure is objective too:
:meth:`skmm.translation.CrossModalRetriever.score` returns a retrieval metric on
held-out pairs, so :class:`~sklearn.model_selection.GridSearchCV` can tune the
embedding for retrieval directly. On the digit halves the two criteria pick very
different models.
"""

# %%
# Two grid searches over the same CCA settings
# --------------------------------------------
import matplotlib.pyplot as plt
import numpy as np
from sklearn.model_selection import GridSearchCV, KFold

from skmm.datasets import load_digit_halves
from skmm.representation import CCA
from skmm.translation import (
    CrossModalRetriever,
    RetrievalDisplay,
    mean_reciprocal_rank,
    recall_at_k,
)

X, y, views = load_digit_halves()
order = np.random.RandomState(0).permutation(len(X))
X, y = X[order], y[order]
X_train, X_test = X[:1200], X[1200:]

n_components = [1, 2, 5, 10, 20, 30]
cv = KFold(3)

by_correlation = GridSearchCV(
    CCA(views=views, reg=0.1), {"n_components": n_components}, cv=cv
).fit(X_train)
by_retrieval = GridSearchCV(
    CrossModalRetriever(CCA(reg=0.1), views=views, scoring="mean_reciprocal_rank"),
    {"embedding__n_components": n_components},
    cv=cv,
).fit(X_train)
print("chosen by mean canonical correlation:", by_correlation.best_params_)
print("chosen by retrieval (MRR):           ", by_retrieval.best_params_)

# %%
# The two criteria along the number of components
# -----------------------------------------------
# The mean canonical correlation falls with every added component (later pairs
# correlate less), so it favours a tiny space. Retrieval needs enough dimensions
# to tell 1,200 images apart, and pays for noisy ones only later.
fig, ax1 = plt.subplots(figsize=(5.5, 3.5))
ax1.plot(
    n_components,
    by_correlation.cv_results_["mean_test_score"],
    "o-",
    color="C0",
    label="mean canonical correlation",
)
ax1.set_xlabel("n_components")
ax1.set_ylabel("mean canonical correlation", color="C0")
ax2 = ax1.twinx()
ax2.plot(
    n_components,
    by_retrieval.cv_results_["mean_test_score"],
    "s-",
    color="C1",
    label="retrieval MRR",
)
ax2.set_ylabel("mean reciprocal rank (left -> right)", color="C1")
ax1.set_title("3-fold scores on the training images")
fig.tight_layout()

# %%
# Held-out retrieval with each chosen model
# -----------------------------------------
# Each chosen model, refitted on the training images, retrieves the right
# halves of the held-out images from their left halves;
# :class:`~skmm.translation.RetrievalDisplay` draws both recall@k curves on one
# axes.
left, right = X_test[:, views["left"]], X_test[:, views["right"]]
truth = np.arange(len(X_test))
ax = None
for name, search in [
    ("correlation", by_correlation),
    ("retrieval", by_retrieval),
]:
    params = search.best_params_
    k = params.get("n_components", params.get("embedding__n_components"))
    model = CrossModalRetriever(CCA(n_components=k, reg=0.1), views=views)
    S = model.fit(X_train).similarity(left, right)
    print(
        f"tuned for {name:<12} n_components={k:<3} R@10 "
        f"{recall_at_k(truth, S, k=10):.3f}  MRR {mean_reciprocal_rank(truth, S):.3f}"
    )
    display = RetrievalDisplay.from_estimator(
        model,
        X_test,
        name=f"tuned for {name} ({k} components)",
        chance=ax is None,
        ax=ax,
    )
    ax = display.ax_
plt.show()
