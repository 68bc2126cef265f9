"""Cross-modal translation.

Retrieval in a shared space, prediction of one modality from another,
missing-modality imputation and retrieval metrics.
"""

from ._imputer import ModalityImputer
from ._metrics import (
    make_retrieval_scorer,
    mean_average_precision,
    mean_reciprocal_rank,
    median_rank,
    recall_at_k,
    retrieval_ranks,
)
from ._plot import RetrievalDisplay
from ._retrieval import CrossModalRetriever, analogy
from ._translator import ModalityTranslator

__all__ = [
    "CrossModalRetriever",
    "ModalityImputer",
    "ModalityTranslator",
    "analogy",
    "make_retrieval_scorer",
    "mean_average_precision",
    "mean_reciprocal_rank",
    "median_rank",
    "recall_at_k",
    "retrieval_ranks",
    "RetrievalDisplay",
]
