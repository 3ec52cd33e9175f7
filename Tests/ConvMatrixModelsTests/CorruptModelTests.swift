// Every truncation and every single-bit flip of a small model: a typed error or a model, never a crash.
import ConvMatrix
import ConvMatrixModels
import ConvMatrixTestSupport
import Foundation
import Testing

@Suite struct CorruptModelTests {
    static let bytes = [UInt8](try! Data(contentsOf: URL(fileURLWithPath: Fixtures.model("two_convs.onnx"))))

    /// Reads `bytes` and, when that works, compiles W of every conv node: either succeeds or
    /// throws a ``ConvMatrixError`` (any other error, or a trap, fails the test).
    static func read(_ bytes: [UInt8]) -> Result<ONNXModel, ConvMatrixError> {
        do {
            let model = try ONNXModel(bytes: bytes, source: "m.onnx")
            for conv in model.convolutionLayers where conv.inputShape != nil {
                _ = try conv.layer().matrix()
            }
            return .success(model)
        } catch let error as ConvMatrixError {
            return .failure(error)
        } catch {
            Issue.record("untyped error \(error)")
            return .failure(ConvMatrixError(.io, parameter: "", value: "", rule: ""))
        }
    }

    @Test func everyTruncationIsATypedErrorOrTheSameLayers() throws {
        let full = try ONNXModel(bytes: Self.bytes, source: "m.onnx")
        // The graph (field 7) is the last-but-one field; a cut inside it breaks a length.
        var errors = 0
        for length in 0..<Self.bytes.count {
            switch Self.read(Array(Self.bytes.prefix(length))) {
            case .failure(let error):
                errors += 1
                guard case .file(let path, _, let offset?) = error.location else {
                    #expect(error.parameter == "--node" || error.kind != .io, "length \(length): \(error) has no byte offset")
                    continue
                }
                #expect(path == "m.onnx" && offset <= length, "length \(length): \(error)")
            case .success(let model):
                #expect(model.convolutionLayers == full.convolutionLayers, "length \(length) read as a different model")
            }
        }
        #expect(errors >= Self.bytes.count - 40, "\(errors) of \(Self.bytes.count) truncations failed")
    }

    /// Each byte flipped in its lowest bit (values, field numbers, wire types) and in its top bit
    /// (a varint's continuation: lengths and tags change their extent).
    @Test func everyFlippedByteIsATypedErrorOrAModel() {
        var outcomes = (errors: 0, models: 0)
        for offset in Self.bytes.indices {
            for bit in [0, 7] {
                var flipped = Self.bytes
                flipped[offset] ^= 1 << bit
                switch Self.read(flipped) {
                case .failure: outcomes.errors += 1
                case .success: outcomes.models += 1
                }
            }
        }
        // Flips in weight values and names still make models; flips in tags and lengths do not.
        #expect(outcomes.errors > 0 && outcomes.models > 0, "\(outcomes)")
    }

    @Test func truncatedLengthNamesTheFieldAndOffset() throws {
        // Cut in the middle of the first initializer's raw_data: the enclosing lengths now run past the end.
        let error = try #require(throws: ConvMatrixError.self) {
            try ONNXModel(bytes: Array(Self.bytes.prefix(Self.bytes.count / 2)), source: "m.onnx")
        }
        #expect(error.kind == .io)
        #expect(error.parameter.hasPrefix("m.onnx byte ") && error.parameter.contains("(graph"), "\(error)")
        #expect(error.rule.contains("runs past the end"), "\(error)")
    }
}
