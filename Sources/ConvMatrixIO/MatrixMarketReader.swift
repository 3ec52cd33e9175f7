// Matrix Market reader: banner, size line and entries → canonical CSR, with line-numbered errors.
import ConvMatrix

extension MatrixMarket {
    /// Reads a Matrix Market file into canonical CSR (columns sorted within rows).
    ///
    /// Accepts `coordinate` and `array` formats; `real`, `double`, `integer` and `pattern`
    /// fields (a pattern entry reads as `1.0`); `general`, `symmetric` and `skew-symmetric`
    /// symmetry, expanding the stored triangle to the full matrix. Blank lines and `%` comment
    /// lines may appear anywhere after the banner. The banner's qualifiers are case-insensitive.
    ///
    /// Repeated coordinates are **summed**, as `scipy.io.mmread(...).tocsr()` does; an `array`
    /// file keeps only its non-zero values. Pass `Int32.self` or `Int64.self` (or let the result
    /// type choose); a matrix too large for `Int32` indices is an `.unsupported` error.
    ///
    /// - Throws: `ConvMatrixError(.io, parameter: "<path>:<line>", value: "<offending text>",
    ///   rule: …)` for a missing or bad banner, a bad size line, a wrong number of fields, a
    ///   non-numeric token, an index out of range, more or fewer entries than declared;
    ///   `.unsupported` for `complex`/`hermitian` files or `vector` objects.
    ///   `.overBudget` naming the size line when the declared rows and columns need more than
    ///   `memoryBudget` bytes of pointers (16 per row and column), before any is allocated.
    /// - Complexity: O(file size + rows + columns) time; O(file size + nnz + rows + columns) memory.
    public static func read<Index: SparseIndex>(_ path: String, as indexType: Index.Type = Index.self,
                                                memoryBudget: Int = CompileOptions.defaultMemoryBudget) throws -> CSRMatrix<Index> {
        let bytes = try readFileBytes(path)
        return try bytes.withUnsafeBytes { bytes in
            try withCNumericLocale { try parse(bytes, source: path, memoryBudget: memoryBudget) }
        }
    }

    /// Parses Matrix Market text held in memory; `source` names it in errors (`source:line`).
    ///
    /// - Complexity: as ``read(_:as:memoryBudget:)``.
    public static func parse<Index: SparseIndex>(_ text: String, source: String = "<text>",
                                                 as indexType: Index.Type = Index.self,
                                                 memoryBudget: Int = CompileOptions.defaultMemoryBudget) throws -> CSRMatrix<Index> {
        var text = text
        return try text.withUTF8 { bytes in
            try withCNumericLocale { try parse(UnsafeRawBufferPointer(bytes), source: source, memoryBudget: memoryBudget) }
        }
    }

    /// Parses Matrix Market bytes held in memory (any bytes: invalid UTF-8 is an error at its
    /// line); `source` names them in errors.
    ///
    /// - Complexity: as ``read(_:as:memoryBudget:)``.
    public static func parse<Index: SparseIndex>(bytes: [UInt8], source: String = "<bytes>",
                                                 as indexType: Index.Type = Index.self,
                                                 memoryBudget: Int = CompileOptions.defaultMemoryBudget) throws -> CSRMatrix<Index> {
        try bytes.withUnsafeBytes { raw in try withCNumericLocale { try parse(raw, source: source, memoryBudget: memoryBudget) } }
    }

    static func parse<Index: SparseIndex>(_ bytes: UnsafeRawBufferPointer, source: String,
                                          memoryBudget budget: Int) throws -> CSRMatrix<Index> {
        var lines = TextLines(bytes)
        let header = try parseBanner(&lines, source: source)
        func place() -> FilePlace { linePlace(source, lines.lineNumber) }

        // The size line: the first line after the banner that is neither blank nor a comment.
        var sizeLine: Range<Int>?
        while let line = lines.next() {
            if lines.isBlank(line) || bytes[line.lowerBound] == 0x25 { continue }
            sizeLine = line
            break
        }
        guard let sizeLine else {
            throw ConvMatrixError.io(linePlace(source, lines.lineNumber + 1), "end of file", "the size line is missing")
        }
        let sizeFields = header.format == .coordinate ? 3 : 2
        let sizeText = lines.text(sizeLine)
        var cursor = sizeLine.lowerBound
        var sizes = [Int]()
        while let token = lines.token(in: sizeLine, after: &cursor) {
            guard let value = lines.unsignedInteger(token) else {
                throw ConvMatrixError.io(place(), lines.text(token), "a size must be a non-negative integer")
            }
            sizes.append(value)
        }
        guard sizes.count == sizeFields else {
            throw ConvMatrixError.io(place(), sizeText, header.format == .coordinate
                ? "the size line must hold rows, columns and entry count"
                : "the size line of an array file must hold rows and columns")
        }
        let (rows, columns) = (sizes[0], sizes[1])
        if header.symmetry != .general, rows != columns {
            throw ConvMatrixError.io(place(), sizeText, "a \(header.symmetry.rawValue) matrix must be square")
        }

        // Converting to CSR takes one pointer per row and per column: check the declared sizes
        // against the index type and the memory budget before anything proportional to them is
        // allocated.
        try requireFits(Index.self, rows: rows, columns: columns, entries: 0, place: FilePlace(path: source))
        let (pointers, pointersOverflow) = rows.addingReportingOverflow(columns)
        guard !pointersOverflow, pointers <= (budget - 16) / 16 else {
            throw ConvMatrixError(.overBudget, at: place(), value: sizeText,
                                  rule: "the row and column pointers of a \(rows) × \(columns) matrix exceed the memory budget of \(budget) bytes")
        }

        let expected: Int
        if header.format == .coordinate {
            expected = sizes[2]
        } else {
            let (product, overflow) = rows.multipliedReportingOverflow(by: columns)
            guard !overflow else { throw ConvMatrixError.io(place(), sizeText, "rows × columns overflows") }
            switch header.symmetry {
            case .general: expected = product
            // n(n ± 1)/2, halving the even factor first so that nothing overflows past n².
            case .symmetric: expected = rows % 2 == 0 ? rows / 2 * (rows + 1) : (rows + 1) / 2 * rows
            case .skewSymmetric: expected = rows % 2 == 0 ? rows / 2 * max(rows - 1, 0) : (rows - 1) / 2 * rows
            }
        }
        // Every entry takes at least two bytes of the file, which bounds an honest reservation.
        let mirrored = header.symmetry != .general && header.format == .coordinate
        var entries = CoordinateEntries(rowCount: rows, columnCount: columns,
                                        reserving: min(expected, bytes.count / 2 + 1) * (mirrored ? 2 : 1))

        let valueFields = header.format == .array ? 1 : header.field == .pattern ? 2 : 3
        let fieldNames = header.format == .array ? "value"
            : header.field == .pattern ? "row, column" : "row, column, value"
        var read = 0
        // The position of the next value of an array file: column-major over the stored triangle.
        let diagonalSkip = header.symmetry == .skewSymmetric ? 1 : 0
        var arrayColumn = 0
        var arrayRow = diagonalSkip
        var tokens = [Range<Int>](repeating: 0..<0, count: 4)
        while let line = lines.next() {
            if lines.isBlank(line) || bytes[line.lowerBound] == 0x25 { continue }
            guard read < expected else {
                throw ConvMatrixError.io(place(), lines.text(line), "more entries than the \(expected) the size line declares")
            }
            var cursor = line.lowerBound
            var found = 0
            while found < 4, let token = lines.token(in: line, after: &cursor) {
                tokens[found] = token
                found += 1
            }
            guard found == valueFields else {
                throw ConvMatrixError.io(place(), lines.text(line), "expected \(valueFields) field\(valueFields == 1 ? "" : "s") (\(fieldNames))")
            }

            let row: Int, column: Int, value: Double
            if header.format == .coordinate {
                guard let i = lines.unsignedInteger(tokens[0]) else {
                    throw ConvMatrixError.io(place(), lines.text(tokens[0]), "a row index must be a positive integer")
                }
                guard let j = lines.unsignedInteger(tokens[1]) else {
                    throw ConvMatrixError.io(place(), lines.text(tokens[1]), "a column index must be a positive integer")
                }
                guard i >= 1, i <= rows else { throw ConvMatrixError.io(place(), lines.text(tokens[0]), "row index outside 1...\(rows)") }
                guard j >= 1, j <= columns else { throw ConvMatrixError.io(place(), lines.text(tokens[1]), "column index outside 1...\(columns)") }
                (row, column) = (i - 1, j - 1)
                value = header.field == .pattern ? 1 : try parseValue(tokens[2], header.field, lines, source)
            } else {
                (row, column) = (arrayRow, arrayColumn)
                value = try parseValue(tokens[0], header.field, lines, source)
                arrayRow += 1
                if arrayRow == rows {
                    arrayColumn += 1
                    arrayRow = header.symmetry == .general ? 0 : arrayColumn + diagonalSkip
                }
            }
            read += 1
            if header.symmetry == .skewSymmetric, row == column {
                throw ConvMatrixError.io(place(), lines.text(line), "a skew-symmetric file stores no diagonal entries")
            }

            // Coordinate entries are kept even when zero (explicit zeros); array zeros are not stored.
            guard header.format == .coordinate || value != 0 else { continue }
            entries.append(row: row, column: column, value: value)
            if row != column {
                switch header.symmetry {
                case .general: break
                case .symmetric: entries.append(row: column, column: row, value: value)
                case .skewSymmetric: entries.append(row: column, column: row, value: -value)
                }
            }
        }
        guard read == expected else {
            throw ConvMatrixError.io(linePlace(source, lines.lineNumber + 1), "end of file",
                      "the size line declares \(expected) entries but the file ends after \(read)")
        }
        try requireFits(Index.self, rows: rows, columns: columns, entries: entries.count, place: FilePlace(path: source))
        return try entries.compressed()
    }

    /// The value token of a `real` or `integer` field.
    /// (The error's place is built only on failure: this runs once per entry.)
    private static func parseValue(_ token: Range<Int>, _ field: Header.Field, _ lines: TextLines,
                                   _ source: String) throws -> Double {
        if field == .integer {
            guard let value = lines.signedInteger(token) else {
                throw ConvMatrixError.io(linePlace(source, lines.lineNumber), lines.text(token), "an integer field's value must be an integer")
            }
            return Double(value)
        }
        guard let value = lines.real(token) else {
            throw ConvMatrixError.io(linePlace(source, lines.lineNumber), lines.text(token), "a value must be a real number")
        }
        return value
    }
}
