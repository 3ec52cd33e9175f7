internal import CSuiteSparse

/// One of CXSparse's integer flavours: `cs_di_*` (`int`) or `cs_dl_*` (`cs_long_t`).
/// The bridge is written once, generic over this protocol.
protocol CXSparseFlavor {
    /// `cs_di` or `cs_dl`.
    associatedtype Matrix
    /// `Int32` (`int`) or `Int` (`cs_long_t`, 64-bit on LP64).
    associatedtype CIndex: FixedWidthInteger
    /// `"cs_di"` or `"cs_dl"`, for naming the function in errors.
    static var prefix: String { get }
    /// A compressed-column `rows × columns` matrix (`nz = -1`) over existing arrays.
    static func compressedColumn(rows: Int, columns: Int, nzmax: Int,
                                 p: UnsafeMutablePointer<CIndex>, i: UnsafeMutablePointer<CIndex>,
                                 x: UnsafeMutablePointer<Double>) -> Matrix
    /// `y ← A·x + y`; false on invalid input.
    static func gaxpy(_ a: UnsafePointer<Matrix>, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>) -> Bool
    /// `Aᵀ` with values, sorted; NULL when out of memory.
    static func transpose(_ a: UnsafePointer<Matrix>) -> UnsafeMutablePointer<Matrix>?
    /// `A·B`, unsorted columns; NULL when out of memory or shapes differ.
    static func multiply(_ a: UnsafePointer<Matrix>, _ b: UnsafePointer<Matrix>) -> UnsafeMutablePointer<Matrix>?
    static func free(_ a: UnsafeMutablePointer<Matrix>)
    /// `(rows m, columns n, p, i, x)` of a compressed-column matrix.
    static func parts(_ a: UnsafePointer<Matrix>) -> (rows: Int, columns: Int, p: UnsafeRawPointer, i: UnsafeRawPointer?, x: UnsafeRawPointer?)
}

extension CXSparseFlavor {
    static func name(_ verb: String) -> String { "\(prefix)_\(verb)" }
}

/// `cs_di_*`: 32-bit indices.
enum CXSparseInt32: CXSparseFlavor {
    typealias Matrix = cs_di
    typealias CIndex = Int32
    static var prefix: String { "cs_di" }

    static func compressedColumn(rows: Int, columns: Int, nzmax: Int, p: UnsafeMutablePointer<Int32>,
                                 i: UnsafeMutablePointer<Int32>, x: UnsafeMutablePointer<Double>) -> cs_di {
        cs_di(nzmax: Int32(nzmax), m: Int32(rows), n: Int32(columns), p: p, i: i, x: x, nz: -1)
    }
    static func gaxpy(_ a: UnsafePointer<cs_di>, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>) -> Bool {
        cs_di_gaxpy(a, x, y) != 0
    }
    static func transpose(_ a: UnsafePointer<cs_di>) -> UnsafeMutablePointer<cs_di>? { cs_di_transpose(a, 1) }
    static func multiply(_ a: UnsafePointer<cs_di>, _ b: UnsafePointer<cs_di>) -> UnsafeMutablePointer<cs_di>? { cs_di_multiply(a, b) }
    static func free(_ a: UnsafeMutablePointer<cs_di>) { _ = cs_di_spfree(a) }
    static func parts(_ a: UnsafePointer<cs_di>) -> (rows: Int, columns: Int, p: UnsafeRawPointer, i: UnsafeRawPointer?, x: UnsafeRawPointer?) {
        (Int(a.pointee.m), Int(a.pointee.n), UnsafeRawPointer(a.pointee.p), UnsafeRawPointer(a.pointee.i), UnsafeRawPointer(a.pointee.x))
    }
}

/// `cs_dl_*`: 64-bit indices (`cs_long_t` = `SuiteSparse_long`).
enum CXSparseInt64: CXSparseFlavor {
    typealias Matrix = cs_dl
    typealias CIndex = Int
    static var prefix: String { "cs_dl" }

    static func compressedColumn(rows: Int, columns: Int, nzmax: Int, p: UnsafeMutablePointer<Int>,
                                 i: UnsafeMutablePointer<Int>, x: UnsafeMutablePointer<Double>) -> cs_dl {
        cs_dl(nzmax: nzmax, m: rows, n: columns, p: p, i: i, x: x, nz: -1)
    }
    static func gaxpy(_ a: UnsafePointer<cs_dl>, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>) -> Bool {
        cs_dl_gaxpy(a, x, y) != 0
    }
    static func transpose(_ a: UnsafePointer<cs_dl>) -> UnsafeMutablePointer<cs_dl>? { cs_dl_transpose(a, 1) }
    static func multiply(_ a: UnsafePointer<cs_dl>, _ b: UnsafePointer<cs_dl>) -> UnsafeMutablePointer<cs_dl>? { cs_dl_multiply(a, b) }
    static func free(_ a: UnsafeMutablePointer<cs_dl>) { _ = cs_dl_spfree(a) }
    static func parts(_ a: UnsafePointer<cs_dl>) -> (rows: Int, columns: Int, p: UnsafeRawPointer, i: UnsafeRawPointer?, x: UnsafeRawPointer?) {
        (a.pointee.m, a.pointee.n, UnsafeRawPointer(a.pointee.p), UnsafeRawPointer(a.pointee.i), UnsafeRawPointer(a.pointee.x))
    }
}
