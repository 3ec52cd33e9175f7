"""Three hand-written NumPy conv2d kernels with classic bugs, checked by `convmat verify --json`.

Usage: python3 check_verify_numpy_bugs.py CONVMAT_BINARY

The correct kernel must pass (exit 0, float32 and float16 results); each buggy one must fail
(exit 1) with the diagnosis naming its mistake; an int array is bad input (exit 2).
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np


def conv2d(x, w, b, pad=(1, 1, 1, 1), groups=2, flip=False, interleave=False):
    """PyTorch's conv2d written out in NumPy, with optional bugs."""
    top, bottom, left, right = pad
    xp = np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)))
    n, c, h, width = xp.shape
    o, k = w.shape[0], w.shape[2]
    oh, ow = h - k + 1, width - k + 1
    y = np.zeros((n, o, oh, ow), dtype=np.float32)
    cg, og = c // groups, o // groups
    for co in range(o):
        g = co % groups if interleave else co // og
        chans = [ci for ci in range(c) if ci % groups == g] if interleave else list(range(g * cg, (g + 1) * cg))
        ker = w[co][:, ::-1, ::-1] if flip else w[co]
        for i in range(oh):
            for j in range(ow):
                y[:, co, i, j] = np.einsum("nckl,ckl->n", xp[:, chans, i:i + k, j:j + k], ker) + b[co]
    return y


def main():
    convmat = sys.argv[1]
    layer = "nn.Conv2d(4, 6, 3, padding=1, groups=2)"
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 4, 7, 6)).astype(np.float32)
    w = rng.standard_normal((6, 2, 3, 3)).astype(np.float32)
    b = rng.standard_normal(6).astype(np.float32)
    cases = {
        "correct": (conv2d(x, w, b), 0, []),
        "correct_float16": (conv2d(x, w, b).astype(np.float16), 0, []),
        "flipped": (conv2d(x, w, b, flip=True), 1, ["flipped-kernel"]),
        "padding_at_end": (conv2d(x, w, b, pad=(0, 2, 0, 2)), 1, ["padding-at-end"]),
        "groups_mixed_up": (conv2d(x, w, b, interleave=True), 1, ["groups-interleaved"]),
        "ints": (np.zeros((2, 6, 7, 6), dtype=np.int64), 2, None),
    }
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        np.save(d / "x.npy", x)
        np.save(d / "w.npy", w)
        np.save(d / "b.npy", b)
        for name, (y, status, diagnosis) in cases.items():
            np.save(d / f"{name}.npy", y)
            run = subprocess.run([convmat, "verify", layer, "--input", str(d / "x.npy"), "--weights", str(d / "w.npy"),
                                  "--bias", str(d / "b.npy"), "--output", str(d / f"{name}.npy"), "--json"],
                                 capture_output=True, text=True)
            ok = run.returncode == status
            if ok and diagnosis is not None:
                report = json.loads(run.stdout)
                ok = report["diagnosis"] == diagnosis and report["passed"] == (status == 0)
                print(f"{'PASS' if ok else 'FAIL'} {name}: exit {run.returncode}, dtype {report['dtype']}, "
                      f"failing {report['failing']}/{report['elements']}, diagnosis {report['diagnosis']}")
            else:
                print(f"{'PASS' if ok else 'FAIL'} {name}: exit {run.returncode} {run.stderr.strip()}")
            passed, failed = passed + ok, failed + (not ok)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
