"""Numba-jitted kernels, one module per family, with no estimator code inside.

Public wrappers in the task subpackages validate inputs and call these kernels.
Kernels are compiled with ``cache=True`` so a second process pays no compilation.
"""
