/// A positive or negative rational number as a layer string writes it — `0.5`, `.25`, `1/3`,
/// `2` — kept exact: `numerator / denominator` in lowest terms, `denominator ≥ 1`.
///
/// Layer strings use it for fractional strides: `stride=(0.5, 2)` is the forum post's way of
/// writing input dilation 2 on the first axis (see ``LayerExpression/parameters(inputDilation:inputLayout:outputLayout:)``).
public struct LayerFraction: Hashable, Sendable, CustomStringConvertible {
    public let numerator: Int
    /// `≥ 1`; `1` for a whole number.
    public let denominator: Int
    /// The number as written (`0.50`, `1/2`).
    public let text: String

    /// `numerator / denominator` reduced to lowest terms; `nil` when `denominator` is 0.
    public init?(numerator: Int, denominator: Int, text: String) {
        guard denominator != 0, numerator != .min, denominator != .min else { return nil }
        let sign = denominator < 0 ? -1 : 1
        let divisor = Self.gcd(abs(numerator), abs(denominator))
        self.numerator = sign * numerator / divisor
        self.denominator = sign * denominator / divisor
        self.text = text
    }

    /// Whether it is a whole number.
    public var isInteger: Bool { denominator == 1 }

    /// `l` when the number is `1/l` for a whole `l ≥ 2`, else `nil`.
    public var reciprocalOfInteger: Int? { numerator == 1 && denominator >= 2 ? denominator : nil }

    public var description: String { text }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? max(a, 1) : gcd(b, a % b) }
}
