"""PETSc hand-off: `convmat export --format petsc` files, loaded by PETSc under `mpirun -n 2`,
multiply like `convmat apply` (relative difference ≤ 1e-12).

Usage: /usr/bin/python3 check_petsc_handoff.py CONVMAT_BINARY

For one layer (reflect padding: entries fed by several taps; groups; bias=False so that
y = W·x): W written whole, written streamed in row blocks (--streaming --memory-budget), and
written as two row ranges (--rows, one file per rank's part, stacked again here). Each file is
multiplied by petsc_multiply.py under 2 MPI ranks and compared with `convmat apply`.
"""
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

LAYER = "nn.Conv2d(4, 6, 3, padding=1, padding_mode='reflect', groups=2, bias=False)"
SHAPE = (1, 4, 23, 19)
MPI = ["mpirun", "-n", "2", "--allow-run-as-root", "--oversubscribe", sys.executable]
HERE = Path(__file__).resolve().parent


def run(arguments):
    done = subprocess.run(arguments, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, arguments))} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    print(done.stdout.strip())
    return done


def main(convmat):
    with tempfile.TemporaryDirectory() as scratch:
        d = Path(scratch)
        np.save(d / "x.npy", np.random.default_rng(13).standard_normal(SHAPE))
        layer = [LAYER, "--fill", "random", "--seed", "5"]
        run([convmat, "apply", *layer, "--input", d / "x.npy", "--output", d / "y.npy"])
        expected = np.load(d / "y.npy").reshape(-1)
        rows = expected.size
        cut = rows // 2 + 7
        run([convmat, "export", *layer, "--input", "x".join(map(str, SHAPE)), "--output", d / "W.petsc"])
        run([convmat, "export", *layer, "--input", "x".join(map(str, SHAPE)), "--streaming", "--memory-budget", "3MB",
             "--output", d / "W_streamed.petsc"])
        for name, part in [("W_rank0.petsc", f"0:{cut}"), ("W_rank1.petsc", f"{cut}:{rows}")]:
            run([convmat, "export", *layer, "--input", "x".join(map(str, SHAPE)), "--rows", part, "--output", d / name])
        if (d / "W.petsc").read_bytes() != (d / "W_streamed.petsc").read_bytes():
            raise SystemExit("the streamed .petsc differs from the in-memory one")

        results = {}
        for name in ["W.petsc", "W_streamed.petsc", "W_rank0.petsc", "W_rank1.petsc"]:
            out = d / (name + ".y.npy")
            run([*MPI, HERE / "petsc_multiply.py", d / name, d / "x.npy", out])
            results[name] = np.load(out)
        stacked = np.concatenate([results["W_rank0.petsc"], results["W_rank1.petsc"]])
        scale = np.abs(expected).max()
        for name, y in [("W.petsc", results["W.petsc"]), ("W_streamed.petsc", results["W_streamed.petsc"]),
                        ("--rows parts, stacked", stacked)]:
            error = np.abs(y - expected).max() / scale
            print(f"PETSc W*x from {name} vs convmat apply: relative difference {error:.2e}")
            if y.shape != expected.shape or error > 1e-12:
                raise SystemExit(f"{name}: PETSc's W*x differs from convmat apply by {error:.2e} (> 1e-12)")
    print("PETSc hand-off: ok")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(sys.argv[1])
