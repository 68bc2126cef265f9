"""Multi-rate streams onto one clock: resampling series per channel."""

import numbers

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_array, check_is_fitted, validate_data

from ._docstrings import series_docs
from ._validation import check_channels, pad_series

__all__ = ["TimeSeriesResampler"]

# output frames computed at once by the Fourier evaluation (bounds its memory)
_FOURIER_BLOCK = 4096


def _channel_length(values, name):
    """Length of one channel before its trailing NaN; NaN inside is an error."""
    nan = np.isnan(values)
    if not nan.any():
        return values.size
    length = values.size - np.argmin(nan[::-1]) if not nan.all() else 0
    if nan[:length].any():
        raise ValueError(
            f"{name} contains NaN inside the series (not trailing padding); "
            "without time_channel only trailing NaN (a channel that ends "
            "earlier) can be read."
        )
    return length


def _rates(input_rate, n_channels):
    rates = np.asarray(input_rate, dtype=np.float64)
    if rates.ndim == 0:
        rates = np.full(n_channels, float(rates))
    if rates.shape != (n_channels,):
        raise ValueError(
            f"input_rate must be one rate or one per channel ({n_channels}); got "
            f"shape {rates.shape}."
        )
    if not np.all(np.isfinite(rates)) or np.any(rates <= 0):
        raise ValueError(f"input_rate must be finite and > 0; got {rates.tolist()}.")
    return rates


def _regular_samples(series, rates, i):
    """``[(times, values)]`` of every channel sampled at its own rate."""
    out = []
    for c in range(series.shape[1]):
        n = _channel_length(series[:, c], f"X[{i}][:, {c}]")
        if n == 0:
            raise ValueError(f"Channel {c} of X[{i}] is empty (all NaN).")
        out.append((np.arange(n) / rates[c], series[:n, c]))
    return out


def _timestamped_samples(series, time_channel, i):
    """``[(times, values)]`` of every value channel, read at its non-NaN rows."""
    t = series[:, time_channel]
    values = np.delete(series, time_channel, axis=1)
    untimed = np.isnan(t)
    if np.any(untimed & ~np.isnan(values).all(axis=1)):
        first = int(np.flatnonzero(untimed & ~np.isnan(values).all(axis=1))[0])
        raise ValueError(
            f"X[{i}] has values at frame {first} but no timestamp (NaN in "
            f"time_channel={time_channel})."
        )
    timed = np.flatnonzero(~untimed)
    if timed.size and np.any(untimed[timed[0] : timed[-1]]):
        raise ValueError(
            f"The timestamps of X[{i}] have a gap (NaN between frames); only "
            "trailing frames may lack a timestamp."
        )
    times = t[~untimed]
    steps = np.diff(times)
    if np.any(steps <= 0):
        k = int(np.flatnonzero(steps <= 0)[0])
        raise ValueError(
            f"The timestamps of X[{i}] must increase strictly; frame {k + 1} has "
            f"time {times[k + 1]!r} after {times[k]!r}."
        )
    rows = values[~untimed]
    out = []
    for c in range(rows.shape[1]):
        seen = ~np.isnan(rows[:, c])
        if not seen.any():
            raise ValueError(f"A value channel of X[{i}] is never observed (all NaN).")
        out.append((times[seen], rows[seen, c]))
    return out


def _fourier_eval(values, period, grid):
    """The periodic band-limited interpolant of ``values``, read at ``grid``.

    ``values`` is one period, regularly sampled; the interpolant is low-passed
    to the grid's Nyquist frequency: frequencies ``f / period`` are kept up
    to half the grid's sampling rate (with full weight at exactly that rate,
    folding its alias as
    :func:`scipy.signal.resample` does); the input Nyquist bin of an even
    length enters as a cosine. On the grid ``k period / num`` this is
    ``scipy.signal.resample(values, num)``.
    """
    n = values.size
    spectrum = np.fft.rfft(values)
    freqs = np.arange(spectrum.size)
    weights = np.full(spectrum.size, 2.0)
    weights[0] = 1.0
    if n % 2 == 0:
        weights[-1] = 1.0
        spectrum[-1] = spectrum[-1].real
    if grid.size > 1:
        out_rate = (grid.size - 1) / (grid[-1] - grid[0])
        keep = freqs <= 0.5 * out_rate * period * (1 + 1e-12)
        spectrum, freqs, weights = spectrum[keep], freqs[keep], weights[keep]
    coef = weights * spectrum / n
    out = np.empty(grid.size)
    for k0 in range(0, grid.size, _FOURIER_BLOCK):
        phase = np.exp(
            2j * np.pi * np.outer(grid[k0 : k0 + _FOURIER_BLOCK], freqs) / period
        )
        out[k0 : k0 + _FOURIER_BLOCK] = (phase @ coef).real
    return out


@series_docs
class TimeSeriesResampler(TransformerMixin, BaseEstimator):
    """Put series sampled at different rates, or at irregular times, on one clock.

    Each channel is interpolated on its own sample times and read on a common
    output grid, so that modalities recorded by different sensors can be
    stacked, fused or aligned frame by frame. Named after tslearn's
    ``TimeSeriesResampler``, which it reproduces with ``sz`` (every series
    linearly resampled to ``sz`` frames over its own span); it adds rates and
    timestamps.

    Sample times come from one of two layouts of ``X`` (tslearn's
    ``(n_series, length, n_channels)``):

    - regular channels: channel ``c`` is sampled at ``input_rate[c]`` samples
      per unit of time from time 0, and ends at its first trailing NaN (a
      slower modality holds fewer frames: stack modalities with
      :func:`stack_sequences`);
    - timestamps: with ``time_channel``, that channel holds the time of each
      frame (strictly increasing) and every other channel is read at the
      frames where it is not NaN (NaN: not observed then).

    The output grid runs over the time where every channel has samples (no
    extrapolation): from the latest first sample to the earliest last sample,
    at ``rate`` samples per unit of time (or ``sz`` frames spread over that
    span). With ``method="fourier"`` each channel is one period of a
    band-limited periodic signal (``length / input_rate`` long), as in
    :func:`scipy.signal.resample`, and the grid covers ``[0, period)``.

    What is exact: ``"linear"`` returns the values of any signal that is
    linear between the input sample times (piecewise-linear signals with
    knots at the samples); ``"fourier"`` returns the values of any periodic
    signal whose frequencies lie below both the input's and the output's
    Nyquist frequency. Both round-trip a rate: resampling from ``r`` to ``k
    r`` and back (integer ``k``) returns the input.

    Parameters
    ----------
    sz : int, default=None
        Number of output frames, spread evenly over the common span (or the
        period for ``"fourier"``). Exclusive with ``rate``.
    rate : float, default=None
        Output samples per unit of time. None with ``sz`` None: the highest
        ``input_rate`` (required with ``time_channel``).
    input_rate : float or array-like of shape (n_channels,), default=1.0
        Sampling rate of every channel, or one per channel (without
        ``time_channel``).
    time_channel : int, default=None
        Channel holding the timestamps; it holds the output times in the
        output.
    method : {"linear", "fourier"}, default="linear"
        Linear interpolation (per channel, ``numpy.interp``) or band-limited
        Fourier interpolation (regular channels only).

    Attributes
    ----------
    n_channels_in_ : int
        Number of channels of the training series.
    {series_fit_attributes}

    See Also
    --------
    stack_sequences : Side by side, modalities of different lengths.
    CanonicalTimeWarping : Aligns modalities once they share a clock.

    Examples
    --------
    Two sensors of one recording, at 4 and 2 samples per second, on a common
    clock of 4 samples per second:

    >>> import numpy as np
    >>> from skmm.alignment import TimeSeriesResampler, stack_sequences
    >>> fast = np.array([0.0, 1, 2, 3, 4, 5, 6, 7])  # 4 Hz, 0 .. 1.75 s
    >>> slow = np.array([0.0, 10, 20, 30])            # 2 Hz, 0 .. 1.5 s
    >>> X, views = stack_sequences([fast, slow])
    >>> out = TimeSeriesResampler(rate=4, input_rate=[4, 2]).fit_transform(X[None])
    >>> out[0].T
    array([[ 0.,  1.,  2.,  3.,  4.,  5.,  6.],
           [ 0.,  5., 10., 15., 20., 25., 30.]])
    """

    _parameter_constraints = {
        "sz": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "rate": [Interval(numbers.Real, 0, None, closed="neither"), None],
        "input_rate": [Interval(numbers.Real, 0, None, closed="neither"), "array-like"],
        "time_channel": [Interval(numbers.Integral, 0, None, closed="left"), None],
        "method": [StrOptions({"linear", "fourier"})],
    }

    def __init__(
        self, sz=None, *, rate=None, input_rate=1.0, time_channel=None, method="linear"
    ):
        self.sz = sz
        self.rate = rate
        self.input_rate = input_rate
        self.time_channel = time_channel
        self.method = method

    def _validate(self, X, reset):
        kwargs = dict(allow_nd=True, ensure_all_finite="allow-nan", dtype=np.float64)
        try:
            length = np.shape(X)[1]
        except (ValueError, IndexError):  # ragged or 1-D: validate_data says so
            length = None
        if reset or length in (None, getattr(self, "n_features_in_", None)):
            X = validate_data(self, X, reset=reset, **kwargs)
        else:
            # after fit, series of any length (a length is not a feature count)
            X = check_array(X, **kwargs)
        if X.ndim == 2:
            X = X[:, :, None]
        if X.ndim != 3:
            raise ValueError(
                "Time series must be 2-D (n_series, length) or 3-D (n_series, "
                f"length, n_channels); got {X.ndim} dimensions."
            )
        if self.sz is not None and self.rate is not None:
            raise ValueError("Give either sz (output frames) or rate, not both.")
        d = X.shape[2]
        if self.time_channel is not None:
            if self.time_channel >= d:
                raise ValueError(
                    f"time_channel={self.time_channel} does not exist: X has {d} "
                    "channel(s)."
                )
            if d < 2:
                raise ValueError(
                    "With time_channel, X needs the time channel and at least one "
                    "value channel."
                )
            if self.method == "fourier":
                raise ValueError(
                    "method='fourier' needs regular sampling; with timestamps "
                    "(time_channel) use method='linear'."
                )
            if not np.isscalar(self.input_rate) or self.input_rate != 1.0:
                raise ValueError(
                    "input_rate has no meaning with time_channel (the timestamps "
                    "give the sample times); leave it at 1.0."
                )
            if self.rate is None and self.sz is None:
                raise ValueError(
                    "With time_channel, give the output rate (samples per unit of "
                    "time of the timestamps) or sz."
                )
        return X

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Check the series and the parameters (the resampler learns nothing).

        Parameters
        ----------
        X : array-like of shape (n_series, length) or (n_series, length, \
                n_channels)
            Series (see the class description for the two layouts).
        y : None
            Ignored.

        Returns
        -------
        self : object
        """
        X = self._validate(X, reset=True)
        self.n_channels_in_ = X.shape[2]
        # the sample times of every series: bad NaN or timestamps fail here
        self._samples(X)
        return self

    def _samples(self, X):
        """Every series' ``[(times, values)]`` per channel, and the rates.

        The rates are None with timestamps.
        """
        if self.time_channel is not None:
            return [
                _timestamped_samples(X[i], self.time_channel, i)
                for i in range(X.shape[0])
            ], None
        rates = _rates(self.input_rate, X.shape[2])
        return [_regular_samples(X[i], rates, i) for i in range(X.shape[0])], rates

    def transform(self, X):
        """Resample every series onto its common clock.

        Parameters
        ----------
        X : array-like of shape (n_series, length) or (n_series, length, \
                n_channels)
            Series.

        Returns
        -------
        X_new : ndarray of shape (n_series, n_frames, n_channels)
            Resampled series, NaN-padded to the longest output when their
            spans differ. With ``time_channel``, that channel holds the output
            times. The series may have any length (the resampler learns
            nothing from the training series).
        """
        check_is_fitted(self)
        X = self._validate(X, reset=False)
        check_channels(X, self.n_channels_in_, whose="the resampler was fitted on")
        samples, rates = self._samples(X)
        return pad_series([self._resample(s, rates, i) for i, s in enumerate(samples)])

    def _grid(self, start, end, rates, i):
        """Output times over ``[start, end]`` (``end`` excluded if periodic)."""
        periodic = self.method == "fourier"
        if self.sz is not None:
            if periodic:
                return start + (end - start) * np.arange(self.sz) / self.sz
            return np.linspace(start, end, self.sz)
        rate = self.rate if self.rate is not None else rates.max()
        span = (end - start) * rate
        count = (
            int(np.ceil(span - 1e-9)) if periodic else int(np.floor(span + 1e-9)) + 1
        )
        if count < 1:
            raise ValueError(f"X[{i}] spans no output frame at rate {rate}.")
        return start + np.arange(count) / rate

    def _resample(self, samples, rates, i):
        if self.method == "fourier":
            periods = [t.size / r for (t, _), r in zip(samples, rates)]
            grid = self._grid(0.0, min(periods), rates, i)
            channels = [
                _fourier_eval(v, p, grid) for (_, v), p in zip(samples, periods)
            ]
        else:
            start = max(t[0] for t, _ in samples)
            end = min(t[-1] for t, _ in samples)
            if start > end:
                raise ValueError(
                    f"The channels of X[{i}] share no time span (the latest starts "
                    f"at {start}, the earliest ends at {end}); nothing can be "
                    "resampled onto a common clock."
                )
            grid = self._grid(start, end, rates, i)
            channels = [np.interp(grid, t, v) for t, v in samples]
        if self.time_channel is not None:
            channels.insert(self.time_channel, grid)
        return np.column_stack(channels)
