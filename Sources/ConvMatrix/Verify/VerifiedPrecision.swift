/// The floating-point format a user's kernel computed in, and its unit roundoff `u`.
///
/// `u = 2⁻ᵖ` for a format with `p` significand bits (the implicit bit included): a correctly
/// rounded operation has relative error at most `u` (Higham, *Accuracy and Stability of
/// Numerical Algorithms*, 2nd ed., §2.1, Table 2.1).
public enum VerifiedPrecision: String, CaseIterable, Sendable, Codable {
    /// IEEE 754 binary16: 11 significand bits.
    case float16
    /// bfloat16: 8 significand bits.
    case bfloat16
    /// IEEE 754 binary32: 24 significand bits.
    case float32
    /// IEEE 754 binary64: 53 significand bits.
    case float64

    /// `u`: 2⁻¹¹, 2⁻⁸, 2⁻²⁴ or 2⁻⁵³.
    public var unitRoundoff: Double {
        switch self {
        case .float16: return 0x1p-11
        case .bfloat16: return 0x1p-8
        case .float32: return 0x1p-24
        case .float64: return 0x1p-53
        }
    }
}
