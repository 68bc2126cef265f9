"""Find every public estimator, transformer and function of skmm."""

import inspect
import pkgutil
from importlib import import_module
from operator import itemgetter
from pathlib import Path

from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    ClusterMixin,
    RegressorMixin,
    TransformerMixin,
)

__all__ = ["all_displays", "all_estimators", "all_functions"]

def _public_modules():
    """Every public module of skmm: no part of its dotted name is private."""
    import skmm

    root = str(Path(skmm.__file__).parent)
    yield skmm
    for _, module_name, _ in pkgutil.walk_packages(path=[root], prefix="skmm."):
        if any(part.startswith("_") for part in module_name.split(".")):
            continue
        yield import_module(module_name)


def _public_members(predicate):
    """Members a user can import: the ``__all__`` of the public modules."""
    found = set()
    for module in _public_modules():
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name, None)
            if obj is None or not predicate(obj):
                continue
            if not getattr(obj, "__module__", "").startswith("skmm."):
                continue
            found.add((name, obj))
    return sorted(found, key=itemgetter(0))


def all_estimators(type_filter=None):
    """List every public estimator of skmm, as scikit-learn's function does.

    Parameters
    ----------
    type_filter : {"classifier", "regressor", "cluster", "transformer"} or list \
            of those, default=None
        Keep only estimators of these kinds. ``None`` keeps all.

    Returns
    -------
    estimators : list of (name, class)
        Sorted by name; abstract classes and private names are left out.

    Examples
    --------
    >>> from skmm.utils.discovery import all_estimators
    >>> estimators = all_estimators()
    >>> all(isinstance(name, str) for name, _ in estimators)
    True
    """

    def is_estimator(obj):
        return (
            inspect.isclass(obj)
            and issubclass(obj, BaseEstimator)
            and obj is not BaseEstimator
            and not inspect.isabstract(obj)
        )

    estimators = _public_members(is_estimator)
    if type_filter is None:
        return estimators
    filters = {
        "classifier": ClassifierMixin,
        "regressor": RegressorMixin,
        "cluster": ClusterMixin,
        "transformer": TransformerMixin,
    }
    kinds = [type_filter] if isinstance(type_filter, str) else list(type_filter)
    unknown = [k for k in kinds if k not in filters]
    if unknown:
        raise ValueError(
            f"type_filter must be among {sorted(filters)} or None; got {unknown!r}."
        )
    return [
        (name, cls)
        for name, cls in estimators
        if any(issubclass(cls, filters[k]) for k in kinds)
    ]


def all_displays():
    """List every public display class of skmm (names ending in ``Display``).

    Returns
    -------
    displays : list of (name, class)
        Sorted by name.

    Examples
    --------
    >>> from skmm.utils.discovery import all_displays
    >>> isinstance(all_displays(), list)
    True
    """
    return _public_members(
        lambda o: inspect.isclass(o) and o.__name__.endswith("Display")
    )


def all_functions():
    """List every public function of skmm.

    Only what a user can import: the names in ``__all__`` of the public
    modules (private helpers, tour scripts and device internals are left out).

    Returns
    -------
    functions : list of (name, function)
        Sorted by name.

    Examples
    --------
    >>> from skmm.utils.discovery import all_functions
    >>> "stack_views" in dict(all_functions())
    True
    """
    return _public_members(inspect.isfunction)
