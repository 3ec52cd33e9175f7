// The consumers of the streaming writers: columns, values, or Matrix Market lines of each block.
import ConvMatrix

/// Emits each block's column indices as `width` integers in `order`.
struct ColumnEmitter: RowBlockConsumer {
    let width: IndexWidth
    let order: ByteOrder
    let emit: (UnsafeRawBufferPointer) throws -> Void

    func consume<Index: SparseIndex>(firstRow: Int, rowPointers: UnsafeBufferPointer<Index>,
                                     columns: UnsafeBufferPointer<Index>, values: UnsafeBufferPointer<Double>?) throws {
        try emitIndices(columns, width: width, order: order, emit)
    }
}

/// Emits each block's values as binary64 in `order`.
struct ValueEmitter: RowBlockConsumer {
    let order: ByteOrder
    let emit: (UnsafeRawBufferPointer) throws -> Void

    func consume<Index: SparseIndex>(firstRow: Int, rowPointers: UnsafeBufferPointer<Index>,
                                     columns: UnsafeBufferPointer<Index>, values: UnsafeBufferPointer<Double>?) throws {
        try emitDoubles(values!, order: order, emit)
    }
}

/// Writes each entry as the Matrix Market line `r+1 c+1 v` (row numbered within the written
/// range), collected in a 1 MiB chunk between writes to `sink`.
struct MatrixMarketLines: RowBlockConsumer {
    let sink: FileSink
    var chunk: [UInt8] = []

    init(sink: FileSink) {
        self.sink = sink
        chunk.reserveCapacity(1 << 20)
    }

    mutating func consume<Index: SparseIndex>(firstRow: Int, rowPointers: UnsafeBufferPointer<Index>,
                                              columns: UnsafeBufferPointer<Index>, values: UnsafeBufferPointer<Double>?) throws {
        let values = values!
        for i in 0..<(rowPointers.count - 1) {
            for e in Int(rowPointers[i])..<Int(rowPointers[i + 1]) {
                chunk.appendDecimal(firstRow + i + 1)
                chunk.append(0x20)
                chunk.appendDecimal(Int(columns[e]) + 1)
                chunk.append(0x20)
                chunk.append(contentsOf: values[e].description.utf8)
                chunk.append(0x0A)
                if chunk.count >= 1 << 20 {
                    try sink.write(chunk)
                    chunk.removeAll(keepingCapacity: true)
                }
            }
        }
    }

    mutating func finish() throws {
        try sink.write(chunk)
        chunk.removeAll()
    }
}
