/// A value in a PyTorch layer expression: an integer, a tuple/list of integers, a string or a
/// boolean — the literals `nn.Conv2d(…)` takes — plus ConvMatrix's extensions: fractions
/// (`stride=(0.5, 2)`, a fractional stride) and tuples of tuples (`padding=((0, 2), (1, 1))`,
/// begin/end pads per axis).
public enum LayerValue: Hashable, Sendable, CustomStringConvertible {
    case int(Int)
    case ints([Int])
    case string(String)
    case bool(Bool)
    /// A number that is not a whole one: `0.5`, `1/3`.
    case fraction(LayerFraction)
    /// A tuple of numbers at least one of which is not whole: `(0.5, 2)`.
    case fractions([LayerFraction])
    /// A tuple of integer tuples: `((0, 2), (1, 1))`.
    case intTuples([[Int]])

    public var description: String {
        switch self {
        case .int(let v): return String(v)
        case .ints(let v): return Self.tuple(v.map(String.init))
        case .string(let s): return "'\(s)'"
        case .bool(let b): return b ? "True" : "False"
        case .fraction(let f): return f.text
        case .fractions(let v): return Self.tuple(v.map(\.text))
        case .intTuples(let v): return Self.tuple(v.map { Self.tuple($0.map(String.init)) })
        }
    }

    /// `(a, b)`, or `(a,)` for one item, as Python prints tuples.
    private static func tuple(_ items: [String]) -> String {
        "(" + items.joined(separator: ", ") + (items.count == 1 ? ",)" : ")")
    }
}
