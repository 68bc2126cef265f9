"""Shared helpers: the views contract, the domain column, arrays, discovery."""

from ._array_api import cupy_available, get_namespace, to_numpy
from ._base import MultiViewMixin
from ._domain import check_sample_domain, split_domain
from ._views import (
    check_missing_views,
    missing_view_mask,
    resolve_selector,
    resolve_views,
    split_views,
    stack_views,
    view_position,
)

__all__ = [
    "MultiViewMixin",
    "check_missing_views",
    "check_sample_domain",
    "cupy_available",
    "get_namespace",
    "missing_view_mask",
    "resolve_selector",
    "resolve_views",
    "split_domain",
    "split_views",
    "stack_views",
    "to_numpy",
    "view_position",
]
