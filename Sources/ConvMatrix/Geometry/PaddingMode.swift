/// What lies beyond the edges of the input (PyTorch's `padding_mode`).
public enum PaddingMode: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Zeros: padded taps contribute nothing and are not stored in `W`.
    case zeros
    /// Mirror without repeating the edge element: `… x₂ x₁ | x₀ x₁ x₂ …`.
    case reflect
    /// Repeat the edge element: `… x₀ x₀ | x₀ x₁ …`.
    case replicate
    /// Wrap around: `… x_{n−2} x_{n−1} | x₀ x₁ …`.
    case circular

    public var description: String { rawValue }
}
