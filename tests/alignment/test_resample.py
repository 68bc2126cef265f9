"""TimeSeriesResampler: exact on the signals each interpolation reproduces,
equal to tslearn's resampler and to scipy's Fourier resampling, round trips,
multi-rate modalities, timestamps and errors."""

import numpy as np
import pytest
from scipy.signal import resample

from skmm.alignment import TimeSeriesResampler, stack_sequences


def _piecewise_linear(t):
    """Knots at 0.4, 1.3 and 2.1 (multiples of 0.1)."""
    return (
        0.5 * t
        - 2.0 * np.abs(t - 1.3)
        + 3.0 * np.maximum(0.0, t - 2.1)
        + np.maximum(0.0, 0.4 - t)
    )


def _band_limited(t, period):
    """Frequencies 3 / period and 5 / period."""
    return np.sin(2 * np.pi * 3 * t / period) + 0.3 * np.cos(
        2 * np.pi * 5 * t / period + 0.4
    )


def test_linear_is_exact_on_piecewise_linear_signals():
    t_in = np.arange(31) / 10.0  # 10 Hz, 0 .. 3 s: every knot is a sample
    X = _piecewise_linear(t_in)[None]
    out = TimeSeriesResampler(rate=23.0, input_rate=10.0).fit_transform(X)
    t_out = np.arange(out.shape[1]) / 23.0
    assert t_out[-1] <= 3.0 < t_out[-1] + 1 / 23.0
    np.testing.assert_allclose(out[0, :, 0], _piecewise_linear(t_out), atol=1e-12)


@pytest.mark.parametrize("rate", [57.0, 40.0, 8.0])
def test_fourier_is_exact_on_band_limited_periodic_signals(rate):
    # 40 samples at 20 Hz: one period of 2 s; frequencies 1.5 and 2.5 Hz lie
    # below every Nyquist frequency here (10 Hz in, rate / 2 out)
    period = 2.0
    t_in = np.arange(40) / 20.0
    X = np.stack([_band_limited(t_in, period), -_band_limited(t_in, period)], -1)
    out = TimeSeriesResampler(rate=rate, input_rate=20.0, method="fourier")
    out = out.fit_transform(X[None])
    t_out = np.arange(out.shape[1]) / rate
    assert out.shape[1] == int(np.ceil(period * rate))
    np.testing.assert_allclose(out[0, :, 0], _band_limited(t_out, period), atol=1e-12)
    np.testing.assert_allclose(out[0, :, 1], -out[0, :, 0], atol=1e-12)


@pytest.mark.parametrize("length", [64, 63])
@pytest.mark.parametrize("sz", [17, 40, 64, 100, 256])
def test_fourier_equals_scipy_resample(length, sz):
    X = np.random.default_rng(length + sz).standard_normal((4, length, 2))
    out = TimeSeriesResampler(sz=sz, method="fourier").fit_transform(X)
    np.testing.assert_allclose(out, resample(X, sz, axis=1), atol=1e-12)


def test_linear_sz_equals_tslearn_resampler():
    preprocessing = pytest.importorskip("tslearn.preprocessing")
    utils = pytest.importorskip("tslearn.utils")
    rng = np.random.default_rng(0)
    X = utils.to_time_series_dataset(
        [rng.standard_normal((n, 3)).cumsum(axis=0) for n in (20, 31, 25)]
    )
    expected = preprocessing.TimeSeriesResampler(sz=37).fit_transform(X)
    got = TimeSeriesResampler(sz=37).fit_transform(X)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("method", ["linear", "fourier"])
def test_rates_round_trip(method):
    rng = np.random.default_rng(1)
    X = rng.standard_normal((3, 100, 2))  # 50 Hz, 2 s
    up = TimeSeriesResampler(rate=200.0, input_rate=50.0, method=method)
    fine = up.fit_transform(X)
    expected_length = 400 if method == "fourier" else 397  # 1.98 s at 200 Hz
    assert fine.shape == (3, expected_length, 2)
    np.testing.assert_allclose(fine[:, ::4], X, atol=1e-12)
    down = TimeSeriesResampler(rate=50.0, input_rate=200.0, method=method)
    np.testing.assert_allclose(down.fit_transform(fine), X, atol=1e-12)


def test_two_modalities_at_different_rates_share_one_clock():
    # one piecewise-linear signal seen by a 100 Hz and a 30 Hz sensor
    fast_t = np.arange(301) / 100.0  # 0 .. 3 s
    slow_t = np.arange(85) / 30.0  # 0 .. 2.8 s
    fast = np.column_stack([_piecewise_linear(fast_t), 2 * _piecewise_linear(fast_t)])
    slow = _piecewise_linear(slow_t)
    X, views = stack_sequences([fast, slow], names=["fast", "slow"])
    resampler = TimeSeriesResampler(rate=10.0, input_rate=[100.0, 100.0, 30.0])
    out = resampler.fit_transform(X[None])[0]
    t = np.arange(29) / 10.0  # the common span ends with the slow sensor
    assert out.shape == (29, 3)
    np.testing.assert_allclose(out[:, 0], _piecewise_linear(t), atol=1e-12)
    np.testing.assert_allclose(out[:, 1], 2 * _piecewise_linear(t), atol=1e-12)
    np.testing.assert_allclose(out[:, views["slow"]][:, 0], out[:, 0], atol=1e-12)
    # a dataset of recordings of different durations is NaN-padded
    short = X[None, :150].copy()
    both = np.concatenate(
        [X[None], np.pad(short, ((0, 0), (0, 151), (0, 0)), constant_values=np.nan)]
    )
    out2 = resampler.fit_transform(both)
    assert out2.shape == (2, 29, 3)
    np.testing.assert_allclose(out2[0], out, atol=0)
    assert np.isnan(out2[1, 15:]).all() and not np.isnan(out2[1, :15]).any()


def test_timestamps_and_unobserved_values():
    rng = np.random.default_rng(2)
    times = np.sort(rng.uniform(0.0, 5.0, 40))
    a = 1.5 - 0.7 * times
    b = 3.0 + 2.0 * times
    a[rng.random(40) < 0.4] = np.nan  # sensor a skips some instants
    b[::3] = np.nan
    # both sensors see the first and last instants: the span is all of it
    a[[0, -1]] = 1.5 - 0.7 * times[[0, -1]]
    b[[0, -1]] = 3.0 + 2.0 * times[[0, -1]]
    X = np.column_stack([a, times, b])[None]
    out = TimeSeriesResampler(rate=4.0, time_channel=1).fit_transform(X)[0]
    grid = times[0] + np.arange(out.shape[0]) / 4.0
    assert grid[-1] <= times[-1] < grid[-1] + 0.25
    np.testing.assert_allclose(out[:, 1], grid)
    np.testing.assert_allclose(out[:, 0], 1.5 - 0.7 * grid, atol=1e-12)
    np.testing.assert_allclose(out[:, 2], 3.0 + 2.0 * grid, atol=1e-12)
    with_sz = TimeSeriesResampler(sz=11, time_channel=1).fit_transform(X)[0]
    np.testing.assert_allclose(with_sz[:, 1], np.linspace(times[0], times[-1], 11))


def test_default_is_the_identity():
    X = np.random.default_rng(3).standard_normal((4, 12, 2))
    np.testing.assert_array_equal(TimeSeriesResampler().fit_transform(X), X)
    X_copy = X.copy()
    TimeSeriesResampler(sz=7).fit_transform(X)
    np.testing.assert_array_equal(X, X_copy)


def test_bad_input():
    X = np.random.default_rng(4).standard_normal((2, 10, 2))
    holed = X.copy()
    holed[0, 4, 1] = np.nan
    with pytest.raises(ValueError, match="NaN inside"):
        TimeSeriesResampler(sz=5).fit(holed)
    stamped = np.concatenate([np.tile(np.arange(10.0), (2, 1))[:, :, None], X], -1)
    backwards = stamped.copy()
    backwards[1, 6, 0] = 2.0
    with pytest.raises(ValueError, match="increase strictly"):
        TimeSeriesResampler(rate=1.0, time_channel=0).fit(backwards)
    untimed = stamped.copy()
    untimed[0, 3, 0] = np.nan
    with pytest.raises(ValueError, match="timestamp"):
        TimeSeriesResampler(rate=1.0, time_channel=0).fit(untimed)
    with pytest.raises(ValueError, match="fourier"):
        TimeSeriesResampler(rate=1.0, time_channel=0, method="fourier").fit(stamped)
    with pytest.raises(ValueError, match="output rate"):
        TimeSeriesResampler(time_channel=0).fit(stamped)
    with pytest.raises(ValueError, match="time_channel=5"):
        TimeSeriesResampler(rate=1.0, time_channel=5).fit(stamped)
    with pytest.raises(ValueError, match="input_rate"):
        TimeSeriesResampler(input_rate=[1.0, 2.0, 3.0]).fit(X)
    with pytest.raises(ValueError, match="input_rate"):
        TimeSeriesResampler(input_rate=[1.0, -2.0]).fit(X)
    with pytest.raises(ValueError, match="rate"):
        TimeSeriesResampler(rate=-1.0).fit(X)
    with pytest.raises(ValueError, match="either sz"):
        TimeSeriesResampler(sz=3, rate=1.0).fit(X)
    disjoint = np.full((1, 10, 3), np.nan)
    disjoint[0, :, 0] = np.arange(10.0)
    disjoint[0, :4, 1] = 1.0
    disjoint[0, 6:, 2] = 2.0
    with pytest.raises(ValueError, match="share no time span"):
        TimeSeriesResampler(rate=1.0, time_channel=0).fit_transform(disjoint)
    fitted = TimeSeriesResampler().fit(X)
    with pytest.raises(ValueError, match="channels"):
        fitted.transform(X[:, :, :1])


def test_series_of_any_length_after_fit():
    X = np.random.default_rng(5).standard_normal((3, 20, 2))
    resampler = TimeSeriesResampler(rate=2.0).fit(X)
    longer = np.random.default_rng(6).standard_normal((2, 31, 2))
    out = resampler.transform(longer)
    assert out.shape == (2, 61, 2)
    np.testing.assert_allclose(out[:, ::2], longer, atol=1e-12)
    # what the common checks would assert besides: fit_transform is fit then
    # transform, and lists work as arrays
    for r in (TimeSeriesResampler(sz=5), TimeSeriesResampler(method="fourier")):
        np.testing.assert_array_equal(r.fit_transform(X), r.fit(X).transform(X))
        np.testing.assert_array_equal(
            r.fit(X.tolist()).transform(X.tolist()), r.transform(X)
        )
    np.testing.assert_array_equal(
        resampler.transform(X[:, :7]),
        TimeSeriesResampler(rate=2.0).fit_transform(X[:, :7]),
    )
