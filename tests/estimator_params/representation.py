"""Common-check settings for skmm.representation (see the package docstring)."""

# class name -> constructor kwargs (or a list of them)
PARAMS = {}

# class name -> {check name: reason it is expected to fail}
EXPECTED_FAILED = {}
