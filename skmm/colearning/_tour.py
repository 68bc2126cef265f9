"""Tour section: co-training, COREG, zero-shot and one-shot learning."""

import numpy as np

GUIDE = ("colearning",)
TERMS = (
    ("COREG", "co-training regression: two kNN regressors label data for each other"),
    ("MSE", "mean squared error"),
    ("ESZSL", "embarrassingly simple zero-shot learning: features -> attributes map"),
)


def run(echo):
    """Co-training with 5% labels, COREG, ESZSL on unseen classes, one-shot digits."""
    from sklearn.datasets import load_digits
    from sklearn.decomposition import PCA
    from sklearn.frozen import FrozenEstimator
    from sklearn.naive_bayes import GaussianNB
    from sklearn.neighbors import KNeighborsRegressor
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from ..datasets import make_attribute_classification, make_multiview_classification
    from . import (
        CoTrainingClassifier,
        CoTrainingRegressor,
        PrototypeClassifier,
        ZeroShotClassifier,
    )

    rng = np.random.RandomState(0)
    X, y, views = make_multiview_classification(
        n_samples=1200, n_classes=3, informativeness=(1.0, 0.8, 0.6), random_state=0
    )
    X_test, y_test, X, y = X[600:], y[600:], X[:600], y[:600]
    y_partial = np.where(rng.rand(600) < 0.05, y, -1)
    labeled = y_partial != -1
    alone = GaussianNB().fit(X[labeled], y[labeled]).score(X_test, y_test)
    model = CoTrainingClassifier(views=views, random_state=0).fit(X, y_partial)
    echo(
        f"  co-training, 3 views, {labeled.sum()} labels: naive Bayes on the labeled "
        f"rows {alone:.3f} -> co-trained {model.score(X_test, y_test):.3f} "
        f"({model.n_added_.sum()} labels added in {model.n_added_.size} rounds)"
    )

    Xr = rng.uniform(0, 1, (1100, 2))
    yr = np.pi / 2 * np.exp(-2 * (Xr**2).sum(1)) * np.cos(2 * np.pi * Xr.sum(1))
    yr += rng.normal(0, 0.05, 1100)
    Xr_test, yr_test, Xr, yr = Xr[600:], yr[600:], Xr[:600], yr[:600]
    yr_partial = np.where(rng.rand(600) < 0.1, yr, np.nan)
    known = ~np.isnan(yr_partial)
    knn = KNeighborsRegressor(3).fit(Xr[known], yr[known])
    coreg = CoTrainingRegressor(
        views=[slice(None), slice(None)], max_iter=50, random_state=0
    ).fit(Xr, yr_partial)

    def mse(m):
        return np.mean((m.predict(Xr_test) - yr_test) ** 2)

    echo(
        f"  COREG on Zhou & Li's Gabor function, {known.sum()} labels: kNN MSE "
        f"{mse(knn):.4f} -> COREG {mse(coreg):.4f}"
    )

    Xa, ya, attributes = make_attribute_classification(n_samples=1000, random_state=0)
    seen = ya < 7
    zsl = ZeroShotClassifier(attributes, candidates="unseen").fit(Xa[seen], ya[seen])
    echo(
        f"  zero-shot (ESZSL): classes {zsl.classes_.tolist()} never seen, predicted "
        f"from attributes with accuracy {zsl.score(Xa[~seen], ya[~seen]):.3f} "
        "(chance 0.333)"
    )

    Xd, yd = load_digits(return_X_y=True)
    embedding = FrozenEstimator(
        make_pipeline(StandardScaler(), PCA(20, random_state=0)).fit(Xd[yd < 5])
    )
    support = np.array([np.flatnonzero(yd == c)[0] for c in range(5, 10)])
    query = np.setdiff1d(np.flatnonzero(yd >= 5), support)
    one_shot = PrototypeClassifier(embedding, metric="cosine")
    one_shot.fit(Xd[support], yd[support])
    echo(
        "  one-shot digits 5-9, one image each, embedding learned on 0-4: accuracy "
        f"{one_shot.score(Xd[query], yd[query]):.3f} (chance 0.2)"
    )
