"""Writes the small .npy files that the examples in `convmat --help` and README.md read, so every
example runs as written from a fresh clone (from the repository root). Values are small
integers or multiples of 1/8, exact in every precision; the reference outputs and gradients are
computed here with plain NumPy loops (PyTorch's cross-correlation), independently of ConvMatrix.

Run from anywhere: python3 Tests/Examples/make_examples.py (rewrites the files in place), or
with --check (the CI step): recompute them in a scratch directory and fail unless every committed
file holds exactly the recomputed values.
"""
import os
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
CHECK = "--check" in sys.argv[1:]
TARGET = tempfile.mkdtemp() if CHECK else HERE
WRITTEN = []


def save(name, array):
    WRITTEN.append(name)
    path = os.path.join(TARGET, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    np.save(path, np.asarray(array, dtype=np.float64))


def conv_nd(x, w, b=None, padding=0, groups=1):
    """y[n, o, i…] = b[o] + Σ_{c, k…} w[o, c, k…] · xpad[n, g·C_in/g + c, i + k…] (stride 1)."""
    rank = x.ndim - 2
    pad = [(0, 0), (0, 0)] + [(padding, padding)] * rank
    xp = np.pad(x, pad)
    n, c_in = x.shape[:2]
    c_out, c_per_group = w.shape[:2]
    kernel = w.shape[2:]
    out_spatial = tuple(xp.shape[2 + a] - kernel[a] + 1 for a in range(rank))
    y = np.zeros((n, c_out) + out_spatial)
    per_out_group = c_out // groups
    for s in range(n):
        for o in range(c_out):
            g = o // per_out_group
            for position in np.ndindex(*out_spatial):
                total = 0.0 if b is None else b[o]
                for c in range(c_per_group):
                    for k in np.ndindex(*kernel):
                        index = tuple(position[a] + k[a] for a in range(rank))
                        total += w[(o, c) + k] * xp[(s, g * c_per_group + c) + index]
                y[(s, o) + position] = total
    return y


def conv_gradients(x, w, gy, groups=1):
    """gx = ∂⟨gy, conv(x, w)⟩/∂x and gw = ∂⟨gy, conv(x, w)⟩/∂w, by the same loops (no padding)."""
    gx, gw = np.zeros_like(x), np.zeros_like(w)
    n, c_out = gy.shape[:2]
    c_per_group = w.shape[1]
    kernel = w.shape[2:]
    per_out_group = c_out // groups
    for s in range(n):
        for o in range(c_out):
            g = o // per_out_group
            for position in np.ndindex(*gy.shape[2:]):
                for c in range(c_per_group):
                    for k in np.ndindex(*kernel):
                        index = (s, g * c_per_group + c) + tuple(position[a] + k[a] for a in range(len(kernel)))
                        gx[index] += w[(o, c) + k] * gy[(s, o) + position]
                        gw[(o, c) + k] += x[index] * gy[(s, o) + position]
    return gx, gw


# convmat apply "nn.Conv2d(1, 1, 2, bias=False)" --input Tests/Examples/x.npy …: a 3×3 input.
save("x.npy", np.arange(9).reshape(1, 1, 3, 3))
# … --weights Tests/Examples/k.npy --input Tests/Examples/y.npy: the chapter's kernel and a 2×2 input.
save("k.npy", [[[[1, 2], [3, 4]]]])
save("y.npy", [[[[0, 1], [2, 3]]]])
# README: convmat apply "nn.Conv1d(5, 10, 3, padding='same')" --input Tests/Examples/x_5x8.npy
save("x_5x8.npy", (np.arange(40).reshape(1, 5, 8) % 7) - 3)

# convmat verify "nn.Conv2d(3, 8, 3, padding=1)" --input … --weights … --bias … --output …
rng = np.random.default_rng(7)
x = rng.integers(-8, 9, size=(1, 3, 5, 5)) / 8
w = rng.integers(-8, 9, size=(8, 3, 3, 3)) / 8
b = rng.integers(-8, 9, size=8) / 8
save("verify/x.npy", x)
save("verify/w.npy", w)
save("verify/b.npy", b)
save("verify/y.npy", conv_nd(x, w, b, padding=1))
save("verify/y_nobias.npy", conv_nd(x, w, None, padding=1))

# convmat verify "nn.Conv1d(4, 4, 3, groups=2)" --input … --weights … --grad-output … --grad-input … --grad-weight …
x = rng.integers(-8, 9, size=(2, 4, 7)) / 8
w = rng.integers(-8, 9, size=(4, 2, 3)) / 8
gy = rng.integers(-8, 9, size=(2, 4, 5)) / 8
gx, gw = conv_gradients(x, w, gy, groups=2)
save("grad/x.npy", x)
save("grad/w.npy", w)
save("grad/gy.npy", gy)
save("grad/gx.npy", gx)
save("grad/gw.npy", gw)


if CHECK:
    differing = [name for name in WRITTEN
                 if not np.array_equal(np.load(os.path.join(HERE, name)), np.load(os.path.join(TARGET, name)))]
    for name in differing:
        print(f"Tests/Examples/{name} differs from make_examples.py's values")
    print(f"{len(WRITTEN) - len(differing)} of {len(WRITTEN)} example files match make_examples.py")
    sys.exit(1 if differing else 0)
