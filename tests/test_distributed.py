"""Scaling out: skmm's joblib loops on a dask.distributed cluster.

A ``LocalCluster`` of two in-process workers (in-process transport: no network
port, no dashboard) runs a blocked ``cdist_dtw`` and a ``GridSearchCV`` over an
skmm pipeline through joblib's Dask backend. The tests check that the tasks ran
on the cluster's workers (the client's task stream records each task with its
worker) and that the results equal those of the same calls run locally.
"""

import numpy as np
import pytest

distributed = pytest.importorskip("distributed")

from joblib import parallel_config  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import GridSearchCV  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402

from skmm.alignment import cdist_dtw  # noqa: E402
from skmm.datasets import make_multiview_classification  # noqa: E402
from skmm.representation import CCA  # noqa: E402


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        dashboard_address=None,
    )
    with distributed.Client(cluster) as client:
        yield client
    cluster.close()


def _worker_tasks(stream, client):
    """Workers that ran tasks, and the number of tasks, from a task stream."""
    workers = set(client.scheduler_info()["workers"])
    ran = [t for t in stream.data if t.get("worker") in workers]
    return {t["worker"] for t in ran}, len(ran)


def test_cdist_dtw_blocks_run_on_the_cluster(client):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((23, 30, 2))
    X[4, 20:] = np.nan  # variable lengths travel with the blocks
    Y = rng.standard_normal((9, 25, 2))
    local = cdist_dtw(X, Y, radius=3, block_size=5)
    local_sym = cdist_dtw(X, radius=3, block_size=5)
    with distributed.get_task_stream(client) as stream:
        with parallel_config(backend="dask"):
            remote = cdist_dtw(X, Y, radius=3, block_size=5)
            remote_sym = cdist_dtw(X, radius=3, block_size=5)
    workers, n_tasks = _worker_tasks(stream, client)
    assert workers, "no task ran on a worker of the cluster"
    assert n_tasks >= 2
    np.testing.assert_array_equal(remote, local)
    np.testing.assert_array_equal(remote_sym, local_sym)
    # blocked and unblocked computations agree
    np.testing.assert_allclose(local, cdist_dtw(X, Y, radius=3), rtol=1e-12)


def test_grid_search_over_an_skmm_pipeline_on_the_cluster(client):
    X, y, views = make_multiview_classification(
        n_samples=120,
        n_features=(6, 6),
        informativeness=(1.0, 0.5),
        random_state=0,
    )
    pipe = make_pipeline(CCA(views=views), LogisticRegression())
    grid = {"cca__n_components": [1, 2], "cca__reg": [0.0, 0.5]}
    local = GridSearchCV(pipe, grid, cv=3).fit(X, y)
    with distributed.get_task_stream(client) as stream:
        with parallel_config(backend="dask"):
            remote = GridSearchCV(pipe, grid, cv=3, n_jobs=2).fit(X, y)
    workers, n_tasks = _worker_tasks(stream, client)
    assert workers, "no task ran on a worker of the cluster"
    assert n_tasks >= 1
    np.testing.assert_array_equal(
        remote.cv_results_["mean_test_score"], local.cv_results_["mean_test_score"]
    )
    assert remote.best_params_ == local.best_params_
    np.testing.assert_array_equal(remote.predict(X), local.predict(X))
