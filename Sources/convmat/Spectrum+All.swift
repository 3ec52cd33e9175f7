import ArgumentParser
import ConvMatrix
import ConvMatrixModels
import ConvMatrixSpectrum
import Foundation

/// `convmat spectrum --onnx MODEL --all`: the operator norm of every conv node of a model, and
/// their product — a Lipschitz bound of the network's convolutions taken together.
extension Spectrum {
    func validateAll() throws {
        guard layer.onnx != nil else { throw ValidationError("--all takes every conv node of --onnx MODEL.onnx") }
        let conflicting = [("--node", layer.node != nil), ("--input", input.input != nil), ("--bottom", bottom != nil),
                           ("--top", top != nil)].filter(\.1).map(\.0)
        if !conflicting.isEmpty {
            throw ValidationError("--all reports ‖W‖₂ of every node, each with its input shape from the graph; drop \(conflicting.joined(separator: ", "))")
        }
    }

    /// One line per node: `‖W‖₂` (the largest singular value, exact), PyTorch's reshaped-kernel
    /// estimate beside it, the method; then the product of the norms. A node whose input shape
    /// the graph does not state is listed as skipped.
    ///
    /// - Complexity: one largest-singular-value computation per node (see `spectrum`).
    func runAll() throws {
        let path = layer.onnx!
        let model = try Diagnostics.reading("--onnx") { try ONNXModel(contentsOf: path) }
        var rows: [[String: Any]] = [], product = 1.0, skipped = 0
        if !json { print("node  op  W  ‖W‖₂  spectral_norm_estimate  method") }
        for conv in model.convolutionLayers {
            guard conv.inputShape != nil else {
                skipped += 1
                let reason = "input shape unknown (\(conv.inputShapeSource)); run it alone with --node and --input"
                if json { rows.append(["node": conv.name, "op": conv.op.rawValue, "skipped": reason]) } else { print("\(conv.name)  \(conv.op.rawValue)  skipped: \(reason)") }
                continue
            }
            let resolved = try ResolvedLayer(onnx: conv, of: path, inputShape: nil)
            let report = try Progress.run("‖W‖₂ of node \(conv.name)") {
                try resolved.layer.spectrum(top: 1, bottom: 0, method: method)
            }
            product *= report.norm
            if json {
                rows.append(["node": conv.name, "op": conv.op.rawValue, "rows": report.rows, "columns": report.columns,
                             "norm": report.norm, "spectral_norm_estimate": report.spectralNormEstimate,
                             "method": report.method.rawValue])
            } else {
                print("\(conv.name)  \(conv.op.rawValue)  \(report.rows) × \(report.columns)  \(report.norm)  \(report.spectralNormEstimate)  \(report.method.rawValue)")
            }
        }
        if json {
            let object: [String: Any] = ["model": path, "layers": rows, "norm_product": product]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("product of the norms: \(product) — a Lipschitz bound of the \(model.convolutionLayers.count - skipped) convolutions composed (activations with Lipschitz constant 1 between them keep it a bound)")
        }
    }
}
