"""Common-check settings for the RBM family of skmm.representation."""

# class name -> constructor kwargs (or a list of them)
PARAMS = {
    "BernoulliRBM": [
        {"n_components": 4, "n_iter": 3},
        {"n_components": 3, "n_iter": 2, "method": "cd", "n_gibbs_steps": 2},
    ],
    "GaussianBernoulliRBM": {"n_components": 4, "n_iter": 3},
}

# class name -> {check name: reason it is expected to fail}
EXPECTED_FAILED = {}
