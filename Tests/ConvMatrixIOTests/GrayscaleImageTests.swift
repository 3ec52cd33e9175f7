import Testing
@testable import ConvMatrixIO
import ConvMatrix

/// GrayscaleImage: the grey levels, the enlarged raster's header, and its input checks.
@Suite struct GrayscaleImageTests {
    /// Range 0…1: 0 → 0, 1 → 255, 0.5 → 127.5 rounds to 128, below and above clamp, NaN is 128.
    @Test func levelsMapTheRangeLinearly() throws {
        let image = try GrayscaleImage(values: [0, 1, 0.5, -3, 7, .nan], width: 3, height: 2)
        #expect(image.values.map(image.level) == [0, 255, 128, 0, 255, 128])
    }

    /// A 3 × 2 picture at scale 4 is a 12 × 8 PNG: signature, then IHDR with big-endian 12 and 8,
    /// bit depth 8, colour type 2 (RGB).
    @Test func thePNGHasTheEnlargedSize() throws {
        let png = try GrayscaleImage(values: [0, 1, 0.5, 0.25, 0.75, 1], width: 3, height: 2, scale: 4).png()
        #expect(Array(png[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(Array(png[12..<16]) == Array("IHDR".utf8))
        #expect(Array(png[16..<26]) == [0, 0, 0, 12, 0, 0, 0, 8, 8, 2])
    }

    @Test func badInputIsATypedError() throws {
        let count = #expect(throws: ConvMatrixError.self) { try GrayscaleImage(values: [0, 1], width: 3, height: 1) }
        #expect(count?.parameter == "values.count")
        let scale = #expect(throws: ConvMatrixError.self) { try GrayscaleImage(values: [0], width: 1, height: 1, scale: 0) }
        #expect(scale?.parameter == "scale")
        let range = #expect(throws: ConvMatrixError.self) { try GrayscaleImage(values: [0], width: 1, height: 1, range: 1...1) }
        #expect(range?.parameter == "range")
    }
}
