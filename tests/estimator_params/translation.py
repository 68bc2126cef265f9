"""Common-check settings for skmm.translation (see the package docstring)."""

# class name -> constructor kwargs (or a list of them)
PARAMS = {}

_SCATTERED_NAN = (
    "the allow_nan tag makes this check scatter single NaN entries over X, but "
    "NaN may only mark a whole missing view block; scattered NaN is rejected "
    "with a ValueError by design"
)

# class name -> {check name: reason it is expected to fail}
EXPECTED_FAILED = {
    "ModalityImputer": {
        "check_estimators_pickle": _SCATTERED_NAN,
        "check_estimators_pickle(readonly_memmap=True)": _SCATTERED_NAN,
    },
}
