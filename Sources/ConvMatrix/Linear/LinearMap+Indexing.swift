/// Stages that only move elements — permutation of axes, reshape, zero injection, crop, pad —
/// as 0/1 selection matrices: output element `r` copies input element `source(r)`, or is zero.
extension LinearMap {
    /// Axes reordered: output axis `k` is input axis `order[k]` (NumPy's `transpose(order)`).
    /// This is how a layout change (e.g. `(C, L) → (L, C)`) enters a pipeline.
    public static func permutation(shape: [Int], order: [Int]) throws -> LinearMap {
        guard order.sorted() == Array(0..<shape.count) else {
            throw ConvMatrixError.invalid("order", listDescription(order), "must be a permutation of 0..<\(shape.count)")
        }
        let out = order.map { shape[$0] }
        let inStrides = rowMajorStrides(shape)
        let outStrides = rowMajorStrides(out)
        return try selection(name: "permute\(listDescription(order))", inputShape: shape, outputShape: out) { r in
            var source = 0
            for k in 0..<out.count { source += (r / outStrides[k]) % out[k] * inStrides[order[k]] }
            return source
        }
    }

    /// The same elements under another shape (row-major): the identity matrix.
    public static func reshape(from shape: [Int], to newShape: [Int]) throws -> LinearMap {
        let (count, newCount) = (try shapeElementCount(shape, parameter: "reshape: shape"),
                                 try shapeElementCount(newShape, parameter: "reshape: new shape"))
        guard count == newCount else {
            throw ConvMatrixError.mismatch("reshape", "\(listDescription(shape)) → \(listDescription(newShape))",
                                           "both shapes must hold the same number of elements (\(count) vs \(newCount))")
        }
        return try selection(name: "reshape", inputShape: shape, outputShape: newShape) { $0 }
    }

    /// Zero injection: along axis `a`, `factors[a] − 1` zeros between neighbours, so a length `n`
    /// becomes `(n−1)·factor + 1` (a fractional stride `1/factor`).
    public static func zeroInjection(shape: [Int], factors: [Int]) throws -> LinearMap {
        guard factors.count == shape.count, factors.allSatisfy({ $0 >= 1 }) else {
            throw ConvMatrixError.invalid("factors", listDescription(factors), "needs \(shape.count) values ≥ 1")
        }
        let out = zip(shape, factors).map { ($0 - 1) * $1 + 1 }
        let inStrides = rowMajorStrides(shape), outStrides = rowMajorStrides(out)
        return try selection(name: "inject zeros \(listDescription(factors))", inputShape: shape, outputShape: out) { r in
            var source = 0
            for a in 0..<out.count {
                let j = (r / outStrides[a]) % out[a]
                guard j % factors[a] == 0 else { return nil }
                source += j / factors[a] * inStrides[a]
            }
            return source
        }
    }

    /// Removes `begin[a]` elements at the start and `end[a]` at the end of each axis.
    public static func crop(shape: [Int], begin: [Int], end: [Int]) throws -> LinearMap {
        try pad(shape: shape, begin: begin.map { -$0 }, end: end.map { -$0 },
                name: "crop \(listDescription(begin)) \(listDescription(end))")
    }

    /// Adds `begin[a]` zeros at the start and `end[a]` at the end of each axis (negative = crop).
    public static func pad(shape: [Int], begin: [Int], end: [Int]) throws -> LinearMap {
        try pad(shape: shape, begin: begin, end: end, name: "pad \(listDescription(begin)) \(listDescription(end))")
    }

    private static func pad(shape: [Int], begin: [Int], end: [Int], name: String) throws -> LinearMap {
        guard begin.count == shape.count, end.count == shape.count else {
            throw ConvMatrixError.invalid(name, "begin \(listDescription(begin)), end \(listDescription(end))",
                                          "needs \(shape.count) begin and \(shape.count) end values")
        }
        let out = (0..<shape.count).map { shape[$0] + begin[$0] + end[$0] }
        guard out.allSatisfy({ $0 >= 1 }) else {
            throw ConvMatrixError.invalid(name, "begin \(listDescription(begin)), end \(listDescription(end))",
                                          "leaves shape \(listDescription(out)); every axis must keep ≥ 1 element")
        }
        let inStrides = rowMajorStrides(shape), outStrides = rowMajorStrides(out)
        return try selection(name: name, inputShape: shape, outputShape: out) { r in
            var source = 0
            for a in 0..<out.count {
                let i = (r / outStrides[a]) % out[a] - begin[a]
                guard i >= 0, i < shape[a] else { return nil }
                source += i * inStrides[a]
            }
            return source
        }
    }

    /// The 0/1 matrix whose row `r` has a single 1 at column `source(r)` (or is empty).
    ///
    /// - Complexity: O(rows).
    static func selection(name: String, inputShape: [Int], outputShape: [Int],
                          source: (Int) -> Int?) throws -> LinearMap {
        let rows = try shapeElementCount(outputShape, parameter: "\(name): output shape")
        let columnCount = try shapeElementCount(inputShape, parameter: "\(name): input shape")
        try checkMemory(elements: rows, size: 2 * MemoryLayout<Int64>.size + MemoryLayout<Double>.size,
                        parameter: "\(name): output shape", value: listDescription(outputShape), what: "the selection matrix")
        var pointers = [Int64](repeating: 0, count: rows + 1), columns = [Int64]()
        columns.reserveCapacity(rows)
        for r in 0..<rows {
            if let c = source(r) { columns.append(Int64(c)) }
            pointers[r + 1] = Int64(columns.count)
        }
        let matrix = CSRMatrix(unchecked: rows, columnCount: columnCount, rowPointers: pointers,
                               columnIndices: columns, values: [Double](repeating: 1, count: columns.count))
        return try LinearMap(name: name, inputShape: inputShape, outputShape: outputShape, matrix: matrix)
    }
}

/// Row-major strides of `shape`.
func rowMajorStrides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    for a in stride(from: shape.count - 2, through: 0, by: -1) { strides[a] = strides[a + 1] * shape[a + 1] }
    return strides
}
