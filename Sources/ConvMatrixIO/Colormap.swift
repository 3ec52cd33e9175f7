// Colours of the spy plot: the diverging "coolwarm" map around 0 and grey density shading.

/// An 8-bit sRGB colour.
struct RGB: Equatable, Hashable {
    var red: UInt8
    var green: UInt8
    var blue: UInt8

    static let white = RGB(red: 255, green: 255, blue: 255)
    static let black = RGB(red: 0, green: 0, blue: 0)
    /// Secondary text: subtitle, ticks, legend labels.
    static let secondaryText = RGB(red: 68, green: 68, blue: 68)
    /// Block indices, in a darker shade of the grid's blue.
    static let blockText = RGB(red: 74, green: 111, blue: 165)
    /// The plot frame.
    static let frame = RGB(red: 96, green: 96, blue: 96)
    /// Channel-block grid lines ("light steel blue"), drawn beneath the entries.
    static let grid = RGB(red: 176, green: 196, blue: 222)
}

/// Moreland's "coolwarm" diverging colormap (Kenneth Moreland, *Diverging Color Maps for
/// Scientific Visualization*, 2009), sampled at 9 points and interpolated linearly:
/// blue (−1) → light grey (0) → red (+1). Its grey centre stays visible on white.
enum Coolwarm {
    private static let anchors: [(Double, Double, Double)] = [
        (59, 76, 192), (98, 130, 234), (141, 176, 254), (184, 208, 249), (221, 221, 221),
        (245, 196, 173), (244, 154, 123), (222, 96, 77), (180, 4, 38),
    ]

    /// The colour of `t ∈ [−1, 1]` (clamped; NaN maps to the centre).
    static func color(_ t: Double) -> RGB {
        let clamped = t.isNaN ? 0 : min(max(t, -1), 1)
        let position = (clamped + 1) / 2 * Double(anchors.count - 1)
        let lower = min(Int(position), anchors.count - 2)
        let f = position - Double(lower)
        let (a, b) = (anchors[lower], anchors[lower + 1])
        func mix(_ x: Double, _ y: Double) -> UInt8 { UInt8((x + (y - x) * f).rounded()) }
        return RGB(red: mix(a.0, b.0), green: mix(a.1, b.1), blue: mix(a.2, b.2))
    }
}

/// Grey shading by density `f ∈ (0, 1]` of stored entries in a cell: level `round(192·(1 − f))`,
/// so a cell with every position stored is black and a lone entry in a large cell light grey.
func densityGrey(_ f: Double) -> RGB {
    let level = UInt8((192 * (1 - min(max(f, 0), 1))).rounded())
    return RGB(red: level, green: level, blue: level)
}
