// An ONNX TensorProto's values as Double: raw_data, typed fields or an external data file.
import ConvMatrix
import Foundation

/// Reads the values of a float `TensorProto` (the weight or bias of a conv node).
///
/// | `data_type` | element | typed field |
/// |---|---|---|
/// | 1 FLOAT | float32 | `float_data` |
/// | 11 DOUBLE | float64 | `double_data` |
/// | 10 FLOAT16 | IEEE half | `int32_data`, one bit pattern per element |
/// | 16 BFLOAT16 | bfloat16 | `int32_data`, one bit pattern per element |
///
/// `raw_data` and external data hold the elements little-endian, C order. The element count
/// `Π dims` is computed with overflow checks and compared with what the tensor holds before any
/// values are converted, so memory stays bounded by the file's size.
struct ONNXTensorDecoder {
    let source: String
    /// The model's folder, for external data; `nil` refuses external data.
    let directory: String?

    typealias Decoded = (shape: [Int], values: [Double], type: ONNXConvolutionLayer.ElementType)

    func decode(_ tensor: Onnx_TensorProto, path: String, offset: Int) throws -> Decoded {
        func fail(_ field: String, _ value: String, _ rule: String) -> ConvMatrixError {
            ONNXModel.error(source, offset: offset, field: "\(path).\(field)", value: value, rule: "tensor '\(tensor.name)': \(rule)")
        }
        var count = 1
        for (axis, dim) in tensor.dims.enumerated() {
            guard dim >= 0 else { throw fail("dims[\(axis)]", "\(dim)", "dimensions are ≥ 0") }
            let (product, overflow) = count.multipliedReportingOverflow(by: Int(dim))
            guard !overflow else { throw fail("dims", "\(tensor.dims)", "the element count exceeds 2⁶³ − 1") }
            count = product
        }
        let shape = tensor.dims.map { Int($0) }
        let type: ONNXConvolutionLayer.ElementType, width: Int
        switch tensor.dataType {
        case 1: (type, width) = (.float32, 4)
        case 11: (type, width) = (.float64, 8)
        case 10: (type, width) = (.float16, 2)
        case 16: (type, width) = (.bfloat16, 2)
        default:
            throw ConvMatrixError(.unsupported, parameter: "\(source) byte \(offset) (\(path).data_type)",
                                  value: "\(tensor.dataType)",
                                  rule: "tensor '\(tensor.name)': weights must be FLOAT (1), DOUBLE (11), FLOAT16 (10) or BFLOAT16 (16)",
                                  location: .file(path: source, line: nil, byteOffset: offset))
        }
        let bytes: [UInt8]?
        if tensor.dataLocation == .external {
            bytes = try ONNXExternalData(source: source, directory: directory)
                .read(tensor.externalData, fail: { fail("external_data", $0, $1) })
        } else if tensor.hasRawData {
            bytes = [UInt8](tensor.rawData)
        } else {
            bytes = nil
        }
        if let bytes {
            guard bytes.count / width == count, bytes.count % width == 0 else {
                throw fail(tensor.dataLocation == .external ? "external_data" : "raw_data", "\(bytes.count) bytes",
                           "dims \(listText(shape)) of \(type.rawValue) need \(count) × \(width) bytes")
            }
            return (shape, Self.littleEndian(bytes, type), type)
        }
        let values: [Double], field: String
        switch type {
        case .float32: (values, field) = (tensor.floatData.map(Double.init), "float_data")
        case .float64: (values, field) = (tensor.doubleData, "double_data")
        case .float16:
            (values, field) = (tensor.int32Data.map { Double(Float16(bitPattern: UInt16(truncatingIfNeeded: $0))) }, "int32_data")
        case .bfloat16:
            (values, field) = (tensor.int32Data.map { Double(Float(bitPattern: UInt32(UInt16(truncatingIfNeeded: $0)) << 16)) }, "int32_data")
        }
        guard values.count == count else {
            throw fail(field, "\(values.count) values", "dims \(listText(shape)) need \(count)")
        }
        return (shape, values, type)
    }

    /// Little-endian elements of `type`, widened exactly to `Double`.
    ///
    /// - Complexity: O(bytes.count).
    static func littleEndian(_ bytes: [UInt8], _ type: ONNXConvolutionLayer.ElementType) -> [Double] {
        bytes.withUnsafeBytes { raw in
            switch type {
            case .float32:
                return (0..<raw.count / 4).map { Double(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self)))) }
            case .float64:
                return (0..<raw.count / 8).map { Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self))) }
            case .float16:
                return (0..<raw.count / 2).map { Double(Float16(bitPattern: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self)))) }
            case .bfloat16:
                return (0..<raw.count / 2).map {
                    Double(Float(bitPattern: UInt32(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self))) << 16))
                }
            }
        }
    }
}
