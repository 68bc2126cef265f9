"""Temporal alignment of sequences.

The DTW family, soft-DTW, barycenters, aligners and canonical time warping.
"""

__all__ = []
