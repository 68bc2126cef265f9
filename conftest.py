"""Test-suite settings shared by tests/ and the doctests in skmm/.

BLAS is pinned to one thread: on 2-core machines OpenBLAS pools (numpy's and
scipy's) oversubscribe the cores, which made small linear algebra (ridge, LDA,
CCA) 10-50x slower and erratic. Numba kernels keep their own threads.
"""

import numpy  # noqa: F401 - load the BLAS libraries before limiting them
import pytest
import scipy.linalg  # noqa: F401
from threadpoolctl import threadpool_limits


@pytest.fixture(autouse=True, scope="module")
def _one_blas_thread():
    with threadpool_limits(limits=1, user_api="blas"):
        yield
