"""`convmat vectors` → a NumPy reference kernel on every case → `convmat verify --suite`.

Usage: python3 check_vectors_suite.py CONVMAT_BINARY

For each operation a suite is written; an N-d NumPy conv / conv_transpose (float32, written
here from the ONNX attributes in case.json) fills out.npy beside each case, and every case must
pass. Then the same with the kernel flipped (a true convolution): the run must fail, every case
whose kernel has more than one tap must fail and be diagnosed `flipped-kernel`, and the others
pass (flipping a single tap changes nothing).
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np


def to_first(t, layout):
    return np.moveaxis(t, -1, 1) if layout == "channels_last" else t


def to_layout(t, layout):
    return np.moveaxis(t, 1, -1) if layout == "channels_last" else t


def kernel(case, flip=False):
    """The layer of `case` (ONNX attributes) on its X, in float32, by its definition."""
    a, op = case["attributes"], case["op"]
    x = np.array(case["X"]["data"], dtype=np.float32).reshape(case["X"]["shape"])
    w = np.array(case["W"]["data"], dtype=np.float32).reshape(case["W"]["shape"])
    b = np.array(case["B"]["data"], dtype=np.float32)
    layout = a.get("layout", "channels_first")
    x = to_first(x, layout)
    dims = x.ndim - 2
    s, d = a.get("strides", [1] * dims), a.get("dilations", [1] * dims)
    pads, g = a.get("pads", [0] * 2 * dims), a.get("group", 1)
    begin, end = pads[:dims], pads[dims:]
    if flip:
        w = w[(slice(None), slice(None)) + (slice(None, None, -1),) * dims]
    k = w.shape[2:]
    n = x.shape[0]
    if op == "Conv":
        xp = x
        for ax in range(dims):  # negative pads crop, positive pads add zeros
            length = xp.shape[2 + ax]
            keep = [slice(None)] * xp.ndim
            keep[2 + ax] = slice(max(-begin[ax], 0), length - max(-end[ax], 0))
            xp = xp[tuple(keep)]
            widths = [(0, 0)] * xp.ndim
            widths[2 + ax] = (max(begin[ax], 0), max(end[ax], 0))
            xp = np.pad(xp, widths)
        out = [(xp.shape[2 + ax] - d[ax] * (k[ax] - 1) - 1) // s[ax] + 1 for ax in range(dims)]
        cout, cin_g = w.shape[0], w.shape[1]
        cout_g = cout // g
        y = np.zeros((n, cout, *out), dtype=np.float32)
        for grp in range(g):
            xg = xp[:, grp * cin_g:(grp + 1) * cin_g]
            wg = w[grp * cout_g:(grp + 1) * cout_g]
            for t in np.ndindex(*k):
                window = (slice(None), slice(None)) + tuple(
                    slice(t[ax] * d[ax], t[ax] * d[ax] + s[ax] * (out[ax] - 1) + 1, s[ax]) for ax in range(dims))
                y[:, grp * cout_g:(grp + 1) * cout_g] += np.einsum("nc...,oc->no...", xg[window], wg[(slice(None), slice(None)) + t])
    else:
        cin, cout_g = w.shape[0], w.shape[1]
        cin_g = cin // g
        m = x.shape[2:]
        op_pad = a.get("output_padding", [0] * dims)
        full = [(m[ax] - 1) * s[ax] + d[ax] * (k[ax] - 1) + 1 + op_pad[ax] for ax in range(dims)]
        y = np.zeros((n, cout_g * g, *full), dtype=np.float32)
        for grp in range(g):
            xg = x[:, grp * cin_g:(grp + 1) * cin_g]
            wg = w[grp * cin_g:(grp + 1) * cin_g]
            for t in np.ndindex(*k):
                spots = (slice(None), slice(grp * cout_g, (grp + 1) * cout_g)) + tuple(
                    slice(t[ax] * d[ax], t[ax] * d[ax] + s[ax] * (m[ax] - 1) + 1, s[ax]) for ax in range(dims))
                y[spots] += np.einsum("nc...,co->no...", xg, wg[(slice(None), slice(None)) + t])
        y = y[(slice(None), slice(None)) + tuple(slice(begin[ax], full[ax] - end[ax]) for ax in range(dims))]
    y += b.reshape((1, -1) + (1,) * dims)
    return to_layout(y, layout)


def run_suite(convmat, directory):
    run = subprocess.run([convmat, "verify", "--suite", str(directory)], capture_output=True, text=True)
    return run.returncode, run.stdout.strip().splitlines(), run.stderr


def main():
    convmat = sys.argv[1]
    passed = failed = 0

    def check(ok, what):
        nonlocal passed, failed
        print(f"{'PASS' if ok else 'FAIL'} {what}")
        passed, failed = passed + ok, failed + (not ok)

    with tempfile.TemporaryDirectory() as tmp:
        for op in ["conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d"]:
            for flip in (False, True):
                directory = Path(tmp) / f"{op}-{'flipped' if flip else 'right'}"
                made = subprocess.run([convmat, "vectors", "--op", op, "--count", "14", "--seed", "5", "--out", str(directory)],
                                      capture_output=True, text=True)
                if made.returncode != 0:
                    check(False, f"{op}: convmat vectors failed: {made.stderr.strip()}")
                    continue
                taps = {}
                for case_dir in sorted(p for p in directory.iterdir() if (p / "case.json").exists()):
                    case = json.loads((case_dir / "case.json").read_text())
                    np.save(case_dir / "out.npy", kernel(case, flip=flip))
                    taps[case_dir.name] = int(np.prod(case["W"]["shape"][2:]))
                status, lines, stderr = run_suite(convmat, directory)
                results = {line.split()[1].rstrip(":"): line for line in lines if line.startswith(("PASS", "FAIL"))}
                if not flip:
                    check(status == 0 and len(results) == 14 and all(l.startswith("PASS") for l in results.values()),
                          f"{op}: a correct float32 kernel passes all 14 cases ({lines[-1] if lines else stderr.strip()})")
                    continue
                expected_fail = {name for name, count in taps.items() if count > 1}
                failing = {name for name, line in results.items() if line.startswith("FAIL")}
                named = all("flipped-kernel" in results[name] for name in failing)
                check(status == 1 and failing == expected_fail and named,
                      f"{op} with a flipped kernel: {len(failing)} failing cases, every one diagnosed flipped-kernel: {named} "
                      f"({lines[-1] if lines else stderr.strip()})")
                if failing != expected_fail or not named:
                    for name in sorted(results):
                        print("   ", results[name])
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
