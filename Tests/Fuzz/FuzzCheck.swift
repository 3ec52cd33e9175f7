// The common end of the front-end targets: compile W under a small budget, and when it is small,
// check the sparse product against the dense direct convolution (which never reads W).
import ConvMatrix
import Foundation

enum FuzzCheck {
    /// Compiles `convolution`'s `W` with all-distinct weights under ``FuzzTarget/budget``; when
    /// `W` has at most 512 rows and columns, compares `W·x` (CHOLMOD) with the dense path on
    /// `x = 1, 2, …` and stops the process on a difference beyond rounding: that is a finding.
    static func compileAndCompare(_ convolution: Convolution) {
        let geometry = convolution.geometry
        guard geometry.weightCount <= 1 << 12 else { return }
        let weights = (0..<geometry.weightCount).map { Double($0 % 7) - 3 }
        guard (try? ConvolutionMatrix(geometry, weights: weights, options: CompileOptions(memoryBudget: FuzzTarget.budget))) != nil
        else { return }
        // The dense path walks every padded position (a reflect pad of 2²⁶ is legal and within
        // the budget, but not a quick cross-check): compare only on padded axes of ≤ 2¹⁶.
        let padded = geometry.axes.map { ($0.inputSize - 1).multipliedReportingOverflow(by: $0.inputDilation).partialValue
                                         &+ 1 &+ max($0.padBegin, 0) &+ max($0.padEnd, 0) }
        guard padded.allSatisfy({ $0 >= 0 && $0 <= 1 << 16 }) else { return }
        guard convolution.inputCount <= 512, convolution.outputCount <= 512, convolution.inputCount > 0,
              let layer = try? ConvolutionLayer(convolution, weights: weights) else { return }
        let shape = [1] + convolution.inputMemoryShape
        let x = (0..<convolution.inputCount).map { Double($0 % 11) - 5 }
        guard let input = try? Tensor<Double>(shape: shape, layout: layer.inputLayout, scalars: x),
              let sparse = try? layer(input, engine: .cholmod), let dense = try? layer(input, engine: .dense) else { return }
        let scale = max(1, sparse.scalars.map(abs).max() ?? 0)
        for (a, b) in zip(sparse.scalars, dense.scalars) where abs(a - b) > 1e-9 * scale {
            FileHandle.standardError.write(Data("sparse and dense disagree on \(convolution): \(a) vs \(b)\n".utf8))
            abort()
        }
    }
}
