"""Common-check settings for skmm.representation (see the package docstring)."""

from . import BLOCK_NAN_PICKLE

# class name -> constructor kwargs (or a list of them)
PARAMS = {
    # the checks' data can be as narrow as two columns (one per view)
    "CCA": [{"n_components": 1}, {"n_components": 1, "reg": 0.1, "combine": "mean"}],
    "MultiviewCCA": [
        {"n_components": 1},
        {"n_components": 1, "combine": "mean"},
        {"n_components": 1, "method": "sumcor", "max_iter": 50},
    ],
    # a loose tol: a few L-BFGS steps, no ConvergenceWarning noise
    "DeepCCA": [
        {"n_components": 1, "hidden_layer_sizes": (4,), "tol": 1e-2},
        {
            "n_components": 1,
            "hidden_layer_sizes": (3, 3),
            "activation": "relu",
            "tol": 1e-2,
            "combine": "mean",
        },
    ],
    "KernelCCA": [
        {"n_components": 1},
        {"n_components": 1, "approximation": "nystroem", "n_approx_features": 20},
        {
            "n_components": 1,
            "approximation": "random_features",
            "n_approx_features": 20,
            "combine": "mean",
        },
    ],
}

PARAMS["SparseCCA"] = [
    {"n_components": 1},
    {"n_components": 1, "l1_bound": [0.2, 1.0], "combine": "mean"},
]

PARAMS["ProbabilisticCCA"] = [
    {"n_components": 1, "max_iter": 20},
    {"n_components": 1, "max_iter": 5, "reg": 0.1, "combine": "concat"},
]

PARAMS["AJIVE"] = [
    {"n_random_directions": 20, "random_state": 0},
    {"signal_ranks": 1, "joint_rank": 1},
]
PARAMS["GroupPCA"] = [{"n_components": 1}, {"n_components": 1, "prewhiten": True}]

# class name -> {check name: reason it is expected to fail}
EXPECTED_FAILED = {"ProbabilisticCCA": BLOCK_NAN_PICKLE}
