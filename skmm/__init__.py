"""skmm: scikit-learn-compatible multimodal machine learning.

Subpackages follow the five directions of multimodal learning:

- :mod:`skmm.representation` -- coordinated and joint representations
- :mod:`skmm.translation` -- cross-modal retrieval and prediction
- :mod:`skmm.alignment` -- temporal alignment (DTW family, canonical time warping)
- :mod:`skmm.fusion` -- early, late and stacking fusion
- :mod:`skmm.colearning` -- co-training, domain adaptation, zero- and one-shot learning

plus :mod:`skmm.datasets` (generators with known ground truth and loaders of bundled
data) and :mod:`skmm.utils` (the views contract, validation, discovery).

Multi-view data is a single 2-D ``X`` plus a ``views`` parameter that names the
columns of each modality; see :func:`skmm.utils.resolve_views`.

Subpackages are imported lazily, so ``import skmm`` stays fast and never imports
optional dependencies (CuPy, dask, matplotlib).
"""

import importlib

from ._version import __version__

_SUBPACKAGES = (
    "alignment",
    "colearning",
    "datasets",
    "fusion",
    "representation",
    "translation",
    "utils",
)

__all__ = ["__version__", "stack_views", *_SUBPACKAGES]


def __getattr__(name):
    if name in _SUBPACKAGES:
        return importlib.import_module(f"skmm.{name}")
    if name == "stack_views":
        from .utils import stack_views

        return stack_views
    raise AttributeError(f"module 'skmm' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
