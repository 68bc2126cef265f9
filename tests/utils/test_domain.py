import numpy as np
import pandas as pd
import pytest

from skmm.utils import check_sample_domain, split_domain


def test_split_domain_array_and_frame():
    X = np.array([[1.0, 0.0, 2.0], [3.0, -1.0, 4.0]])
    X_copy = X.copy()
    rest, domain, column = split_domain(X, 1)
    np.testing.assert_array_equal(rest, [[1.0, 2.0], [3.0, 4.0]])
    assert domain.tolist() == [0, -1] and column == 1
    np.testing.assert_array_equal(X, X_copy)
    frame = pd.DataFrame(X, columns=["f0", "domain", "f1"])
    rest, domain, column = split_domain(frame, "domain")
    assert list(rest.columns) == ["f0", "f1"] and domain.tolist() == [0, -1]
    assert list(frame.columns) == ["f0", "domain", "f1"]


@pytest.mark.parametrize(
    "values, match",
    [
        ([0.0, np.nan], "NaN or infinity"),
        ([0.0, 0.5], "whole numbers"),
        (["a", "b"], "must hold integers"),
    ],
)
def test_bad_domain_values(values, match):
    with pytest.raises(ValueError, match=match):
        check_sample_domain(np.asarray(values))


def test_domain_selector_errors():
    X = np.zeros((2, 3))
    with pytest.raises(ValueError, match="exactly one column"):
        split_domain(X, [0, 1])
    with pytest.raises(ValueError, match="No domain column"):
        split_domain(X, None)
    with pytest.raises(ValueError, match="only 3 columns"):
        split_domain(X, 7)
    with pytest.raises(ValueError, match="unknown column"):
        split_domain(pd.DataFrame(X, columns=list("abc")), "domain")


def test_require_source_and_target():
    with pytest.raises(ValueError, match="No source rows"):
        check_sample_domain([-1, -2], require_source=True)
    with pytest.raises(ValueError, match="No target rows"):
        check_sample_domain([0, 1], require_target=True)
    assert check_sample_domain(
        [0, -1], require_source=True, require_target=True
    ).tolist() == [0, -1]
