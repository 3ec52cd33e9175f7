/// `y ← β·y` with BLAS semantics: `β = 0` overwrites `y` with zeros (NaN and ∞ in `y` are
/// not propagated, as `cholmod_sdmult` and `?gemm` do), `β = 1` leaves `y` untouched.
///
/// - Complexity: O(y.count).
func scaleColumns(_ y: UnsafeMutableBufferPointer<Double>, by beta: Double) {
    if beta == 0 {
        y.update(repeating: 0)
    } else if beta != 1 {
        for r in y.indices { y[r] *= beta }
    }
}
