"""Tour section: coordinated representations (the CCA family) on digit halves."""

import numpy as np

GUIDE = ("representation",)
TERMS = (
    ("CCA", "canonical correlation analysis: a projection per view, pairs correlate"),
    ("RBF", "radial basis function (Gaussian) kernel"),
)


def run(echo):
    """Fit CCA, KernelCCA and DeepCCA on the left/right digit halves."""
    import warnings

    from sklearn.exceptions import ConvergenceWarning

    from ..datasets import load_digit_halves
    from . import CCA, DeepCCA, KernelCCA

    X, _, views = load_digit_halves()
    rng = np.random.RandomState(0)
    order = rng.permutation(X.shape[0])
    train, test = X[order[:1200]], X[order[1200:]]
    echo("  Coordinated space of the left and right halves of 8x8 digits")
    cca = CCA(n_components=8, views=views, reg=0.1).fit(train)
    echo(
        "  CCA canonical correlations (train): "
        + " ".join(f"{c:.2f}" for c in cca.canonical_correlations_)
    )
    echo(f"  CCA held-out mean canonical correlation: {cca.score(test):.3f}")
    left = cca.transform_view(test[:, views["left"]], "left")
    right = cca.transform_view(test[:, views["right"]], "right")
    d = np.linalg.norm(left[:, None, :] - right[None, :, :], axis=2)
    rank = (d < np.diag(d)[:, None]).sum(axis=1) + 1
    echo(
        f"  left half -> right half retrieval among {len(test)}: median rank "
        f"{int(np.median(rank))}, recall@10 {np.mean(rank <= 10):.2f}"
    )
    kcca = KernelCCA(
        n_components=8,
        views=views,
        approximation="nystroem",
        n_approx_features=300,
        reg=0.3,
        random_state=0,
    ).fit(train)
    echo(f"  KernelCCA (RBF, 300 Nystroem landmarks) held-out: {kcca.score(test):.3f}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        dcca = DeepCCA(
            n_components=8,
            views=views,
            hidden_layer_sizes=(32,),
            alpha=1e-2,
            max_iter=60,
            random_state=0,
        ).fit(train)
    echo(
        f"  DeepCCA (one hidden layer of 32 per view) held-out: {dcca.score(test):.3f}"
    )
