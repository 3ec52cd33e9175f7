import ConvMatrix
import ConvMatrixIO
import Foundation

/// Reading conformance cases: a `.json` file holds one case, a `.jsonl` file one per line,
/// a directory every `.json`/`.jsonl` below it, recursively, in path order.
extension ConformanceCase {
    /// The attribute names a case may use (ONNX's plus the extensions).
    public static let knownAttributes: Set<String> = [
        "kernel_shape", "strides", "dilations", "pads", "group", "auto_pad", "output_padding", "output_shape",
        "padding_mode", "input_dilations", "layout",
    ]

    /// The case files under `path` (itself if it is a file), sorted by path.
    public static func files(at path: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConvMatrixError(.io, parameter: "path", value: path, rule: "no such file or directory")
        }
        guard isDirectory.boolValue else { return [path] }
        guard let walker = FileManager.default.enumerator(atPath: path) else {
            throw ConvMatrixError(.io, parameter: "path", value: path, rule: "directory cannot be read")
        }
        var found = [String]()
        while let relative = walker.nextObject() as? String {
            if relative.hasSuffix(".json") || relative.hasSuffix(".jsonl") {
                found.append((path as NSString).appendingPathComponent(relative))
            }
        }
        return found.sorted()
    }

    /// Every case in the file at `path`; a malformed case becomes a failure in place of the case.
    public static func load(file path: String) throws -> [Result<ConformanceCase, ConformanceLoadError>] {
        // Regular files only, size checked against the memory budget before reading.
        let data = Data(try readFileBytes(path))
        if path.hasSuffix(".jsonl") {
            let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            return lines.enumerated().compactMap { number, line in
                let text = line.drop(while: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D })
                guard !text.isEmpty else { return nil }
                return parse(Data(text), origin: "\(path):\(number + 1)")
            }
        }
        return [parse(data, origin: path)]
    }

    /// Parses one case from JSON.
    public static func parse(_ data: Data, origin: String) -> Result<ConformanceCase, ConformanceLoadError> {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            return .failure(ConformanceLoadError(name: origin, error: ConvMatrixError(
                .io, parameter: origin, value: "JSON", rule: "is not valid JSON: \(error.localizedDescription)")))
        }
        guard let json = object as? [String: Any] else {
            return .failure(ConformanceLoadError(name: origin, error: ConvMatrixError(
                .io, parameter: origin, value: "JSON", rule: "a case must be a JSON object")))
        }
        let name = json["name"] as? String ?? origin
        do {
            guard let opName = json["op"] as? String else { throw field(origin, "op", "is missing") }
            guard let op = ONNXOperator(rawValue: opName) else {
                throw ConvMatrixError(.io, parameter: "\(origin): op", value: opName, rule: "must be Conv or ConvTranspose")
            }
            let attributes = Result { try parseAttributes(json["attributes"], origin: origin) }
                .mapError { $0 as? ConvMatrixError ?? field(origin, "attributes", "\($0)") }
            return .success(ConformanceCase(
                name: name, op: op, source: json["source"] as? String ?? "", attributes: attributes,
                x: try tensor(json["X"], "X", origin), w: try tensor(json["W"], "W", origin),
                b: try json["B"].map { try tensor($0, "B", origin) }, y: try tensor(json["Y"], "Y", origin),
                rtol: try number(json["rtol"], "rtol", origin) ?? 1e-5, atol: try number(json["atol"], "atol", origin) ?? 1e-6))
        } catch {
            return .failure(ConformanceLoadError(name: name, error: error as? ConvMatrixError
                ?? field(origin, "case", "\(error)")))
        }
    }

    private static func parseAttributes(_ value: Any?, origin: String) throws -> ONNXAttributes {
        guard let value else { return ONNXAttributes() }
        guard let dict = value as? [String: Any] else { throw field(origin, "attributes", "must be an object") }
        if let unknown = dict.keys.sorted().first(where: { !knownAttributes.contains($0) }) {
            throw ConvMatrixError(.invalidParameter, parameter: "attribute", value: unknown,
                                  rule: "is not a known Conv/ConvTranspose attribute or extension")
        }
        var a = ONNXAttributes()
        a.kernelShape = try ints(dict["kernel_shape"], "kernel_shape", origin)
        a.strides = try ints(dict["strides"], "strides", origin)
        a.dilations = try ints(dict["dilations"], "dilations", origin)
        a.pads = try ints(dict["pads"], "pads", origin)
        a.outputPadding = try ints(dict["output_padding"], "output_padding", origin)
        a.outputShape = try ints(dict["output_shape"], "output_shape", origin)
        a.inputDilations = try ints(dict["input_dilations"], "input_dilations", origin)
        if let group = dict["group"] {
            guard let g = group as? Int else { throw field(origin, "group", "must be an integer") }
            a.group = g
        }
        if let autoPad = dict["auto_pad"] {
            guard let s = autoPad as? String, let mode = ONNXAttributes.AutoPad(rawValue: s) else {
                throw ConvMatrixError(.invalidParameter, parameter: "auto_pad", value: "\(autoPad)",
                                      rule: "must be NOTSET, SAME_UPPER, SAME_LOWER or VALID")
            }
            a.autoPad = mode
        }
        if let modeName = dict["padding_mode"] {
            guard let s = modeName as? String, let mode = PaddingMode(rawValue: s) else {
                throw ConvMatrixError(.invalidParameter, parameter: "padding_mode", value: "\(modeName)",
                                      rule: "must be zeros, reflect, replicate or circular")
            }
            a.paddingMode = mode
        }
        if let layout = dict["layout"] {
            switch layout as? String {
            case "channels_first": a.layout = .channelsFirst
            case "channels_last": a.layout = .channelsLast
            default:
                throw ConvMatrixError(.invalidParameter, parameter: "layout", value: "\(layout)",
                                      rule: "must be channels_first or channels_last")
            }
        }
        return a
    }

    private static func tensor(_ value: Any?, _ name: String, _ origin: String) throws -> Tensor {
        guard let dict = value as? [String: Any] else { throw field(origin, name, "is missing or not an object") }
        guard let shape = try ints(dict["shape"], "\(name).shape", origin) else {
            throw field(origin, "\(name).shape", "is missing")
        }
        guard let raw = dict["data"] as? [Any] else { throw field(origin, "\(name).data", "is missing or not a list") }
        let expected = try shapeElementCount(shape, parameter: "\(origin): \(name).shape")
        var data = [Double]()
        data.reserveCapacity(raw.count)
        for item in raw {
            guard let v = (item as? NSNumber)?.doubleValue else { throw field(origin, "\(name).data", "holds a non-number") }
            data.append(v)
        }
        guard data.count == expected else {
            throw ConvMatrixError(.shapeMismatch, parameter: "\(origin): \(name).data", value: "\(data.count) values",
                                  rule: "shape \(shape) needs \(expected)")
        }
        return Tensor(shape: shape, data: data)
    }

    private static func ints(_ value: Any?, _ name: String, _ origin: String) throws -> [Int]? {
        guard let value else { return nil }
        guard let list = value as? [Any], let ints = list.map({ $0 as? Int }) as? [Int] else {
            throw field(origin, name, "must be a list of integers")
        }
        return ints
    }

    private static func number(_ value: Any?, _ name: String, _ origin: String) throws -> Double? {
        guard let value else { return nil }
        guard let n = (value as? NSNumber)?.doubleValue else { throw field(origin, name, "must be a number") }
        return n
    }

    private static func field(_ origin: String, _ name: String, _ rule: String) -> ConvMatrixError {
        ConvMatrixError(.io, parameter: "\(origin): \(name)", value: "field", rule: rule)
    }
}

/// A case that could not be read, with the name it would have run under.
public struct ConformanceLoadError: Error, Sendable {
    public let name: String
    public let error: ConvMatrixError
}
