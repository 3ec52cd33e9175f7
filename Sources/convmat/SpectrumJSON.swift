import ConvMatrix
import ConvMatrixSpectrum
import Foundation

/// `convmat spectrum --json`: one object with stable names (`top`, `bottom`, `norm`,
/// `condition_number`, `rank`, `method`, `residuals` and the rest); absent values are `null`,
/// an infinite condition number is the string `"inf"`.
struct SpectrumJSON: Encodable {
    let report: SpectrumReport

    init(_ report: SpectrumReport) { self.report = report }

    private enum Key: String, CodingKey {
        case top, bottom, norm, rank, method, residuals, rows, columns, shift, seconds, all
        case conditionNumber = "condition_number", rankTolerance = "rank_tolerance"
        case spectralNormEstimate = "spectral_norm_estimate"
    }

    private struct Residuals: Encodable {
        let top: [Double]?
        let bottom: [Double]?

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(top, forKey: .top)
            try c.encode(bottom, forKey: .bottom)
        }
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(report.top, forKey: .top)
        try c.encode(report.bottom, forKey: .bottom)
        try c.encode(report.norm, forKey: .norm)
        try c.encode(report.conditionNumber, forKey: .conditionNumber)
        try c.encode(report.rank, forKey: .rank)
        try c.encode(report.method.rawValue, forKey: .method)
        // The FFT forms no singular vectors: its residuals are null, not zero.
        let vectors = report.method != .fft
        try c.encode(Residuals(top: vectors ? report.topResiduals : nil, bottom: vectors ? report.bottomResiduals : nil),
                     forKey: .residuals)
        try c.encode(report.spectralNormEstimate, forKey: .spectralNormEstimate)
        try c.encode(report.rankTolerance, forKey: .rankTolerance)
        try c.encode(report.rows, forKey: .rows)
        try c.encode(report.columns, forKey: .columns)
        try c.encode(report.shift, forKey: .shift)
        try c.encode(report.seconds, forKey: .seconds)
        try c.encode(report.all, forKey: .all)
    }

    /// Pretty-printed, keys sorted.
    func text() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
