/// The verdict on a user's backward pass: one ``VerificationReport`` per gradient given.
public struct GradientVerificationReport: Sendable, Encodable {
    /// `∂L/∂x`, named `gx[n, c, i…]`; `nil` when not given.
    public var input: VerificationReport?
    /// `∂L/∂w`, named `w[co, ci, k…]` in the layer's weight shape; `nil` when not given.
    public var weights: VerificationReport?
    /// `∂L/∂b`, named `b[c]`; `nil` when not given.
    public var bias: VerificationReport?

    /// Every given gradient passed.
    public var passed: Bool { [input, weights, bias].allSatisfy { $0?.passed ?? true } }

    /// JSON: `passed`, then the sub-reports under `grad_input`, `grad_weight` and `grad_bias`
    /// (absent when not given).
    enum CodingKeys: String, CodingKey {
        case passed, input = "grad_input", weights = "grad_weight", bias = "grad_bias"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(passed, forKey: .passed)
        try container.encodeIfPresent(input, forKey: .input)
        try container.encodeIfPresent(weights, forKey: .weights)
        try container.encodeIfPresent(bias, forKey: .bias)
    }

    /// The sub-reports' texts, one after the other.
    public var text: String {
        [input, weights, bias].compactMap { $0?.text }.joined(separator: "\n\n")
    }
}
