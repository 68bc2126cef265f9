"""
=====================================================
Probabilistic CCA on rows that lack a view
=====================================================

Two sensors record the same 300 events: an audio view of 20 features and a
video view of 12, both driven by two hidden factors plus noise of a different
level in every feature. In 30% of the events one sensor was off, so the row
holds an all-NaN block for that view.

:class:`~skmm.representation.ProbabilisticCCA` (Bach and Jordan's latent
variable model, fitted by EM) trains on the rows as they come: a missing block
is latent in EM, like the factors. Its held-out canonical correlations stay
within 0.05 of a fit on the complete data. So do those of CCA fitted on the
complete rows alone: the incomplete rows say little about how the views pair.
What the model adds is one description of every row: the posterior mean of
the factors from whatever views a row has, and the fill-in of a missing view
by its conditional mean given the other
(:meth:`~skmm.representation.ProbabilisticCCA.infer_missing`). On new events
the fill-in explains 0.393 and 0.365 of the variance of a missing audio or
video block, close to the 0.415 and 0.380 of the true model and ahead of the
ridge regressions that :class:`~skmm.translation.ModalityImputer` uses by
default (0.366 and 0.322: each estimates a full regression between the views
from the 210 complete rows); the training means explain nothing.
"""

# %%
# Two views of two hidden factors, 30% of rows missing one
# --------------------------------------------------------
import matplotlib.pyplot as plt
import numpy as np
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LinearRegression

from skmm.representation import CCA, ProbabilisticCCA
from skmm.translation import ModalityImputer
from skmm.utils import stack_views

rng = np.random.RandomState(0)
widths = {"audio": 20, "video": 12}
loadings = {v: rng.standard_normal((2, p)) * [[1.0], [0.5]] for v, p in widths.items()}
noise_sd = {v: rng.uniform(0.5, 2.0, p) for v, p in widths.items()}


def record(n):
    """``n`` events seen by both sensors."""
    factors = rng.standard_normal((n, 2))
    blocks = {
        v: factors @ loadings[v] + noise_sd[v] * rng.standard_normal((n, p))
        for v, p in widths.items()
    }
    return stack_views(blocks)


X, views = record(300)
X_test, _ = record(2000)
X_truth, _ = record(100_000)  # a large sample stands in for the true model
audio, video = views["audio"], views["video"]

# one sensor off in 30% of the training rows: audio in 45, video in 45
X_missing = X.copy()
off = rng.permutation(300)[:90]
X_missing[off[:45], audio] = np.nan
X_missing[off[45:], video] = np.nan
complete = ~np.isnan(X_missing).any(axis=1)
print(f"{complete.sum()} complete rows, {(~complete).sum()} rows missing a view")

# %%
# Held-out canonical correlations
# -------------------------------
# Each model projects the two views of 2,000 new events; the correlation of
# each pair of variates is measured there. PCCA fitted on the rows with
# missing views is compared with PCCA fitted on the same rows complete, with
# CCA fitted on the complete rows only (the incomplete ones dropped), and with
# CCA fitted on 100,000 rows (what any fit could reach).


def held_out(model):
    """Correlation of each pair of canonical variates on the test events."""
    variates = [model.transform_view(X_test[:, views[v]], v) for v in views]
    return np.array(
        [np.corrcoef(variates[0][:, k], variates[1][:, k])[0, 1] for k in range(2)]
    )


pcca = ProbabilisticCCA(n_components=2, views=views).fit(X_missing)
fits = {
    "true model (100,000 rows)": CCA(n_components=2, views=views).fit(X_truth),
    "PCCA, complete data": ProbabilisticCCA(n_components=2, views=views).fit(X),
    "PCCA, 30% rows missing a view": pcca,
    "CCA, complete rows only": CCA(n_components=2, views=views).fit(X[complete]),
}
correlations = {name: held_out(model) for name, model in fits.items()}
for name, values in correlations.items():
    print(f"{name:30s} held-out canonical correlations {values.round(3)}")
print(f"EM iterations: {pcca.n_iter_}")

fig, ax = plt.subplots(figsize=(6, 3.5))
for i, (name, values) in enumerate(correlations.items()):
    ax.plot(np.arange(2) + (i - 1.5) * 0.08, values, "o", markersize=8, label=name)
ax.set_xticks([0, 1], ["first pair", "second pair"])
ax.set(
    xlim=(-0.5, 1.5),
    ylabel="held-out canonical correlation",
    title="Canonical correlations on 2,000 new events",
)
ax.legend(fontsize="small")
fig.tight_layout()

# %%
# Every row gets a latent
# -----------------------
# ``transform`` gives the posterior mean of the two factors from whatever views
# a row has (latent ``k`` is the ``k``-th canonical pair). From the audio view
# alone it is less certain than from both, the more so for the second, less
# correlated pair, whose estimate shrinks towards zero.
latent = pcca.transform(X_missing)
print("latent of every training row:", latent.shape, "any NaN:", np.isnan(latent).any())
test_audio_only = X_test.copy()
test_audio_only[:, video] = np.nan
both, audio_only = pcca.transform(X_test), pcca.transform(test_audio_only)
for k in range(2):
    r = np.corrcoef(both[:, k], audio_only[:, k])[0, 1]
    spread = audio_only[:, k].std() / both[:, k].std()
    print(
        f"latent {k + 1} from audio alone vs from both views: correlation "
        f"{r:.3f}, spread {spread:.2f} times as large"
    )

# %%
# Filling in the missing view
# ---------------------------
# New events arrive with one sensor off: half of the 2,000 lack their audio,
# half their video. Each fill-in is scored by the share of the missing block's
# variance it explains (R^2; about 0 for the training means). The best possible
# is the conditional mean under the true model: the regression fitted on
# 100,000 rows. :class:`~skmm.translation.ModalityImputer` learns on the
# complete rows only: by default a ridge regression from each view to the
# other; given ``model=ProbabilisticCCA(...)``, that model and its
# ``infer_missing``.
X_new = X_test.copy()
X_new[:1000, audio] = np.nan
X_new[1000:, video] = np.nan
lack = {"audio": slice(0, 1000), "video": slice(1000, 2000)}

best = X_new.copy()
for v, other in [("audio", "video"), ("video", "audio")]:
    regression = LinearRegression().fit(X_truth[:, views[other]], X_truth[:, views[v]])
    best[lack[v], views[v]] = regression.predict(X_test[lack[v], views[other]])

fills = {
    "training means": SimpleImputer().fit(X_missing).transform(X_new),
    "ModalityImputer (ridge)": ModalityImputer(views=views)
    .fit(X_missing)
    .transform(X_new),
    "ModalityImputer(PCCA)": ModalityImputer(
        ProbabilisticCCA(n_components=2), views=views
    )
    .fit(X_missing)
    .transform(X_new),
    "PCCA infer_missing": pcca.infer_missing(X_new),
    "true model": best,
}


def r2(filled, v):
    """Share of the variance of the missing ``v`` blocks the fill-in explains."""
    truth = X_test[lack[v], views[v]]
    error = filled[lack[v], views[v]] - truth
    return 1 - np.sum(error**2) / np.sum((truth - truth.mean(axis=0)) ** 2)


scores = {name: [r2(filled, v) for v in lack] for name, filled in fills.items()}
print("R^2 of the filled-in block      audio   video")
for name, (a, b) in scores.items():
    print(f"{name:30s} {a:6.3f}  {b:6.3f}")

fig, ax = plt.subplots(figsize=(8, 3.5))
names = [name for name in scores if name != "true model"]
for i, v in enumerate(lack):
    ax.bar(
        np.arange(len(names)) + (i - 0.5) * 0.35,
        [scores[name][i] for name in names],
        0.35,
        label=f"missing {v}",
    )
    ax.axhline(
        scores["true model"][i],
        color=f"C{i}",
        linestyle="--",
        label=f"true model, {v}",
    )
ax.set_xticks(range(len(names)), names, rotation=20, ha="right")
ax.set(ylabel="$R^2$ of the fill-in", title="Filling in a missing view")
ax.legend(fontsize="small", loc="center left", bbox_to_anchor=(1.01, 0.5))
fig.tight_layout()
plt.show()

# %%
# PCCA fitted on every row and PCCA fitted on the complete rows inside
# ``ModalityImputer`` fill in almost alike: as for the canonical correlations,
# the rows that lack a view add little here. The gain over the ridge
# translators comes from the model itself, which explains both views by two
# factors instead of estimating a full 20 x 12 regression.
