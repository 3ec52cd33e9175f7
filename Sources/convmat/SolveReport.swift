import ConvMatrix
import Foundation

/// What `convmat solve` prints: the problem, one line per λ and one for the transposed
/// convolution `x = Wᵀ·(y − b)`, as text or JSON (stable field names).
struct SolveReport: Encodable {
    /// Residual numbers of one candidate `x`.
    struct Candidate: Encodable {
        var lambda: Double?
        var residual: Double
        var relativeResidual: Double
        var norm: Double
        var relativeNorm: Double
        var factorizeSeconds: Double?
        var solveSeconds: Double?
        var reusedAnalysis: Bool?
        var rank: Int?
        var rcondEstimate: Double?

        enum CodingKeys: String, CodingKey {
            case lambda, residual, norm, rank
            case relativeResidual = "relative_residual", relativeNorm = "relative_norm"
            case factorizeSeconds = "factorize_seconds", solveSeconds = "solve_seconds"
            case reusedAnalysis = "reused_analysis", rcondEstimate = "rcond_estimate"
        }

        init(_ r: LeastSquaresResidual) {
            residual = r.residualNorm
            relativeResidual = r.relativeResidual
            norm = r.solutionNorm
            relativeNorm = r.relativeSolutionNorm
        }
    }

    var layer: String
    var inputShape: [Int]
    var outputShape: [Int]
    var rows: Int
    var columns: Int
    var method: String
    var system: String
    var invisibleInputs: [Int]
    var invisibleLabels: [String]
    var nullspaceDimension: Int
    var analysisSeconds: Double
    var predictedFactorEntries: Double?
    var solutions: [Candidate]
    var transposed: Candidate
    var result: String

    enum CodingKeys: String, CodingKey {
        case layer, rows, columns, method, system, solutions, transposed, result
        case inputShape = "input_shape", outputShape = "output_shape"
        case invisibleInputs = "invisible_inputs", invisibleLabels = "invisible_labels"
        case nullspaceDimension = "nullspace_dimension", analysisSeconds = "analysis_seconds"
        case predictedFactorEntries = "predicted_factor_entries"
    }

    init(resolved: ResolvedLayer, solver: LeastSquaresSolver, solutions: [LeastSquaresSolution], observations: [Double],
         transposed: [Double], batch: Int, resultFile: String) throws {
        let m = solver.matrix
        layer = resolved.title
        inputShape = resolved.inputShape
        outputShape = resolved.outputShape
        rows = m.rowCount
        columns = m.columnCount
        method = solver.method.rawValue
        system = solver.system.rawValue
        invisibleInputs = solver.invisibleInputs
        // Columns of M are the layer's input elements: W's columns for a Conv, its rows for a ConvTranspose.
        let g = resolved.geometry
        invisibleLabels = solver.invisibleInputs.map { resolved.isTransposed ? g.rowLabel($0) : g.columnLabel($0) }
        nullspaceDimension = solver.nullspaceDimension
        analysisSeconds = solver.analysisSeconds
        predictedFactorEntries = solver.predictedFactorEntries
        self.solutions = try solutions.map { s in
            var c = Candidate(try LeastSquaresResidual(matrix: m, x: s.x, y: observations, batch: batch))
            c.lambda = s.lambda
            c.factorizeSeconds = s.factorizationSeconds
            c.solveSeconds = s.solveSeconds
            c.reusedAnalysis = s.reusedAnalysis
            c.rank = s.numericalRank
            c.rcondEstimate = s.reciprocalConditionEstimate
            return c
        }
        self.transposed = Candidate(try LeastSquaresResidual(matrix: m, x: transposed, y: observations, batch: batch))
        result = resultFile
    }

    var text: String {
        var lines = [
            "\(layer): x \(IntegerList.shapeText(inputShape)) → y \(IntegerList.shapeText(outputShape)); its linear map is \(rows) × \(columns) (W for a Conv, Wᵀ for a ConvTranspose)",
            "invisible inputs (never read, 0 in every solution): " + (invisibleLabels.isEmpty ? "none" : Self.list(invisibleLabels)),
            "nullspace dimension: \(nullspaceDimension)" + (nullspaceDimension == invisibleInputs.count ? "" : " (\(invisibleInputs.count) invisible inputs + \(nullspaceDimension - invisibleInputs.count) directions that \(rows) outputs cannot separate)"),
        ]
        if method == "cholmod" {
            let gram = system == "normal" ? "WᵀW + λI" : "WWᵀ + λI"
            lines.append("method: cholmod, Cholesky of \(gram) (\(system)); analysis \(Self.time(analysisSeconds)), factor \(Int(predictedFactorEntries ?? 0)) entries as analysed")
        } else {
            lines.append("method: qr (CXSparse), \(system == "normal" ? "QR of W" : "QR of Wᵀ, minimum norm") for λ = 0, of [W; √λ·I] for λ > 0")
        }
        lines.append("")
        let header = ["x", "‖Wx + b − y‖", "relative", "‖x‖", "‖x‖/‖y‖", "factorise", "solve"]
        var rows = [header]
        for s in solutions {
            let factorise = Self.time(s.factorizeSeconds ?? 0) + (s.reusedAnalysis == true ? " (reused analysis)" : "")
            rows.append(["λ = \(Self.number(s.lambda ?? 0))", Self.number(s.residual), Self.number(s.relativeResidual),
                         Self.number(s.norm), Self.number(s.relativeNorm), factorise, Self.time(s.solveSeconds ?? 0)])
        }
        rows.append(["Wᵀ·(y − b), transposed conv", Self.number(transposed.residual), Self.number(transposed.relativeResidual),
                     Self.number(transposed.norm), Self.number(transposed.relativeNorm), "", ""])
        let widths = (0..<header.count).map { c in rows.map { $0[c].count }.max()! }
        lines += rows.map { row in
            row.enumerated().map { c, cell in c == 0 ? cell.padding(toLength: widths[0], withPad: " ", startingAt: 0)
                                                      : String(repeating: " ", count: widths[c] - cell.count) + cell }
                .joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        lines.append("")
        lines.append("\(result): float64 \(IntegerList.shapeText((solutions.count > 1 ? [solutions.count] : []) + inputShape))" +
                     (solutions.count > 1 ? ", one solution per λ in the order given" : ""))
        return lines.joined(separator: "\n")
    }

    func jsonText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    static func number(_ v: Double) -> String {
        v == 0 ? "0" : (abs(v) >= 1e-3 && abs(v) < 1e5 ? String(format: "%.6g", v) : String(format: "%.3e", v))
    }

    static func time(_ s: Double) -> String { s < 1 ? String(format: "%.2f ms", s * 1000) : String(format: "%.2f s", s) }

    static func list(_ labels: [String]) -> String {
        labels.count <= 12 ? labels.joined(separator: ", ") : labels.prefix(12).joined(separator: ", ") + ", … (\(labels.count) in all)"
    }
}
