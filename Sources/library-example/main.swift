import ConvMatrix

// nn.ConvTranspose2d(1, 1, kernel_size=2, stride=2) with K = [[1, 2], [3, 4]] and bias 0.5,
// on a batch of two 2×2 inputs: every input element stamps a scaled copy of K.
let layer = try ConvolutionLayer.convTranspose2d(inChannels: 1, outChannels: 1, kernelSize: 2, stride: 2,
                                                 weights: [1, 2, 3, 4], bias: [0.5])
let y = try Tensor<Double>(shape: [2, 1, 2, 2], scalars: [1, 0, 0, 2, 0, 0, 0, 1])
let x = try layer(y)                                    // Wᵀ·y + b, shape (2, 1, 4, 4)
let back = try layer.adjoint(x)                         // W·x, the transposed map, shape (2, 1, 2, 2)
let grads = try layer.backward(gradOutput: x, input: y) // ∂/∂y, ∂/∂w, ∂/∂b of Σ x·gradOutput
let dense = try layer(y, engine: .dense)                // the direct convolution, which never reads W
let w = try layer.matrix(inputShape: y.shape)           // W of the Conv2d this layer transposes

print("x\(x.shape) =", x.scalars)
print("W·x\(back.shape) =", back.scalars)
print("grad w =", grads.weights, " grad b =", grads.bias!)
print("dense agrees:", dense == x, " W:", w.rowCount, "×", w.columnCount, "with", w.nonzeroCount, "entries")
