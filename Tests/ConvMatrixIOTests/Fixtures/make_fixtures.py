#!/usr/bin/env python3
"""Writes the files in this directory with SciPy and NumPy, for ConvMatrixIO's readers.

Run once from anywhere:  python3 Tests/ConvMatrixIOTests/Fixtures/make_fixtures.py
The Swift tests (FixtureReadTests.swift) hold the expected values written out by hand; this
script only produces the files, so a reader is checked against the real writers, not itself.
NumPy fixes ZIP timestamps at 1980-01-01, so reruns reproduce the same bytes for a given
NumPy/SciPy version (these were made with NumPy 2.4 and SciPy 1.17).
"""
import os

import numpy as np
import scipy.io as sio
import scipy.sparse as sp

HERE = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(HERE, name)


# R: 5 x 6, row 2 empty, values that stress round trips (subnormal, max, -0.0, 1/3, pi).
R = sp.csr_matrix(
    (
        np.array([1.5, -2.0, 0.1, 1e-300, 5e-324, 1 / 3, 1.7976931348623157e308, -0.0, np.pi]),
        np.array([0, 3, 1, 5, 2, 4, 0, 1, 5]),
        np.array([0, 2, 4, 4, 6, 9]),
    ),
    shape=(5, 6),
)

# --- Matrix Market, as scipy.io.mmwrite writes it -------------------------------------------
sio.mmwrite(path("scipy_general.mtx"), R, comment="R: 5 x 6, written by scipy.io.mmwrite")
# S symmetric 4 x 4: mmwrite stores the lower triangle only.
S = np.array([[4.0, 1.0, 0.0, 0.0], [1.0, 0.0, -2.5, 0.0], [0.0, -2.5, 0.0, 0.0], [0.0, 0.0, 0.0, 7.0]])
sio.mmwrite(path("scipy_symmetric.mtx"), sp.coo_matrix(S), symmetry="symmetric")
# K skew-symmetric 3 x 3: strictly lower triangle stored.
K = np.array([[0.0, 2.0, -3.0], [-2.0, 0.0, 0.0], [3.0, 0.0, 0.0]])
sio.mmwrite(path("scipy_skew.mtx"), sp.coo_matrix(K), symmetry="skew-symmetric")
# I integer 2 x 3.
I = sp.coo_matrix(np.array([[7, 0, -1], [0, 0, 123456789]], dtype=np.int64))
sio.mmwrite(path("scipy_integer.mtx"), I, field="integer")
# P pattern 3 x 3.
P = sp.coo_matrix(np.array([[1.0, 0, 0], [0, 0, 1.0], [1.0, 1.0, 0]]))
sio.mmwrite(path("scipy_pattern.mtx"), P, field="pattern")
# D dense 2 x 2 array format.
sio.mmwrite(path("scipy_array.mtx"), np.array([[1.0, 0.0], [2.5, 3.0]]))

# --- scipy.sparse.save_npz ------------------------------------------------------------------
sp.save_npz(path("scipy_csr_stored.npz"), R, compressed=False)
sp.save_npz(path("scipy_csr_deflated.npz"), R, compressed=True)
R64 = R.copy()
R64.indices = R64.indices.astype(np.int64)
R64.indptr = R64.indptr.astype(np.int64)
sp.save_npz(path("scipy_csr_int64.npz"), R64, compressed=False)
sp.save_npz(path("scipy_csr_array.npz"), sp.csr_array(R), compressed=True)
sp.save_npz(path("scipy_csc.npz"), R.tocsc(), compressed=True)
sp.save_npz(path("scipy_coo.npz"), R.tocoo(), compressed=True)
# U: unsorted columns and a repeated coordinate (row 0: columns 2, 0, 2) -> 2 x 3 [[2, 0, 5+1]].
U = sp.csr_matrix((np.array([5.0, 2.0, 1.0]), np.array([2, 0, 2]), np.array([0, 3, 3])), shape=(2, 3))
sp.save_npz(path("scipy_csr_unsorted_duplicates.npz"), U, compressed=False)

# --- the transposed-convolution chapter's 4×9 W (kernel [[1, 2], [3, 4]] on a 3×3 input), typed
# in by hand, as SciPy writes it: `convmat show --matrix` must recognise it as nn.Conv2d(1, 1, 2).
chapter = np.array([[1, 2, 0, 3, 4, 0, 0, 0, 0],
                    [0, 1, 2, 0, 3, 4, 0, 0, 0],
                    [0, 0, 0, 1, 2, 0, 3, 4, 0],
                    [0, 0, 0, 0, 1, 2, 0, 3, 4]], dtype=float)
sio.mmwrite(path("scipy_chapter_W.mtx"), sp.coo_matrix(chapter))
sp.save_npz(path("scipy_chapter_W.npz"), sp.csr_matrix(chapter))

# --- numpy.save ----------------------------------------------------------------------------
np.save(path("numpy_f8_2x3.npy"), np.array([[1.0, -2.0, 0.5], [1e-300, np.inf, -0.0]]))
np.save(path("numpy_f4_2x3x4.npy"), np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 4)
np.save(path("numpy_i4.npy"), np.array([0, -1, 2147483647, -2147483648], dtype=np.int32))
np.save(path("numpy_i8_0d.npy"), np.array(-9007199254740993, dtype=np.int64))
np.save(path("numpy_f8_0x3.npy"), np.zeros((0, 3)))
np.save(path("numpy_bool.npy"), np.array([True, False, True]))
np.save(path("numpy_U.npy"), np.array(["csr", "a"]))
np.save(path("numpy_fortran.npy"), np.asfortranarray(np.arange(6.0).reshape(2, 3)))
np.save(path("numpy_bigendian.npy"), np.arange(3.0).astype(">f8"))
np.save(path("numpy_complex.npy"), np.array([1 + 2j]))
for version in [(2, 0), (3, 0)]:
    with open(path(f"numpy_v{version[0]}.npy"), "wb") as f:
        np.lib.format.write_array(f, np.array([1.0, 2.0, 3.0]), version=version)
np.savez(path("numpy_named.npz"), x=np.array([1.0, 2.0]), n=np.array([[1, 2], [3, 4]], dtype=np.int32))
np.savez_compressed(path("numpy_named_compressed.npz"), x=np.array([1.0, 2.0]), n=np.array([[1, 2], [3, 4]], dtype=np.int32))
print("fixtures written to", HERE)
