// The spy plot as a PNG raster: the plot area of the SVG, pixel for pixel, inside a 1-pixel frame.
import ConvMatrix

extension SpyPlot {
    /// The raster: `(cellColumns · cellPixels + 2) × (cellRows · cellPixels + 2)` pixels.
    ///
    /// Pixel `(1 + x, 1 + y)` of the plot area is, in order of precedence: the colour of cell
    /// `(y / cellPixels, x / cellPixels)` if it holds an entry (as in ``svg()``); the grid colour
    /// (176, 196, 222) when `y` is a row-block boundary offset or `x` a column-block one; white.
    /// The outermost pixels are the frame (96, 96, 96). Text is not rasterised: the title and
    /// subtitle travel as PNG `Title` and `Description` text chunks.
    ///
    /// - Complexity: O(pixels).
    func raster() -> PNGImage {
        var image = PNGImage(width: plotWidth + 2, height: plotHeight + 2, fill: .white)
        for x in 0..<image.width {
            image[x, 0] = .frame
            image[x, image.height - 1] = .frame
        }
        for y in 0..<image.height {
            image[0, y] = .frame
            image[image.width - 1, y] = .frame
        }
        for y in rowGrid { for x in 0..<plotWidth { image[1 + x, 1 + y] = .grid } }
        for x in columnGrid { for y in 0..<plotHeight { image[1 + x, 1 + y] = .grid } }
        for row in 0..<cellRows {
            for column in 0..<cellColumns {
                guard let color = color(row: row, column: column) else { continue }
                for dy in 0..<cellPixels {
                    for dx in 0..<cellPixels {
                        image[1 + column * cellPixels + dx, 1 + row * cellPixels + dy] = color
                    }
                }
            }
        }
        image.text = [("Title", options.title), ("Description", subtitle), ("Software", "ConvMatrix")]
        return image
    }

    /// The picture as a PNG file: the plot area of ``svg()`` pixel for pixel, `cellPixels` per
    /// cell, grid beneath the entries, a 1-pixel frame (96, 96, 96); 8-bit RGB, IDAT through
    /// zlib's `compress2`; title and subtitle as `Title` and `Description` text chunks.
    ///
    /// - Complexity: O(pixels).
    public func png() throws -> [UInt8] {
        do {
            return try raster().encoded()
        } catch {
            throw ConvMatrixError(.io, parameter: "png", value: "zlib code \(error.code)", rule: error.message)
        }
    }

    /// Writes ``png()`` to `path` atomically (``AtomicFile``).
    ///
    /// - Throws: `ConvMatrixError(.io)` naming `path` when it cannot be written.
    public func writePNG(to path: String) throws {
        let bytes = try png()
        try AtomicFile.write(bytes, to: path)
    }
}
