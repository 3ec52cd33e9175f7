/// A value in a PyTorch layer expression: an integer, a tuple/list of integers, a string or a
/// boolean — the literals `nn.Conv2d(…)` takes.
public enum LayerValue: Hashable, Sendable, CustomStringConvertible {
    case int(Int)
    case ints([Int])
    case string(String)
    case bool(Bool)

    public var description: String {
        switch self {
        case .int(let v): return String(v)
        case .ints(let v): return "(" + v.map(String.init).joined(separator: ", ") + (v.count == 1 ? ",)" : ")")
        case .string(let s): return "'\(s)'"
        case .bool(let b): return b ? "True" : "False"
        }
    }
}
