import ConvMatrix
import ConvMatrixIO
import ConvMatrixTestSupport
import Testing

/// float16 (`<f2`) and uint16 (`<u2`, how bfloat16 is stored) `.npy` data, from bytes written here
/// by hand as `np.save` lays them out.
@Suite struct HalfPrecisionNPYTests {
    /// `np.save(f, a)` for a 1-d array of four 2-byte elements: magic, version 1.0, header length,
    /// the dict padded with spaces so that magic + header end on a 64-byte boundary, then the
    /// little-endian data.
    static func npy(descr: String, halves: [UInt16]) -> [UInt8] {
        let dict = "{'descr': '\(descr)', 'fortran_order': False, 'shape': (\(halves.count),), }"
        let headerLength = (10 + dict.utf8.count + 1 + 63) / 64 * 64 - 10   // 118 for these dicts
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(headerLength), 0] + Array(dict.utf8)
        bytes += Array(repeating: 0x20, count: headerLength - dict.utf8.count - 1) + [0x0A]
        for h in halves { bytes += [UInt8(h & 0xFF), UInt8(h >> 8)] }
        return bytes
    }

    @Test func float16ReadsAsIEEEHalf() throws {
        // binary16: 1.0 = 0x3C00, −2.0 = 0xC000, 0.5 = 0x3800, 65504 (largest finite) = 0x7BFF.
        let array = try NumPyArray(npy: Self.npy(descr: "<f2", halves: [0x3C00, 0xC000, 0x3800, 0x7BFF]))
        #expect(array.dtype == "<f2" && array.shape == [4])
        #expect(try array.doubles() == [1, -2, 0.5, 65504])
        #expect(array.npyBytes() == Self.npy(descr: "<f2", halves: [0x3C00, 0xC000, 0x3800, 0x7BFF]))
        #expect(try Tensor<Float>(NumPyArray(shape: [1, 1, 4], storage: array.storage)).scalars == [1, -2, 0.5, 65504])
    }

    @Test func bfloat16IsTheUpperHalfOfAFloat() throws {
        // bfloat16: 1.0 = 0x3F80, −2.0 = 0xC000, 3.140625 = 0x4049 (0x40490000 as float32), 0 = 0x0000.
        let array = try NumPyArray(npy: Self.npy(descr: "<u2", halves: [0x3F80, 0xC000, 0x4049, 0]))
        #expect(array.dtype == "<u2")
        #expect(try array.bfloat16Values() == [1, -2, 3.140625, 0])
        #expect(try array.doubles() == [16256, 49152, 16457, 0])    // as plain integers
        #expect(throws: ConvMatrixError(.unsupported, parameter: "dtype", value: "<f8",
                                        rule: "bfloat16 data is stored as uint16 ('<u2') bit patterns")) {
            try NumPyArray([1.0]).bfloat16Values()
        }
    }
}
