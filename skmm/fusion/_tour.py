"""Tour section: early, late and stacking fusion on digit halves."""

import numpy as np

GUIDE = ("fusion",)
TERMS = (("kNN", "k-nearest-neighbour classifier"),)


def run(echo):
    """Fuse the left and right halves of digits (and a broken sensor)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import make_pipeline

    from skmm.datasets import load_digit_halves
    from skmm.fusion import EarlyFusion, LateFusionClassifier, StackingFusionClassifier

    X, y, views = load_digit_halves()
    rng = np.random.RandomState(0)
    # a third modality from a broken sensor: 16 columns of pure noise
    X = np.hstack([X, rng.normal(scale=8.0, size=(X.shape[0], 16))])
    views = {**views, "broken": slice(64, 80)}
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.5, random_state=0, stratify=y
    )
    knn = KNeighborsClassifier(n_neighbors=5)
    echo("  digits as 3 views: left half, right half, a broken (noise) sensor")
    singles = []
    for name, sel in views.items():
        acc = knn.fit(X_train[:, sel], y_train).score(X_test[:, sel], y_test)
        singles.append(f"{name} {acc:.3f}")
    echo("  one view alone (kNN):          " + ", ".join(singles))
    early = make_pipeline(
        EarlyFusion(views=views, block_scaling="unit_variance"), knn
    ).fit(X_train, y_train)
    echo(f"  early fusion (unit variance):  {early.score(X_test, y_test):.3f}")
    equal = LateFusionClassifier(knn, views=views).fit(X_train, y_train)
    echo(f"  late fusion, equal weights:    {equal.score(X_test, y_test):.3f}")
    late = LateFusionClassifier(knn, views=views, weights="learned", cv=3)
    late.fit(X_train, y_train)
    weights = ", ".join(
        f"{n} {w:.2f}" for n, w in zip(late.view_names_, late.view_weights_)
    )
    echo(
        f"  late fusion, learned weights:  {late.score(X_test, y_test):.3f}"
        f"  (weights: {weights})"
    )
    stack = StackingFusionClassifier(
        knn, LogisticRegression(max_iter=500), views=views, cv=3
    ).fit(X_train, y_train)
    echo(f"  stacking (kNN -> logistic):    {stack.score(X_test, y_test):.3f}")
    X_drop = X_test.copy()
    X_drop[:, views["right"]] = np.nan
    echo(
        "  right half missing at predict time: "
        f"late {late.score(X_drop, y_test):.3f}, "
        f"stacking {stack.score(X_drop, y_test):.3f}"
    )
