/// Lanczos runs repeated with the vectors already found deflated, until a run finds nothing
/// that belongs among the wanted values — so that multiple singular values (which convolutions
/// have: symmetric kernels, circular padding's conjugate frequencies, unread inputs) are found
/// with their multiplicity.
///
/// One Krylov sequence from one start vector holds only one direction of each eigenspace, so a
/// single run would report a double value once. Run `r` applies `P·OP·P` with
/// `P = I − Q·Qᵀ` (Q: the orthonormal vectors of runs 1…r−1), which finds the largest values of
/// what is left, including further copies of values already found.
enum DeflatedLanczos {
    /// Runs at most this many times.
    static let maxRuns = 12

    /// An orthonormal basis holding (at least) the eigenvectors of the `count` wanted values of
    /// `A`: the largest (`mode == .largest`) or those nearest the shift (`.nearest`).
    /// `operate(x)` is `OP·x`. Two eigenvalues of `A` within `10⁻⁹ · scale` count as copies of
    /// one (`scale` defaults to the largest value found).
    ///
    /// - Complexity: ≤ ``maxRuns`` ARPACK runs; each deflation costs O(n · |Q|) per product.
    static func basis(order n: Int, count: Int, mode: ARPACK.Mode, scale: Double?,
                      operate: @escaping ([Double]) throws -> [Double]) throws -> [[Double]] {
        var q: [[Double]] = [], found: [Double] = []
        let wantsLargest = mode == .largest
        for run in 0..<maxRuns {
            let nev = min(count, n - q.count - 1)
            guard nev >= 1 else { break }
            var start = LanczosSpectrum.startVector(n, seed: UInt64(run))
            project(&start, q)
            let result = try ARPACK.eigenpairs(order: n, count: nev, mode: mode, maxIterations: LanczosSpectrum.maxIterations,
                                               start: start) { x, y in
                var v = Array(x)
                project(&v, q)
                var w = try operate(v)
                project(&w, q)
                _ = y.update(fromContentsOf: w)
            }
            let previous = found.sorted(by: wantsLargest ? (>) : (<))
            for v in result.vectors {
                var u = v
                project(&u, q)
                project(&u, q)
                let length = euclideanNorm(u)
                guard length > 0.5 else { continue }
                q.append(u.map { $0 / length })
            }
            found += result.values
            guard previous.count >= count else { continue }
            let tolerance = 1e-9 * (scale ?? found.max() ?? 0)
            let threshold = previous[count - 1]
            let best = wantsLargest ? result.values.max() ?? -.infinity : result.values.min() ?? .infinity
            let improves = wantsLargest ? best >= threshold - tolerance : best <= threshold + tolerance
            if !improves { break }
            if !wantsLargest && threshold <= tolerance && previous.prefix(count).allSatisfy({ $0 <= tolerance }) { break }
        }
        return q
    }

    /// `v ← (I − Q·Qᵀ)·v`.
    /// - Complexity: O(n · |Q|).
    static func project(_ v: inout [Double], _ q: [[Double]]) {
        for u in q {
            var dot = 0.0
            for i in v.indices { dot += u[i] * v[i] }
            for i in v.indices { v[i] -= dot * u[i] }
        }
    }
}
