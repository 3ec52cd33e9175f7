"""`convmat spectrum --json` against NumPy's SVD of the W that `convmat export --format npz` writes.

Usage: python3 check_spectrum_numpy.py CONVMAT_BINARY

For each layer (every padding mode, stride, dilation, groups, 1-d/2-d/3-d, a ConvTranspose; the
dense, Lanczos and FFT methods), W is exported as a SciPy sparse .npz, densified, and decomposed by
numpy.linalg.svd; the largest values, the smallest, the norm, the rank (NumPy's matrix_rank
tolerance is LAPACK's, max(m, n)·eps·σ_max) and the condition number must agree to 1e-10 relative.
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import scipy.sparse

LAYERS = [
    ("nn.Conv2d(3, 4, 3, padding=1)", "1x3x6x6", "dense"),
    ("nn.Conv2d(2, 4, 3, stride=2, padding=1, padding_mode='reflect')", "1x2x7x7", "dense"),
    ("nn.Conv2d(4, 4, 3, padding=2, dilation=2, groups=2, padding_mode='replicate')", "1x4x6x6", "auto"),
    ("nn.Conv1d(2, 3, 3, padding=1, padding_mode='circular')", "1x2x12", "fft"),
    ("nn.Conv2d(2, 2, 3, padding=1, padding_mode='circular')", "1x2x8x8", "fft"),
    ("nn.Conv3d(2, 2, 2, stride=(1, 2, 1))", "1x2x4x4x3", "dense"),
    ("nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1)", "1x4x4x4", "dense"),
    ("nn.Conv2d(3, 3, 3, padding=1)", "1x3x10x10", "lanczos"),
    ("nn.Conv2d(2, 3, 2, stride=3)", "1x2x9x9", "lanczos"),
]


def run(args):
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def close(a, b, what, layer):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape or not np.all(np.abs(a - b) <= 1e-10 * np.maximum(np.abs(b), 1e-300)):
        sys.exit(f"{layer}: {what} {a} != NumPy {b}")


def main():
    convmat = sys.argv[1]
    with tempfile.TemporaryDirectory() as folder:
        for layer, shape, method in LAYERS:
            path = str(Path(folder) / "W.npz")
            common = [layer, "--input", shape, "--fill", "random", "--seed", "3"]
            run([convmat, "export", *common, "--format", "npz", "--output", path])
            w = scipy.sparse.load_npz(path).toarray()
            s = np.linalg.svd(w, compute_uv=False)
            k = min(w.shape)
            top, bottom = min(5, k - 1), min(2, k - 1)
            report = json.loads(run([convmat, "spectrum", *common, "--method", method, "--top", str(top),
                                     "--bottom", str(bottom), "--json"]))
            tolerance = max(w.shape) * np.finfo(float).eps * s[0]
            close(report["top"], s[:top], "top", layer)
            close(report["bottom"], s[::-1][:bottom], "bottom", layer)
            close(report["norm"], s[0], "norm", layer)
            rank = int(np.sum(s > tolerance))
            if report["rank"] is not None and report["rank"] != rank:
                sys.exit(f"{layer}: rank {report['rank']} != NumPy {rank}")
            if rank == k:
                close(report["condition_number"], s[0] / s[-1], "condition number", layer)
            if report["method"] != ("dense" if method == "auto" else method):
                sys.exit(f"{layer}: method {report['method']}")
            if method != "fft":
                if len(report["residuals"]["top"]) != top or max(report["residuals"]["top"]) > 1e-9 * s[0] ** 2:
                    sys.exit(f"{layer}: residuals {report['residuals']}")
            print(f"ok  {layer} on {shape} ({report['method']}): W {w.shape[0]}×{w.shape[1]}, "
                  f"‖W‖₂ = {s[0]:.6g}, rank {rank}")
    print("spectrum: every value agrees with numpy.linalg.svd to 1e-10 relative")


if __name__ == "__main__":
    main()
