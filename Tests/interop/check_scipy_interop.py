#!/usr/bin/env python3
"""Checks that SciPy and NumPy read, unchanged, the files ConvMatrixIO writes.

Usage (the CI interop step):

    export CONVMAT_INTEROP_DIR="$(mktemp -d)"
    swift test --filter InteropExportTests      # writes the files (skipped when the variable is unset)
    python3 Tests/interop/check_scipy_interop.py "$CONVMAT_INTEROP_DIR"

Expected values are written out here by hand (the same reference matrix R as
Tests/ConvMatrixIOTests/TestSupport.swift), never read back from the Swift side. Each .npy must also
equal, byte for byte, what np.save writes for the same array. Exits 1 listing every failure.
"""
import io
import os
import struct
import sys
import xml.etree.ElementTree as ET
import zipfile
import zlib

import numpy as np
import scipy
import scipy.io as sio
import scipy.sparse as sp

failures = []
SCIPY_VERSION = tuple(int(part) for part in scipy.__version__.split(".")[:2])


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def same_bits(a, b):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and np.array_equal(a.view(np.uint64), b.view(np.uint64))


# R: 5 x 6, row 2 empty.
R_INDPTR = [0, 2, 4, 4, 6, 9]
R_INDICES = [0, 3, 1, 5, 2, 4, 0, 1, 5]
R_DATA = [1.5, -2.0, 0.1, 1e-300, 5e-324, 0.3333333333333333, 1.7976931348623157e308, -0.0, 3.141592653589793]


def banded():
    """Row r stores columns (2r + k) mod 2000, k = 0, 1, 2, sorted, with value (3r + k) / 8."""
    indptr, indices, data = [0], [], []
    for r in range(3000):
        entries = sorted(((2 * r + k) % 2000, (3 * r + k) / 8) for k in range(3))
        indices += [c for c, _ in entries]
        data += [v for _, v in entries]
        indptr.append(len(indices))
    return (3000, 2000), indptr, indices, data


def check_csr(name, m, shape, indptr, indices, data):
    m = sp.csr_matrix(m)
    check(m.shape == shape, f"{name}: shape {m.shape} != {shape}")
    check(np.array_equal(m.indptr, indptr), f"{name}: indptr differs")
    check(np.array_equal(m.indices, indices), f"{name}: indices differ")
    check(same_bits(m.data, data), f"{name}: data differs bitwise")


def check_matrix_market(d):
    path = os.path.join(d, "R.mtx")
    text = open(path).read()
    check(text.startswith("%%MatrixMarket matrix coordinate real general\n% layer: R (reference)\n% shape: 5 x 6, row 2 empty\n5 6 9\n"),
          "R.mtx: banner, comments or size line differ")
    check_csr("R.mtx", sio.mmread(path), (5, 6), R_INDPTR, R_INDICES, R_DATA)
    check_csr("empty.mtx", sio.mmread(os.path.join(d, "empty.mtx")), (3, 4), [0, 0, 0, 0], [], [])
    shape, indptr, indices, data = banded()
    check_csr("banded.mtx", sio.mmread(os.path.join(d, "banded.mtx")), shape, indptr, indices, data)


def check_sparse_npz(d):
    for name, index_dtype in [("R.npz", np.int32), ("R_deflated.npz", np.int32), ("R_zip64.npz", np.int32),
                              ("R_int64.npz", np.int64), ("R_array.npz", np.int32)]:
        path = os.path.join(d, name)
        with zipfile.ZipFile(path) as z:
            check(z.testzip() is None, f"{name}: zipfile CRC check failed")
            check(z.namelist() == ["indices.npy", "indptr.npy", "format.npy", "shape.npy", "data.npy"]
                  + (["_is_array.npy"] if name == "R_array.npz" else []), f"{name}: entries {z.namelist()}")
        m = sp.load_npz(path)
        # load_npz honours _is_array from SciPy 1.11 on; older versions return csr_matrix.
        expected_type = sp.csr_array if name == "R_array.npz" and SCIPY_VERSION >= (1, 11) else sp.csr_matrix
        check(type(m) is expected_type, f"{name}: load_npz gave {type(m).__name__}")
        with np.load(path) as z:  # load_npz itself narrows int64 indices that fit int32
            check(z["indices"].dtype == index_dtype and z["indptr"].dtype == index_dtype, f"{name}: index dtype {z['indices'].dtype}")
            check(z["format"].dtype == np.dtype("S3") and z["format"].shape == (), f"{name}: format {z['format'].dtype}")
            check(z["shape"].dtype == np.int64 and list(z["shape"]) == [5, 6], f"{name}: shape entry {z['shape']}")
        check_csr(name, m, (5, 6), R_INDPTR, R_INDICES, R_DATA)
    check_csr("empty.npz", sp.load_npz(os.path.join(d, "empty.npz")), (3, 4), [0, 0, 0, 0], [], [])
    shape, indptr, indices, data = banded()
    check_csr("banded.npz", sp.load_npz(os.path.join(d, "banded.npz")), shape, indptr, indices, data)


def check_npy(d):
    expected = {
        "f8_2x3.npy": np.array([[1.0, -2.0, 0.5], [1e-300, np.inf, -0.0]]),
        "f4_2x3x4.npy": np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 4,
        "i4.npy": np.array([-2147483648, -1, 0, 2147483647], dtype=np.int32),
        "i8_0d.npy": np.array(-9007199254740993, dtype=np.int64),
        "f8_0x3.npy": np.zeros((0, 3)),
        "bool.npy": np.array([True, False, True]),
        "S3_0d.npy": np.array(b"csr"),
        "U4.npy": np.array(["W\u1d40\u00b7y", "a"]),
    }
    for name, want in expected.items():
        path = os.path.join(d, name)
        got = np.load(path)
        check(got.dtype == want.dtype and got.shape == want.shape, f"{name}: {got.dtype} {got.shape} != {want.dtype} {want.shape}")
        if got.dtype.kind == "f":
            check(np.array_equal(got.view(f"u{got.itemsize}"), want.view(f"u{want.itemsize}")), f"{name}: values differ bitwise")
        else:
            check(np.array_equal(got, want), f"{name}: values differ")
        with open(path, "rb") as f:
            ours = f.read()
            f.seek(0)
            check(np.lib.format.read_magic(f) == (1, 0), f"{name}: not format 1.0")
            header = np.lib.format.read_array_header_1_0(f)
            check(header == (want.shape, False, want.dtype), f"{name}: header {header}")
            check(f.tell() % 64 == 0 and ours[f.tell():] == want.tobytes(), f"{name}: data not at a 64-byte boundary or differs")
        if hasattr(np.lib.format, "GROWTH_AXIS_MAX_DIGITS"):  # NumPy versions that pad headers like ours
            buffer = io.BytesIO()
            np.save(buffer, want)
            check(ours == buffer.getvalue(), f"{name}: bytes differ from np.save")
    for name in ["arrays.npz", "arrays_deflated.npz", "arrays_zip64.npz"]:
        with np.load(os.path.join(d, name)) as z:
            check(sorted(z.files) == ["n", "x"], f"{name}: files {z.files}")
            check(np.array_equal(z["x"], [1.0, 2.0]) and z["x"].dtype == np.float64, f"{name}: x differs")
            check(np.array_equal(z["n"], [[1, 2], [3, 4]]) and z["n"].dtype == np.int32, f"{name}: n differs")


def check_svg(d):
    # cairo's SVG: the root sized in user units, our <title>/<desc> first, text as glyph outlines.
    for name, title in [("R.svg", "R"), ("banded.svg", "banded 3000 × 2000")]:
        root = ET.parse(os.path.join(d, name)).getroot()
        check(root.tag == "{http://www.w3.org/2000/svg}svg", f"{name}: root {root.tag}")
        check(root.findtext("{http://www.w3.org/2000/svg}title") == title, f"{name}: title")
        check("stored entries" in (root.findtext("{http://www.w3.org/2000/svg}desc") or ""), f"{name}: no subtitle in desc")
        check(len(root.findall(".//{http://www.w3.org/2000/svg}use")) > 0, f"{name}: no text drawn")
        check(len(root.findall(".//{http://www.w3.org/2000/svg}path")) > 0, f"{name}: no entries drawn")


def png_pixels(path):
    """(width, height, rows of RGB bytes) of an 8-bit RGB PNG with filter 0, checking every CRC."""
    data = open(path, "rb").read()
    check(data[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: bad signature")
    at, chunks = 8, []
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length:at + 12 + length])
        check(zlib.crc32(kind + body) == crc, f"{path}: CRC of {kind} differs")
        chunks.append((kind, body))
        at += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[0][1][:10])
    check((depth, colour) == (8, 2), f"{path}: depth {depth} colour {colour}")
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    check(len(raw) == height * (3 * width + 1), f"{path}: IDAT inflates to {len(raw)} bytes")
    check(all(raw[y * (3 * width + 1)] == 0 for y in range(height)), f"{path}: filter bytes not 0")
    check(chunks[-1][0] == b"IEND", f"{path}: no IEND")
    return width, height, [raw[y * (3 * width + 1) + 1:(y + 1) * (3 * width + 1)] for y in range(height)]


def check_png(d):
    # The PNG is the SVG's page: the same width and height. R: 24 pixels per cell (6 × 5 cells, a
    # 144 × 120 plot); banded: 3 × 4 entries per cell, 1 pixel each (667 × 750). The plot's frame
    # (96, 96, 96) is the longest run of that colour in its top row; R's cell (0, 0) (1.5) is black.
    frame = bytes([96, 96, 96])
    for name, plot in [("R", (6 * 24, 5 * 24)), ("banded", (667, 750))]:
        width, height, rows = png_pixels(os.path.join(d, name + ".png"))
        svg = ET.parse(os.path.join(d, name + ".svg")).getroot()
        check((str(width), str(height)) == (svg.get("width"), svg.get("height")), f"{name}: PNG {width}x{height} vs SVG")
        is_frame = lambda x, y: rows[y][3 * x:3 * x + 3] == frame

        def longest_run(y):
            runs, start = [(0, 0)], None
            for x in range(width + 1):
                if x < width and is_frame(x, y):
                    start = x if start is None else start
                elif start is not None:
                    runs.append((x - start, start))
                    start = None
            return max(runs)

        # Antialiased text may hit the frame grey in a pixel or two; the frame's top is a long run.
        y0 = next(y for y in range(height) if longest_run(y)[0] >= 10)
        length, x0 = longest_run(y0)
        depth = next(y for y in range(y0, height) if not is_frame(x0, y)) - y0
        check((length - 2, depth - 2) == plot, f"{name}: plot {(length - 2, depth - 2)}, expected {plot}")
        if name == "R":
            check(rows[y0 + 12][3 * (x0 + 12):3 * (x0 + 13)] == bytes([0, 0, 0]), "R: cell (0, 0) is not black")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: check_scipy_interop.py DIRECTORY")
    d = sys.argv[1]
    for step in [check_matrix_market, check_sparse_npz, check_npy, check_svg, check_png]:
        try:
            step(d)
        except Exception as error:  # a file scipy/numpy cannot read is a failure, not a crash
            failures.append(f"{step.__name__}: {type(error).__name__}: {error}")
    if failures:
        print("interop FAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print(f"interop OK: {len(os.listdir(d))} files read by scipy {scipy.__version__}, numpy {np.__version__}")


if __name__ == "__main__":
    main()
