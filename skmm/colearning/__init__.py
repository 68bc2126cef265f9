"""Co-learning between modalities and domains.

Co-training, domain adaptation, zero- and one-shot learning.
"""

__all__ = []
