"""Domain adapters: skmm against skada, the library a user would otherwise pick.

Run: ``python benchmarks/bench_domain_adaptation.py`` (needs ``pip install
skada``, which is not a dependency of skmm). Both sides run on the same data
with BLAS pinned to one thread; each row prints the time ratio (skada / skmm,
above 1 means skmm is faster) and how far the two answers agree:

- CORAL: largest absolute difference of the mapped source rows (same
  Ledoit-Wolf regularisation, ``match_mean=False`` is skada's map);
- SubspaceAlignment and TCA: target accuracy of a logistic regression fitted on
  the adapted source rows, on each side (TCA's ``mu`` is inverted in skada:
  ``(I + mu K L K)^-1`` against the paper's ``(K L K + mu I)^-1``);
- KMM: the value of the KMM objective each solver reached (lower is better);
- discriminative reweighting: correlation of the weights with the true density
  ratio ``exp(x - 1/2)`` of N(1, 1) against N(0, 1) (skada 0.6.0 computes
  ``P(source | x) / P(target | x)``, the inverse ratio, so its correlation is
  negative);
- optimal-transport mappings (entropic, class-regularised, linear): largest
  absolute difference of the mapped source rows from POT's own transport
  classes, which skada wraps (same regularisation, stopping rule 1e-8, 5
  features, a rigid shift); skada's time is its adapter's ``fit``;
- KLIEP: correlation of the weights with the true density ratio of
  N(0.5, 0.36 I) against N(0, I) in 2-D, both choosing the kernel width by
  likelihood cross-validation over the same five candidates, at 10k rows per
  domain; then skmm alone at 100k rows per domain (skada's fit there would
  run its gradient ascent 26 times on 100k x 100 kernel matrices);
- JDOT: target accuracy of the classifier (logistic regression) and R^2 of
  the regressor (ridge on x and x^2) on each side; skada solves every plan
  exactly (POT's network simplex), skmm by Sinkhorn at ``reg_e=0.01``.
"""

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import best_time, describe_threads, header, pinned_blas, report
from sklearn.linear_model import LogisticRegression
from sklearn.metrics.pairwise import rbf_kernel

from skmm._kernels._kmm import kmm_objective
from skmm.colearning import (
    CORAL,
    ClassRegularizedTransportMapping,
    DiscriminativeReweighting,
    JointTransportClassifier,
    JointTransportRegressor,
    KernelMeanMatching,
    KullbackLeiblerImportanceEstimation,
    LinearTransportMapping,
    OptimalTransportMapping,
    SubspaceAlignment,
    TransferComponentAnalysis,
)
from skmm.datasets import make_domain_shift

try:
    import skada
except ImportError:  # pragma: no cover - the benchmark needs it
    sys.exit("This benchmark compares with skada: pip install skada")


def data(n, d, shift="affine", seed=0):
    X, y, _ = make_domain_shift(
        n // 2,
        n // 2,
        n_features=d,
        shift=shift,
        shift_strength=1.5,
        random_state=seed,
    )
    # skada's convention: source domain 1, target domain -2 (any >= 0 / < 0 works)
    sd = np.where(X[:, -1] >= 0, 1, -2)
    return X[:, :-1].copy(), y, sd


def target_accuracy(Z, y, sd):
    s, t = sd >= 0, sd < 0
    return LogisticRegression().fit(Z[s], y[s]).score(Z[t], y[t])


def bench_coral(n, d):
    X, y, sd = data(n, d)
    # Same map on both sides: empirical covariances, each domain centred (skada
    # leaves mapped source rows centred; skmm moves them to the target mean).
    ours = CORAL(reg=0.0)
    theirs = skada.CORALAdapter(reg=None)
    t_ours = best_time(lambda: ours.fit_transform(X, sample_domain=sd))
    t_theirs = best_time(lambda: theirs.fit_transform(X, sample_domain=sd))
    s = sd >= 0
    Z_ours = ours.fit_transform(X, sample_domain=sd)[s] - ours.mean_target_
    gap = np.abs(Z_ours - theirs.fit_transform(X, sample_domain=sd)[s]).max()
    report(
        f"CORAL fit_transform n={n} d={d}",
        t_ours,
        t_theirs,
        "skada",
        f"max |diff| {gap:.1e}",
    )


def bench_sa(n, d, k):
    X, y, sd = data(n, d)
    ours = SubspaceAlignment(n_components=k)
    theirs = skada.SubspaceAlignmentAdapter(n_components=k)
    t_ours = best_time(lambda: ours.fit_transform(X, sample_domain=sd))
    t_theirs = best_time(lambda: theirs.fit_transform(X, sample_domain=sd))
    a_ours = target_accuracy(ours.fit_transform(X, sample_domain=sd), y, sd)
    a_theirs = target_accuracy(theirs.fit_transform(X, sample_domain=sd), y, sd)
    report(
        f"SubspaceAlignment n={n} d={d} k={k}",
        t_ours,
        t_theirs,
        "skada",
        f"target acc {a_ours:.3f} vs {a_theirs:.3f}",
    )


def bench_tca(n, d, k):
    X, y, sd = data(n, d)
    ours = TransferComponentAnalysis(n_components=k, kernel="rbf", mu=10.0)
    theirs = skada.TransferComponentAnalysisAdapter(n_components=k, mu=0.1)
    t_ours = best_time(lambda: ours.fit_transform(X, sample_domain=sd), repeat=2)
    t_theirs = best_time(lambda: theirs.fit_transform(X, sample_domain=sd), repeat=2)
    a_ours = target_accuracy(ours.fit_transform(X, sample_domain=sd), y, sd)
    a_theirs = target_accuracy(theirs.fit_transform(X, sample_domain=sd), y, sd)
    report(
        f"TCA rbf n={n} d={d} k={k}",
        t_ours,
        t_theirs,
        "skada",
        f"target acc {a_ours:.3f} vs {a_theirs:.3f}",
    )


def bench_kmm(n, d):
    X, y, sd = data(n, d, shift="covariate")
    gamma = 1.0 / d
    ours = KernelMeanMatching(gamma=gamma)
    theirs = skada.KMMReweightAdapter(gamma=gamma)
    t_ours = best_time(lambda: ours.fit(X, sample_domain=sd), repeat=2)
    t_theirs = best_time(lambda: theirs.fit(X, sample_domain=sd), repeat=2)
    s = sd >= 0
    Xs, Xt = X[s], X[~s]
    K = rbf_kernel(Xs, gamma=gamma)
    kappa = Xs.shape[0] / Xt.shape[0] * rbf_kernel(Xs, Xt, gamma=gamma).sum(1)
    w_ours = ours.fit(X, sample_domain=sd).sample_weight_[s]
    w_theirs = np.asarray(theirs.fit(X, sample_domain=sd).source_weights_)
    f_ours = kmm_objective(K, kappa, w_ours)
    f_theirs = kmm_objective(K, kappa, w_theirs)
    report(
        f"KMM fit n={n} d={d}",
        t_ours,
        t_theirs,
        "skada",
        f"objective {f_ours:.4e} vs {f_theirs:.4e}",
    )


def bench_discriminative(n):
    rng = np.random.RandomState(0)
    X = np.r_[rng.randn(n // 2), rng.randn(n // 2) + 1][:, None]
    sd = np.r_[np.ones(n // 2), -2 * np.ones(n // 2)].astype(int)
    s = sd >= 0
    ours = DiscriminativeReweighting(LogisticRegression())
    theirs = skada.DiscriminatorReweightAdapter(LogisticRegression())

    def run_ours():
        return ours.fit(X, sample_domain=sd).sample_weight_

    def run_theirs():
        return theirs.fit(X, sample_domain=sd).compute_weights(X, sample_domain=sd)

    t_ours = best_time(run_ours)
    t_theirs = best_time(run_theirs)
    ratio = np.exp(X[s, 0] - 0.5)
    c_ours = np.corrcoef(run_ours()[s], ratio)[0, 1]
    c_theirs = np.corrcoef(run_theirs()[s], ratio)[0, 1]
    report(
        f"discriminative reweighting n={n}",
        t_ours,
        t_theirs,
        "skada",
        f"corr with true ratio {c_ours:+.2f} vs {c_theirs:+.2f}",
    )


def rigid(n, d=5, seed=0):
    X, y, _ = make_domain_shift(
        n // 2,
        n // 2,
        n_features=d,
        n_classes=3,
        shift="rigid",
        shift_strength=0.67,
        class_sep=3.0,
        random_state=seed,
    )
    sd = np.where(X[:, -1] >= 0, 1, -2)
    return X[:, :-1].copy(), y, sd


def bench_transport(n):
    import warnings

    import ot

    X, y, sd = rigid(n)
    s = sd >= 0
    cases = [
        (
            "entropic OT mapping",
            OptimalTransportMapping(reg_e=1.0, tol=1e-8),
            skada.EntropicOTMappingAdapter(reg_e=1.0, tol=1e-8),
            ot.da.SinkhornTransport(reg_e=1.0, tol=1e-8, max_iter=1000),
        ),
        (
            "class-regularised OT",
            ClassRegularizedTransportMapping(
                reg_e=1.0, reg_cl=0.1, max_iter=200, tol=1e-8
            ),
            skada.ClassRegularizerOTMappingAdapter(reg_e=1.0, reg_cl=0.1, tol=1e-8),
            ot.da.SinkhornLpl1Transport(
                reg_e=1.0, reg_cl=0.1, max_iter=10, max_inner_iter=200, tol=1e-8
            ),
        ),
        (
            "linear OT mapping",
            LinearTransportMapping(),
            skada.LinearOTMappingAdapter(),
            ot.da.LinearTransport(),
        ),
    ]
    for name, ours, theirs, pot in cases:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t_ours = best_time(lambda o=ours: o.fit(X, y, sample_domain=sd), repeat=2)
            t_theirs = best_time(
                lambda a=theirs: a.fit(X, y, sample_domain=sd), repeat=1
            )
            Z = ours.fit_transform(X, y, sample_domain=sd)[s]
            reference = pot.fit(Xs=X[s], ys=y[s], Xt=X[~s]).transform(Xs=X[s])
        report(
            f"{name} n={n}",
            t_ours,
            t_theirs,
            "skada",
            f"max |diff| from POT {np.abs(Z - reference).max():.1e}",
        )


def gaussian_ratio(n, seed=0):
    from scipy.stats import multivariate_normal

    rng = np.random.RandomState(seed)
    Xs = rng.randn(n, 2)
    Xt = 0.6 * rng.randn(n, 2) + 0.5
    ratio = multivariate_normal([0.5, 0.5], 0.36 * np.eye(2)).pdf(
        Xs
    ) / multivariate_normal([0, 0], np.eye(2)).pdf(Xs)
    return np.r_[Xs, Xt], np.r_[np.ones(n), -2 * np.ones(n)].astype(int), ratio


def bench_kliep(n, with_skada=True):
    X, sd, ratio = gaussian_ratio(n)
    s = sd >= 0
    ours = KullbackLeiblerImportanceEstimation(random_state=0)
    t_ours = best_time(lambda: ours.fit(X, sample_domain=sd), repeat=2)
    c_ours = np.corrcoef(ours.sample_weight_[s], ratio)[0, 1]
    if not with_skada:
        print(
            f"{'KLIEP n=' + str(n) + ' per domain':<40} skmm {t_ours:9.4f} s | "
            f"skada not run | corr with true ratio {c_ours:+.3f}, "
            f"{ours.n_iter_} EM iterations"
        )
        return
    gammas = list(ours.gamma_candidates_)
    theirs = skada.KLIEPReweightAdapter(gamma=gammas, random_state=0)
    t_theirs = best_time(lambda: theirs.fit(X, sample_domain=sd), repeat=1)
    w_theirs = theirs.compute_weights(X, sample_domain=sd)[s]
    c_theirs = np.corrcoef(w_theirs, ratio)[0, 1]
    report(
        f"KLIEP n={n} per domain",
        t_ours,
        t_theirs,
        "skada",
        f"corr with true ratio {c_ours:+.3f} vs {c_theirs:+.3f}",
    )


def bench_jdot(n):
    import warnings

    from sklearn.linear_model import Ridge

    X, y, sd = rigid(n, d=2)
    t = sd < 0
    y_fit = np.where(t, -1, y)
    ours = JointTransportClassifier(LogisticRegression())
    theirs = skada.JDOTClassifier(LogisticRegression())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t_ours = best_time(lambda: ours.fit(X, y_fit, sample_domain=sd), repeat=1)
        t_theirs = best_time(lambda: theirs.fit(X, y, sample_domain=sd), repeat=1)
    a_ours = ours.score(X[t], y[t], sample_domain=sd[t])
    a_theirs = theirs.score(X[t], y[t])
    report(
        f"JDOT classifier n={n}",
        t_ours,
        t_theirs,
        "skada",
        f"target acc {a_ours:.3f} vs {a_theirs:.3f}",
    )
    rng = np.random.RandomState(0)
    m = n // 2
    x = np.r_[rng.uniform(-1, 1, m), rng.uniform(-1, 1, m) + 1.0]
    yr = np.r_[x[:m], x[m:] - 1.0] ** 2 + 0.05 * rng.standard_normal(n)
    F = np.c_[x, x**2]
    sdr = np.r_[np.ones(m), -2 * np.ones(m)].astype(int)
    t = sdr < 0
    ours_r = JointTransportRegressor(Ridge(alpha=1e-3))
    theirs_r = skada.JDOTRegressor(Ridge(alpha=1e-3))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t_ours = best_time(
            lambda: ours_r.fit(F, np.where(t, np.nan, yr), sample_domain=sdr),
            repeat=1,
        )
        t_theirs = best_time(lambda: theirs_r.fit(F, yr, sample_domain=sdr), repeat=1)
    r_ours = ours_r.score(F[t], yr[t], sample_domain=sdr[t])
    r_theirs = theirs_r.score(F[t], yr[t])
    report(
        f"JDOT regressor n={n}",
        t_ours,
        t_theirs,
        "skada",
        f"target R^2 {r_ours:.3f} vs {r_theirs:.3f}",
    )


if __name__ == "__main__":
    header("Domain adapters: skmm vs skada " + skada.__version__)
    with pinned_blas(1):
        print(f"# BLAS (both sides): {describe_threads()}")
        # warm the numba kernel outside the timings
        KernelMeanMatching(max_iter=2).fit(
            *data(20, 2)[:1], sample_domain=data(20, 2)[2]
        )
        for n in (1000, 10000):
            bench_coral(n, 20)
        for n in (1000, 10000):
            bench_sa(n, 20, 5)
        for n in (400, 1000):
            bench_tca(n, 5, 2)
        for n in (400, 1000):
            bench_kmm(n, 2)
        bench_discriminative(10000)
        bench_transport(2000)
        bench_kliep(10000)
        bench_kliep(100000, with_skada=False)
        bench_jdot(400)
