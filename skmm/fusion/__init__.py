"""Fusion of modalities.

Feature level (early), decision level (late) and both (stacking).
"""

__all__ = []
