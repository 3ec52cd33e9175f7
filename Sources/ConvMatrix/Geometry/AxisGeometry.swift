/// One spatial axis of a convolution: the parameters that decide which input elements
/// feed which output elements along this axis.
///
/// With input length `n`, kernel `k`, stride `s`, kernel dilation `d`, input dilation `l`
/// and pads `b` (begin) and `e` (end), the input is first dilated to `n' = (n−1)·l + 1`
/// (`l−1` zeros between neighbours: a fractional stride `1/l`), then padded with `b` and `e`
/// zeros (a negative pad removes that many elements), and the kernel slides over it:
///
///     natural output = ⌊(n' + b + e − d·(k−1) − 1) / s⌋ + 1
///
/// `outputSize` is usually the natural output; a transposed convolution whose
/// `output_padding` makes the underlying convolution produce more positions than the
/// transposed input has keeps only the first `outputSize` of them.
public struct AxisGeometry: Hashable, Sendable, CustomStringConvertible {
    /// Input length `n` (before input dilation and padding).
    public var inputSize: Int
    /// Kernel length `k`.
    public var kernelSize: Int
    /// Stride `s ≥ 1`.
    public var stride: Int
    /// Kernel dilation `d ≥ 1`: distance between neighbouring taps.
    public var dilation: Int
    /// Input dilation `l ≥ 1` (JAX's `lhs_dilation`): `l−1` zeros inserted between inputs.
    public var inputDilation: Int
    /// Zeros added before the (dilated) input; negative removes elements.
    public var padBegin: Int
    /// Zeros added after the (dilated) input; negative removes elements.
    public var padEnd: Int
    /// Output positions kept along this axis (`≤ naturalOutputSize`).
    public var outputSize: Int

    /// Creates an axis whose output size is the natural one.
    public init(inputSize: Int, kernelSize: Int, stride: Int = 1, dilation: Int = 1,
                inputDilation: Int = 1, padBegin: Int = 0, padEnd: Int = 0, outputSize: Int? = nil) {
        self.inputSize = inputSize
        self.kernelSize = kernelSize
        self.stride = stride
        self.dilation = dilation
        self.inputDilation = inputDilation
        self.padBegin = padBegin
        self.padEnd = padEnd
        self.outputSize = 0
        self.outputSize = outputSize ?? naturalOutputSize
    }

    /// `n' = (n−1)·l + 1`: the input length after zero injection; `0` for `n ≤ 0`, `Int.max`
    /// when it does not fit (``ConvolutionGeometry`` rejects such an axis).
    /// O(1) without allocation: the compiler reads it once per (output, tap) it visits.
    public var dilatedInputSize: Int {
        guard inputSize >= 1, inputDilation >= 1 else { return 0 }
        let (scaled, overflow) = (inputSize - 1).multipliedReportingOverflow(by: inputDilation)
        let (length, wrapped) = scaled.addingReportingOverflow(1)
        return overflow || wrapped ? .max : length
    }

    /// `d·(k−1) + 1`: the span of the dilated kernel; `Int.max` when it does not fit
    /// (``ConvolutionGeometry`` rejects such an axis).
    public var kernelSpan: Int { (try? Self.kernelSpan(k: kernelSize, d: dilation, axis: nil)) ?? .max }

    /// ``convolutionOutputLength(inputLength:kernelSize:stride:dilation:inputDilation:padBegin:padEnd:)``
    /// of this axis: `⌊(n' + b + e − d·(k−1) − 1) / s⌋ + 1`, or `0` when the kernel does not fit,
    /// a parameter is out of its domain or the length overflows (``ConvolutionGeometry``'s
    /// validation reports which).
    public var naturalOutputSize: Int {
        (try? Self.convolutionOutputLength(inputLength: inputSize, kernelSize: kernelSize, stride: stride,
                                           dilation: dilation, inputDilation: inputDilation, padBegin: padBegin,
                                           padEnd: padEnd)) ?? 0
    }

    public var description: String {
        "n=\(inputSize) k=\(kernelSize) s=\(stride) d=\(dilation) l=\(inputDilation) pad=(\(padBegin),\(padEnd)) out=\(outputSize)"
    }
}
