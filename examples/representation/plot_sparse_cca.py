"""
===========================================================
Sparse CCA picks the informative columns of two wide views
===========================================================

Two views of 150 samples with 300 and 200 columns share one latent signal
through five columns each; every other column is noise. Plain CCA cannot even be
fitted without a ridge here (more columns than samples), and its weights spread
over every column. :class:`~skmm.representation.SparseCCA` puts exact zeros on
the uninformative columns; ``GridSearchCV`` chooses the L1 bound on the held-out
canonical correlation, and :func:`~skmm.representation.permutation_test_score`
says whether the first pair is more than chance.
"""

# %%
# Wide views with a sparse shared signal
# --------------------------------------
import matplotlib.pyplot as plt
import numpy as np
from sklearn.model_selection import GridSearchCV

from skmm.representation import CCA, SparseCCA, permutation_test_score

rng = np.random.RandomState(0)
n = 150
z = rng.standard_normal((n, 1))
X1, X2 = rng.standard_normal((n, 300)), rng.standard_normal((n, 200))
X1[:, :5] += z
X2[:, :5] += z
X = np.hstack([X1, X2])
views = {"left": slice(0, 300), "right": slice(300, 500)}

# %%
# Tune the sparsity, then test the first canonical correlation
# ------------------------------------------------------------
search = GridSearchCV(
    SparseCCA(n_components=1, views=views),
    {"l1_bound": [0.02, 0.05, 0.1, 0.3, 1.0]},
    cv=3,
).fit(X)
sparse = search.best_estimator_
print("chosen l1_bound:", search.best_params_["l1_bound"])
print("nonzero weights, left view:", np.flatnonzero(sparse.weights_[0][:, 0]))
score, null, pvalue = permutation_test_score(
    sparse, X, n_permutations=39, random_state=0
)
print(f"first canonical correlation {score[0]:.2f}, permutation p = {pvalue[0]:.2f}")

# %%
# Sparse against ridge CCA weights
# --------------------------------
ridge = CCA(n_components=1, views=views, reg=0.5).fit(X)
fig, axes = plt.subplots(2, 1, figsize=(6, 4), sharex=True)
for ax, model, title in [
    (axes[0], ridge, "CCA(reg=0.5)"),
    (axes[1], sparse, "SparseCCA"),
]:
    ax.stem(model.weights_[0][:, 0], markerfmt=" ")
    ax.set_title(f"{title}: weights of the 300 left columns")
axes[1].set_xlabel("column (the first five carry the signal)")
fig.tight_layout()
plt.show()
