/// The verdict on a user's computed tensor against ConvMatrix's float64 reference: whether it
/// passes, which elements fail, by how much, and where they sit in the layer's own terms.
///
/// Every error is reported absolutely (`|got − expected|`) and in units of its element's bound
/// (see ``VerificationTolerance``): an element fails when that ratio exceeds 1, or when the value
/// it got is NaN or infinite. JSON names (for tools) are those of ``CodingKeys``.
public struct VerificationReport: Sendable, Encodable {
    /// One element of the verified tensor, named in logical coordinates.
    public struct Element: Sendable, Encodable {
        /// `[n, c, i…]` for a tensor, `[co, ci, k…]` for weights, `[c]` for a bias.
        public let index: [Int]
        /// The element's name for people: `y[n=0, c=3, 4, 1]`, `w[1, 0, 2]`, `b[2]`.
        public let label: String
        public let got: Double
        public let expected: Double
        public let bound: Double
        /// The stored inputs and kernel taps that produce this element (empty when not traced).
        public let receptiveField: [ReceptiveFieldTerm]

        /// `|got − expected|`; infinity when `got` is NaN or infinite.
        public var error: Double { got.isFinite ? abs(got - expected) : .infinity }
        /// `error / bound` (0 when both are 0, infinity when only the bound is).
        public var errorInBounds: Double { VerificationReport.ratio(error, bound) }

        enum CodingKeys: String, CodingKey {
            case index, label, got, expected, bound, receptiveField = "receptive_field"
        }
    }

    /// One stored product feeding an element: `weight · inputValue`, where `weight` is the entry
    /// of `W` (the sum of the ``taps`` it is made of).
    public struct ReceptiveFieldTerm: Sendable, Encodable {
        /// `[n, c, i…]` of the input element.
        public let input: [Int]
        /// Its name: `x[n=0, c=1, 2, 3]`.
        public let inputLabel: String
        public let inputValue: Double
        /// `[co, ci, k…]` of each weight element (several with reflect, replicate, circular padding).
        public let taps: [[Int]]
        public let weight: Double

        enum CodingKeys: String, CodingKey {
            case input, inputLabel = "input_label", inputValue = "input_value", taps, weight
        }
    }

    /// Failing elements on the first position, the last position and the rest of one spatial axis.
    /// An axis of length 1 counts its only position as `first`.
    public struct BorderCount: Sendable, Equatable, Encodable {
        public let axis: Int
        public let first: Int
        public let last: Int
        public let interior: Int
    }

    /// The name of the verified quantity: `y`, `x` (a ConvTranspose's output), `gx`, `w`, `b`.
    public let name: String
    /// Every element within its bound and finite.
    public let passed: Bool
    public let precision: VerifiedPrecision
    /// The tolerance applied, in words.
    public let tolerance: String
    public let elements: Int
    public let failing: Int
    public let maxAbsError: Double
    public let maxErrorInBounds: Double
    /// The largest errors in units of their bound, worst first (failing or not).
    public let worst: [Element]
    /// Failing elements per output channel (per first weight axis for weights).
    public let byChannel: [Int]
    /// Failing elements per group of channels.
    public let byGroup: [Int]
    /// Failing elements per sample (empty for weights and bias).
    public let bySample: [Int]
    /// Per spatial axis, failing counts on the border vs the interior (empty for weights and bias).
    public let border: [BorderCount]
    /// For 1-d and 2-d tensors with failures: `#` failing, `.` passing, positions of the channel
    /// with most failures (any sample), rows along the first spatial axis, at most 64×64.
    public let map: String?
    /// Whether the float64 reference was cross-checked between the sparse and the dense engine.
    public let crossChecked: Bool
    /// Names of known kernel mistakes whose outputs match the user's; filled by the caller.
    public var diagnosis: [String]

    /// The float64 reference and per-element bounds in memory order, for ``matches(_:)``.
    let reference: [Double]
    let bounds: [Double]

    enum CodingKeys: String, CodingKey {
        case name, passed, precision = "dtype", tolerance, elements, failing, maxAbsError = "max_abs_error"
        case maxErrorInBounds = "max_error_in_bounds", worst, byChannel = "by_channel", byGroup = "by_group"
        case bySample = "by_sample", border, map, crossChecked = "cross_checked", diagnosis
    }

    /// Whether `candidate` (same shape and memory order as the verified tensor) would pass under
    /// the same reference and bounds: every element finite and within its bound.
    ///
    /// - Complexity: O(elements).
    public func matches(_ candidate: Tensor<Double>) -> Bool {
        matches(candidate.scalars)
    }

    /// ``matches(_:)`` for flat values in memory order (weights, bias).
    public func matches(_ candidate: [Double]) -> Bool {
        guard candidate.count == reference.count else { return false }
        for i in candidate.indices where !Self.within(candidate[i], reference[i], bounds[i]) { return false }
        return true
    }

    /// `got` finite and `|got − ref| ≤ bound`.
    static func within(_ got: Double, _ ref: Double, _ bound: Double) -> Bool {
        got.isFinite && abs(got - ref) <= bound
    }

    static func ratio(_ error: Double, _ bound: Double) -> Double {
        bound > 0 ? error / bound : (error == 0 ? 0 : .infinity)
    }
}
