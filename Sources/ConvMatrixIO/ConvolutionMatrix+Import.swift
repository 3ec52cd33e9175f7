// W from files: a CSR matrix from Matrix Market or .npz, and the weights of a layer recovered from it.
import ConvMatrix

extension CSRMatrix {
    /// Reads a Matrix Market file (``MatrixMarket/read(_:as:)``: repeated coordinates summed,
    /// symmetric files expanded).
    ///
    /// - Throws: `ConvMatrixError(.io)` naming `path:line` for a malformed file.
    /// - Complexity: O(file size + rows + columns).
    public init(readingMatrixMarket path: String) throws {
        self = try MatrixMarket.read(path, as: Index.self)
    }

    /// Reads a `scipy.sparse.save_npz` file (``SciPySparseNPZ/read(_:as:)``).
    ///
    /// - Throws: `ConvMatrixError(.io)` naming `path[entry]` for a malformed archive.
    /// - Complexity: O(file size + rows + columns + nnz).
    public init(readingSciPyNPZ path: String) throws {
        self = try SciPySparseNPZ.read(path, as: Index.self)
    }
}

extension ConvolutionMatrix {
    /// `W` of `geometry` read from a `.mtx` or `.npz` file (format from the extension when
    /// `nil`), with the weights recovered as ``init(recovering:geometry:source:tolerance:options:)``
    /// describes.
    ///
    /// - Throws: `ConvMatrixError(.io)` for a malformed file; `.shapeMismatch` when the file is
    ///   not the matrix of a layer with this geometry; `.invalidParameter` for a picture format.
    /// - Complexity: O(file size + rows + nnz).
    public init(reading path: String, format: MatrixFileFormat? = nil, geometry: ConvolutionGeometry,
                tolerance: Double? = nil, options: CompileOptions = CompileOptions()) throws {
        let format = try format ?? MatrixFileFormat(path: path)
        let csr: CSRMatrix<Int64>
        switch format {
        case .mtx: csr = try CSRMatrix(readingMatrixMarket: path)
        case .npz: csr = try CSRMatrix(readingSciPyNPZ: path)
        case .svg, .png:
            throw ConvMatrixError(.invalidParameter, parameter: "format", value: format.rawValue,
                                  rule: "a spy plot holds no values; read W from .mtx or .npz")
        }
        try self.init(recovering: csr, geometry: geometry, source: path, tolerance: tolerance, options: options)
    }

    /// `W` of `geometry` from a sparse matrix holding its values — e.g. read from a file another
    /// tool wrote or edited — with the weight tensor recovered through the tap map.
    ///
    /// Every stored entry of `W` is `Σ w[t]` over its taps `t` (one tap with zeros padding), so:
    /// 1. each one-tap entry gives its weight, and all entries of one tap must agree;
    /// 2. a multi-tap entry (reflect / replicate / circular padding) with one unknown tap gives
    ///    it as the value minus the known ones, repeated until nothing changes; a tap still
    ///    free after that is set to 0 (`W` does not determine it);
    /// 3. `W` is rebuilt from the weights and compared with `csr` entry by entry, within
    ///    `tolerance` (default `1e-12 · max|value|`).
    ///
    /// An entry of `csr` outside `W`'s structure must be 0; an entry of the structure missing
    /// from `csr` counts as 0. Weights no entry uses (taps that fall only into zero padding) are
    /// 0 in ``weights``.
    ///
    /// - Throws: `ConvMatrixError(.shapeMismatch)` naming the first disagreeing entry, 1-based
    ///   as in Matrix Market (`source entry (i, j)`), and what `W` holds there.
    /// - Complexity: O(rows + nnz) time and memory, plus compiling the pattern.
    public init<Index: SparseIndex>(recovering csr: CSRMatrix<Index>, geometry: ConvolutionGeometry,
                                    source: String = "matrix", tolerance: Double? = nil,
                                    options: CompileOptions = CompileOptions()) throws {
        guard csr.rowCount == geometry.outputCount, csr.columnCount == geometry.inputCount else {
            throw ConvMatrixError(.shapeMismatch, parameter: source, value: "\(csr.rowCount) × \(csr.columnCount)",
                                  rule: "W of \(geometry) is \(geometry.outputCount) × \(geometry.inputCount)")
        }
        let pattern = try ConvolutionPattern(geometry, options: options)
        let scale = csr.values.reduce(0) { max($0, abs($1)) }
        let bound = tolerance ?? 1e-12 * scale
        let recovered: WeightRecovery
        switch pattern.storage {
        case .int32(let p): recovered = try WeightRecovery(p, csr, geometry: geometry, source: source, bound: bound)
        case .int64(let p): recovered = try WeightRecovery(p, csr, geometry: geometry, source: source, bound: bound)
        }
        self = try ConvolutionMatrix(pattern: pattern, weights: recovered.weights)
        let rebuilt = values
        for (e, (row, column)) in recovered.places.enumerated() where abs(rebuilt[e] - recovered.fileValues[e]) > bound {
            throw ConvMatrixError(.shapeMismatch, parameter: "\(source) entry (\(row + 1), \(column + 1))",
                                  value: "\(recovered.fileValues[e])",
                                  rule: "W of this layer holds \(rebuilt[e]) there (a sum of weights no other choice satisfies)")
        }
    }
}

/// Step 1 and 2 of ``ConvolutionMatrix/init(recovering:geometry:source:tolerance:options:)``:
/// the file's values aligned with the pattern's entries, and weights solved from them.
private struct WeightRecovery {
    var weights: [Double]
    /// The file's value of each pattern entry (0 where the file stores none).
    var fileValues: [Double]
    /// `(row, column)` of each pattern entry.
    var places: [(Int, Int)]

    init<P: SparseIndex, Index: SparseIndex>(_ p: PatternArrays<P>, _ csr: CSRMatrix<Index>,
                                             geometry: ConvolutionGeometry, source: String, bound: Double) throws {
        let nnz = p.nonzeroCount
        fileValues = [Double](repeating: 0, count: nnz)
        places = []
        places.reserveCapacity(nnz)
        // Merge each row's sorted columns: the pattern's and the file's.
        for r in 0..<p.rowCount {
            var f = Int(csr.rowPointers[r])
            let fEnd = Int(csr.rowPointers[r + 1])
            for e in Int(p.rowPointers[r])..<Int(p.rowPointers[r + 1]) {
                let c = Int(p.columnIndices[e])
                places.append((r, c))
                while f < fEnd, Int(csr.columnIndices[f]) <= c {
                    let fc = Int(csr.columnIndices[f])
                    if fc == c { fileValues[e] += csr.values[f] } else { try Self.outside(r, fc, csr.values[f], source, geometry) }
                    f += 1
                }
            }
            while f < fEnd {
                try Self.outside(r, Int(csr.columnIndices[f]), csr.values[f], source, geometry)
                f += 1
            }
        }

        // 1. One-tap entries.
        var weights = [Double](repeating: 0, count: geometry.weightCount)
        var known = [Bool](repeating: false, count: geometry.weightCount)
        var firstEntry = [Int](repeating: -1, count: geometry.weightCount)
        var multiTap = [Int]()
        for e in 0..<nnz {
            let taps = Self.taps(p, e)
            guard taps.count == 1 else { multiTap.append(e); continue }
            let t = taps[0], v = fileValues[e]
            if !known[t] {
                (weights[t], known[t], firstEntry[t]) = (v, true, e)
            } else if abs(weights[t] - v) > bound {
                let (r0, c0) = places[firstEntry[t]], (r, c) = places[e]
                throw ConvMatrixError(.shapeMismatch, parameter: "\(source) entry (\(r + 1), \(c + 1))", value: "\(v)",
                                      rule: "entry (\(r0 + 1), \(c0 + 1)) holds \(weights[t]), and both are weight \(Self.tapName(t, geometry)) in W of this layer")
            }
        }
        // 2. Multi-tap entries: solve one unknown at a time; free taps become 0.
        var pending = multiTap
        while !pending.isEmpty {
            var waiting = [Int]()
            for e in pending {
                let taps = Self.taps(p, e)
                let unknown = taps.filter { !known[$0] }
                if unknown.count > 1 { waiting.append(e); continue }
                guard let t = unknown.first else { continue }
                var rest = 0.0
                for other in taps where other != t { rest += weights[other] }
                (weights[t], known[t]) = (fileValues[e] - rest, true)
            }
            if waiting.count == pending.count, let t = Self.taps(p, waiting[0]).first(where: { !known[$0] }) {
                (weights[t], known[t]) = (0, true)
            }
            pending = waiting
        }
        self.weights = weights
    }

    /// The flat weight indices entry `e` sums.
    static func taps<P: SparseIndex>(_ p: PatternArrays<P>, _ e: Int) -> [Int] {
        guard let tp = p.tapPointers else { return [Int(p.taps[e])] }
        return (Int(tp[e])..<Int(tp[e + 1])).map { Int(p.taps[$0]) }
    }

    /// `w[co, ci, k…]`.
    static func tapName(_ t: Int, _ geometry: ConvolutionGeometry) -> String {
        var rest = t, coordinates = [Int]()
        for extent in geometry.weightShape.reversed() {
            coordinates.append(rest % extent)
            rest /= extent
        }
        return "w[" + coordinates.reversed().map(String.init).joined(separator: ", ") + "]"
    }

    /// A file entry where `W` stores none: fine when it is zero.
    static func outside(_ r: Int, _ c: Int, _ v: Double, _ source: String, _ geometry: ConvolutionGeometry) throws {
        guard v != 0 else { return }
        throw ConvMatrixError(.shapeMismatch, parameter: "\(source) entry (\(r + 1), \(c + 1))", value: "\(v)",
                              rule: "W of this layer has a structural zero there (\(geometry.rowLabel(r)) does not read \(geometry.columnLabel(c)))")
    }
}
