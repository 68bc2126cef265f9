"""Shared helpers: the views contract, the domain column, arrays, discovery."""

from ._array_api import cupy_available, get_namespace, to_numpy
from ._base import MultiViewMixin
from ._domain import (
    NoTargetDomainWarning,
    check_sample_domain,
    read_domains,
    split_domain,
    unlabeled_mask,
)
from ._views import (
    check_missing_views,
    check_view_count,
    missing_view_mask,
    resolve_selector,
    resolve_views,
    row_label,
    split_views,
    stack_views,
    view_position,
)

__all__ = [
    "MultiViewMixin",
    "check_missing_views",
    "check_sample_domain",
    "check_view_count",
    "cupy_available",
    "get_namespace",
    "missing_view_mask",
    "read_domains",
    "resolve_selector",
    "resolve_views",
    "row_label",
    "split_domain",
    "split_views",
    "stack_views",
    "to_numpy",
    "unlabeled_mask",
    "view_position",
]
