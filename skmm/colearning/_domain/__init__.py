"""Domain adaptation inside co-learning.

A private sub-package: its public names are exported by :mod:`skmm.colearning`.

- ``_adapters``: the adapter base (domain reading, validation) and the
  feature-mapping adapters (CORAL, subspace alignment, TCA);
- ``_reweighting``: importance-weighting adapters (KMM, discriminative);
- ``_estimators``: the meta-estimators that adapt, then fit on labeled source
  rows;
- ``_selection``: target-aware splitters and scorers.
"""
