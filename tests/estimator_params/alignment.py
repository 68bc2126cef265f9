"""Common-check settings for skmm.alignment (see the package docstring)."""

from sklearn.ensemble import RandomForestClassifier

from . import BLOCK_NAN_PICKLE

# class name -> constructor kwargs (or a list of them)
PARAMS = {
    "CanonicalTimeWarping": {"n_components": 1, "max_iter": 3},
    "DTWAligner": [{"max_iter": 2}, {"reference": [0.0, 1.0, 0.5], "radius": 1}],
    "KNeighborsDTWClassifier": [{}, {"n_neighbors": 3, "radius": 1}],
    "KNeighborsTimeSeriesClassifier": [
        {},
        {"n_neighbors": 3, "metric": "msm", "weights": "distance"},
        {"metric": "twe", "metric_params": {"nu": 0.1}, "radius": 1},
    ],
    "KNeighborsTimeSeriesRegressor": [
        {},
        {"n_neighbors": 3, "radius": 1, "weights": "distance"},
        {"metric": "erp", "metric_params": {"g": 0.5}},
    ],
    "PairwiseElastic": [{}, {"metric": "lcss", "radius": 1, "kernel_gamma": 0.5}],
    "PairwiseDTW": [{}, {"radius": 1, "kernel_gamma": 0.1}],
    "PairwiseGAK": [{}, {"radius": 2, "normalized": False}],
    "PairwiseSoftDTW": [{}, {"radius": 1, "normalized": False, "kernel_gamma": 0.1}],
    "TimeSeriesKMeans": [
        {},
        {"metric": "dtw", "radius": 1, "max_iter": 5, "n_init": 2},
        {"metric": "softdtw", "gamma": 0.1, "max_iter": 3, "max_iter_barycenter": 5},
    ],
    "KShape": {"max_iter": 10},
    "TimeSeriesResampler": [{}, {"sz": 5}, {"rate": 2.0, "method": "fourier"}],
    "PixelClassifier": {
        "estimator": RandomForestClassifier(n_estimators=10, random_state=0),
        "scales": (1.0,),
    },
    "RegionWordAligner": {"n_blobs": 8, "max_iter": 20},
}

# Series of any length are accepted after fit (the length of a series is not a
# number of features): the checks that call predict/transform on series one
# frame shorter, expecting an error, see valid input. The rest of what these
# checks cover is tested in tests/alignment/test_estimators.py.
_ANY_LENGTH = (
    "series of any length are accepted after fit, as the user guide promises "
    "(a series' length is not a feature count), so the check's shorter series "
    "raise nothing; its other assertions are replicated in "
    "tests/alignment/test_estimators.py"
)
ANY_LENGTH = {"check_n_features_in_after_fitting": _ANY_LENGTH}
ANY_LENGTH_CLASSIFIER = {**ANY_LENGTH, "check_classifiers_train": _ANY_LENGTH}
ANY_LENGTH_TRANSFORMER = {**ANY_LENGTH, "check_transformer_general": _ANY_LENGTH}
# the same for the sequence kernels and DTW / soft-DTW k-means (whose
# replicated assertions live in their own test modules); k-means under
# metric="euclidean" compares frame by frame and still raises (a non-strict
# expected failure that passes)
_ANY_LENGTH_CENTRES = (
    "series of any length are accepted after fit by DTW, soft-DTW and the "
    "global alignment kernel, so the check's shorter series raise nothing; its "
    "other assertions are replicated in tests/alignment/test_sequence_kernels.py "
    "and tests/alignment/test_clustering.py"
)
ANY_LENGTH_CENTRES = {
    "check_n_features_in_after_fitting": _ANY_LENGTH_CENTRES,
    "check_transformer_general": _ANY_LENGTH_CENTRES,
}

# class name -> {check name: reason it is expected to fail}
EXPECTED_FAILED = {
    "DTWAligner": ANY_LENGTH_TRANSFORMER,
    "KNeighborsDTWClassifier": ANY_LENGTH_CLASSIFIER,
    "KNeighborsTimeSeriesClassifier": ANY_LENGTH_CLASSIFIER,
    "KNeighborsTimeSeriesRegressor": ANY_LENGTH,
    "PairwiseDTW": ANY_LENGTH_TRANSFORMER,
    "PairwiseElastic": ANY_LENGTH_TRANSFORMER,
    "PairwiseGAK": ANY_LENGTH_CENTRES,
    "PairwiseSoftDTW": ANY_LENGTH_CENTRES,
    "TimeSeriesKMeans": ANY_LENGTH_CENTRES,
    "TimeSeriesResampler": dict.fromkeys(
        [
            "check_n_features_in_after_fitting",
            "check_transformer_general",
            "check_transformer_data_not_an_array",
        ],
        "the resampler learns nothing from the training series and reads series "
        "of any length after fit, so the check's shorter series raise nothing; "
        "its other assertions are replicated in tests/alignment/test_resample.py",
    ),
    "KShape": {
        "check_clustering": (
            "the check clusters 2-D blobs as series of length 2; k-Shape "
            "z-normalises every series, which maps each of them to (-1, 1), "
            "(1, -1) or 0, so no shape-based clustering can follow the blobs "
            "(shape clusters are tested in tests/alignment/test_clustering.py)"
        ),
    },
    "CanonicalTimeWarping": BLOCK_NAN_PICKLE,
    "PixelClassifier": {
        "check_classifiers_classes": (
            "labels -1 and 1: -1 marks an unlabelled pixel (the semi-supervised "
            "convention; scikit-learn exempts its semi-supervised estimators "
            "from this check by name)"
        ),
        "check_classifier_multioutput": (
            "the columns of Y are the pixels of image_shape; a 3-column Y for "
            "20-column rows fits no image and raises a ValueError saying so"
        ),
    },
    "RegionWordAligner": {
        "check_classifiers_multilabel_output_format_predict_proba": (
            "probabilities are lexicon entries: exactly 0 for a word never seen "
            "with the image's blobs, which the check's open interval (0, 1) "
            "rejects"
        ),
    },
}
