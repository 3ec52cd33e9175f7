#!/usr/bin/env python3
"""Checks the layer-string extensions against NumPy loops: a fractional stride 1/l is zero
insertion (input dilation l), and (begin, end) pads per axis pad each side as written.

Usage:

    python3 Tests/interop/check_layer_string_extensions.py CONVMAT_BINARY

For each layer below, `convmat export LAYER --input SHAPE --weights w.npy --format npz` writes W,
loaded with scipy.sparse.load_npz, and compared entry by entry with a W built here by plain loops:
the input x[c, p, q] is placed at row p·l₀, column q·l₁ of a zero grid (zero insertion), the grid
is padded with (begin, end) zeros per axis, and the kernel slides with the integer stride; output
(o, i, j) reads tap w[o, c, a, b] from grid position (i·s₀ + a, j·s₁ + b). The weights are
multiples of 1/8, so the comparison is exact. One line per layer; exit status 1 on any mismatch.
"""
import os
import subprocess
import sys
import tempfile

import numpy as np
import scipy.sparse as sp

# (layer string, weight shape, input shape (C, H, W), input dilation, integer stride,
#  pads ((b0, e0), (b1, e1))): the reading of each string worked out by hand.
LAYERS = [
    ("nn.Conv2d(3, 3, 3, stride=(0.5, 2), padding=1)", (3, 3, 3, 3), (3, 4, 5), (2, 1), (1, 2), ((1, 1), (1, 1))),
    ("nn.Conv2d(3, 3, 3, stride=(1/2, 2), padding=1)", (3, 3, 3, 3), (3, 4, 5), (2, 1), (1, 2), ((1, 1), (1, 1))),
    ("nn.Conv2d(2, 1, 3, stride=(1, 0.25))", (1, 2, 3, 3), (2, 3, 3), (1, 4), (1, 1), ((0, 0), (0, 0))),
    ("nn.Conv2d(1, 2, 3, padding=((0, 2), (1, 1)))", (2, 1, 3, 3), (1, 4, 5), (1, 1), (1, 1), ((0, 2), (1, 1))),
    ("nn.Conv2d(1, 1, 2, stride=(0.5, 3), padding=((2, 0), (0, 1)))", (1, 1, 2, 2), (1, 3, 7), (2, 1), (1, 3),
     ((2, 0), (0, 1))),
]


def reference(shape, weights, dilation, stride, pads):
    """W (outputs × inputs, channels-first memory order) by loops over outputs, taps and inputs."""
    c_in, h, w = shape
    c_out, _, kh, kw = weights.shape
    grid_h = (h - 1) * dilation[0] + 1 + pads[0][0] + pads[0][1]
    grid_w = (w - 1) * dilation[1] + 1 + pads[1][0] + pads[1][1]
    out_h = (grid_h - kh) // stride[0] + 1
    out_w = (grid_w - kw) // stride[1] + 1
    matrix = np.zeros((c_out * out_h * out_w, c_in * h * w))
    for o in range(c_out):
        for i in range(out_h):
            for j in range(out_w):
                row = (o * out_h + i) * out_w + j
                for c in range(c_in):
                    for a in range(kh):
                        for b in range(kw):
                            gp = i * stride[0] + a - pads[0][0]
                            gq = j * stride[1] + b - pads[1][0]
                            if gp < 0 or gq < 0 or gp % dilation[0] or gq % dilation[1]:
                                continue
                            p, q = gp // dilation[0], gq // dilation[1]
                            if p < h and q < w:
                                matrix[row, (c * h + p) * w + q] += weights[o, c, a, b]
    return matrix


def main():
    binary = sys.argv[1]
    rng = np.random.default_rng(3)
    failures = 0
    with tempfile.TemporaryDirectory() as scratch:
        for text, weight_shape, shape, dilation, stride, pads in LAYERS:
            weights = rng.integers(-8, 9, size=weight_shape) / 8
            weights_path = os.path.join(scratch, "w.npy")
            np.save(weights_path, weights)
            target = os.path.join(scratch, "W.npz")
            run = subprocess.run([binary, "export", text, "--input", "x".join(map(str, (1,) + shape)),
                                  "--weights", weights_path, "--format", "npz", "--output", target],
                                 capture_output=True, text=True)
            if run.returncode != 0:
                print(f"FAIL {text}: convmat export: {run.stderr.strip()}")
                failures += 1
                continue
            got = sp.load_npz(target).toarray()
            expected = reference(shape, weights, dilation, stride, pads)
            if got.shape != expected.shape or not np.array_equal(got, expected):
                print(f"FAIL {text}: W {got.shape} differs from the loops' {expected.shape}")
                failures += 1
            else:
                print(f"PASS {text}: W {got.shape} equals the zero-insertion loops entry by entry")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
