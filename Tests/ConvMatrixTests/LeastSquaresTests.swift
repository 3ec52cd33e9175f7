import Testing
import ConvMatrix
import ConvMatrixTestSupport

/// The least-squares / Tikhonov inverse (CHOLMOD and CXSparse QR) against `DenseLeastSquares`:
/// the dense Jacobian of the DENSE direct convolution solved by Householder QR or Cholesky written
/// in the test, never by the code under test.
@Suite struct LeastSquaresTests {
    /// A layer, its input shape, and what the test expects of its rank.
    struct Case: CustomStringConvertible, Sendable {
        let name: String
        let make: @Sendable (_ weights: [Double]) throws -> ConvolutionLayer
        let weightCount: Int
        let inputShape: [Int]
        let seed: UInt64
        var description: String { "\(name) on \(inputShape) (seed \(seed))" }

        func layer() throws -> ConvolutionLayer { try make(randomValues(weightCount, seed: seed)) }
    }

    static let cases: [Case] = [
        Case(name: "Conv1d(2, 3, 3)", make: { try .conv1d(inChannels: 2, outChannels: 3, kernelSize: 3, weights: $0) },
             weightCount: 18, inputShape: [1, 2, 10], seed: 1),                                   // 24 × 20, tall
        Case(name: "Conv2d(1, 1, 3, padding=1)", make: { try .conv2d(inChannels: 1, outChannels: 1, kernelSize: 3, padding: 1, weights: $0) },
             weightCount: 9, inputShape: [1, 1, 6, 6], seed: 2),                                   // 36 × 36
        Case(name: "Conv2d(2, 2, 2, stride=2)", make: { try .conv2d(inChannels: 2, outChannels: 2, kernelSize: 2, stride: 2, weights: $0) },
             weightCount: 16, inputShape: [1, 2, 6, 6], seed: 3),                                  // 18 × 72, wide
        Case(name: "Conv1d(1, 1, 2, stride=3)", make: { try .conv1d(inChannels: 1, outChannels: 1, kernelSize: 2, stride: 3, weights: $0) },
             weightCount: 2, inputShape: [1, 1, 8], seed: 4),                                      // 3 × 8, inputs 2, 5 unread
        Case(name: "Conv1d(1, 4, 2, stride=3)", make: { try .conv1d(inChannels: 1, outChannels: 4, kernelSize: 2, stride: 3, weights: $0) },
             weightCount: 8, inputShape: [1, 1, 9], seed: 5),                                      // 12 × 9, tall on 6 visible
        Case(name: "Conv2d(1, 2, 2, stride=3)", make: { try .conv2d(inChannels: 1, outChannels: 2, kernelSize: 2, stride: 3, weights: $0) },
             weightCount: 8, inputShape: [1, 1, 7, 7], seed: 6),                                   // 8 × 49, 16 visible
        Case(name: "Conv2d(2, 3, 3, padding=1, reflect)", make: {
                 try .conv2d(inChannels: 2, outChannels: 3, kernelSize: 3, padding: 1, paddingMode: .reflect, weights: $0) },
             weightCount: 54, inputShape: [1, 2, 5, 5], seed: 7),                                  // 75 × 50
        Case(name: "Conv2d(4, 4, 3, padding=1, groups=2, circular)", make: {
                 try .conv2d(inChannels: 4, outChannels: 4, kernelSize: 3, padding: 1, groups: 2, paddingMode: .circular, weights: $0) },
             weightCount: 72, inputShape: [1, 4, 4, 4], seed: 8),                                  // 64 × 64
        Case(name: "Conv1d(2, 2, 3, dilation=2, padding=2, replicate)", make: {
                 try .conv1d(inChannels: 2, outChannels: 2, kernelSize: 3, padding: 2, dilation: 2, paddingMode: .replicate, weights: $0) },
             weightCount: 12, inputShape: [1, 2, 9], seed: 9),                                     // 18 × 18
        Case(name: "Conv3d(1, 1, 2)", make: { try .conv3d(inChannels: 1, outChannels: 1, kernelSize: 2, weights: $0) },
             weightCount: 8, inputShape: [1, 1, 3, 3, 3], seed: 10),                               // 8 × 27, wide
        Case(name: "ConvTranspose2d(1, 1, 2, stride=2)", make: {
                 try .convTranspose2d(inChannels: 1, outChannels: 1, kernelSize: 2, stride: 2, weights: $0) },
             weightCount: 4, inputShape: [1, 1, 3, 3], seed: 11),                                  // M = Wᵀ, 36 × 9
    ]

    static let grid: [(Case, LeastSquaresMethod, Double)] = cases.flatMap { c in
        LeastSquaresMethod.allCases.flatMap { method in [0.0, 0.1, 3.0].map { (c, method, $0) } }
    }

    @Test(arguments: grid)
    func agreesWithTheDenseSolution(c: Case, method: LeastSquaresMethod, lambda: Double) throws {
        let layer = try c.layer()
        let a = try DenseLeastSquares.jacobian(layer, inputShape: c.inputShape)
        let y = randomValues(a.count, seed: c.seed + 100)
        let expected = DenseLeastSquares.solve(a, y, lambda: lambda)
        let solver = try layer.leastSquaresSolver(inputShape: c.inputShape, method: method)
        let x = try solver.solve(y, lambda: lambda).x
        #expect(relativeError(x, expected) <= 1e-9, "\(c), \(method), λ = \(lambda): \(relativeError(x, expected))")
    }

    @Test(arguments: cases)
    func aBatchIsSolvedSampleBySample(c: Case) throws {
        let layer = try c.layer()
        let a = try DenseLeastSquares.jacobian(layer, inputShape: c.inputShape)
        let m = a.count
        let y = randomValues(3 * m, seed: c.seed + 200)
        let solver = try layer.leastSquaresSolver(inputShape: c.inputShape)
        let x = try solver.solve(y, batch: 3, lambda: 0.5).x
        let n = x.count / 3
        for s in 0..<3 {
            let expected = DenseLeastSquares.solve(a, Array(y[(s * m)..<((s + 1) * m)]), lambda: 0.5)
            #expect(relativeError(Array(x[(s * n)..<((s + 1) * n)]), expected) <= 1e-9, "\(c), sample \(s)")
        }
    }

    @Test(arguments: cases)
    func refactorisingForANewLambdaEqualsAFreshSolve(c: Case) throws {
        let layer = try c.layer()
        let m = try layer.outputShape(inputShape: c.inputShape).dropFirst().reduce(1, *)
        let y = randomValues(m, seed: c.seed + 300)
        let reused = try layer.leastSquaresSolver(inputShape: c.inputShape)
        let first = try reused.solve(y, lambda: 2)
        let second = try reused.solve(y, lambda: 0.01)
        let fresh = try layer.leastSquaresSolver(inputShape: c.inputShape).solve(y, lambda: 0.01)
        #expect(!first.reusedAnalysis && second.reusedAnalysis)
        #expect(relativeError(second.x, fresh.x) <= 1e-13, "\(c)")
        #expect(relativeError(first.x, second.x) > 1e-6, "\(c): a new λ must change x")
    }

    /// `nn.Conv1d(1, 1, 2, stride=3)` on length 8: output i reads inputs 3i and 3i + 1 for
    /// i = 0, 1, 2 (floor((8 − 2)/3) + 1 = 3 outputs), so inputs 2 and 5 are never read.
    /// rank W = 3 (rows 0, 1, 2 have disjoint supports), nullity 8 − 3 = 5.
    /// With 2 input channels (columns c·8 + j) the unread inputs are 2, 5, 10, 13, nullity 16 − 3 = 13.
    @Test(arguments: [(1, [2, 5], 5), (2, [2, 5, 10, 13], 13)])
    func invisibleInputsMatchTheHandDerivation(channels: Int, invisible: [Int], nullity: Int) throws {
        let layer = try ConvolutionLayer.conv1d(inChannels: channels, outChannels: 1, kernelSize: 2, stride: 3,
                                                weights: randomValues(2 * channels, seed: 12))
        for method in LeastSquaresMethod.allCases {
            let solver = try layer.leastSquaresSolver(inputShape: [1, channels, 8], method: method)
            #expect(solver.invisibleInputs == invisible, "\(method)")
            #expect(solver.nullspaceDimension == nullity, "\(method)")
            let x = try solver.solve(randomValues(3, seed: 13), lambda: 0).x
            #expect(invisible.allSatisfy { x[$0] == 0 }, "\(method)")
        }
    }

    /// Two layers that read every input and still have dependent rows or columns:
    /// - `nn.Conv1d(1, 1, 3, padding=1, padding_mode='circular')` with weights (1, 1, 1) on length 6
    ///   is circulant with eigenvalues 1 + 2·cos(2πk/6): 0 for k = 2, 4, so W (6 × 6) has rank 4.
    /// - `nn.Conv3d(1, 2, 2)` on 3 × 3 × 3 (W 16 × 27, wide): written as polynomials in three
    ///   variables, the adjoint maps the two output channels (z₁, z₂) to K̃₁·z₁ + K̃₂·z₂ (K̃ₖ the
    ///   flipped kernel, a product of polynomials), which vanishes for z₁ = K̃₂, z₂ = −K̃₁; both
    ///   are 2 × 2 × 2, the size of an output channel, so Wᵀ has a nullspace: rank W = 15 < 16 rows.
    /// λ = 0 has no unique solution (both methods refuse, naming lambda); λ > 0 does.
    static let singular: [(String, ConvolutionLayer, [Int])] = [
        ("circular (1, 1, 1)", try! .conv1d(inChannels: 1, outChannels: 1, kernelSize: 3, padding: 1, paddingMode: .circular,
                                            weights: [1, 1, 1]), [1, 1, 6]),
        ("Conv3d(1, 2, 2)", try! .conv3d(inChannels: 1, outChannels: 2, kernelSize: 2, weights: randomValues(16, seed: 10)),
         [1, 1, 3, 3, 3]),
    ]

    @Test(arguments: LeastSquaresMethod.allCases, 0..<singular.count)
    func aRankDeficientLayerNeedsLambda(method: LeastSquaresMethod, index: Int) throws {
        let (name, layer, shape) = Self.singular[index]
        let solver = try layer.leastSquaresSolver(inputShape: shape, method: method)
        #expect(solver.invisibleInputs.isEmpty)
        let a = try DenseLeastSquares.jacobian(layer, inputShape: shape)
        let y = randomValues(a.count, seed: 14)
        let error = #expect(throws: ConvMatrixError.self, "\(name), \(method)") { try solver.solve(y, lambda: 0) }
        #expect(error?.parameter == "lambda" && error?.kind == .invalidParameter, "\(name): \(String(describing: error))")
        let x = try solver.solve(y, lambda: 0.25).x
        #expect(relativeError(x, DenseLeastSquares.solve(a, y, lambda: 0.25)) <= 1e-9, "\(name), \(method)")
    }

    @Test func theLayerInverseUndoesBiasAndRecoversTheInput() throws {
        // 3 × 3 blur-like kernel, zero padding 1, bias 0.5: W is square and invertible.
        let layer = try ConvolutionLayer.conv2d(inChannels: 1, outChannels: 1, kernelSize: 3, padding: 1,
                                                weights: [1, 2, 1, 2, 8, 2, 1, 2, 1].map { $0 / 20 }, bias: [0.5])
        let x = try Tensor(shape: [2, 1, 5, 5], scalars: randomValues(50, seed: 15))
        let y = try layer(x, engine: .dense)
        for method in LeastSquaresMethod.allCases {
            let recovered = try layer.leastSquares(y, method: method)
            #expect(recovered.shape == x.shape)
            #expect(relativeError(recovered.scalars, x.scalars) <= 1e-9, "\(method)")
        }
    }

    /// Channels last with a bias per channel: `nn.Conv2d(2, 3, 3, padding=1)` maps 2 channels to 3
    /// (W is 75 × 50, tall and of full column rank for random weights), so the inverse recovers x;
    /// the bias must be taken off each channel where the layout puts it.
    @Test func aChannelsLastLayerWithBiasIsInverted() throws {
        let layer = try ConvolutionLayer.conv2d(inChannels: 2, outChannels: 3, kernelSize: 3, padding: 1, layout: .channelsLast,
                                                weights: randomValues(54, seed: 16), bias: [0.5, -1, 2])
        let x = try Tensor(shape: [2, 5, 5, 2], layout: .channelsLast, scalars: randomValues(100, seed: 17))
        let y = try layer(x, engine: .dense)
        let recovered = try layer.leastSquares(y, lambda: 0)
        #expect(recovered.shape == x.shape && recovered.layout == .channelsLast)
        #expect(relativeError(recovered.scalars, x.scalars) <= 1e-9)
    }

    @Test func badLambdaAndShapesAreTypedErrors() throws {
        let layer = try ConvolutionLayer.conv1d(inChannels: 1, outChannels: 1, kernelSize: 2, weights: [1, 2])
        let solver = try layer.leastSquaresSolver(inputShape: [1, 1, 5])
        for lambda in [-1.0, .nan, .infinity] {
            let e = #expect(throws: ConvMatrixError.self) { try solver.solve([1, 2, 3, 4], lambda: lambda) }
            #expect(e?.parameter == "lambda")
        }
        let e = #expect(throws: ConvMatrixError.self) { try solver.solve([1, 2, 3]) }
        #expect(e?.parameter == "y.count" && e?.kind == .shapeMismatch)
    }

    /// ‖W·x − y‖ and ‖x‖ of LeastSquaresResidual against sums written here.
    @Test func residualsAreTheNormsTheyName() throws {
        // W = [[1, 2, 0], [0, 1, 2]] (Conv1d(1, 1, 2) with weights (1, 2) on length 3), x = (1, 1, 1),
        // y = (1, 0): W·x = (3, 3), r = (2, 3), ‖r‖ = √13, ‖y‖ = 1, ‖x‖ = √3.
        let w = try ConvolutionLayer.conv1d(inChannels: 1, outChannels: 1, kernelSize: 2, weights: [1, 2]).matrix(inputShape: [1, 1, 3])
        let r = try LeastSquaresResidual(matrix: w.csr64, x: [1, 1, 1], y: [1, 0], batch: 1)
        #expect(abs(r.residualNorm - 13.0.squareRoot()) <= 1e-15)
        #expect(abs(r.relativeResidual - 13.0.squareRoot()) <= 1e-15)
        #expect(abs(r.solutionNorm - 3.0.squareRoot()) <= 1e-15)
    }
}
