"""The CUDA DTW kernel's arithmetic, checked on the CPU.

The kernel source is compiled as host C++ (every "thread" of the grid becomes one
call) and compared with a plain NumPy DTW (tslearn's band convention), so the GPU
kernel's logic is tested on machines without a GPU. The GPU itself is exercised by
``tests/gpu/test_gpu.py`` where CuPy and a device exist.
"""

import ctypes
import shutil
import subprocess

import numpy as np
import pytest

from skmm._kernels._cuda_dtw import (
    KERNEL_SOURCE,
    STRIP,
    defines,
    host_prelude,
    max_len_for,
)

pytestmark = pytest.mark.skipif(
    shutil.which("g++") is None,
    reason="g++ is needed to compile the kernel as host code",
)

_DRIVER = r"""
extern "C" void run_grid(const REAL* X, const REAL* Yt, const int* lx, const int* ly,
                         int nx, int ny, int L1, int L2, int radius, int symmetric,
                         REAL* out, int block) {
    blockDim.x = block;
    for (int by = 0; by < nx; ++by)
        for (int bx = 0; bx < (ny + block - 1) / block; ++bx)
            for (int tx = 0; tx < block; ++tx) {
                blockIdx.x = bx; blockIdx.y = by; threadIdx.x = tx;
                KERNEL_NAME(X, Yt, lx, ly, nx, ny, L1, L2, radius, symmetric, out);
            }
}
"""


_COMPILED = {}


def _host_kernel(tmp_path, dtype, n_dim, length, strip):
    key = (np.dtype(dtype).name, n_dim, max_len_for(length), strip)
    if key not in _COMPILED:
        _COMPILED[key] = _compile(tmp_path, dtype, n_dim, length, strip)
    return _COMPILED[key]


def _compile(tmp_path, dtype, n_dim, length, strip):
    flags = defines(
        np.dtype(dtype).name, n_dim, max_len_for(length), host=True, strip=strip
    )
    source = tmp_path / "kernel.cpp"
    header = "".join(f"#define {k} {v}\n" for k, v in flags.items())
    source.write_text(header + host_prelude() + KERNEL_SOURCE + _DRIVER)
    lib = tmp_path / "kernel.so"
    subprocess.run(
        [
            "g++",
            "-O1",
            "-shared",
            "-fPIC",
            "-Wno-unknown-pragmas",
            "-o",
            str(lib),
            str(source),
        ],
        check=True,
    )
    return ctypes.CDLL(str(lib)).run_grid


def _run(tmp_path, X, Y, len_x, len_y, radius, symmetric=False, block=4, strip=STRIP):
    dtype = X.dtype
    fn = _host_kernel(tmp_path, dtype, X.shape[2], X.shape[1], strip)
    Yt = np.ascontiguousarray(Y.transpose(1, 2, 0))
    out = np.full((X.shape[0], Y.shape[0]), -1.0, dtype=dtype)
    ptr = np.ctypeslib.ndpointer
    fn.argtypes = (
        [ptr(dtype), ptr(dtype), ptr(np.int32), ptr(np.int32)]
        + [ctypes.c_int] * 6
        + [ptr(dtype), ctypes.c_int]
    )
    fn(
        np.ascontiguousarray(X),
        Yt,
        np.asarray(len_x, np.int32),
        np.asarray(len_y, np.int32),
        X.shape[0],
        Y.shape[0],
        X.shape[1],
        Y.shape[1],
        radius,
        int(symmetric),
        out,
        block,
    )
    if symmetric:
        out = np.triu(out, 1)
        out = out + out.T
    return out


def _reference(x, y, radius):
    """Plain DTW, squared Euclidean local cost, tslearn's Sakoe-Chiba band."""
    n, m = len(x), len(y)
    acc = np.full((n + 1, m + 1), np.inf)
    acc[0, 0] = 0.0
    for i in range(n):
        for j in range(m):
            if radius >= 0 and not (
                i - radius - max(0, n - m) <= j <= i + radius + max(0, m - n)
            ):
                continue
            cost = np.sum((x[i] - y[j]) ** 2)
            acc[i + 1, j + 1] = cost + min(acc[i, j], acc[i, j + 1], acc[i + 1, j])
    return acc[n, m]


# Small strips of few channels keep a strip's gallery frames in registers and
# take the test-free path for strips inside the band (float32 up to 64 values,
# float64 up to 32); wider ones read them from memory through the masked path
# only. Strip 8 and radius 20 make the two paths alternate within a pair.
@pytest.mark.parametrize(
    "dtype, n_dim, strip",
    [
        (np.float64, 1, STRIP),  # registers, both paths
        (np.float32, 1, STRIP),  # registers, both paths
        (np.float64, 3, STRIP),  # memory, masked path
        (np.float32, 3, 8),  # registers, both paths, short strips
        (np.float32, 5, STRIP),  # memory, masked path
    ],
)
def test_host_compiled_kernel_matches_reference(tmp_path, dtype, n_dim, strip):
    rng = np.random.default_rng(n_dim)
    nx, ny, L1, L2 = 3, 5, 37, 41
    X = rng.standard_normal((nx, L1, n_dim)).astype(dtype)
    Y = rng.standard_normal((ny, L2, n_dim)).astype(dtype)
    len_x = np.array([37, 20, 33])
    len_y = np.array([41, 18, 37, 5, 23])
    for radius in (-1, 0, 2, 7, 20):
        got = _run(tmp_path, X, Y, len_x, len_y, radius, strip=strip)
        want = np.array(
            [
                [
                    _reference(
                        X[i, : len_x[i]].astype(float),
                        Y[j, : len_y[j]].astype(float),
                        radius,
                    )
                    for j in range(ny)
                ]
                for i in range(nx)
            ]
        )
        rtol = 1e-10 if dtype == np.float64 else 1e-5
        np.testing.assert_allclose(got, want, rtol=rtol)


def test_host_compiled_kernel_symmetric_mode(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((6, 30, 2))
    lengths = np.array([30, 30, 12, 25, 30, 7])
    for radius in (-1, 3):
        got = _run(tmp_path, X, X, lengths, lengths, radius, symmetric=True)
        want = np.array(
            [
                [
                    _reference(X[i, : lengths[i]], X[j, : lengths[j]], radius)
                    for j in range(6)
                ]
                for i in range(6)
            ]
        )
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)
