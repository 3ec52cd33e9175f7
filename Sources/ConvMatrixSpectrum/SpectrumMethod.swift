/// How ``ConvolutionLayer/spectrum(inputShape:top:bottom:method:)`` computes singular values.
public enum SpectrumMethod: String, CaseIterable, Sendable, CustomStringConvertible {
    /// `dense` when `W` has at most ``denseColumnLimit`` columns, `lanczos` otherwise.
    case auto
    /// `W` as a dense matrix, every singular value by LAPACK's `dgesdd`.
    case dense
    /// ARPACK's Lanczos on `WᵀW` (or `WWᵀ` when `W` is wide) applied through CHOLMOD; the
    /// smallest values by shift-invert with a CHOLMOD factorisation of that normal matrix.
    case lanczos
    /// The closed form of circular stride-1 layers (Sedghi, Gupta & Long, ICLR 2019): the FFT of
    /// the kernel at the input size, then the SVD of each `C_out × C_in` frequency block.
    case fft

    /// The widest `W` (in columns) that `auto` decomposes densely: about where dense SVD with
    /// vectors stops being faster than Lanczos for a few values (measured; see the CHANGELOG).
    public static let denseColumnLimit = 4096

    public var description: String { rawValue }
}
