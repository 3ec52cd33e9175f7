#!/usr/bin/env python3
"""Checks that the W `convmat export` writes is, in SciPy's hands, the layer of each conformance case.

Usage:

    python3 Tests/interop/check_export_cases.py CONVMAT_BINARY CASES_DIR [--rtol R] [--atol A]

CASES_DIR is ../shared/conformance or Tests/ConvMatrixTests/Fixtures; every case in its onnx/ and
seeds/ folders (.json, and each line of a .jsonl) is exported twice,

    convmat export --case F --format mtx --output W.mtx
    convmat export --case F --format npz --output W.npz

into a temporary directory, loaded with scipy.io.mmread and scipy.sparse.load_npz, and applied to
the case's X: per sample x (flattened in the case's memory layout, which W's columns follow),
y = W @ x for Conv and y = W.T @ x for ConvTranspose (W is the matrix of the convolution a
ConvTranspose transposes), plus B at every position of each output channel. The expected values
are the case's own Y (ONNX's fixtures, the seed documents' printed outputs), never ours. A case
passes when both files give |y - Y| <= atol + rtol * max|Y| everywhere (tolerances from the case,
else 1e-6 and 1e-5, or --atol / --rtol). One line per case; the exit status is 1 on any failure.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import scipy.io as sio
import scipy.sparse as sp


def cases_in(directory):
    """(name, path of a one-case .json) for every case below directory/onnx and directory/seeds."""
    found = []
    for folder in ("onnx", "seeds"):
        root = os.path.join(directory, folder)
        if not os.path.isdir(root):
            print(f"note: {root} does not exist", file=sys.stderr)
            continue
        for base, _, files in sorted(os.walk(root)):
            for name in sorted(files):
                path = os.path.join(base, name)
                if name.endswith(".json"):
                    found.append((path, None))
                elif name.endswith(".jsonl"):
                    with open(path) as f:
                        for number, line in enumerate(f, 1):
                            if line.strip():
                                found.append((f"{path}:{number}", line))
    return found


def export(binary, case_path, fmt, out_dir):
    """Runs convmat export; returns (path, None) or (None, reason)."""
    target = os.path.join(out_dir, "W." + fmt)
    if os.path.exists(target):
        os.unlink(target)
    run = subprocess.run([binary, "export", "--case", case_path, "--format", fmt, "--output", target],
                         capture_output=True, text=True, timeout=120)
    if run.returncode != 0:
        return None, f"convmat export --format {fmt} exited {run.returncode}: {run.stderr.strip()}"
    if not os.path.exists(target):
        return None, f"convmat export --format {fmt} wrote no file"
    return target, None


def expected_bias(case, y_shape):
    """B added at every position of each output channel, in the case's memory layout (one sample)."""
    full = np.zeros(y_shape[1:])
    if "B" in case:
        b = np.asarray(case["B"]["data"], dtype=np.float64)
        if case.get("attributes", {}).get("layout", "channels_first") == "channels_last":
            full += b  # channel is the last axis
        else:
            full += b.reshape((-1,) + (1,) * (len(y_shape) - 2))
    return full.reshape(-1)


def check(case, matrix, label, rtol, atol):
    """Max |y - Y| and None, or None and the reason it fails."""
    x = np.asarray(case["X"]["data"], dtype=np.float64)
    y_expected = np.asarray(case["Y"]["data"], dtype=np.float64)
    x_shape, y_shape = case["X"]["shape"], case["Y"]["shape"]
    n = x_shape[0]
    w = sp.csr_matrix(matrix)
    operator = w.T if case["op"] == "ConvTranspose" else w
    samples_in = x.reshape(n, -1)
    if operator.shape[1] != samples_in.shape[1]:
        return None, f"{label}: W{' .T' if case['op'] == 'ConvTranspose' else ''} is {operator.shape}, X has {samples_in.shape[1]} values per sample"
    y = np.asarray(operator @ samples_in.T).T + expected_bias(case, y_shape)
    if y.size != y_expected.size:
        return None, f"{label}: W gives {y.shape[1]} values per sample, Y has {y_expected.size // n}"
    error = np.abs(y.reshape(-1) - y_expected)
    bound = atol + rtol * (np.abs(y_expected).max() if y_expected.size else 0.0)
    worst = float(error.max()) if error.size else 0.0
    if not worst <= bound:
        at = int(error.argmax())
        return None, f"{label}: max_abs_err={worst:.2e} at element {at} (got {y.reshape(-1)[at]}, expected {y_expected[at]}) exceeds {bound:.2e}"
    return worst, None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("binary", help="the convmat executable")
    parser.add_argument("cases", help="../shared/conformance or Tests/ConvMatrixTests/Fixtures")
    parser.add_argument("--rtol", type=float, default=None, help="override every case's rtol (default: the case's, else 1e-5)")
    parser.add_argument("--atol", type=float, default=None, help="override every case's atol (default: the case's, else 1e-6)")
    options = parser.parse_args()

    cases = cases_in(options.cases)
    if not cases:
        print(f"FAIL no cases found under {options.cases}/onnx or {options.cases}/seeds")
        return 1
    passed = failed = 0
    with tempfile.TemporaryDirectory() as scratch:
        for path, line in cases:
            name = path
            try:
                if line is None:
                    with open(path) as f:
                        case = json.load(f)
                    case_path = path
                else:
                    case = json.loads(line)
                    case_path = os.path.join(scratch, "case.json")
                    with open(case_path, "w") as f:
                        f.write(line)
                name = case.get("name", path)
                rtol = options.rtol if options.rtol is not None else case.get("rtol", 1e-5)
                atol = options.atol if options.atol is not None else case.get("atol", 1e-6)
                reasons, worst = [], 0.0
                mtx, reason = export(options.binary, case_path, "mtx", scratch)
                if reason is None:
                    err, reason = check(case, sio.mmread(mtx), "mtx", rtol, atol)
                    worst = max(worst, err or 0.0)
                if reason:
                    reasons.append(reason)
                npz, reason = export(options.binary, case_path, "npz", scratch)
                if reason is None:
                    err, reason = check(case, sp.load_npz(npz), "npz", rtol, atol)
                    worst = max(worst, err or 0.0)
                if reason:
                    reasons.append(reason)
            except Exception as error:  # a malformed case or an unreadable file is a failure, not a crash
                reasons = [f"{type(error).__name__}: {error}"]
            if reasons:
                failed += 1
                print(f"FAIL {name} {'; '.join(reasons)}")
            else:
                passed += 1
                print(f"PASS {name} mtx+npz max_abs_err={worst:.2e}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
