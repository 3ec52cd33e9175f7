// The matrix the transposed-convolution chapter prints, written out by hand.

/// `kernel2matrix(K)` for `K = [[1, 2], [3, 4]]` on a 3×3 input, as d2l's transposed-convolution
/// chapter ("Connection to Matrix Transposition") prints it:
/// ```
/// tensor([[1., 2., 0., 3., 4., 0., 0., 0., 0.],
///         [0., 1., 2., 0., 3., 4., 0., 0., 0.],
///         [0., 0., 0., 1., 2., 0., 3., 4., 0.],
///         [0., 0., 0., 0., 1., 2., 0., 3., 4.]])
/// ```
/// Row `r` is output position (r / 2, r % 2); the kernel lands at input (i, j) = (r / 2 + a, r % 2 + b)
/// with value K[a][b], column 3·i + j.
public let chapterW: [[Double]] = [
    [1, 2, 0, 3, 4, 0, 0, 0, 0],
    [0, 1, 2, 0, 3, 4, 0, 0, 0],
    [0, 0, 0, 1, 2, 0, 3, 4, 0],
    [0, 0, 0, 0, 1, 2, 0, 3, 4],
]
