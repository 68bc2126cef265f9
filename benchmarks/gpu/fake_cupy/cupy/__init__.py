"""A NumPy stand-in for CuPy, to dry-run skmm's GPU paths on a machine without one.

NOT CuPy: it covers only what skmm's GPU code and ``tests/gpu/test_gpu.py`` call.
Arrays are a NumPy subclass (so ``isinstance(a, cupy.ndarray)`` tells them from
plain NumPy arrays), and ``RawModule`` compiles the CUDA source as host C++ with
g++ (the kernel's ``host_prelude``), running every thread of the grid in turn.
It checks the Python side of the GPU paths (dispatch, validation, argument
marshalling, chunked grids, dtypes) and the kernel's arithmetic; it cannot catch
differences between CuPy's API and NumPy's, nor anything about speed::

    PYTHONPATH=benchmarks/gpu/fake_cupy python -m pytest tests/gpu/test_gpu.py
    PYTHONPATH=benchmarks/gpu/fake_cupy python benchmarks/gpu/bench_gpu.py --smoke

Never put this folder on the path of a machine with a real GPU.
"""

import ctypes
import hashlib
import os
import subprocess
import tempfile
import types

import numpy as np

__version__ = "0.0-numpy-stand-in"


class ndarray(np.ndarray):  # noqa: N801 - CuPy's name
    def get(self):
        return np.array(self)


def _wrap(x):
    if isinstance(x, np.ndarray) and not isinstance(x, ndarray):
        return x.view(ndarray)
    if isinstance(x, tuple):
        return tuple(_wrap(v) for v in x)
    return x


def _plain(x):
    return np.asarray(x) if isinstance(x, ndarray) else x


def _function(f):
    def call(*args, **kwargs):
        args = [_plain(a) for a in args]
        kwargs = {k: _plain(v) for k, v in kwargs.items()}
        return _wrap(f(*args, **kwargs))

    return call


def asarray(a, dtype=None):
    return np.array(_plain(a), dtype=dtype).view(ndarray)


def asnumpy(a):
    return np.array(_plain(a))


def ascontiguousarray(a, dtype=None):
    return np.ascontiguousarray(_plain(a), dtype=dtype).view(ndarray)


def __getattr__(name):
    obj = getattr(np, name)
    if callable(obj) and not isinstance(obj, type):
        return _function(obj)
    return obj


linalg = types.SimpleNamespace(
    eigh=_function(np.linalg.eigh),
    svd=_function(np.linalg.svd),
    lstsq=_function(np.linalg.lstsq),
)


class _RandomState:
    def __init__(self, seed):
        self._rng = np.random.default_rng(seed)

    def standard_normal(self, size, dtype=float):
        return self._rng.standard_normal(size).astype(dtype).view(ndarray)


random = types.SimpleNamespace(RandomState=_RandomState)


class _Device:
    def synchronize(self):
        pass


cuda = types.SimpleNamespace(
    runtime=types.SimpleNamespace(
        getDeviceCount=lambda: 1,
        runtimeGetVersion=lambda: 0,
        getDeviceProperties=lambda i: {"name": b"NumPy stand-in (no GPU)"},
    ),
    Device=_Device,
)


def get_default_memory_pool():
    return types.SimpleNamespace(free_all_blocks=lambda: None)


_DRIVER = r"""
extern "C" void run_grid(int gx, int gy, int block, const REAL* X, const REAL* Yt,
                         const int* lx, const int* ly, int nx, int ny, int L1, int L2,
                         int radius, int symmetric, REAL* out) {
    blockDim.x = block;
    for (int by = 0; by < gy; ++by)
        for (int bx = 0; bx < gx; ++bx)
            for (int tx = 0; tx < block; ++tx) {
                blockIdx.x = bx; blockIdx.y = by; threadIdx.x = tx;
                KERNEL_NAME(X, Yt, lx, ly, nx, ny, L1, L2, radius, symmetric, out);
            }
}
"""


class RawModule:
    """Compiles skmm's DTW kernel source as host C++ (the only RawModule skmm uses)."""

    def __init__(self, code, options=()):
        from skmm._kernels._cuda_dtw import host_prelude

        defs = dict(o[2:].split("=", 1) for o in options if o.startswith("-D"))
        defs["REAL_INF"] = "std::numeric_limits<REAL>::infinity()"
        header = "".join(f"#define {k} {v}\n" for k, v in defs.items())
        source = header + host_prelude() + code + _DRIVER
        digest = hashlib.sha1(source.encode()).hexdigest()[:16]
        lib = os.path.join(tempfile.gettempdir(), f"skmm_fake_cupy_{digest}.so")
        if not os.path.exists(lib):
            cpp = lib[:-3] + ".cpp"
            with open(cpp, "w") as fh:
                fh.write(source)
            subprocess.run(
                ["g++", "-O2", "-shared", "-fPIC", "-Wno-unknown-pragmas"]
                + ["-o", lib, cpp],
                check=True,
            )
        self._lib = ctypes.CDLL(lib)
        self._real = np.float32 if defs["REAL"] == "float" else np.float64

    def get_function(self, name):
        run, real = self._lib.run_grid, self._real

        def launch(grid, block, args):
            X, Yt, lx, ly, nx, ny, L1, L2, radius, symmetric, out = args
            for a, dtype in ((X, real), (Yt, real), (lx, np.int32), (ly, np.int32)):
                assert a.dtype == dtype and a.flags.c_contiguous, (a.dtype, dtype)
            assert out.dtype == real and out.flags.c_contiguous

            def ptr(a):
                return ctypes.c_void_p(a.ctypes.data)

            ints = [ctypes.c_int(int(v)) for v in (nx, ny, L1, L2, radius, symmetric)]
            run(
                *[ctypes.c_int(int(v)) for v in (grid[0], grid[1], block[0])],
                ptr(X),
                ptr(Yt),
                ptr(lx),
                ptr(ly),
                *ints,
                ptr(out),
            )

        return launch
