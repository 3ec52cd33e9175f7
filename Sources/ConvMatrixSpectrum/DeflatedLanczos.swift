/// Lanczos runs repeated with the vectors already found deflated, until a run finds nothing
/// that belongs among the wanted values — so that multiple singular values (which convolutions
/// have: symmetric kernels, circular padding's conjugate frequencies, unread inputs) are found
/// with their multiplicity.
///
/// One Krylov sequence from one start vector holds only one direction of each eigenspace, so a
/// single run would report a double value once. Run `r` applies `P·OP·P` with
/// `P = I − Q·Qᵀ` (Q: the orthonormal vectors of runs 1…r−1), which finds the largest values of
/// what is left, including further copies of values already found. After the first full run,
/// runs alternate between a one-value probe (is anything left among the wanted?) and, only when
/// it finds something, a full run that collects the copies.
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
        var probing = false
        for run in 0..<maxRuns {
            // Once `count` values are known, a one-value probe asks whether anything left belongs
            // among them; only then does a full run collect the further copies.
            let nev = min(probing ? 1 : count, n - q.count - 1)
            guard nev >= 1 else { break }
            let previous = found.sorted(by: wantsLargest ? (>) : (<))
            let result = try deflatedRun(order: n, count: nev, mode: mode, seed: UInt64(run), q: q, operate: operate)
            for v in result.vectors {
                var u = v
                project(&u, q)
                project(&u, q)
                let length = euclideanNorm(u)
                guard length > 0.5 else { continue }
                q.append(u.map { $0 / length })
            }
            found += result.values
            guard previous.count >= count else {
                probing = found.count >= count
                continue
            }
            let tolerance = 1e-9 * (scale ?? found.max() ?? 0)
            let threshold = previous[count - 1]
            let best = wantsLargest ? result.values.max() ?? -.infinity : result.values.min() ?? .infinity
            let improves = wantsLargest ? best >= threshold - tolerance : best <= threshold + tolerance
            if !improves { break }
            if !wantsLargest && previous.prefix(count).allSatisfy({ $0 <= tolerance }) { break }
            probing = !probing
        }
        return q
    }

    /// One ARPACK run on `P·OP·P`, `P = I − Q·Qᵀ`, from a start vector orthogonal to `Q`.
    private static func deflatedRun(order n: Int, count: Int, mode: ARPACK.Mode, seed: UInt64, q: [[Double]],
                                    operate: @escaping ([Double]) throws -> [Double]) throws -> ARPACK.Result {
        var start = LanczosSpectrum.startVector(n, seed: seed)
        project(&start, q)
        return try ARPACK.eigenpairs(order: n, count: count, mode: mode, tolerance: LanczosSpectrum.tolerance,
                                     maxIterations: LanczosSpectrum.maxIterations, start: start) { x, y in
            var v = Array(x)
            project(&v, q)
            var w = try operate(v)
            project(&w, q)
            _ = y.update(fromContentsOf: w)
        }
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
