// PNG encoder (ISO/IEC 15948): 8-bit RGB, IHDR + text chunks + one zlib IDAT + IEND, CRC-32 per chunk.

/// An 8-bit RGB raster and its PNG encoding.
///
/// ```
/// \x89PNG\r\n\x1a\n
/// IHDR  width, height (big-endian), bit depth 8, colour type 2 (RGB), deflate, filter 0, no interlace
/// tEXt / iTXt  keyword\0text   (Latin-1 text as tEXt, anything else as UTF-8 iTXt)
/// IDAT  zlib stream (compress2) of the scanlines, each prefixed by filter type 0 (None)
/// IEND
/// ```
/// Every chunk is `length (4 bytes, big-endian) · type · data · CRC-32(type · data)`.
struct PNGImage {
    let width: Int
    let height: Int
    /// `3 · width · height` bytes, rows top to bottom, `R G B` per pixel.
    var pixels: [UInt8]
    /// Text chunks, in order.
    var text: [(keyword: String, value: String)] = []

    /// An image from `3 · width · height` bytes `R G B`, rows top to bottom.
    init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width >= 1 && height >= 1 && pixels.count == 3 * width * height, "pixels must be 3 · width · height bytes")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The PNG file.
    ///
    /// - Throws: `ZlibFailure` if `compress2` fails (out of memory).
    /// - Complexity: O(pixels).
    func encoded() throws(ZlibFailure) -> [UInt8] {
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header = [UInt8]()
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header += [8, 2, 0, 0, 0]
        Self.appendChunk("IHDR", header, to: &png)

        for (keyword, value) in text {
            if value.unicodeScalars.allSatisfy({ $0.value < 256 }) {
                let data = Array(keyword.utf8) + [0] + value.unicodeScalars.map { UInt8($0.value) }
                Self.appendChunk("tEXt", data, to: &png)
            } else {
                // keyword \0 compression flag, method \0 language \0 translated keyword \0 UTF-8 text
                let data = Array(keyword.utf8) + [0, 0, 0, 0, 0] + Array(value.utf8)
                Self.appendChunk("iTXt", data, to: &png)
            }
        }

        let rowBytes = 3 * width
        var scanlines = [UInt8]()
        scanlines.reserveCapacity(height * (rowBytes + 1))
        for y in 0..<height {
            scanlines.append(0)  // filter type None
            scanlines += pixels[(y * rowBytes)..<((y + 1) * rowBytes)]
        }
        Self.appendChunk("IDAT", try zlibCompress(scanlines, level: 9), to: &png)
        Self.appendChunk("IEND", [], to: &png)
        return png
    }

    private static func appendChunk(_ type: String, _ data: [UInt8], to png: inout [UInt8]) {
        png.appendBigEndian(UInt32(data.count))
        let typeAndData = Array(type.utf8) + data
        png += typeAndData
        png.appendBigEndian(CRC32.checksum(typeAndData))
    }
}
