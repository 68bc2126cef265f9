"""Tour section: a joint code of digit halves with MultimodalRBM."""

import numpy as np

GUIDE = ("representation",)
TERMS = (("RBM", "restricted Boltzmann machine: a layer of binary hidden units"),)


def run(echo):
    """Train a small multimodal RBM on digit halves and fill in right halves."""
    # scikit-learn depends on threadpoolctl; one BLAS thread keeps the small
    # products fast on busy machines.
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        _run(echo)


def _run(echo):
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from skmm.datasets import load_digit_halves
    from skmm.representation import MultimodalRBM

    X, y, views = load_digit_halves()
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.3, random_state=0
    )
    model = MultimodalRBM(
        views=views, view_types="gaussian", n_view_components=64,
        n_components=128, n_iter=15, method="cd", random_state=0,
    ).fit(X_train)  # fmt: skip
    echo("  MultimodalRBM: left/right halves of digits, two RBM pathways + joint RBM")
    missing = X_test.copy()
    missing[:, 32:] = np.nan
    filled = model.infer_missing(missing)
    rbm_error = np.mean((filled[:, 32:] - X_test[:, 32:]) ** 2)
    mean_error = np.mean((X_train[:, 32:].mean(axis=0) - X_test[:, 32:]) ** 2)
    echo(
        f"  right half from the left: squared error {rbm_error:.1f} "
        f"(training means: {mean_error:.1f})"
    )
    train_left = X_train.copy()
    train_left[:, 32:] = np.nan
    clf = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    joint = clf.fit(model.transform(train_left), y_train).score(
        model.transform(missing), y_test
    )
    echo(f"  accuracy from the joint code of left halves only: {joint:.3f}")
