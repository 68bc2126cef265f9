"""Common-check settings for skmm.colearning's domain adaptation (see the package
docstring).

The common checks feed random data with no domain column and no unlabeled row, so
every estimator here runs its documented fallback: without domain information it
warns (``NoTargetDomainWarning``) and fits the identity adaptation, with X as its
own source and target. That path is still the real code: validation, fitted
attributes, pickling, feature names and output containers are all checked.
"""

# class name -> constructor kwargs (or a list of them)
PARAMS = {
    "JointTransportClassifier": {"max_iter": 3},
    "JointTransportRegressor": {"max_iter": 3},
    "KernelMeanMatching": {"max_iter": 50},
    "KullbackLeiblerImportanceEstimation": {"n_centers": 20, "cv": 3},
    "TransferComponentAnalysis": [{}, {"kernel": "rbf", "n_components": 2}],
}

_UNLABELED_TARGET = (
    "without a domain column y == -1 marks unlabeled target rows (sklearn's "
    "semi-supervised convention, skada's default domains), so the check's "
    "-1/1 labels leave one labeled source class; sklearn exempts "
    "SelfTrainingClassifier for the same reason"
)

# class name -> {check name: reason it is expected to fail}
EXPECTED_FAILED = {
    "DomainAdaptationClassifier": {"check_classifiers_classes": _UNLABELED_TARGET},
    "LabelShiftClassifier": {"check_classifiers_classes": _UNLABELED_TARGET},
    "JointTransportClassifier": {"check_classifiers_classes": _UNLABELED_TARGET},
}
