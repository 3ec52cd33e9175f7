import ConvMatrix
import Foundation

/// The ratio table of one `convmat-bench --peers` run, in Markdown: peer time ÷ our time (above
/// 1.0× ConvMatrix is faster), our time ÷ the memory-bandwidth floor, scaling from 1 to 2
/// threads, bytes of `W` per stored entry and the peak bytes per entry while compiling.
struct RatioTable {
    let machine: MachineDescription
    let ours: [Measurement]
    let storage: [String: StorageFigures]
    let peers: PeerResults
    /// Where our `Wᵀ·Y` read `Wᵀ` from (named in the table when it is a copy).
    var transposedProducts: ConvolutionProduct.TransposedProducts = .sameMatrix
    /// The dense layer's layout (named in the table when channels last: onnxruntime's is not).
    var denseLayout: TensorLayout = .channelsFirst
    /// The shapes whose dense layer ran Winograd (named under the table).
    var winogradShapes: [String] = []

    var markdown: String {
        var lines = ["Measured on \(machine.summary); batch \(BenchShape.referenceBatch); medians.",
                     "Ratios are peer time ÷ ConvMatrix time: above 1.0× ConvMatrix is faster."]
        let shapes = BenchShape.names.filter { name in ours.contains { $0.shape == name } }
        let dense = shapes.filter { name in ours.contains { $0.shape == name && $0.engine == "dense-f32" } }
        if !dense.isEmpty {
            let layout = denseLayout == .channelsFirst ? "" : ", ConvMatrix with `x` and `y` channels last (onnxruntime's Conv channels first)"
            lines += ["", "Dense `Float` layer against onnxruntime (same shapes, same thread counts\(layout); each round times ours, then onnxruntime; "
                      + "times are medians over the rounds, the ratio is the median of the rounds' ratios):", "",
                      "| shape | threads | ConvMatrix ms | onnxruntime ms | onnxruntime ÷ ConvMatrix | rounds: lowest – highest |", "|---|---|---|---|---|---|"]
            for shape in dense {
                for threads in [1, 2] {
                    let key = PeerResults.Key(shape, threads)
                    let mine = time(shape, "dense-f32", nil, threads)
                    let peer = peers.onnxruntime[key] ?? nil
                    let rounds = peers.roundRatios[key] ?? []
                    let central = rounds.isEmpty ? ratio(peer, mine) : String(format: "%.2f×", median(rounds))
                    let range = rounds.count < 2 ? "–" : String(format: "%.2f× – %.2f× (%d)", rounds.min()!, rounds.max()!, rounds.count)
                    lines.append("| \(shape) | \(threads) | \(ms(mine)) | \(ms(peer)) | \(central) | \(range) |")
                }
            }
            let winograd = dense.filter(winogradShapes.contains)
            lines += ["", winograd.isEmpty
                ? "Every dense layer ran the direct convolution."
                : "Winograd (F(2×2, 3×3) in 2-D, 2.25× fewer multiplications; F(2, 3) in 1-D, 1.5×) ran \(winograd.joined(separator: ", ")) "
                  + "(`--dense-algorithm direct` times the direct convolution there); the direct convolution ran the others."]
        }
        let sparse = shapes.filter { storage[$0] != nil }
        if !sparse.isEmpty {
            let bandwidth = peers.bandwidthGBps.map { String(format: "%.1f GB/s", $0) } ?? "not measured"
            lines += ["", "Sparse products against SciPy's CSR (float64, one thread). Floor = (12 B · nnz + 8 B · batch · (rows + cols)) ÷ copy bandwidth (\(bandwidth)):", "",
                      "| shape | op | CHOLMOD 1 thr ms | SciPy ms | SciPy ÷ CHOLMOD | CHOLMOD ÷ floor | 2 thr ms | 1 thr ÷ 2 thr | CXSparse 1 thr ms | CXSparse ÷ CHOLMOD |",
                      "|---|---|---|---|---|---|---|---|---|---|"]
            for shape in sparse {
                let figures = storage[shape]!
                let floor = peers.bandwidthGBps.map { gbps in
                    (12 * Double(figures.nonzeroCount) + 8 * Double(BenchShape.referenceBatch) * Double(figures.rowCount + figures.columnCount))
                        / (gbps * 1e9) * 1e3
                }
                for op in ["W·X", "Wᵀ·Y"] {
                    let one = time(shape, "cholmod", op, 1), two = time(shape, "cholmod", op, 2)
                    let cx = time(shape, "cxsparse", op, 1)
                    let scipy = op == "W·X" ? peers.scipy[shape]?.forwardMilliseconds : peers.scipy[shape]?.transposedMilliseconds
                    lines.append("| \(shape) | \(op) | \(ms(one)) | \(ms(scipy)) | \(ratio(scipy, one)) | \(ratio(one, floor)) | "
                                 + "\(ms(two)) | \(ratio(one, two)) | \(ms(cx)) | \(ratio(cx, one)) |")
                }
            }
            if transposedProducts == .explicitTranspose {
                lines += ["", "Our `Wᵀ·Y` read an explicit CSR copy of `Wᵀ` (--transposed-products explicit-transpose); "
                          + "the compile figures below include forming it, and the peak includes its bytes."]
            }
            lines += ["", "Compiling `W` (structure and values, 2 threads) against SciPy building its CSR matrix, bytes per stored entry, "
                      + "a refill with new weights (in place), and the tap map, built on first use (weight gradient, explanations):", "",
                      "| shape | nnz | compile ms | Mnnz/s | SciPy build ms | SciPy ÷ ConvMatrix | W B/entry | compile peak B/entry | refill ms | tap map ms | tap map B/entry |",
                      "|---|---|---|---|---|---|---|---|---|---|---|"]
            for shape in sparse {
                let figures = storage[shape]!, nnz = Double(figures.nonzeroCount)
                let compile = time(shape, "convmat", "compile", nil)
                let build = peers.scipy[shape]?.buildMilliseconds
                lines.append("| \(shape) | \(String(format: "%.1f M", nnz / 1e6)) | \(ms(compile)) | "
                             + "\(compile.map { String(format: "%.0f", nnz / $0 / 1e3) } ?? "–") | \(ms(build)) | \(ratio(build, compile)) | "
                             + "\(String(format: "%.1f", Double(figures.matrixBytes) / nnz)) | "
                             + "\(figures.compilePeakBytes.map { String(format: "%.1f", Double($0) / nnz) } ?? "–") | "
                             + "\(ms(time(shape, "convmat", "refill", nil))) | "
                             + "\(ms(time(shape, "convmat", "tap map", nil))) | \(String(format: "%.1f", Double(figures.tapMapBytes) / nnz)) |")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Our median for one measurement (`op == nil`: any op of that engine).
    private func time(_ shape: String, _ engine: String, _ op: String?, _ threads: Int?) -> Double? {
        ours.first { $0.shape == shape && $0.engine == engine && (op == nil || $0.op == op) && (threads == nil || $0.threads == threads) }?
            .medianMilliseconds
    }

    private func ms(_ value: Double?) -> String {
        guard let value else { return "–" }
        return value >= 100 ? String(format: "%.0f", value) : value >= 10 ? String(format: "%.1f", value) : String(format: "%.2f", value)
    }

    private func ratio(_ numerator: Double?, _ denominator: Double?) -> String {
        guard let numerator, let denominator, denominator > 0 else { return "–" }
        return String(format: "%.2f×", numerator / denominator)
    }
}
