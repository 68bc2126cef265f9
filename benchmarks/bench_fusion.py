"""Fusion: skmm's fusers vs sklearn's VotingClassifier / StackingClassifier.

The tool a user would otherwise pick is an sklearn ensemble whose members are
per-view pipelines (a ColumnTransformer selecting the view, then the model).
Both sides fit the same per-view models on the same data, with BLAS pinned;
the script prints fit+predict time and test accuracy of each, and the ratio
(sklearn time / skmm time). Learned late-fusion weights are compared with
sklearn's StackingClassifier, sklearn's way to learn the combination.

Run: python benchmarks/bench_fusion.py
"""

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import best_time, describe_threads, header, pinned_blas, report
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import StackingClassifier, VotingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skmm.datasets import load_digit_halves, make_multiview_classification
from skmm.fusion import LateFusionClassifier, StackingFusionClassifier


def view_pipes(views, est):
    return [
        (
            name,
            make_pipeline(ColumnTransformer([("v", "passthrough", sel)]), clone(est)),
        )
        for name, sel in views.items()
    ]


def datasets():
    X, y, views = make_multiview_classification(
        n_samples=4000,
        n_features=(20, 20, 60),
        informativeness=(1.0, 0.5, 0.0),
        random_state=0,
    )
    yield "synthetic strong/weak/noise (4000x100)", X, y, views
    X, y, views = load_digit_halves()
    rng = np.random.RandomState(0)
    X = np.hstack([X, rng.normal(scale=8.0, size=(X.shape[0], 16))])
    yield (
        "digit halves + broken sensor (1797x80)",
        X,
        y,
        {
            **views,
            "broken": slice(64, 80),
        },
    )


def run_pair(name, ours, theirs, other_name, X_train, y_train, X_test, y_test):
    preds = {}

    def fit_ours():
        preds["ours"] = ours.fit(X_train, y_train).predict(X_test)

    def fit_theirs():
        preds["theirs"] = theirs.fit(X_train, y_train).predict(X_test)

    t_ours = best_time(fit_ours, repeat=2, warmup=0)
    t_theirs = best_time(fit_theirs, repeat=2, warmup=0)
    acc_ours = np.mean(preds["ours"] == y_test)
    acc_theirs = np.mean(preds["theirs"] == y_test)
    report(
        name,
        t_ours,
        t_theirs,
        other_name,
        extra=f"| accuracy skmm {acc_ours:.3f} vs {acc_theirs:.3f}",
    )


def main():
    header("fusion: skmm fusers vs sklearn ensembles over per-view pipelines")
    with pinned_blas(1):
        print(f"# BLAS: {describe_threads()}; n_jobs=1 on both sides")
        for title, X, y, views in datasets():
            print(f"## {title}")
            X_train, X_test, y_train, y_test = train_test_split(
                X, y, test_size=0.5, random_state=0, stratify=y
            )
            for est_name, est in (
                ("logreg", make_pipeline(StandardScaler(), LogisticRegression())),
                ("knn", KNeighborsClassifier(n_neighbors=5)),
            ):
                cv = StratifiedKFold(5)
                run_pair(
                    f"late mean, equal ({est_name})",
                    LateFusionClassifier(est, views=views),
                    VotingClassifier(view_pipes(views, est), voting="soft"),
                    "Voting(soft)",
                    X_train,
                    y_train,
                    X_test,
                    y_test,
                )
                run_pair(
                    f"stacking, all view subsets ({est_name})",
                    StackingFusionClassifier(est, views=views, cv=cv),
                    StackingClassifier(view_pipes(views, est), cv=cv),
                    "Stacking",
                    X_train,
                    y_train,
                    X_test,
                    y_test,
                )
                # sklearn's way to learn how to combine per-view models
                run_pair(
                    f"late mean, learned ({est_name})",
                    LateFusionClassifier(est, views=views, weights="learned", cv=cv),
                    StackingClassifier(view_pipes(views, est), cv=cv),
                    "Stacking",
                    X_train,
                    y_train,
                    X_test,
                    y_test,
                )
                run_pair(
                    f"stacking, no missing views ({est_name})",
                    StackingFusionClassifier(
                        est, views=views, cv=cv, missing_views="error"
                    ),
                    StackingClassifier(view_pipes(views, est), cv=cv),
                    "Stacking",
                    X_train,
                    y_train,
                    X_test,
                    y_test,
                )


if __name__ == "__main__":
    main()
