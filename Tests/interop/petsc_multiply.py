"""Load a matrix written by `convmat export --format petsc` into PETSc and multiply it there.

Usage (any number of MPI ranks; MatLoad distributes the rows over them):

    mpirun -n 2 python3 petsc_multiply.py W.petsc x.npy y.npy

x.npy holds one sample of the layer's input (any shape, C order, float64 or float32: it is
flattened to the columns of W); y.npy receives y = W·x as a flat float64 array, written by
rank 0. With Debian's packages: apt-get install python3-petsc4py openmpi-bin, and run it with
/usr/bin/python3 (as root, mpirun needs --allow-run-as-root).
"""
import sys

import numpy as np
from petsc4py import PETSc


def main(matrix_path, x_path, y_path):
    comm = PETSc.COMM_WORLD
    viewer = PETSc.Viewer().createBinary(matrix_path, mode="r", comm=comm)
    w = PETSc.Mat().create(comm=comm)
    w.setType(PETSc.Mat.Type.AIJ)
    w.load(viewer)
    rows, columns = w.getSize()

    samples = np.load(x_path).astype(np.float64).reshape(-1)
    if samples.size != columns:
        raise SystemExit(f"{x_path}: {samples.size} values, but W has {columns} columns")
    x = w.createVecRight()
    lo, hi = x.getOwnershipRange()
    x.setArray(samples[lo:hi])
    y = w.createVecLeft()
    w.mult(x, y)

    # Every rank's rows of y to rank 0.
    scatter, y0 = PETSc.Scatter.toZero(y)
    scatter.scatter(y, y0, PETSc.InsertMode.INSERT_VALUES, PETSc.ScatterMode.FORWARD)
    first, last = w.getOwnershipRange()
    info = w.getInfo(PETSc.Mat.InfoType.GLOBAL_SUM)  # collective: every rank calls it
    if comm.getRank() == 0:
        np.save(y_path, y0.getArray().copy())
        print(f"{matrix_path}: W {rows} x {columns}, nnz {int(info['nz_used'])}, loaded by {comm.getSize()} ranks "
              f"(rank 0 owns rows {first}..{last - 1}); y = W*x written to {y_path}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    main(*sys.argv[1:])
