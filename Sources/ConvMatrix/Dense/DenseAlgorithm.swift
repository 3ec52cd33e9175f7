/// How the dense path computes a convolution (forward, or transposed through its forward
/// equivalent).
///
/// Both algorithms read only the geometry, `x`, the weights and the bias (never `W`), so
/// either checks the sparse path; they differ in the order of the arithmetic.
public enum DenseAlgorithm: String, CaseIterable, Sendable, CustomStringConvertible {
    /// ``winograd`` where it applies (``DenseConvolution/winogradApplies(to:direction:)``), else ``direct``.
    case automatic
    /// The direct convolution: every output the sum of its `C_in/groups · Πk` products, each
    /// weight times one input element (the offset GEMM and the depthwise kernels).
    case direct
    /// Winograd F(2×2, 3×3) on 3 × 3 layers of stride 1 (2.25× fewer multiplications) and
    /// F(2, 3) on 1-D layers of kernel 3 (1.5× fewer), each output formed through sums of up
    /// to four inputs (per axis) and of halves of the weights, so its
    /// rounding differs from the direct sum's (Float: a few units in the last place of the
    /// largest intermediate). Only for the layers of ``DenseConvolution/winogradApplies(to:direction:)``;
    /// any other throws `.unsupported` naming the rule.
    case winograd

    public var description: String { rawValue }
}

extension DenseConvolution {
    /// Whether ``DenseAlgorithm/winograd`` computes the `direction` map of `geometry`.
    /// Forward: one or two spatial axes, a kernel of 3 (3 × 3) with stride, dilation and input
    /// dilation 1, zero padding (no negative pad), one group, channels first on both sides, at
    /// least 16 input and 16 output channels. Transposed: the same layers with pads of at most
    /// 2, computed as the forward layer of ``ConvolutionGeometry/transposeGeometry()`` (pads
    /// `2 − b`, channels swapped, kernels flipped). O(rank).
    public static func winogradApplies(to geometry: ConvolutionGeometry, direction: Convolution.Direction = .forward) -> Bool {
        switch direction {
        case .forward: return WinogradPlan.isEligible(geometry)
        case .transposed:
            // A depthwise layer has a forward equivalent too, which Winograd does not take.
            return DenseJob.forwardEquivalent(of: geometry, algorithm: .winograd).map(WinogradPlan.isEligible) ?? false
        }
    }
}
