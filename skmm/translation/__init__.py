"""Cross-modal translation.

Retrieval in a shared space, prediction of one modality from another,
missing-modality imputation and retrieval metrics.
"""

__all__ = []
