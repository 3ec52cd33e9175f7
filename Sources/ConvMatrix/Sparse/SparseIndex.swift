/// An index type for compressed sparse storage: `Int32` (CHOLMOD `int`, CXSparse `cs_di`) when
/// nnz and both dimensions fit, `Int64` (`cholmod_l_*`, `cs_dl`) otherwise.
public protocol SparseIndex: FixedWidthInteger, SignedInteger, Sendable {
    /// The width tag, for reporting and for choosing the C entry points.
    static var width: IndexWidth { get }
}

extension Int32: SparseIndex { public static var width: IndexWidth { .int32 } }
extension Int64: SparseIndex { public static var width: IndexWidth { .int64 } }

/// Which index type a compressed structure uses.
public enum IndexWidth: String, Sendable, Hashable, CaseIterable {
    case int32
    case int64

    /// Bytes per index.
    public var byteCount: Int { self == .int32 ? 4 : 8 }

    /// The narrowest width that holds `nnz`, `rows` and `columns` (all must be ≤ `Int32.max`).
    public static func narrowest(nnz: Int, rows: Int, columns: Int) -> IndexWidth {
        let limit = Int(Int32.max)
        return nnz <= limit && rows <= limit && columns <= limit ? .int32 : .int64
    }
}
