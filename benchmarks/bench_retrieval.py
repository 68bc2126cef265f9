"""Retrieval metrics and top-k retrieval: skmm against scikit-learn.

What a user would otherwise write:

- recall@k of paired retrieval: ``sklearn.metrics.top_k_accuracy_score`` with one
  class per gallery item;
- mean average precision with a relevance matrix:
  ``sklearn.metrics.label_ranking_average_precision_score``;
- the k best gallery items per query: ``NearestNeighbors(metric="cosine",
  algorithm="brute").kneighbors`` on the embedded vectors.

Both sides run with BLAS pinned to one thread; skmm's ranking kernels are numba
``prange`` loops, timed with numba's threads at 1 and at the machine's default.

Run: ``python benchmarks/bench_retrieval.py``
"""

import numba
import numpy as np
from _common import best_time, describe_threads, header, pinned_blas, report
from sklearn.metrics import label_ranking_average_precision_score, top_k_accuracy_score
from sklearn.neighbors import NearestNeighbors

from skmm.datasets import load_digit_halves
from skmm.translation import CrossModalRetriever, mean_average_precision, recall_at_k


def main():
    header("Retrieval metrics and top-k retrieval (skmm vs scikit-learn)")
    rng = np.random.RandomState(0)
    n = 3000
    S = rng.standard_normal((n, n))
    target = np.arange(n)
    labels = rng.randint(0, 20, n)
    relevance = labels[:, None] == labels[None, :]

    X, y, views = load_digit_halves()
    X_big = np.vstack([X] * 3) + rng.normal(scale=0.5, size=(3 * len(X), 64))
    retriever = CrossModalRetriever(views=views).fit(X_big)
    left, right = X_big[:, views["left"]], X_big[:, views["right"]]
    Zq = retriever.transform_view(left, "left")
    Zg = retriever.transform_view(right, "right")

    recall_at_k(target[:5], S[:5], k=10)  # compile the kernels first
    mean_average_precision(relevance[:5], S[:5])
    default_threads = numba.config.NUMBA_NUM_THREADS
    with pinned_blas(1):
        print(f"# BLAS: {describe_threads()}; numba threads: 1 and {default_threads}")
        for threads in sorted({1, default_threads}):
            numba.set_num_threads(threads)
            tag = f"[numba {threads} thread(s)]"
            t_skmm = best_time(lambda: recall_at_k(target, S, k=10))
            t_sk = best_time(
                lambda: top_k_accuracy_score(target, S, k=10, labels=target), repeat=2
            )
            assert np.isclose(
                recall_at_k(target, S, k=10),
                top_k_accuracy_score(target, S, k=10, labels=target),
            )
            report(f"recall@10, {n}x{n} scores", t_skmm, t_sk, "top_k_accuracy", tag)

            t_skmm = best_time(lambda: mean_average_precision(relevance, S))
            t_sk = best_time(
                lambda: label_ranking_average_precision_score(relevance, S), repeat=2
            )
            assert np.isclose(
                mean_average_precision(relevance, S),
                label_ranking_average_precision_score(relevance, S),
            )
            report(f"mAP, {n}x{n}, 20 classes", t_skmm, t_sk, "LRAP", tag)

            def skmm_retrieve():
                return retriever.retrieve(
                    left, right, query_view="left", gallery_view="right"
                )

            def sklearn_retrieve():
                Zq = retriever.transform_view(left, "left")
                Zg = retriever.transform_view(right, "right")
                nn = NearestNeighbors(
                    n_neighbors=10, metric="cosine", algorithm="brute"
                )
                return nn.fit(Zg).kneighbors(Zq)

            idx, _ = skmm_retrieve()
            _, idx_sk = sklearn_retrieve()
            agree = np.mean(idx == idx_sk)
            t_skmm = best_time(skmm_retrieve)
            t_sk = best_time(sklearn_retrieve)
            report(
                f"top-10 of {len(Zg)} right halves, {len(Zq)} queries",
                t_skmm,
                t_sk,
                "NearestNeighbors",
                f"{tag} (same indices: {agree:.4f})",
            )
    numba.set_num_threads(default_threads)


if __name__ == "__main__":
    main()
