"""Tour section: translate between the two halves of digit images."""

import numpy as np

GUIDE = ("translation",)
TERMS = (
    ("recall@k", "share of queries whose true match ranks among the k best"),
    ("R^2", "coefficient of determination: share of the variance explained"),
)


def run(echo):
    """Retrieve, predict and impute the right half of digits from the left half."""
    from sklearn.discriminant_analysis import LinearDiscriminantAnalysis

    from ..datasets import load_digit_halves
    from . import (
        CrossModalRetriever,
        ModalityImputer,
        ModalityTranslator,
        median_rank,
        recall_at_k,
    )

    X, y, views = load_digit_halves()
    order = np.random.RandomState(0).permutation(len(X))
    X, y = X[order], y[order]
    X_train, X_test, y_train, y_test = X[:1200], X[1200:], y[:1200], y[1200:]
    left, right = X_test[:, views["left"]], X_test[:, views["right"]]
    n = len(X_test)

    retriever = CrossModalRetriever(views=views).fit(X_train)
    S = retriever.similarity(left, right, query_view="left", gallery_view="right")
    truth = np.arange(n)
    echo(
        f"  CrossModalRetriever (CCA, 10 components): left half -> right half among "
        f"{n} digits"
    )
    echo(
        f"    recall@1 {recall_at_k(truth, S):.3f} (chance {1 / n:.3f}), recall@10 "
        f"{recall_at_k(truth, S, k=10):.3f} (chance {10 / n:.3f}), median rank "
        f"{median_rank(truth, S):.0f}"
    )
    same = y_test[:, None] == y_test[None, :]
    echo(
        f"    best match is the same digit: {recall_at_k(same, S):.3f} "
        f"(class prior {same.mean():.3f})"
    )

    translator = ModalityTranslator(views=views, source="left", target="right")
    r2 = translator.fit(X_train).score(X_test)
    echo(f"  ModalityTranslator (ridge): held-out R^2 of the right half {r2:.3f}")

    clf = LinearDiscriminantAnalysis().fit(X_train, y_train)
    X_missing = X_test.copy()
    X_missing[:, views["right"]] = np.nan
    filled = ModalityImputer(views=views).fit(X_train).transform(X_missing)
    echo(
        f"  ModalityImputer: a classifier trained on both halves scores "
        f"{clf.score(X_test, y_test):.3f}, and {clf.score(filled, y_test):.3f} "
        "with every right half imputed"
    )
