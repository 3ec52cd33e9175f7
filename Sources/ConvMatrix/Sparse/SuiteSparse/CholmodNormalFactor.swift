internal import CSuiteSparse

/// `P·(MᵀM + β·I)·Pᵀ = L·Lᵀ`: CHOLMOD's sparse Cholesky factorisation of the shifted normal
/// matrix of a sparse `M` (`r × c` CSR), without forming `MᵀM`.
///
/// The CSR arrays of `M` are the CSC arrays of the `c × r` matrix `A = Mᵀ`; CHOLMOD, given an
/// unsymmetric `A`, factorises `A·Aᵀ + β·I = MᵀM + β·I` itself (`cholmod_analyze` orders and
/// finds the pattern once, `cholmod_factorize_p` computes values for any `β`). Solves are
/// `x = (MᵀM + β·I)⁻¹·b`. A singular `MᵀM` (with `β = 0`) is reported by
/// ``isPositiveDefinite``, not thrown: the caller picks a shift and calls ``refactor(shift:)``.
///
/// Not thread-safe (one `cholmod_common` per factor); used by one thread at a time.
package final class CholmodNormalFactor {
    private let common: CholmodCommon
    private let m: CSRMatrix<Int64>
    private var factor: UnsafeMutablePointer<cholmod_factor>?
    /// `β`, the shift of the current factorisation.
    package private(set) var shift: Double = 0
    /// False when CHOLMOD met a non-positive pivot (`MᵀM + β·I` numerically singular).
    package private(set) var isPositiveDefinite = false
    /// The number of entries of `L` predicted by the analysis.
    package let factorNonzeros: Int
    /// `c`, the order of `MᵀM`.
    package var order: Int { m.columnCount }

    /// Analyses and factorises `MᵀM + shift·I`.
    ///
    /// - Throws: `.overBudget` when the predicted `L` (8 bytes per entry plus its indices) would
    ///   not fit the memory budget, checked after the symbolic analysis and before the numeric
    ///   factorisation; `.engine` when CHOLMOD fails.
    /// - Complexity: O(flops of the factorisation), which depends on the fill-reducing ordering
    ///   CHOLMOD chooses (AMD / COLAMD / METIS).
    package init(_ m: CSRMatrix<Int64>, shift: Double) throws {
        precondition(m.nonzeroCount > 0, "the normal matrix of an empty M has no factorisation")
        common = try CholmodCommon(.int64)
        self.m = m
        let common = self.common
        let analysed = try m.withCholmodTransposeView(common.api) { a in
            try CholmodFactorHandle(common, "analyze") { cholmod_l_analyze(a, common.pointer) }
        }
        factor = analysed.release()
        factorNonzeros = Int(common.pointer.pointee.lnz)
        try checkMemory(elements: factorNonzeros, size: 16, parameter: "factor of WᵀW",
                        value: "\(factorNonzeros) entries", what: "the Cholesky factor of the normal matrix")
        try refactor(shift: shift)
    }

    deinit {
        if factor != nil { _ = cholmod_l_free_factor(&factor, common.pointer) }
    }

    /// Recomputes the numeric factor for `MᵀM + shift·I`, reusing the analysis.
    ///
    /// - Complexity: O(flops of the factorisation).
    package func refactor(shift: Double) throws {
        var beta: [Double] = [shift, 0]
        let ok = m.withCholmodTransposeView(common.api) { a in
            cholmod_l_factorize_p(a, &beta, nil, 0, factor, common.pointer)
        }
        let status = common.pointer.pointee.status
        guard ok != 0, status == CHOLMOD_OK || status == CHOLMOD_NOT_POSDEF else {
            throw ConvMatrixError.cholmod("cholmod_l_factorize_p", status: status)
        }
        self.shift = shift
        isPositiveDefinite = status == CHOLMOD_OK && factor!.pointee.minor == factor!.pointee.n
    }

    /// `x = (MᵀM + β·I)⁻¹·b` for one right-hand side of length ``order``.
    ///
    /// - Complexity: O(nnz(L)).
    package func solve(_ b: [Double]) throws -> [Double] {
        precondition(b.count == order, "right-hand side of length \(b.count), order \(order)")
        precondition(isPositiveDefinite, "solve needs a successful factorisation")
        var input = b
        return try input.withUnsafeMutableBufferPointer { bp in
            var dense = cholmodDense(bp.baseAddress!, rows: order, columns: 1)
            var x = cholmod_l_solve(CHOLMOD_A, factor, &dense, common.pointer)
            try common.check("solve", succeeded: x != nil)
            defer { _ = cholmod_l_free_dense(&x, common.pointer) }
            return copyArray(from: x!.pointee.x, count: order)
        }
    }
}

/// Owns a `cholmod_factor` until ``release()`` hands it on; frees it if never released.
private final class CholmodFactorHandle {
    private let common: CholmodCommon
    private var pointer: UnsafeMutablePointer<cholmod_factor>?

    init(_ common: CholmodCommon, _ verb: String, _ make: () -> UnsafeMutablePointer<cholmod_factor>?) throws {
        self.common = common
        pointer = make()
        if pointer == nil || common.pointer.pointee.status < CHOLMOD_OK {
            throw ConvMatrixError.cholmod(common.api.name(verb), status: common.pointer.pointee.status)
        }
    }

    func release() -> UnsafeMutablePointer<cholmod_factor>? {
        defer { pointer = nil }
        return pointer
    }

    deinit {
        if pointer != nil { _ = cholmod_l_free_factor(&pointer, common.pointer) }
    }
}
