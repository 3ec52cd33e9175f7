import ConvMatrix

/// A grey-scale picture of a 2-d array of numbers, written as PNG: a notebook's way to show an
/// image, a residual or a solution.
///
/// Each value `v` becomes a `scale × scale` block of grey level `255·(v − lo)/(hi − lo)`, clamped to
/// black below `lo` and white above `hi` (NaN is mid-grey); rows top to bottom.
///
/// ```swift
/// try GrayscaleImage(values: x, width: 32, height: 32, range: 0...1, scale: 4).writePNG(to: "x.png")
/// ```
public struct GrayscaleImage: Sendable {
    public let values: [Double]
    public let width: Int
    public let height: Int
    public let range: ClosedRange<Double>
    public let scale: Int
    /// The PNG's `Title` text chunk.
    public var title: String

    /// - Throws: `.shapeMismatch` naming `values.count` when it is not `width · height`;
    ///   `.invalidParameter` naming `width`, `height`, `scale` (each ≥ 1, and the picture at most
    ///   16384 pixels a side) or `range` (empty or not finite).
    public init(values: [Double], width: Int, height: Int, range: ClosedRange<Double> = 0...1, scale: Int = 1,
                title: String = "") throws {
        for (name, value) in [("width", width), ("height", height), ("scale", scale)] where value < 1 {
            throw ConvMatrixError(.invalidParameter, parameter: name, value: "\(value)", rule: "must be ≥ 1")
        }
        for (name, value) in [("width", width), ("height", height)] {
            let (pixels, overflow) = value.multipliedReportingOverflow(by: scale)
            guard !overflow, pixels <= 16384 else {
                throw ConvMatrixError(.invalidParameter, parameter: name, value: "\(value)",
                                      rule: "\(name) × scale (\(scale)) must be at most 16384 pixels")
            }
        }
        guard values.count == width * height else {
            throw ConvMatrixError(.shapeMismatch, parameter: "values.count", value: "\(values.count)",
                                  rule: "must be width × height = \(width) × \(height) = \(width * height)")
        }
        guard range.lowerBound.isFinite, range.upperBound.isFinite, range.lowerBound < range.upperBound else {
            throw ConvMatrixError(.invalidParameter, parameter: "range", value: "\(range)", rule: "must be finite with lower < upper")
        }
        self.values = values
        self.width = width
        self.height = height
        self.range = range
        self.scale = scale
        self.title = title
    }

    /// The 8-bit grey level of `v`.
    func level(_ v: Double) -> UInt8 {
        guard !v.isNaN else { return 128 }
        let t = (v - range.lowerBound) / (range.upperBound - range.lowerBound)
        return UInt8((min(max(t, 0), 1) * 255).rounded())
    }

    /// The PNG file (8-bit RGB, grey levels).
    ///
    /// - Throws: `ConvMatrixError(.io)` when zlib fails.
    /// - Complexity: O(width · height · scale²).
    public func png() throws -> [UInt8] {
        let (pictureWidth, pictureHeight) = (width * scale, height * scale)
        var pixels = [UInt8](repeating: 255, count: 3 * pictureWidth * pictureHeight)
        for row in 0..<height {
            for column in 0..<width {
                let g = level(values[row * width + column])
                for dy in 0..<scale {
                    let start = 3 * ((row * scale + dy) * pictureWidth + column * scale)
                    for k in start..<(start + 3 * scale) { pixels[k] = g }
                }
            }
        }
        var image = PNGImage(width: pictureWidth, height: pictureHeight, pixels: pixels)
        image.text = [("Title", title), ("Software", "ConvMatrix")]
        do throws(ZlibFailure) {
            return try image.encoded()
        } catch {
            throw ConvMatrixError(.io, parameter: "png", value: "zlib code \(error.code)", rule: error.message)
        }
    }

    /// Writes ``png()`` to `path` atomically.
    ///
    /// - Throws: `ConvMatrixError(.io)` naming `path` when it cannot be written.
    public func writePNG(to path: String) throws {
        try AtomicFile.write(try png(), to: path)
    }
}
