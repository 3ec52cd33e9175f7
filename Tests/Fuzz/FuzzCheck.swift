// The common end of the front-end targets: compile W under a small budget, and when it is small,
// check the sparse product against the dense direct convolution (which never reads W).
import ConvMatrix
import Foundation

enum FuzzCheck {
    /// `CONVMAT_FUZZ_PRINT=1` prints each layer before it is compiled (for replaying a finding).
    static let printsLayers = ProcessInfo.processInfo.environment["CONVMAT_FUZZ_PRINT"] == "1"

    /// Compiles `convolution`'s `W` with all-distinct weights under ``FuzzTarget/budget``; when
    /// `W` has at most 512 rows and columns, compares `W·x` (CHOLMOD) with the dense path on
    /// `x = 1, 2, …` and stops the process on a difference beyond rounding: that is a finding.
    static func compileAndCompare(_ convolution: Convolution) {
        if printsLayers { FileHandle.standardError.write(Data("layer: \(convolution)\n".utf8)) }
        let geometry = convolution.geometry
        guard geometry.weightCount <= 1 << 12 else { return }
        let weights = (0..<geometry.weightCount).map { Double($0 % 7) - 3 }
        guard (try? ConvolutionMatrix(geometry, weights: weights, options: CompileOptions(memoryBudget: FuzzTarget.budget))) != nil
        else { return }
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
