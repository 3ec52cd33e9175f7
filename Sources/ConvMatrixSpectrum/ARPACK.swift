internal import CARPACK
import ConvMatrix
import Synchronization

/// The one door to ARPACK: eigenpairs of a symmetric operator by implicitly restarted Lanczos
/// (`dsaupd` / `dseupd`), driven by reverse communication — ARPACK never sees the matrix, only
/// asks for products `y = OP·x`.
enum ARPACK {
    /// What `OP` is.
    enum Mode: Equatable {
        /// `OP = A` (ARPACK mode 1); ask for the largest eigenvalues (`which = "LA"`).
        case largest
        /// `OP = (A − σ·I)⁻¹` (mode 3); the eigenvalues of `A` nearest `σ` (`which = "LM"` of
        /// `OP`); ARPACK maps them back to eigenvalues of `A`.
        case nearest(sigma: Double)
    }

    /// Eigenvalues (ascending) and unit eigenvectors of the `nev` wanted pairs.
    struct Result {
        var values: [Double]
        var vectors: [[Double]]
        /// Restarts ARPACK needed, and `OP` products it asked for.
        var iterations: Int
        var products: Int
    }

    /// ARPACK's Fortran routines keep their state in SAVE variables: one run at a time.
    private static let lock = Mutex(())

    /// `nev` eigenpairs of the symmetric order-`n` operator whose `OP` product `apply(x, y)`
    /// computes (`y ← OP·x`), starting from `start`, to ARPACK's tolerance `tol` (0: machine
    /// precision) within `maxIterations` restarts. `ncv = min(n, max(2·nev + 1, 64))` Lanczos
    /// vectors are kept.
    ///
    /// - Precondition: `0 < nev < n`, `start.count == n`.
    /// - Throws: `.engine` naming `dsaupd`/`dseupd` when ARPACK fails or does not converge
    ///   (the rule says how many values did); errors of `apply` unchanged.
    /// - Complexity: O(n·ncv) memory; per restart O(n·ncv²) flops plus ≤ ncv products.
    static func eigenpairs(order n: Int, count nev: Int, mode: Mode, tolerance tol: Double = 0, maxIterations: Int,
                           start: [Double],
                           apply: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) throws -> Void) throws -> Result {
        precondition(nev > 0 && nev < n && start.count == n, "ARPACK needs 0 < nev < n")
        let ncv = min(n, max(2 * nev + 1, 64))
        try checkMemory(elements: n * (ncv + nev + 4) + ncv * (ncv + 8), size: 8,
                        what: "ARPACK's \(ncv) Lanczos vectors of length \(n)")
        let which = mode == .largest ? "LA" : "LM"
        let sigma: Double
        switch mode {
        case .largest: sigma = 0
        case .nearest(let s): sigma = s
        }
        return try lock.withLock { _ throws -> Result in
            var ido: Int32 = 0, info: Int32 = 1
            var resid = start
            var v = [Double](repeating: 0, count: n * ncv)
            var iparam = [Int32](repeating: 0, count: 11)
            iparam[0] = 1
            iparam[2] = Int32(maxIterations)
            iparam[6] = mode == .largest ? 1 : 3
            var ipntr = [Int32](repeating: 0, count: 14)
            var workd = [Double](repeating: 0, count: 3 * n)
            let lworkl = ncv * (ncv + 8)
            var workl = [Double](repeating: 0, count: lworkl)
            var products = 0
            while true {
                dsaupd_c(&ido, "I", Int32(n), which, Int32(nev), tol, &resid, Int32(ncv), &v, Int32(n), &iparam, &ipntr,
                         &workd, &workl, Int32(lworkl), &info)
                guard ido == -1 || ido == 1 || ido == 2 else { break }
                let from = Int(ipntr[0]) - 1, to = Int(ipntr[1]) - 1
                try workd.withUnsafeMutableBufferPointer { w in
                    let x = UnsafeBufferPointer(rebasing: w[from..<from + n])
                    let y = UnsafeMutableBufferPointer(rebasing: w[to..<to + n])
                    if ido == 2 {
                        _ = y.update(fromContentsOf: x)
                    } else {
                        try apply(x, y)
                        products += 1
                    }
                }
            }
            guard info == 0 else {
                let rule = info == 1
                    ? "Lanczos did not converge in \(maxIterations) restarts (\(iparam[4]) of \(nev) values converged)"
                    : "ARPACK failed (see dsaupd's info codes)"
                throw ConvMatrixError(.engine, parameter: "dsaupd", value: "info \(info)", rule: rule)
            }
            var select = [Int32](repeating: 0, count: ncv)
            var d = [Double](repeating: 0, count: nev)
            var z = [Double](repeating: 0, count: n * nev)
            dseupd_c(1, "A", &select, &d, &z, Int32(n), sigma, "I", Int32(n), which, Int32(nev), tol, &resid, Int32(ncv),
                     &v, Int32(n), &iparam, &ipntr, &workd, &workl, Int32(lworkl), &info)
            guard info == 0 else {
                throw ConvMatrixError(.engine, parameter: "dseupd", value: "info \(info)", rule: "ARPACK could not extract the Ritz pairs")
            }
            let converged = Int(iparam[4])
            let order = (0..<min(converged, nev)).sorted { d[$0] < d[$1] }
            return Result(values: order.map { d[$0] }, vectors: order.map { Array(z[$0 * n..<($0 + 1) * n]) },
                          iterations: Int(iparam[2]), products: products)
        }
    }
}
