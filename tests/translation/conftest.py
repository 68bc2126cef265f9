"""Pin BLAS to one thread in the translation tests.

On the 2-core CI machines OpenBLAS threads oversubscribe the cores when other
work runs, which makes small linear algebra (ridge, LDA, CCA) 10-50x slower.
"""

import pytest
from threadpoolctl import threadpool_limits


@pytest.fixture(autouse=True, scope="module")
def _one_blas_thread():
    with threadpool_limits(limits=1, user_api="blas"):
        yield
