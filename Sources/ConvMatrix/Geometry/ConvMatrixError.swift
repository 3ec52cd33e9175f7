/// The one error type of ConvMatrix: every failure a user can cause names the parameter,
/// the value it had, and the rule it broke.
///
/// ```
/// groups = 3: must divide in_channels = 4
/// ```
public struct ConvMatrixError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What kind of rule was broken.
    public enum Kind: String, Equatable, Sendable {
        /// A parameter is out of its domain (non-positive stride, groups not dividing a channel count, …).
        case invalidParameter
        /// Two shapes that must agree do not (weight shape, tensor length, stage composition).
        case shapeMismatch
        /// A well-formed request that this version does not implement; the rule says why.
        case unsupported
        /// An allocation would exceed the memory budget; estimated before allocating.
        case overBudget
        /// A file could not be read or written, or its contents are malformed.
        case io
        /// A SuiteSparse call reported a failure.
        case engine
    }

    /// Where the fault is, structured, so that tools can point at it (a caret under a column, a
    /// file and line) without reading the message text.
    public enum Location: Equatable, Sendable {
        /// A parameter, option or field, named as the user wrote it.
        case parameter(String)
        /// A 1-based column of `text`, a layer string.
        case column(Int, text: String)
        /// A place in a file: a 1-based line of a text format, or a byte offset of a binary one.
        case file(path: String, line: Int?, byteOffset: Int?)
    }

    public let kind: Kind
    /// The parameter (or file, or field) at fault, named as the user wrote it.
    public let parameter: String
    /// The structured place of the fault; `.parameter(parameter)` unless a finer one is known.
    public let location: Location
    /// The offending value, printed.
    public let value: String
    /// The rule that was broken, in words.
    public let rule: String

    public init(_ kind: Kind, parameter: String, value: String, rule: String, location: Location? = nil) {
        self.kind = kind
        self.location = location ?? .parameter(parameter)
        self.parameter = parameter
        self.value = value
        self.rule = rule
    }

    public var description: String { "\(parameter) = \(value): \(rule)" }

    static func invalid(_ parameter: String, _ value: some CustomStringConvertible, _ rule: String) -> ConvMatrixError {
        ConvMatrixError(.invalidParameter, parameter: parameter, value: value.description, rule: rule)
    }

    static func mismatch(_ parameter: String, _ value: some CustomStringConvertible, _ rule: String) -> ConvMatrixError {
        ConvMatrixError(.shapeMismatch, parameter: parameter, value: value.description, rule: rule)
    }

    static func unsupported(_ parameter: String, _ value: some CustomStringConvertible, _ rule: String) -> ConvMatrixError {
        ConvMatrixError(.unsupported, parameter: parameter, value: value.description, rule: rule)
    }
}

/// Prints an integer list the way PyTorch users write it: `[2, 3]`.
package func listDescription(_ values: [Int]) -> String { "[" + values.map(String.init).joined(separator: ", ") + "]" }
