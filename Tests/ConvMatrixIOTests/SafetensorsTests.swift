// .safetensors: the fixture written by the safetensors package, files built byte by byte here,
// and every truncation and bit flip of a small file.
import ConvMatrix
import ConvMatrixIO
import ConvMatrixTestSupport
import Foundation
import Testing

/// A safetensors file: the 8-byte little-endian length of `header`, `header`, then `data`.
func safetensorsBytes(_ header: String, _ data: [UInt8]) -> [UInt8] {
    let json = Array(header.utf8)
    return withUnsafeBytes(of: UInt64(json.count).littleEndian) { Array($0) } + json + data
}

@Suite struct SafetensorsTests {
    @Test func fixtureFromTheSafetensorsPackage() throws {
        let file = try SafetensorsFile(contentsOf: Fixtures.model("two_convs.safetensors"))
        #expect(file.metadata == ["format": "pt"])
        #expect(Set(file.entries.map(\.name)) == ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.weight.f16", "conv2.weight.f64"])
        // make_fixtures.py: w[i] = ((5·i) mod 11 − 5) / 4, b[c] = c − 1.
        let pattern = { (n: Int) in (0..<n).map { Double((5 * $0) % 11 - 5) / 4 } }
        let w1 = try file.doubles(named: "conv1.weight")
        #expect(w1.shape == [4, 3, 3, 3] && w1.values == pattern(108))
        #expect(try file.doubles(named: "conv1.bias").values == [-1, 0, 1, 2])
        for name in ["conv2.weight", "conv2.weight.f16", "conv2.weight.f64"] {
            let w2 = try file.doubles(named: name)
            #expect(w2.shape == [2, 4, 2, 2] && w2.values == pattern(32), "\(name)")
        }
        #expect(try file.entry(named: "conv2.weight.f16").dtype == .f16)
        #expect(throws: ConvMatrixError.self) { try file.doubles(named: "conv3.weight") }
    }

    @Test func everyFloatDtypeByHand() throws {
        // 1.5 and −2: F16 0x3E00 0xC000; BF16 0x3FC0 0xC000; F32 0x3FC00000 0xC0000000; F64 0x3FF8… 0xC000….
        let data: [UInt8] = [0x00, 0x3E, 0x00, 0xC0] + [0xC0, 0x3F, 0x00, 0xC0] + [0, 0, 0xC0, 0x3F, 0, 0, 0, 0xC0]
            + [0, 0, 0, 0, 0, 0, 0xF8, 0x3F, 0, 0, 0, 0, 0, 0, 0, 0xC0] + [7]
        let header = """
            {"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},"b":{"dtype":"BF16","shape":[2],"data_offsets":[4,8]},\
            "f":{"dtype":"F32","shape":[1,2],"data_offsets":[8,16]},"d":{"dtype":"F64","shape":[2],"data_offsets":[16,32]},\
            "i":{"dtype":"U8","shape":[],"data_offsets":[32,33]}}
            """
        let file = try SafetensorsFile(bytes: safetensorsBytes(header, data), source: "t.safetensors")
        for name in ["h", "b", "f", "d"] { #expect(try file.doubles(named: name).values == [1.5, -2], "\(name)") }
        #expect(try file.doubles(named: "f").shape == [1, 2])
        let error = try #require(throws: ConvMatrixError.self) { try file.doubles(named: "i") }
        #expect(error.kind == .unsupported)
    }

    static let broken: [(String, [UInt8], String)] = [
        ("short", [1, 0, 0], "8-byte header length"),
        ("header longer than the file", safetensorsBytes("{}", []).enumerated().map { $0.offset == 0 ? 200 : $0.element }, "must fit in the file"),
        ("not JSON", safetensorsBytes("{\"a\":", []), "expected a JSON value"),
        ("trailing text", safetensorsBytes("{} x", []), "one JSON object"),
        ("unknown dtype", safetensorsBytes(#"{"a":{"dtype":"F17","shape":[1],"data_offsets":[0,4]}}"#, [0, 0, 0, 0]), "must be one of"),
        ("size not dtype × shape", safetensorsBytes(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#, [0, 0, 0, 0]), "needs 8"),
        ("offset past the buffer", safetensorsBytes(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, [0, 0, 0, 0]), "≤ 4"),
        ("reversed offsets", safetensorsBytes(#"{"a":{"dtype":"U8","shape":[0],"data_offsets":[2,0]}}"#, [0, 0]), "begin ≤ end"),
        ("overlap", safetensorsBytes(#"{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"b":{"dtype":"U8","shape":[2],"data_offsets":[1,3]}}"#, [0, 0, 0]),
         "overlaps"),
        ("hole", safetensorsBytes(#"{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"b":{"dtype":"U8","shape":[1],"data_offsets":[2,3]}}"#, [0, 0, 0]),
         "hole"),
        ("bytes after the last tensor", safetensorsBytes(#"{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}"#, [0, 0]), "must end"),
        ("duplicate name", safetensorsBytes(#"{"a":{"dtype":"U8","shape":[0],"data_offsets":[0,0]},"a":{"dtype":"U8","shape":[0],"data_offsets":[0,0]}}"#, []),
         "twice"),
        ("negative dimension", safetensorsBytes(#"{"a":{"dtype":"U8","shape":[-1],"data_offsets":[0,0]}}"#, []), "non-negative"),
        ("overflowing shape", safetensorsBytes(#"{"a":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,0]}}"#, []), "exceeds"),
        ("metadata not strings", safetensorsBytes(#"{"__metadata__":{"a":1}}"#, []), "must be a string"),
    ]

    @Test(arguments: broken.indices) func brokenFilesGiveTypedErrors(_ i: Int) throws {
        let (label, bytes, fragment) = Self.broken[i]
        let error = try #require(throws: ConvMatrixError.self, "\(label)") { try SafetensorsFile(bytes: bytes, source: "t.safetensors") }
        #expect(error.kind == .io, "\(label): \(error)")
        #expect(error.description.contains(fragment), "\(label): \(error)")
        #expect(error.parameter.hasPrefix("t.safetensors byte "), "\(label): \(error)")
    }

    static let small = safetensorsBytes(
        #"{"__metadata__":{"k":"v"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F16","shape":[1],"data_offsets":[8,10]}}"#,
        [0, 0, 0xC0, 0x3F, 0, 0, 0, 0xC0, 0x00, 0x3E])

    /// Reads `bytes` and every tensor's values: either works or throws a ConvMatrixError.
    static func read(_ bytes: [UInt8]) -> Bool {
        do {
            let file = try SafetensorsFile(bytes: bytes, source: "t.safetensors")
            for entry in file.entries where [.f16, .bf16, .f32, .f64].contains(entry.dtype) { _ = try file.doubles(named: entry.name) }
            return true
        } catch is ConvMatrixError {
            return false
        } catch {
            Issue.record("untyped error \(error)")
            return false
        }
    }

    @Test func everyTruncationIsATypedError() {
        #expect(Self.read(Self.small))
        for length in 0..<Self.small.count {
            #expect(!Self.read(Array(Self.small.prefix(length))), "a file cut to \(length) bytes was read")
        }
    }

    @Test func everyFlippedBitIsATypedErrorOrAFile() {
        var read = 0
        for offset in Self.small.indices {
            for bit in 0..<8 {
                var flipped = Self.small
                flipped[offset] ^= 1 << bit
                if Self.read(flipped) { read += 1 }
            }
        }
        // Flips in the data, the metadata text and most name bits still read; the header's structure does not.
        #expect(read > 0 && read < Self.small.count * 8)
    }
}
