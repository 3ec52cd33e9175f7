// W (or a range of its rows) written to a file block by block, never held whole: bounded memory.
import ConvMatrix

/// Writes a convolution's matrix `W` — or rows `r0 ..< r1` of it, as an `(r1 − r0) × columns`
/// matrix — compiling it block by block with a ``RowRangeCompiler`` so that the peak memory
/// stays under a budget however large `W` is.
///
/// Blocks hold at most ``maximumBlockEntries`` entries: half of what the budget leaves after
/// the weights and the per-axis relations, at 12 bytes per entry (an `Int32` column and a
/// `Double` value). The file is the same as the in-memory export of the same rows:
///
/// - ``MatrixFileFormat/mtx``: one pass, entry lines in row order;
/// - ``MatrixFileFormat/npz``: `indptr` from the closed-form row lengths, then a structure
///   pass for `indices`, a values pass for `data`, each streamed into its entry of a ZIP64
///   archive (ZIP64 records on every entry, as `np.savez`'s `force_zip64`, whatever the size);
/// - ``MatrixFileFormat/petsc``: PETSc's binary format (``PETScBinary``): row lengths, a
///   structure pass, a values pass.
///
/// Every write is atomic (``AtomicFile``).
public struct StreamingExport: Sendable {
    public let compiler: RowRangeCompiler
    public let weights: [Double]
    /// The rows of `W` written; row `i` of the file is row `rows.lowerBound + i` of `W`.
    public let rows: Range<Int>
    /// Largest number of entries compiled at once.
    public internal(set) var maximumBlockEntries: Int

    /// Prepares the export of rows `rows` (all of `W` by default) of `geometry` with `weights`
    /// within `memoryBudget` bytes.
    ///
    /// - Throws: `.invalidParameter` naming `rows` outside `W`; `.shapeMismatch` naming
    ///   `weights.count`; `.overBudget` when the weights and the relations leave no room for a block.
    /// - Complexity: O(Σ_a O_a·k_a) (the relations).
    public init(_ geometry: ConvolutionGeometry, weights: [Double], rows: Range<Int>? = nil,
                memoryBudget: Int = CompileOptions.defaultMemoryBudget,
                threads: Int = CompileOptions.defaultThreadCount) throws {
        let options = CompileOptions(memoryBudget: memoryBudget, threads: threads)
        compiler = try RowRangeCompiler(geometry, options: options)
        let range = rows ?? 0..<compiler.rowCount
        guard range.lowerBound >= 0, range.upperBound <= compiler.rowCount else {
            throw ConvMatrixError(.invalidParameter, parameter: "rows", value: "\(range.lowerBound):\(range.upperBound)",
                                  rule: "must lie within 0:\(compiler.rowCount), the rows of W")
        }
        guard weights.count == geometry.weightCount else {
            throw ConvMatrixError(.shapeMismatch, parameter: "weights.count", value: "\(weights.count)",
                                  rule: "must be \(geometry.weightCount), the element count of the weight shape")
        }
        self.weights = weights
        self.rows = range
        maximumBlockEntries = try compiler.maximumBlockEntries(memoryBudget: memoryBudget)
    }

    /// Stored entries of the written rows (closed form; O(rows) to sum for a part of `W`).
    public func nonzeroCount() throws -> Int {
        try source(progress: { _, _ in }).nonzeroCount
    }

    /// Writes the rows to `path` in `format` (from the extension when `nil`).
    ///
    /// - Parameters:
    ///   - comments: Matrix Market comment lines after the banner.
    ///   - npzCompression: `.stored` or `.deflated()` `.npz` entries.
    ///   - petscIndexWidth: `PetscInt` of the reading PETSc (`.int32` by default).
    ///   - progress: called after each block with the fraction of the work done, in `0 ... 1`.
    /// - Throws: `.unsupported` naming `format` for pictures; `.invalidParameter` naming
    ///   `--petsc-int64` (see ``PETScBinary``); `.io` naming `path`; `.overBudget` from a block.
    /// - Complexity: O(rows·D + nnz) time for `.mtx`, twice the compile work for `.npz` and
    ///   `.petsc`; memory one block (≤ ``maximumBlockEntries`` entries) plus fixed buffers.
    public func write(to path: String, format: MatrixFileFormat? = nil, comments: [String] = [],
                      npzCompression: ZipCompression = .stored, petscIndexWidth: IndexWidth = .int32,
                      progress: @escaping @Sendable (Double) -> Void = { _ in }) throws {
        let format = try format ?? MatrixFileFormat(path: path)
        let total = Double(max(rows.count, 1))
        switch format {
        case .mtx:
            let source = try self.source { _, done in progress(Double(done) / total) }
            try StreamingWriters.writeMatrixMarket(source, to: path, comments: comments)
        case .npz, .petsc:
            let source = try self.source { pass, done in
                progress((pass == .structure ? 0 : 0.5) + Double(done) / total / 2)
            }
            if format == .npz {
                try StreamingWriters.writeNPZ(source, to: path, compression: npzCompression, zip64: .always)
            } else {
                try PETScBinary.write(source, to: path, indexWidth: petscIndexWidth)
            }
        case .svg, .png, .pdf, .html:
            throw ConvMatrixError(.unsupported, parameter: "format", value: format.rawValue,
                                  rule: "a picture or page needs all of W; streamed exports write mtx, npz or petsc")
        }
    }

    private func source(progress: @escaping (CompiledRowSource.Pass, Int) -> Void) throws -> CompiledRowSource {
        try CompiledRowSource(compiler: compiler, weights: weights, rows: rows, maximumEntries: maximumBlockEntries,
                              progress: progress)
    }
}
