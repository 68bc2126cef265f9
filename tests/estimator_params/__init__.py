"""Fast constructor parameters and expected check failures, one module per family.

Every module of this package (one per direction, or one per estimator family
where a direction has several, e.g. ``representation.py`` and ``rbm.py``) defines
two dicts keyed by estimator class name:

- ``PARAMS``: keyword arguments for the instance(s) the common checks run on (a
  dict, or a list of dicts to check several configurations); keep them small so
  the checks stay fast.
- ``EXPECTED_FAILED``: ``{check_name: reason}``. Every entry needs a written
  reason; an entry is a debt to pay, not a place to hide a bug.
"""

import pkgutil
from importlib import import_module

DIRECTIONS = ("representation", "translation", "alignment", "fusion", "colearning")

# The expected failures of every estimator that accepts missing views
# (``_missing_views = True``, hence the ``allow_nan`` tag). A missing view is a
# whole block of NaN (a trailing NaN row for CTW's padding); this check scatters
# single NaN entries over X instead, and with its two one-column views one row
# loses both views, which is rejected with a ValueError by design. The contract
# test (tests/test_views_contract.py) pickles these estimators with whole
# missing view blocks instead.
_BLOCK_NAN = (
    "the allow_nan tag makes this check scatter single NaN entries over X; NaN "
    "may only mark a whole missing view block, and a row that lacks every view "
    "is rejected with a ValueError by design (pickling with missing views is "
    "tested by tests/test_views_contract.py)"
)
BLOCK_NAN_PICKLE = {
    "check_estimators_pickle": _BLOCK_NAN,
    "check_estimators_pickle(readonly_memmap=True)": _BLOCK_NAN,
}

PARAMS = {}
EXPECTED_FAILED = {}
for _info in pkgutil.iter_modules(__path__):
    _module = import_module(f"{__name__}.{_info.name}")
    for _table, _merged in (
        (_module.PARAMS, PARAMS),
        (_module.EXPECTED_FAILED, EXPECTED_FAILED),
    ):
        _clash = set(_table) & set(_merged)
        if _clash:
            raise RuntimeError(f"Estimators listed twice in estimator_params: {_clash}")
        _merged.update(_table)
