// The Matrix Market exchange format (NIST): the banner, its qualifiers and the entry grammar.

/// Reading and writing Matrix Market (`.mtx`) files, the text format of NIST's Matrix Market
/// that `scipy.io.mmread`/`mmwrite`, MATLAB, Julia and SuiteSparse all read.
///
/// A file is a banner, comment lines, a size line and the entries:
///
/// ```
/// %%MatrixMarket matrix coordinate real general
/// % any number of comment lines
/// 2 3 3            ← rows, columns, stored entries
/// 1 1 1.5          ← row, column (1-based), value
/// 1 3 2
/// 2 3 -3
/// ```
///
/// - `coordinate` lists entries; `array` lists every value, column by column.
/// - The field is `real`, `integer` or `pattern` (no value: each entry reads as `1.0`);
///   `complex` is not supported.
/// - The symmetry is `general`, `symmetric` (only `A[i, j]` with `i ≥ j` is stored; `A[j, i]`
///   is the same) or `skew-symmetric` (`i > j` stored, `A[j, i] = −A[i, j]`); `hermitian`
///   needs complex values and is not supported.
///
/// ``write(_:to:comments:)`` writes `coordinate real general` with every stored entry in row
/// order and each value in the shortest text that reads back to the same `Double`.
/// ``read(_:as:memoryBudget:)`` accepts everything `scipy.io.mmwrite` produces.
///
/// ### See Also
/// - ``SciPySparseNPZ`` for the binary `.npz` form that `scipy.sparse.load_npz` reads.
public enum MatrixMarket {}
