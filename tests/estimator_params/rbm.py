"""Common-check settings for the RBM family of skmm.representation."""

from . import BLOCK_NAN_PICKLE

# class name -> constructor kwargs (or a list of them)
PARAMS = {
    "BernoulliRBM": [
        {"n_components": 4, "n_iter": 3},
        {"n_components": 3, "n_iter": 2, "method": "cd", "n_gibbs_steps": 2},
    ],
    "GaussianBernoulliRBM": {"n_components": 4, "n_iter": 3},
    "MultimodalRBM": [
        {
            "view_types": "bernoulli",
            "method": "pcd",
            "n_view_components": 3,
            "n_components": 2,
            "n_iter": 2,
            "n_fine_tuning_iter": 2,
        },
        {
            "view_types": "gaussian",
            "n_view_components": 2,
            "n_components": 2,
            "n_iter": 1,
            "method": "cd",
            "fine_tuning": "dbm",
            "n_fine_tuning_iter": 1,
            "inference": "gibbs",
            "random_state": 0,
        },
    ],
}

# class name -> {check name: reason it is expected to fail}
EXPECTED_FAILED = {"MultimodalRBM": BLOCK_NAN_PICKLE}
