// The Matrix Market banner: `%%MatrixMarket matrix <format> <field> <symmetry>`.
import ConvMatrix

extension MatrixMarket {
    /// The `%%MatrixMarket` banner's qualifiers.
    struct Header {
        enum Format: String { case coordinate, array }
        enum Field: String { case real, integer, pattern }
        enum Symmetry: String { case general, symmetric, skewSymmetric = "skew-symmetric" }

        var format: Format
        var field: Field
        var symmetry: Symmetry
    }

    /// Parses the `%%MatrixMarket matrix <format> <field> <symmetry>` banner on the first line.
    static func parseBanner(_ lines: inout TextLines, source: String) throws -> Header {
        let place = linePlace(source, 1)
        guard let line = lines.next() else { throw ConvMatrixError.io(place, "end of file", "the %%MatrixMarket banner is missing") }
        let text = lines.text(line)
        var cursor = line.lowerBound
        var words = [String]()
        while let token = lines.token(in: line, after: &cursor) { words.append(lines.text(token).lowercased()) }
        guard words.first == "%%matrixmarket" else {
            throw ConvMatrixError.io(place, text, "the first line must be the banner '%%MatrixMarket matrix coordinate real general' or alike")
        }
        guard words.count == 5 else {
            throw ConvMatrixError.io(place, text, "the banner must hold 4 qualifiers: object, format, field, symmetry")
        }
        guard words[1] == "matrix" else {
            throw ConvMatrixError(.unsupported, at: place, value: words[1], rule: "only 'matrix' objects are supported")
        }
        guard let format = Header.Format(rawValue: words[2]) else {
            throw ConvMatrixError.io(place, words[2], "the format must be 'coordinate' or 'array'")
        }
        let field: Header.Field
        switch words[3] {
        case "real", "double": field = .real
        case "integer": field = .integer
        case "pattern": field = .pattern
        case "complex":
            throw ConvMatrixError(.unsupported, at: place, value: words[3], rule: "complex matrices are not supported")
        default:
            throw ConvMatrixError.io(place, words[3], "the field must be 'real', 'integer', 'pattern' or 'complex'")
        }
        guard !(field == .pattern && format == .array) else {
            throw ConvMatrixError.io(place, text, "an array file cannot have the 'pattern' field")
        }
        guard words[4] != "hermitian" else {
            throw ConvMatrixError(.unsupported, at: place, value: words[4], rule: "hermitian matrices need complex values, which are not supported")
        }
        guard let symmetry = Header.Symmetry(rawValue: words[4]) else {
            throw ConvMatrixError.io(place, words[4], "the symmetry must be 'general', 'symmetric', 'skew-symmetric' or 'hermitian'")
        }
        return Header(format: format, field: field, symmetry: symmetry)
    }
}
