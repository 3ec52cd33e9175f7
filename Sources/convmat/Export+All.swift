import ArgumentParser
import ConvMatrix
import ConvMatrixIO
import ConvMatrixModels
import Foundation

/// `convmat export --onnx MODEL --all --output-dir DIR`: every conv node's `W`, and a manifest.
extension Export {
    /// One line of `manifest.json`.
    struct ManifestEntry: Encodable {
        let node: String
        let op: String
        let inputShape: [Int]?
        let weightShape: [Int]
        let outputShape: [Int]?
        let rows: Int?
        let columns: Int?
        let nnz: Int?
        let file: String?
        /// Why the node has no file (its input shape is unknown).
        let skipped: String?

        enum CodingKeys: String, CodingKey {
            case node, op, rows, columns, nnz, file, skipped
            case inputShape = "input_shape", weightShape = "weight_shape", outputShape = "output_shape"
        }
    }

    struct Manifest: Encodable {
        let model: String
        let format: String
        let layers: [ManifestEntry]
    }

    func validateAll() throws {
        guard all else { throw ValidationError("--output-dir goes with --all") }
        guard layer.onnx != nil else { throw ValidationError("--all exports every conv node of --onnx MODEL.onnx") }
        let conflicting = [("--node", layer.node != nil), ("--output", output != nil), ("--input", input.input != nil),
                           ("--title", title != nil)].filter(\.1).map(\.0)
        if !conflicting.isEmpty {
            throw ValidationError("--all takes every node, and each one's input shape from the graph; drop \(conflicting.joined(separator: ", "))")
        }
        if outputDirectory == nil { throw ValidationError("give the folder to write into with --output-dir DIR") }
    }

    func runAll() throws {
        let path = layer.onnx!, directory = outputDirectory!, format = self.format ?? .npz
        let model = try Diagnostics.reading("--onnx") { try ONNXModel(contentsOf: path) }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ConvMatrixError(.io, parameter: "--output-dir", value: directory, rule: "cannot make the folder (\(error.localizedDescription))")
        }
        var entries: [ManifestEntry] = []
        for conv in model.convolutionLayers {
            guard conv.inputShape != nil else {
                let reason = "input shape unknown (\(conv.inputShapeSource)); export it alone with --node and --input"
                Diagnostics.note("node \(conv.name): \(reason)")
                entries.append(ManifestEntry(node: conv.name, op: conv.op.rawValue, inputShape: nil, weightShape: conv.weightShape,
                                             outputShape: nil, rows: nil, columns: nil, nnz: nil, file: nil, skipped: reason))
                continue
            }
            let resolved = try ResolvedLayer(onnx: conv, of: path, inputShape: nil)
            let matrix = try resolved.compile()
            let file = Self.fileName(conv, format: format)
            try write(matrix, of: resolved, to: directory + "/" + file, format: format)
            entries.append(ManifestEntry(node: conv.name, op: conv.op.rawValue, inputShape: resolved.inputShape,
                                         weightShape: conv.weightShape, outputShape: resolved.outputShape,
                                         rows: matrix.rowCount, columns: matrix.columnCount, nnz: matrix.nonzeroCount,
                                         file: file, skipped: nil))
            print("\(directory)/\(file): W \(matrix.rowCount) × \(matrix.columnCount), nnz \(matrix.nonzeroCount) of node \(conv.name) (\(conv.op.rawValue))")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json = try encoder.encode(Manifest(model: path, format: format.rawValue, layers: entries))
        try AtomicFile.write(Array(json) + [0x0A], to: directory + "/manifest.json")
        let written = entries.filter { $0.file != nil }.count
        print("\(directory)/manifest.json: \(written) of \(entries.count) conv nodes of \(path)")
    }

    /// `003_layer1_conv1_Conv.npz`: the node's position (names may repeat) and its name with
    /// characters other than letters, digits, `.`, `-`, `_` replaced by `_`.
    static func fileName(_ conv: ONNXConvolutionLayer, format: MatrixFileFormat) -> String {
        let safe = String(conv.name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
        let trimmed = safe.drop { $0 == "_" || $0 == "." }
        let index = String(conv.index)
        return String(repeating: "0", count: max(0, 3 - index.count)) + index + "_" + (trimmed.isEmpty ? "node" : trimmed) + "." + format.rawValue
    }
}
