"""Build ``basic_motions.npz`` from the UEA archive's BasicMotions ``.ts`` files.

Nothing in skmm imports it: it documents how the bundled file was made
and rebuilds it byte for byte. The ``.ts`` files ship inside the aeon wheel
(``aeon/datasets/data/BasicMotions/``; ``pip download aeon --no-deps`` and
unzip it) and the sktime wheel. Usage::

    python make_basic_motions.py path/to/BasicMotions  # writes basic_motions.npz

The values carry six decimals in the ``.ts`` files; they are stored exactly as
int32 millionths, shape ``(80, 100, 6)``: the 40 series of the TRAIN file, then
the 40 of the TEST file, in file order; channels as in the files (dimensions 0-2
the accelerometer, 3-5 the gyroscope). Labels are stored as codes into the
sorted class names. The zip entries get a fixed date, so the output's SHA-256
depends on the data only.
"""

import io
import sys
import zipfile
from pathlib import Path

import numpy as np

SCALE = 1_000_000  # six decimals in the archive's files


def read_ts(path):
    """The series (n, length, n_dims) as exact int millionths, and the labels."""
    values, labels = [], []
    in_data = False
    for line in Path(path).read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.lower() == "@data":
            in_data = True
            continue
        if not in_data:
            continue
        *dims, label = line.split(":")
        series = []
        for dim in dims:
            frames = []
            for text in dim.split(","):
                frac = text.partition(".")[2]
                if len(frac) > 6:
                    raise ValueError(f"{text!r} has more than six decimals")
                frames.append(round(float(text) * SCALE))
            series.append(frames)
        values.append(np.asarray(series, dtype=np.int64).T)  # (length, n_dims)
        labels.append(label)
    return np.stack(values), np.asarray(labels)


def write_npz(path, arrays):
    """``np.savez_compressed`` with a fixed date on every zip entry."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.asarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, buffer.getvalue(), compresslevel=9)


def main(folder, out="basic_motions.npz"):
    """Read the TRAIN and TEST files of ``folder`` and write ``out``."""
    folder = Path(folder)
    parts = [read_ts(folder / f"BasicMotions_{s}.ts") for s in ("TRAIN", "TEST")]
    values = np.concatenate([p[0] for p in parts])
    labels = np.concatenate([p[1] for p in parts])
    if np.abs(values).max() >= 2**31:
        raise ValueError("values do not fit int32")
    names = np.unique(labels)
    write_npz(
        out,
        {
            "values": values.astype(np.int32),
            "target": np.searchsorted(names, labels).astype(np.uint8),
            "target_names": names,
            "n_train": np.asarray(parts[0][0].shape[0], dtype=np.int64),
        },
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
