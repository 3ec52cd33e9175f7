// `convmat spectrum --onnx MODEL --all`: every conv node's ‖W‖₂ and their product, checked against
// a second derivation in the test: W exported as Matrix Market, ‖W‖₂ by power iteration on WᵀW.
import ConvMatrix
import ConvMatrixIO
import ConvMatrixTestSupport
import Foundation
import Testing

@Suite struct SpectrumAllTests {
    /// ‖W‖₂ by power iteration on WᵀW (dense, plain loops), to convergence.
    static func powerNorm(_ w: [[Double]]) -> Double {
        let columns = w.first?.count ?? 0
        var v = (0..<columns).map { Double($0 % 5) + 1 }
        var sigma = 0.0
        for _ in 0..<5000 {
            let wv = w.map { row in zip(row, v).reduce(0) { $0 + $1.0 * $1.1 } }
            var wtwv = [Double](repeating: 0, count: columns)
            for (r, row) in w.enumerated() { for c in 0..<columns { wtwv[c] += row[c] * wv[r] } }
            let length = wtwv.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let next = length.squareRoot()
            v = wtwv.map { $0 / length }
            if abs(next - sigma) <= 1e-15 * next { sigma = next; break }
            sigma = next
        }
        return sigma
    }

    @Test func everyNodeNormAndTheirProduct() throws {
        let model = Fixtures.model("two_convs.onnx")
        let result = try CLI.run(["spectrum", "--onnx", model, "--all", "--json"])
        #expect(result.status == 0, "\(result)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let layers = try #require(object["layers"] as? [[String: Any]])
        #expect(layers.count == 2)
        let dir = TemporaryDirectory()
        var product = 1.0
        for layer in layers {
            let node = try #require(layer["node"] as? String), norm = try #require(layer["norm"] as? Double)
            let export = try CLI.run(["export", "--onnx", model, "--node", node, "--output", dir.path("\(node).mtx")])
            #expect(export.status == 0, "\(export)")
            let w = denseRows(try MatrixMarket.read(dir.path("\(node).mtx"), as: Int64.self))
            let expected = Self.powerNorm(w)
            #expect(abs(norm - expected) <= 1e-9 * expected, "\(node): \(norm) vs power iteration \(expected)")
            product *= expected
        }
        let reported = try #require(object["norm_product"] as? Double)
        #expect(abs(reported - product) <= 1e-9 * product)
    }
}
