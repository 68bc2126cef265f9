"""
===========================================================
Sparse CCA picks the informative columns of two wide views
===========================================================

Two views of 150 samples with 200 and 100 columns share one latent signal
through five columns each; every other column is noise. Plain CCA overfits such
wide views (a training correlation of 1, 0.09 on new rows), and a
ridge spreads the weights over every column. :class:`~skmm.representation.SparseCCA`
puts exact zeros on the uninformative columns; its L1 bound sets how many.

Which bound? The held-out canonical correlation is flat near its peak: the
best-scoring bound keeps the five true columns of each view but also 61 noise
columns with small weights. Taking instead the *sparsest* bound whose score lies
within one standard error of the best (the one-standard-error rule, as a
callable ``refit`` of ``GridSearchCV``) keeps the ten true columns and six
noise columns, a support close to the truth; the path of supports over the
bounds shows the trade-off whole. :func:`~skmm.representation.permutation_test_score`
then says which canonical pairs are more than chance: the planted one
(p = 0.01, the smallest 99 permutations can give), not the second (p = 0.71).
"""

# %%
# Wide views with a sparse shared signal
# --------------------------------------
# Columns 0-4 of each view carry the latent ``z`` (a correlation of about 0.7
# with it each); the other 195 and 95 columns are independent noise.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.model_selection import GridSearchCV, KFold, cross_val_score
from threadpoolctl import threadpool_limits

from skmm.representation import CCA, SparseCCA, permutation_test_score
from skmm.utils import stack_views

# Hundreds of small fits follow: on a machine with few cores, one BLAS thread
# runs them fastest (several threads per small product only contend).
blas_limits = threadpool_limits(limits=1, user_api="blas")

rng = np.random.RandomState(0)
n, n_true = 150, 5
z = rng.standard_normal((n, 1))
left, right = rng.standard_normal((n, 200)), rng.standard_normal((n, 100))
left[:, :n_true] += z
right[:, :n_true] += z
X, views = stack_views([left, right], names=["left", "right"])

# %%
# The held-out correlation along the path of bounds
# -------------------------------------------------
# ``l1_bound`` is relative (1 leaves the weights dense, 0 keeps one column), so
# one grid serves both views. Five-fold ``GridSearchCV`` scores each bound by
# the held-out canonical correlation; the callable ``refit`` applies the
# one-standard-error rule.
bounds = [0.02, 0.04, 0.06, 0.08, 0.1, 0.13, 0.18, 0.27, 0.45, 1.0]
n_splits = 5


def one_standard_error(cv_results):
    """The sparsest bound scoring within one standard error of the best."""
    mean = cv_results["mean_test_score"]
    sem = cv_results["std_test_score"] / np.sqrt(n_splits)
    best = np.argmax(mean)
    bound = np.asarray(cv_results["param_l1_bound"], dtype=float)
    within = np.flatnonzero(mean >= mean[best] - sem[best])
    return int(within[np.argmin(bound[within])])


search = GridSearchCV(
    SparseCCA(n_components=1, views=views),
    {"l1_bound": bounds},
    cv=KFold(n_splits, shuffle=True, random_state=0),
    refit=one_standard_error,
).fit(X)
mean = search.cv_results_["mean_test_score"]
sem = search.cv_results_["std_test_score"] / np.sqrt(n_splits)
best = bounds[int(np.argmax(mean))]
chosen = search.best_params_["l1_bound"]

# a fit on all rows at each bound: which columns it keeps
fits = {b: SparseCCA(n_components=1, views=views, l1_bound=b).fit(X) for b in bounds}
support = []
for bound in bounds:
    kept = [np.flatnonzero(w[:, 0]) for w in fits[bound].weights_]
    support.append([(np.sum(k < n_true), np.sum(k >= n_true)) for k in kept])
support = np.array(support)  # (bound, view, [true, noise])

print("l1_bound  held-out corr   left: true+noise   right: true+noise")
for i, bound in enumerate(bounds):
    mark = " <- best" if bound == best else ""
    mark += " <- one-SE choice" if bound == chosen else ""
    (lt, ln), (rt, rn) = support[i]
    print(
        f"{bound:8.2f}  {mean[i]:.3f} +- {sem[i]:.3f}"
        f"   {lt} + {ln:3d}           {rt} + {rn:3d}{mark}"
    )

# %%
# The best bound keeps every true column and a crowd of noise columns, with
# small but nonzero weights; the one-standard-error rule gives up a little
# held-out correlation, within the noise of the cross-validation, for a
# support close to the truth (all ten true columns and six noise columns of
# the left view, which hold under 1% of its squared weight).
for label, bound in [("best", best), ("one-SE", chosen)]:
    for name, w in zip(views, fits[bound].weights_):
        w = w[:, 0]
        kept = np.flatnonzero(w)
        noise = kept[kept >= n_true]
        share = np.sum(w[noise] ** 2) / np.sum(w**2)
        print(
            f"{label} bound {bound}, {name} view: {kept.size} columns kept, "
            f"{noise.size} of them noise holding {share:.1%} of the squared weight"
        )
sparse = search.best_estimator_
print("one-SE choice, left columns kept:", np.flatnonzero(sparse.weights_[0][:, 0]))

fig, axes = plt.subplots(1, 2, figsize=(9, 3.5))
axes[0].errorbar(bounds, mean, yerr=sem, marker="o", capsize=3)
axes[0].axvline(best, color="tab:gray", linestyle=":", label=f"best ({best})")
axes[0].axvline(chosen, color="tab:red", linestyle="--", label=f"one SE ({chosen})")
axes[0].set(
    xscale="log",
    xlabel="l1_bound",
    ylabel="held-out canonical correlation",
    title="5-fold score, mean +- 1 SE",
)
axes[0].legend()
for v, (name, color) in enumerate(zip(views, ["tab:blue", "tab:orange"])):
    axes[1].plot(
        bounds, support[:, v, 0], color=color, marker="o", label=f"{name}: true"
    )
    axes[1].plot(
        bounds,
        support[:, v, 1],
        color=color,
        marker="x",
        linestyle="--",
        label=f"{name}: noise",
    )
axes[1].axvline(chosen, color="tab:red", linestyle="--")
axes[1].set_yscale("symlog", linthresh=10)
axes[1].set(
    xscale="log",
    ylim=(0, 250),
    xlabel="l1_bound",
    ylabel="columns kept",
    title="support along the path",
)
axes[1].set_yticks([0, 5, 10, 20, 50, 100, 200], labels=[0, 5, 10, 20, 50, 100, 200])
axes[1].legend(fontsize="small")
fig.tight_layout()

# %%
# Which canonical pairs are more than chance?
# -------------------------------------------
# The test permutes the rows of one view, which breaks the pairing and keeps
# each view's own structure, and refits at the chosen bound on every
# permutation. Two pairs are tested stepwise: the first (the planted signal)
# and the second (there is none).
two_pairs = SparseCCA(n_components=2, views=views, l1_bound=chosen)
score, null, pvalue = permutation_test_score(
    two_pairs, X, n_permutations=99, random_state=0
)
for k in range(2):
    print(
        f"pair {k + 1}: correlation {score[k]:.2f}, largest of 99 permuted "
        f"{null[:, k].max():.2f}, p = {pvalue[k]:.2f}"
    )

# %%
# Sparse against plain and ridge CCA
# ----------------------------------
# On the same folds, plain CCA finds nothing that holds on new rows; a ridge
# finds the signal but spreads its weights over all 200 columns, where the
# sparse weights are exactly zero off the support but for a few barely
# visible ones.
folds = KFold(n_splits, shuffle=True, random_state=0)
for label, model in [
    ("CCA", CCA(n_components=1, views=views)),
    ("CCA(reg=0.5)", CCA(n_components=1, views=views, reg=0.5)),
]:
    held_out = cross_val_score(model, X, cv=folds).mean()
    print(f"{label}: held-out canonical correlation {held_out:.2f}")
print(f"SparseCCA(l1_bound={chosen}): {mean[bounds.index(chosen)]:.2f}")
ridge = CCA(n_components=1, views=views, reg=0.5).fit(X)
fig, axes = plt.subplots(2, 1, figsize=(6, 4), sharex=True)
for ax, model, title in [
    (axes[0], ridge, "CCA(reg=0.5)"),
    (axes[1], sparse, f"SparseCCA(l1_bound={chosen})"),
]:
    ax.stem(model.weights_[0][:, 0], markerfmt=" ")
    ax.set_title(f"{title}: weights of the 200 left columns")
axes[1].set_xlabel("column (the first five carry the signal)")
fig.tight_layout()
plt.show()

# back to the default number of BLAS threads
blas_limits.restore_original_limits()
