"""Tour section: domain adaptation from sharp digits to digits of a blurry sensor."""

import numpy as np

GUIDE = ("colearning",)
TERMS = (
    ("CORAL", "correlation alignment: source rows recoloured with target covariance"),
)


def blurred_digits(n_source=250, n_target=250, random_state=0):
    """Sharp digits as the source, blurred and dimmed digits as the target.

    Returns ``X`` (64 pixels plus a domain column: 0 source, -1 target) and
    ``y`` (true labels of every row; target labels are for evaluation only).
    """
    from scipy.ndimage import uniform_filter
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    rows = np.random.RandomState(random_state).permutation(X.shape[0])
    source, target = rows[:n_source], rows[n_source : n_source + n_target]
    images = X[target].reshape(-1, 8, 8)
    blurred = np.stack([uniform_filter(im, size=2) for im in images])
    X_target = 0.8 * blurred.reshape(len(target), -1) + 1.0
    X_all = np.vstack([X[source], X_target])
    domain = np.r_[np.zeros(len(source)), -np.ones(len(target))]
    return np.column_stack([X_all, domain]), np.r_[y[source], y[target]]


def run(echo):
    """Adapt a digit classifier to a blurry sensor, and select by target score."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from skmm.colearning import (
        CORAL,
        DomainAdaptationClassifier,
        DomainKFold,
        SubspaceAlignment,
        TransferComponentAnalysis,
        make_entropy_scorer,
        make_target_scorer,
    )

    X, y = blurred_digits()
    target = X[:, -1] < 0
    echo(
        f"  digits: {np.sum(~target)} sharp source images (labeled), "
        f"{np.sum(target)} blurred, dimmed target images (labels unused in fit)"
    )
    estimator = make_pipeline(StandardScaler(), LogisticRegression(max_iter=200))
    adapters = {
        "no adaptation": "passthrough",
        "CORAL": CORAL(),
        "SubspaceAlignment(20)": SubspaceAlignment(20),
        "TransferComponentAnalysis(20)": TransferComponentAnalysis(20),
    }
    for name, adapter in adapters.items():
        clf = DomainAdaptationClassifier(estimator, adapter=adapter, domain=-1)
        acc = clf.fit(X, y).score(X[target], y[target])
        echo(f"  target accuracy, {name:<30} {acc:.3f}")
    search = GridSearchCV(
        DomainAdaptationClassifier(estimator, domain=-1),
        {"adapter": ["passthrough", CORAL(), SubspaceAlignment(20)]},
        cv=DomainKFold(3),
        scoring={
            "target": make_target_scorer(domain=-1),
            "entropy": make_entropy_scorer(domain=-1),
        },
        refit="entropy",
    ).fit(X, y)
    by_target = search.cv_results_["mean_test_target"]
    echo(
        "  GridSearchCV with DomainKFold, refit on the unsupervised entropy score: "
        f"picks {search.best_params_['adapter']!r}"
    )
    echo(
        "  (target accuracy of the candidates: "
        + ", ".join(f"{s:.3f}" for s in by_target)
        + ")"
    )
