"""Common-check settings for skmm.alignment (see the package docstring)."""

# class name -> constructor kwargs (or a list of them)
PARAMS = {
    "CanonicalTimeWarping": {"n_components": 1, "max_iter": 3},
    "DTWAligner": [{"max_iter": 2}, {"reference": [0.0, 1.0, 0.5], "radius": 1}],
    "KNeighborsDTWClassifier": [{}, {"n_neighbors": 3, "radius": 1}],
    "PairwiseDTW": [{}, {"radius": 1, "kernel_gamma": 0.1}],
}

# class name -> {check name: reason it is expected to fail}
EXPECTED_FAILED = {}
