// Matrix Market and SciPy .npz written from a RowSource, block by block.
import ConvMatrix

enum StreamingWriters {
    /// `%%MatrixMarket matrix coordinate real general`, the header's entry count from the
    /// source's closed-form count, then every entry line in row order, one block at a time.
    ///
    /// - Complexity: O(rows + nnz) time; memory one block plus a 1 MiB chunk.
    static func writeMatrixMarket(_ source: some RowSource, to path: String, comments: [String]) throws {
        try AtomicFile.write(to: path) { sink in
            try sink.write(MatrixMarket.coordinateHeader(rows: source.rowCount, columns: source.columnCount,
                                                         entries: source.nonzeroCount, comments: comments))
            var lines = MatrixMarketLines(sink: sink)
            try source.forEachBlock(values: true, &lines)
            try lines.finish()
        }
    }

    /// `scipy.sparse.save_npz`'s CSR layout with each array streamed into its ZIP entry:
    /// `indptr.npy` first (the prefix sums of the closed-form row lengths), then `indices.npy`
    /// (a structure pass), `data.npy` (a values pass), `format.npy` and `shape.npy`. Index
    /// arrays are `int32` when rows, columns and nnz fit, else `int64`, as SciPy chooses.
    /// Entry sizes are known before writing, so ZIP64 is used exactly when needed.
    ///
    /// - Complexity: O(rows + nnz) time; memory one block plus 64 Ki-element chunks.
    static func writeNPZ(_ source: some RowSource, to path: String, compression: ZipCompression,
                         zip64: ZIP64Policy = .whenNeeded) throws {
        let width = IndexWidth.narrowest(nnz: source.nonzeroCount, rows: source.rowCount, columns: source.columnCount)
        let descr = width == .int32 ? "<i4" : "<i8"
        let nnz = source.nonzeroCount
        try AtomicFile.write(to: path) { sink in
            let zip = ZipArchiveWriter(sink: sink, zip64: zip64)
            try addArray(zip, "indptr", descr: descr, count: source.rowCount + 1, itemSize: width.byteCount,
                         compression: compression) { emit in
                var total = 0
                let first = [0]
                if width == .int32 { try emitIntegers(first, as: Int32.self, order: .little, emit) }
                else { try emitIntegers(first, as: Int64.self, order: .little, emit) }
                try source.forEachRowLengthChunk { lengths in
                    let pointers = lengths.map { total += $0; return total }
                    if width == .int32 { try emitIntegers(pointers, as: Int32.self, order: .little, emit) }
                    else { try emitIntegers(pointers, as: Int64.self, order: .little, emit) }
                }
                precondition(total == nnz, "row lengths disagree with the closed-form nnz")
            }
            try addArray(zip, "indices", descr: descr, count: nnz, itemSize: width.byteCount, compression: compression) { emit in
                try withoutActuallyEscaping(emit) { emit in
                    var columns = ColumnEmitter(width: width, order: .little, emit: emit)
                    try source.forEachBlock(values: false, &columns)
                }
            }
            try addArray(zip, "data", descr: "<f8", count: nnz, itemSize: 8, compression: compression) { emit in
                try withoutActuallyEscaping(emit) { emit in
                    var values = ValueEmitter(order: .little, emit: emit)
                    try source.forEachBlock(values: true, &values)
                }
            }
            for (name, array) in [("format", try NumPyArray(shape: [], storage: .bytes(["csr"]))),
                                  ("shape", NumPyArray([Int64(source.rowCount), Int64(source.columnCount)]))] {
                try zip.addEntry(name: name + ".npy", size: array.npyByteCount, compression: compression) { try array.writeNPY($0) }
            }
            try zip.finish()
        }
    }

    /// One `.npy` entry of `count` elements: its header, then `data` emits exactly the elements.
    private static func addArray(_ zip: ZipArchiveWriter, _ name: String, descr: String, count: Int, itemSize: Int,
                                 compression: ZipCompression,
                                 data: @escaping (_ emit: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        let header = NPYHeader.encode(descr: descr, shape: [count])
        try zip.addEntry(name: name + ".npy", size: header.count + count * itemSize, compression: compression) { emit in
            try header.withUnsafeBytes(emit)
            try data(emit)
        }
    }
}
