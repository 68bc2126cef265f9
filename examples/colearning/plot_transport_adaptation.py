"""
=================================================
Domain adaptation by optimal transport, drawn
=================================================

The target domain is the source turned by 30 degrees and moved: a classifier
trained on the labeled source rows misreads it. An optimal-transport plan
pairs source rows with target rows so that the total distance travelled is
smallest; moving each source row to the barycentre of the target rows it is
sent to makes the source look like the target (Courty et al., 2017), and a
classifier fitted on the moved source rows reads the target.

We draw the plans as lines between the domains: the entropic plan of
:class:`~skmm.colearning.OptimalTransportMapping`, and the plan of
:class:`~skmm.colearning.ClassRegularizedTransportMapping`, whose group-lasso
penalty makes every target row take its mass from one class.
"""

# %%
# A rotated and translated target
# -------------------------------
import matplotlib.pyplot as plt
import numpy as np

from skmm.colearning import (
    ClassRegularizedTransportMapping,
    DomainAdaptationClassifier,
    JointTransportClassifier,
    LinearTransportMapping,
    OptimalTransportMapping,
)
from skmm.datasets import make_domain_shift

X, y, domain = make_domain_shift(
    60,
    60,
    n_classes=3,
    shift="rigid",
    shift_strength=0.67,
    class_sep=3.0,
    random_state=0,
)
source, target = X[:, domain] >= 0, X[:, domain] < 0
y_fit = np.where(target, -1, y)  # the target labels are for scoring only

# %%
# The plans as lines
# ------------------
# Each line joins a source row to a target row, in the colour of the source
# row's class; its opacity is the mass the plan moves between them (lines
# below 2% of the largest are left out). In the entropic plan some target
# rows receive mass from two classes, and their barycentre mixes them; the
# class penalty makes each target row draw from one class (it does not know
# the target classes: it only keeps classes apart).
entropic = OptimalTransportMapping(reg_e=0.02, norm="median", max_iter=10000)
by_class = ClassRegularizedTransportMapping(reg_e=0.02, reg_cl=1.0, norm="median")
entropic.set_params(domain=domain).fit(X)
by_class.set_params(domain=domain).fit(X, y_fit)

colors = np.array(["tab:blue", "tab:orange", "tab:green"])
Xs, Xt = X[source, :2], X[target, :2]
ys, yt = y[source], y[target]


def draw(ax, plan, title):
    biggest = plan.max()
    for i, j in zip(*np.nonzero(plan > 0.02 * biggest)):
        ax.plot(
            [Xs[i, 0], Xt[j, 0]],
            [Xs[i, 1], Xt[j, 1]],
            color=colors[ys[i]],
            alpha=min(1.0, plan[i, j] / biggest),
            linewidth=0.8,
        )
    ax.scatter(*Xs.T, c=colors[ys], marker="o", edgecolor="k", label="source")
    ax.scatter(*Xt.T, c="white", marker="^", edgecolor="k", label="target")
    mass = np.stack([plan[ys == c].sum(axis=0) for c in range(3)])
    purity = (mass.max(axis=0) / mass.sum(axis=0)).mean()
    ax.set_title(f"{title}\neach target row: {purity:.0%} of its mass from one class")
    ax.set_aspect("equal")


fig, axes = plt.subplots(1, 2, figsize=(10, 5), sharex=True, sharey=True)
draw(axes[0], entropic.plan_, "entropic plan")
draw(axes[1], by_class.plan_, "class-regularised plan")
axes[0].legend(loc="lower left")
fig.tight_layout()

# %%
# The source rows after the mapping
# ---------------------------------
# Each source row moves to the barycentre of the target rows it is sent to;
# the moved source lies on the target, class by class.
moved = by_class.transform(X)[source]
fig, ax = plt.subplots(figsize=(5, 5))
ax.scatter(*Xt.T, c=colors[yt], marker="^", edgecolor="k", label="target")
ax.scatter(*moved.T, c=colors[ys], marker="o", alpha=0.6, label="mapped source")
ax.legend()
ax.set_aspect("equal")
ax.set_title("source rows mapped by the class-regularised plan")
fig.tight_layout()

# %%
# Target accuracy
# ---------------
# A logistic regression fitted on the labeled source rows, plain, after each
# transport adapter, and JDOT, which transports the labels with the features,
# scored on the target rows (on more data than drawn above).
X, y, domain = make_domain_shift(
    300,
    300,
    n_classes=3,
    shift="rigid",
    shift_strength=0.67,
    class_sep=3.0,
    random_state=0,
)
target = X[:, domain] < 0
y_fit = np.where(target, -1, y)
models = {
    "source only": DomainAdaptationClassifier(domain=domain),
    "entropic OT": DomainAdaptationClassifier(
        adapter=OptimalTransportMapping(reg_e=0.01, norm="median", max_iter=10000),
        domain=domain,
    ),
    "class-regularised OT": DomainAdaptationClassifier(
        adapter=ClassRegularizedTransportMapping(reg_e=0.05, reg_cl=1.0, norm="median"),
        domain=domain,
    ),
    "linear (Gaussian) OT": DomainAdaptationClassifier(
        adapter=LinearTransportMapping(), domain=domain
    ),
    "JDOT": JointTransportClassifier(domain=domain),
}
for name, model in models.items():
    score = model.fit(X, y_fit).score(X[target], y[target])
    print(f"{name:>22}: target accuracy {score:.2f}")
plt.show()
