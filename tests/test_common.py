"""scikit-learn's estimator checks over every estimator skmm exports."""

import inspect
from importlib import import_module

import pytest
from sklearn.base import BaseEstimator
from sklearn.utils.estimator_checks import parametrize_with_checks

from skmm.utils.discovery import all_estimators
from tests.estimator_params import DIRECTIONS, EXPECTED_FAILED, PARAMS


def _instances():
    for name, cls in all_estimators():
        configs = PARAMS.get(name, {})
        for params in configs if isinstance(configs, list) else [configs]:
            yield cls(**params)


def _expected_failed(estimator):
    return EXPECTED_FAILED.get(type(estimator).__name__, {})


@parametrize_with_checks(list(_instances()), expected_failed_checks=_expected_failed)
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)


def test_expected_failures_have_reasons():
    for name, checks in EXPECTED_FAILED.items():
        for check, reason in checks.items():
            assert isinstance(reason, str) and len(reason.split()) >= 3, (name, check)


def test_tables_name_existing_estimators():
    names = {name for name, _ in all_estimators()}
    assert set(PARAMS) <= names, set(PARAMS) - names
    assert set(EXPECTED_FAILED) <= names, set(EXPECTED_FAILED) - names


def _exported_estimators():
    for direction in DIRECTIONS:
        module = import_module(f"skmm.{direction}")
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isclass(obj) and issubclass(obj, BaseEstimator):
                yield name, obj


def test_discovery_finds_every_exported_estimator():
    found = dict(all_estimators())
    for name, cls in _exported_estimators():
        assert found.get(name) is cls, name


@pytest.mark.parametrize("name, cls", all_estimators())
def test_docstring_has_runnable_example_and_references(name, cls):
    doc = inspect.getdoc(cls) or ""
    assert "Parameters\n----------" in doc, name
    assert "Examples\n--------" in doc and ">>>" in doc, name


def test_all_estimators_type_filter():
    everything = dict(all_estimators())
    for kind in ("classifier", "regressor", "transformer", "cluster"):
        subset = dict(all_estimators(type_filter=kind))
        assert set(subset) <= set(everything)
    with pytest.raises(ValueError, match="type_filter"):
        all_estimators(type_filter="bogus")
