"""RBMs: skmm's numba kernels against scikit-learn's BernoulliRBM, and MultimodalRBM.

1. MNIST-sized data (5,000 x 784 binary images: scikit-learn's digits enlarged
   to 20x20, placed at random in 28x28 and thresholded, 17% of pixels on), 256
   hidden units, batch size 100, PCD-1, learning rate 0.05, 5 epochs, in
   float64 and in float32 (both libraries keep float32): training time side
   by side, interleaved, best of 5, with the rate of the five minibatch
   products each side performs (2 x 5 x 100 x 784 x 256 flops per minibatch)
   against the machine's measured matrix-product rate on one thread.
2. Digits (pixels scaled to [0, 1]), 100 hidden units, batch size 10, 10
   epochs, learning rate 0.06: training time and the accuracy of a logistic
   regression on the hidden features (held-out 30%).
3. MultimodalRBM on digit halves (the right half filled in from the left,
   held-out 30%): squared error relative to filling with training means for
   the layer-wise model and for each joint fine-tuning, with the baselines,
   and fit times (the measurement behind ``fine_tuning="dropout"``).
4. MultimodalRBM on 10,000 samples x 1,000 features (two binary views of
   500), default settings: training time (target: under a minute on 2 cores).

Run: ``python benchmarks/bench_rbm.py`` (BLAS pinned to 1 thread on both sides;
skmm's kernels are single-threaded).
"""

import time

import numpy as np
from _common import best_time, describe_threads, header, pinned_blas, report
from scipy.ndimage import zoom
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsRegressor
from sklearn.neural_network import BernoulliRBM as SklearnBernoulliRBM
from sklearn.preprocessing import minmax_scale

from skmm.datasets import load_digit_halves
from skmm.representation import BernoulliRBM, MultimodalRBM

MNIST_SETTINGS = dict(n_components=256, batch_size=100, learning_rate=0.05, n_iter=5)
DIGITS_SETTINGS = dict(n_components=100, learning_rate=0.06, batch_size=10, n_iter=10)


def mnist_like(n_samples=5_000, seed=0):
    """Binary 28x28 images from scikit-learn's digits (no download)."""
    rs = np.random.RandomState(seed)
    digits = zoom(load_digits().images, (1, 2.5, 2.5), order=1)  # 20x20
    images = np.zeros((n_samples, 28, 28))
    for row, index in enumerate(rs.randint(len(digits), size=n_samples)):
        dy, dx = rs.randint(0, 9, size=2)
        images[row, dy : dy + 20, dx : dx + 20] = digits[index]
    noisy = images.reshape(n_samples, -1) + rs.normal(0, 2, (n_samples, 784))
    return (noisy > 8).astype(np.float64)


def matmul_rate(dtype, shape=(1000, 1000, 1000), repeat=7):
    """Best matrix-product rate of this machine on the pinned threads, GFLOP/s."""
    m, k, n = shape
    rs = np.random.RandomState(0)
    A = rs.rand(m, k).astype(dtype)
    B = rs.rand(k, n).astype(dtype)
    seconds = best_time(lambda: A @ B, repeat=repeat, warmup=2)
    return 2 * m * k * n / seconds / 1e9


def mnist_side_by_side():
    X = mnist_like()
    n_batches = -(-X.shape[0] // MNIST_SETTINGS["batch_size"])
    flops = (
        2 * 5 * MNIST_SETTINGS["batch_size"] * 784 * 256 * n_batches
    ) * MNIST_SETTINGS["n_iter"]
    print(
        f"# data: {X.shape[0]} x {X.shape[1]} binary, {X.mean():.0%} ones; "
        f"{flops / 1e9:.1f} GFLOP of minibatch products per fit"
    )
    for dtype in (np.float64, np.float32):
        rate = matmul_rate(dtype)
        batch_rate = matmul_rate(dtype, (100, 784, 256), repeat=50)
        name = np.dtype(dtype).name
        print(
            f"# machine, {name}: {rate:.1f} GFLOP/s (1000^3 product), "
            f"{batch_rate:.1f} GFLOP/s (100x784 by 784x256)"
        )
        Xd = X.astype(dtype)
        BernoulliRBM(**MNIST_SETTINGS, random_state=0).fit(Xd[:200])  # compile
        sides = {"skmm": BernoulliRBM, "sklearn": SklearnBernoulliRBM}
        best = dict.fromkeys(sides, np.inf)
        for _ in range(5):  # interleaved: both sides see the same load
            for side, cls in sides.items():

                def fit(cls=cls, Xd=Xd):
                    cls(**MNIST_SETTINGS, random_state=0).fit(Xd)

                seconds = best_time(fit, repeat=1, warmup=0)
                best[side] = min(best[side], seconds)
        dtypes = {
            side: cls(**{**MNIST_SETTINGS, "n_iter": 1}, random_state=0)
            .fit(Xd[:300])
            .components_.dtype.name
            for side, cls in sides.items()
        }
        report(
            f"BernoulliRBM fit, 5000x784, {name}",
            best["skmm"],
            best["sklearn"],
            "sklearn",
            extra=(
                f"| GFLOP/s skmm {flops / best['skmm'] / 1e9:.1f} sklearn "
                f"{flops / best['sklearn'] / 1e9:.1f} | weights skmm "
                f"{dtypes['skmm']} sklearn {dtypes['sklearn']}"
            ),
        )


def digits_side_by_side():
    X, y = load_digits(return_X_y=True)
    X = minmax_scale(X)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.3, random_state=0
    )
    BernoulliRBM(**DIGITS_SETTINGS, random_state=0).fit(X_train[:20])  # compile
    sides = {"skmm": BernoulliRBM, "sklearn": SklearnBernoulliRBM}
    best = dict.fromkeys(sides, np.inf)
    for _ in range(7):
        for name, cls in sides.items():
            seconds = best_time(
                lambda cls=cls: cls(**DIGITS_SETTINGS, random_state=0).fit(X_train),
                repeat=1,
                warmup=0,
            )
            best[name] = min(best[name], seconds)
    accuracy = {}
    for name, cls in sides.items():
        scores = []
        for seed in range(3):
            rbm = cls(**DIGITS_SETTINGS, random_state=seed).fit(X_train)
            clf = LogisticRegression(C=100, max_iter=2000)
            clf.fit(rbm.transform(X_train), y_train)
            scores.append(clf.score(rbm.transform(X_test), y_test))
        accuracy[name] = np.mean(scores)
    report(
        "BernoulliRBM fit, digits 1257x64",
        best["skmm"],
        best["sklearn"],
        "sklearn",
        extra=(
            f"| accuracy (LR on features, 3 seeds) skmm {accuracy['skmm']:.3f} "
            f"sklearn {accuracy['sklearn']:.3f}"
        ),
    )


def fine_tuning_choice():
    X, _, views = load_digit_halves()
    X_train, X_test = train_test_split(X, test_size=0.3, random_state=0)
    left, right = slice(0, 32), slice(32, 64)
    base = np.mean((X_train[:, right].mean(axis=0) - X_test[:, right]) ** 2)

    def relative(pred):
        return np.mean((pred - X_test[:, right]) ** 2) / base

    print("# digit halves: the right half from the left, error relative to means")
    for name, model in (
        ("ridge regression", Ridge(alpha=1.0)),
        ("5-nearest-neighbour", KNeighborsRegressor(n_neighbors=5)),
    ):
        pred = model.fit(X_train[:, left], X_train[:, right]).predict(X_test[:, left])
        print(f"{name:<44} {relative(pred):.3f}")
    X_missing = X_test.copy()
    X_missing[:, right] = np.nan
    common = dict(views=views, n_view_components=64, n_components=256, n_iter=30)
    for name, params in (
        ("MultimodalRBM, layer-wise only", dict(fine_tuning=None)),
        ("MultimodalRBM, dropout fine-tuning (default)", {}),
        (
            "MultimodalRBM, DBM fine-tuning",
            dict(fine_tuning="dbm", n_inference_steps=10, fine_tuning_rate=0.003),
        ),
    ):
        errors, seconds = [], []
        for seed in range(3):
            start = time.perf_counter()
            model = MultimodalRBM(**common, **params, random_state=seed).fit(X_train)
            seconds.append(time.perf_counter() - start)
            errors.append(relative(model.infer_missing(X_missing)[:, right]))
        print(
            f"{name:<44} {np.mean(errors):.3f} (seeds {min(errors):.3f}-"
            f"{max(errors):.3f}) | fit {np.median(seconds):.1f} s"
        )


def multimodal_at_scale(n_samples=10_000, n_features=1_000, seed=0):
    rs = np.random.RandomState(seed)
    n_half = n_features // 2
    # 20 latent prototypes; each view shows its own noisy binary pattern of them
    latent = rs.randint(20, size=n_samples)
    protos = [rs.rand(20, n_half) < 0.3 for _ in range(2)]
    views = [
        (rs.rand(n_samples, n_half) < np.where(p[latent], 0.8, 0.1)).astype(float)
        for p in protos
    ]
    X = np.hstack(views)
    for dtype in (np.float64, np.float32):
        model = MultimodalRBM(
            views=[slice(0, n_half), slice(n_half, None)], random_state=0
        )
        start = time.perf_counter()
        model.fit(X.astype(dtype))
        seconds = time.perf_counter() - start
        name = np.dtype(dtype).name
        print(
            f"{'MultimodalRBM fit, 10000x1000, ' + name:<40} skmm {seconds:9.4f} s "
            f"| target < 60 s: {'met' if seconds < 60 else 'MISSED'}"
        )


if __name__ == "__main__":
    header("RBMs: skmm (numba) vs scikit-learn")
    with pinned_blas(1):
        print(f"# BLAS: {describe_threads()}; skmm's RBM epochs are single-threaded")
        mnist_side_by_side()
        digits_side_by_side()
        fine_tuning_choice()
        multimodal_at_scale()
