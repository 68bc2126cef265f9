"""Synthetic generators with known ground truth and loaders of bundled data.

Nothing here touches the network: loaders build multi-view data from what
scikit-learn and tslearn install with them, or read the small real data sets
bundled with skmm (BasicMotions).
"""

from ._attributes import make_attribute_classification
from ._generators import (
    make_correlated_views,
    make_domain_shift,
    make_label_shift,
    make_multi_source_shift,
    make_multiview_classification,
    make_warped_sequences,
)
from ._loaders import (
    load_basic_motions,
    load_digit_halves,
    load_linnerud_views,
    load_trace,
)
from ._scenes import make_captioned_scenes

__all__ = [
    "load_basic_motions",
    "load_digit_halves",
    "load_linnerud_views",
    "load_trace",
    "make_attribute_classification",
    "make_captioned_scenes",
    "make_correlated_views",
    "make_domain_shift",
    "make_label_shift",
    "make_multi_source_shift",
    "make_multiview_classification",
    "make_warped_sequences",
]
