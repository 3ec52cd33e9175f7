import ConvMatrix
import Foundation

extension ConformanceCase {
    /// The case as JSON in the format of `SCHEMA.md` (and `convmat check`), attributes under their
    /// ONNX names, defaults left out.
    ///
    /// - Throws: the case's attribute error, if its attributes did not parse.
    /// - Complexity: O(elements of X, W, B, Y).
    public func jsonData() throws -> Data {
        let a = try attributes.get()
        var attributes: [String: Any] = ["group": a.group]
        if let v = a.kernelShape { attributes["kernel_shape"] = v }
        if let v = a.strides { attributes["strides"] = v }
        if let v = a.dilations { attributes["dilations"] = v }
        if let v = a.pads { attributes["pads"] = v }
        if a.autoPad != .notSet { attributes["auto_pad"] = a.autoPad.rawValue }
        if let v = a.outputPadding { attributes["output_padding"] = v }
        if let v = a.outputShape { attributes["output_shape"] = v }
        if a.paddingMode != .zeros { attributes["padding_mode"] = a.paddingMode.rawValue }
        if let v = a.inputDilations { attributes["input_dilations"] = v }
        if a.layout == .channelsLast { attributes["layout"] = "channels_last" }
        func tensor(_ t: Tensor) -> [String: Any] { ["shape": t.shape, "data": t.data] }
        var json: [String: Any] = ["name": name, "op": op.rawValue, "source": source, "attributes": attributes,
                                   "X": tensor(x), "W": tensor(w), "Y": tensor(y), "rtol": rtol, "atol": atol]
        if let b { json["B"] = tensor(b) }
        return try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
    }
}
