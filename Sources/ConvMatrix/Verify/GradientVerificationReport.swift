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

    /// The sub-reports' texts, one after the other.
    public var text: String {
        [input, weights, bias].compactMap { $0?.text }.joined(separator: "\n\n")
    }
}
