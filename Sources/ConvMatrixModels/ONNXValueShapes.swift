// The shapes an ONNX graph states for its values.

/// The static shapes of a graph's values: from graph inputs, `value_info`, graph outputs and
/// initializers (in that order of preference), plus shapes inferred through conv nodes.
///
/// A dimension is known when it has a positive `dim_value`. A symbolic or missing *first*
/// dimension (the batch, `"N"` in most exported models) is taken as 1; any other unknown
/// dimension leaves the whole shape unknown, with the reason kept for messages.
struct ONNXValueShapes {
    private var known: [String: (shape: [Int], source: String)] = [:]
    private var reasons: [String: String] = [:]

    init(graph: Onnx_GraphProto) {
        for tensor in graph.initializer where !tensor.name.isEmpty {
            known[tensor.name] = (tensor.dims.map { Int($0) }, "initializer '\(tensor.name)'")
        }
        let stated: [(String, [Onnx_ValueInfoProto])] = [("graph output", graph.output), ("value_info", graph.valueInfo),
                                                         ("graph input", graph.input)]
        for (kind, values) in stated {  // later kinds win: graph inputs first
            for value in values where !value.name.isEmpty {
                record(value, kind: kind)
            }
        }
    }

    private mutating func record(_ value: Onnx_ValueInfoProto, kind: String) {
        guard value.hasType, case .tensorType(let tensor)? = value.type.value, tensor.hasShape else {
            if known[value.name] == nil { reasons[value.name] = "\(kind) '\(value.name)' states no shape" }
            return
        }
        var shape: [Int] = [], symbolicBatch: String?
        for (axis, dimension) in tensor.shape.dim.enumerated() {
            switch dimension.value {
            case .dimValue(let n)? where n > 0:
                shape.append(Int(n))
            case let other:
                let text: String
                if case .dimParam(let symbol)? = other { text = "'\(symbol)'" } else { text = "unknown" }
                guard axis == 0 else {
                    if known[value.name] == nil { reasons[value.name] = "\(kind) '\(value.name)' has dimension \(axis) \(text)" }
                    return
                }
                symbolicBatch = text
                shape.append(1)
            }
        }
        let note = symbolicBatch.map { ", batch \($0) taken as 1" } ?? ""
        known[value.name] = (shape, "\(kind) '\(value.name)'\(note)")
    }

    /// The shape of `name`, with where it came from, if known.
    func shape(of name: String) -> (shape: [Int], source: String)? { known[name] }

    /// Records the output shape of a conv node computed from its input shape.
    mutating func infer(_ name: String, _ shape: [Int], from node: String) {
        known[name] = (shape, "inferred from node '\(node)'")
    }

    /// Why the shape of `name` is unknown, for "give --input" messages.
    func unknownReason(_ name: String) -> String {
        reasons[name] ?? "the graph states no shape for '\(name)'"
    }
}
