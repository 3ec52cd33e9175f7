// A Conv / ConvTranspose node's attributes, read from its AttributeProto list.
import ConvMatrix

extension ONNXAttributes {
    /// The attributes of `node`, type-checked: `kernel_shape`, `strides`, `dilations`, `pads`,
    /// `output_padding`, `output_shape` are INTS; `group` INT; `auto_pad` STRING. Their values
    /// are checked later by the front end, which knows the input.
    ///
    /// - Parameter place: the byte offset and field path of attribute `j`, for errors.
    /// - Throws: `.io` naming the attribute's field path and offset for a wrong type, a repeated
    ///   or unknown attribute, or an `auto_pad` that is not one of ONNX's four values.
    init(node: Onnx_NodeProto, op: ONNXOperator, nodeName: String, source: String, place: (Int) -> (offset: Int, path: String)) throws {
        self.init()
        var seen: Set<String> = []
        for (j, attribute) in node.attribute.enumerated() {
            let (offset, path) = place(j)
            func fail(_ value: String, _ rule: String) -> ConvMatrixError {
                ONNXModel.error(source, offset: offset, field: path, value: value, rule: rule)
            }
            let name = attribute.name
            guard seen.insert(name).inserted else {
                throw fail(name, "\(op.rawValue) node '\(nodeName)' sets attribute '\(name)' twice")
            }
            func ints() throws -> [Int] {
                guard attribute.type == .ints || (attribute.type == .undefined && !attribute.ints.isEmpty) else {
                    throw fail("\(name): \(attribute.type)", "\(op.rawValue) attribute '\(name)' must be a list of integers (INTS)")
                }
                return attribute.ints.map { Int($0) }
            }
            switch name {
            case "kernel_shape": kernelShape = try ints()
            case "strides": strides = try ints()
            case "dilations": dilations = try ints()
            case "pads": pads = try ints()
            case "output_padding" where op == .convTranspose: outputPadding = try ints()
            case "output_shape" where op == .convTranspose: outputShape = try ints()
            case "group":
                guard attribute.type == .int || attribute.type == .undefined else {
                    throw fail("group: \(attribute.type)", "\(op.rawValue) attribute 'group' must be an integer (INT)")
                }
                group = Int(attribute.i)
            case "auto_pad":
                guard attribute.type == .string || attribute.type == .undefined else {
                    throw fail("auto_pad: \(attribute.type)", "\(op.rawValue) attribute 'auto_pad' must be a string (STRING)")
                }
                let text = String(decoding: attribute.s, as: UTF8.self)
                guard let mode = AutoPad(rawValue: text) else {
                    throw fail("auto_pad: \(text)", "must be NOTSET, SAME_UPPER, SAME_LOWER or VALID")
                }
                autoPad = mode
            default:
                throw fail(name, "is not an attribute of \(op.rawValue) (node '\(nodeName)')")
            }
        }
    }
}
