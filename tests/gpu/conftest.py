import pytest


@pytest.fixture(scope="session")
def cp():
    """CuPy, or a skip that says why the GPU tests cannot run here."""
    cupy = pytest.importorskip("cupy", reason="CuPy is not installed (skmm[gpu])")
    try:
        n_devices = cupy.cuda.runtime.getDeviceCount()
    except Exception as exc:  # noqa: BLE001 - any CUDA failure means no usable GPU
        pytest.skip(f"CuPy is installed but no CUDA device is usable: {exc}")
    if n_devices == 0:
        pytest.skip("CuPy is installed but sees no CUDA device")
    return cupy
