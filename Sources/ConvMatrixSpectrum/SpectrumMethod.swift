/// How ``ConvolutionLayer/spectrum(inputShape:top:bottom:method:)`` computes singular values.
public enum SpectrumMethod: String, CaseIterable, Sendable, CustomStringConvertible {
    /// `dense` when `W` has at most ``denseColumnLimit`` (1,024) columns, `lanczos` otherwise.
    case auto
    /// `W` as a dense matrix, every singular value by LAPACK's `dgesdd`.
    case dense
    /// ARPACK's Lanczos on `WᵀW` (or `WWᵀ` when `W` is wide) applied through CHOLMOD; the
    /// smallest values by shift-invert with a CHOLMOD factorisation of that normal matrix.
    case lanczos
    /// The closed form of circular stride-1 layers (Sedghi, Gupta & Long, ICLR 2019): the FFT of
    /// the kernel at the input size, then the SVD of each `C_out × C_in` frequency block.
    case fft

    /// The widest `W` (in columns) that `auto` decomposes densely. Measured for a 3×3 layer with
    /// 5 largest and the smallest value (release build, OpenBLAS, Intel Xeon, 2 shared vCPUs; CPU
    /// seconds, dense / Lanczos): 256 columns 0.05 / 0.03, 512 0.16 / 0.05, 1,024 1.05 / 0.06,
    /// 2,048 8.0 / 0.34, 4,096 78 / 1.1. Dense costs O(n³) but gives every value and an exact
    /// rank; up to 1,024 columns that is worth its second, beyond it Lanczos wins by far.
    public static let denseColumnLimit = 1024

    public var description: String { rawValue }
}
