#!/usr/bin/env python3
"""Checks `convmat solve` against NumPy's least squares and the Tikhonov normal equations.

Usage:

    python3 Tests/interop/check_solve_numpy.py CONVMAT_BINARY [--rtol R]

For each layer below (strided, wide, with inputs the layer never reads, reflect padding, 3-d, a
ConvTranspose, a bias), W is exported as SciPy sparse .npz (`convmat export --format npz`), made
dense, and the layer's linear map A is W (Conv) or W.T (ConvTranspose, whose W is the matrix of
the convolution it transposes). A random observed y (NumPy's generator) goes to

    convmat solve LAYER --input SHAPE --fill random --seed S --output y.npy \
        --lambda 0 --lambda 0.1 --method M --result x.npy --json

for M = cholmod and qr, and each solution is compared with NumPy's, computed independently:
λ = 0: numpy.linalg.lstsq(A, y − b) (the minimum-norm least-squares solution, SVD-based);
λ > 0: numpy.linalg.solve(A.T A + λI, A.T (y − b)). Residuals ‖A x + b − y‖ and ‖x‖ in the JSON
report are checked the same way, as is the transposed convolution's residual (x = A.T (y − b)).
A case passes when max|x − x_ref| <= rtol · max|x_ref| (default 1e-9). Exit status 1 on any failure.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import scipy.sparse as sp

# (layer, input shape, bias values or None, seed); shapes are (N, C, spatial...).
CASES = [
    ("nn.Conv2d(2, 3, 3, padding=1, padding_mode='reflect', bias=False)", (1, 2, 6, 6), None, 1),
    ("nn.Conv2d(2, 2, 2, stride=2, bias=False)", (1, 2, 6, 6), None, 2),            # wide: minimum norm
    ("nn.Conv1d(1, 4, 2, stride=3, bias=False)", (1, 1, 9), None, 3),               # inputs 2, 5, 8 unread
    ("nn.Conv1d(2, 1, 2, stride=3)", (1, 2, 8), [0.25], 4),                          # wide, unread, bias
    ("nn.ConvTranspose2d(2, 1, 2, stride=2, bias=False)", (1, 2, 3, 3), None, 5),   # A = W.T
    ("nn.Conv3d(1, 1, 2, bias=False)", (1, 1, 3, 3, 3), None, 6),                    # wide 3-d
    ("nn.Conv2d(1, 2, 3, padding=1, groups=1, padding_mode='circular', bias=False)", (2, 1, 5, 5), None, 7),  # batch 2
]
LAMBDAS = [0.0, 0.1]


def run(arguments):
    done = subprocess.run(arguments, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(arguments)} failed ({done.returncode}):\n{done.stderr}")
    return done.stdout


def check_case(binary, layer, shape, bias, seed, rtol, work):
    shape_text = "x".join(map(str, shape))
    w_path = os.path.join(work, "W.npz")
    run([binary, "export", layer, "--input", shape_text, "--fill", "random", "--seed", str(seed),
         "--format", "npz", "--output", w_path])
    w = sp.load_npz(w_path).toarray()
    a = w.T if "ConvTranspose" in layer else w
    m, n = a.shape
    batch = shape[0]
    rng = np.random.default_rng(seed)
    out_channels = int(layer.split("(")[1].split(",")[1])
    y = rng.uniform(-1, 1, size=(batch, m))
    b = np.zeros(m) if bias is None else np.repeat(np.asarray(bias), m // out_channels)
    # y.npy in the layer's output shape (N, C_out, spatial...), m = C_out · Πspatial per sample.
    run_y = os.path.join(work, "y.npy")
    np.save(run_y, y.reshape(output_shape(binary, layer, shape_text)))
    extra = []
    if bias is not None:
        b_path = os.path.join(work, "b.npy")
        np.save(b_path, np.asarray(bias, dtype=np.float64))
        extra = ["--bias", b_path]
    failures = []
    for method in ("cholmod", "qr"):
        x_path = os.path.join(work, "x.npy")
        report = json.loads(run([binary, "solve", layer, "--input", shape_text, "--fill", "random", "--seed", str(seed),
                                 *extra, "--output", run_y, "--lambda", "0", "--lambda", "0.1", "--method", method,
                                 "--result", x_path, "--json"]))
        x = np.load(x_path).reshape(len(LAMBDAS), batch, n)
        for k, lam in enumerate(LAMBDAS):
            rhs = (y - b).T                                         # m × batch
            if lam == 0:
                ref = np.linalg.lstsq(a, rhs, rcond=None)[0].T
            else:
                ref = np.linalg.solve(a.T @ a + lam * np.eye(n), a.T @ rhs).T
            error = np.max(np.abs(x[k] - ref)) / np.max(np.abs(ref))
            residual = np.linalg.norm(a @ x[k].T + b[:, None] - y.T)
            reported = report["solutions"][k]
            problems = []
            if not error <= rtol:
                problems.append(f"max|x - x_ref| / max|x_ref| = {error:.3g}")
            if abs(reported["residual"] - residual) > 1e-9 * max(1.0, residual):
                problems.append(f"residual {reported['residual']} vs NumPy {residual}")
            if abs(reported["norm"] - np.linalg.norm(x[k])) > 1e-9 * max(1.0, np.linalg.norm(x[k])):
                problems.append(f"norm {reported['norm']} vs NumPy {np.linalg.norm(x[k])}")
            label = f"{layer} on {shape_text}, {method}, λ = {lam}"
            print(("ok    " if not problems else "FAIL  ") + label + (f" (rel. error {error:.1e})" if not problems else ": " + "; ".join(problems)))
            failures += problems
        t = (a.T @ (y - b).T)
        t_residual = np.linalg.norm(a @ t + b[:, None] - y.T)
        if abs(report["transposed"]["residual"] - t_residual) > 1e-9 * max(1.0, t_residual):
            failures.append(f"{layer}: transposed residual {report['transposed']['residual']} vs NumPy {t_residual}")
            print(f"FAIL  {layer}, {method}: transposed-convolution residual")
        unread = [j for j in range(n) if not np.any(a[:, j])]
        if report["invisible_inputs"] != unread:
            failures.append(f"{layer}: invisible {report['invisible_inputs']} vs NumPy's zero columns {unread}")
            print(f"FAIL  {layer}, {method}: invisible inputs {report['invisible_inputs']}, NumPy's zero columns {unread}")
    return failures


def output_shape(binary, layer, shape_text):
    """The layer's output shape (N, C, spatial...) from `convmat apply` on zeros of the input shape."""
    with tempfile.TemporaryDirectory() as work:
        dims = [int(d) for d in shape_text.split("x")]
        x_path, y_path = os.path.join(work, "x.npy"), os.path.join(work, "y.npy")
        np.save(x_path, np.zeros(dims))
        run([binary, "apply", layer, "--input", x_path, "--output", y_path])
        return np.load(y_path).shape


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("binary")
    parser.add_argument("--rtol", type=float, default=1e-9)
    args = parser.parse_args()
    failures = []
    with tempfile.TemporaryDirectory() as work:
        for layer, shape, bias, seed in CASES:
            failures += check_case(args.binary, layer, shape, bias, seed, args.rtol, work)
    print(f"{len(CASES)} layers × 2 methods × {len(LAMBDAS)} λ: {'all agree with NumPy' if not failures else f'{len(failures)} failures'}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
