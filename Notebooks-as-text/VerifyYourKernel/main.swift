// Notebook: verify your own kernel — three buggy convolutions and what `verify` says about each.
//
// Run it with `swift run notebook-verify-your-kernel`; its output, committed as README.md beside
// this file, is checked by the tests so that it stays true.
import ConvMatrix

// The layer under test: nn.Conv2d(4, 4, 3, padding=1, groups=2) on one 4×5×5 input, in Float.
let (channels, size, k, groups) = (4, 5, 3, 2)
let perGroup = channels / groups
/// `count` values uniform in [-1, 1) from SplitMix64: 53 random bits scaled, rounded to Float.
func draw(_ count: Int, _ generator: inout SplitMix64) -> [Float] {
    (0..<count).map { _ in Float(Double(generator.next() >> 11) * 0x1p-52 - 1) }
}
var generator = SplitMix64(seed: 7)
let x = draw(channels * size * size, &generator)
let w = draw(channels * perGroup * k * k, &generator)
let b = draw(channels, &generator)

/// A hand-written conv2d in Float, the way a kernel author writes one: loops over output
/// channel, position, input channel of the group and tap. `bug` switches on one classic mistake.
enum Bug { case none, flippedKernel, paddingAtEnd, groupsInterleaved }
func myConv2d(_ bug: Bug) -> [Float] {
    var y = [Float](repeating: 0, count: channels * size * size)
    let (padBefore, _) = bug == .paddingAtEnd ? (0, 2) : (1, 1)
    for co in 0..<channels {
        let group = bug == .groupsInterleaved ? co % groups : co / perGroup
        for i in 0..<size {
            for j in 0..<size {
                var sum = b[co]
                for local in 0..<perGroup {
                    let ci = bug == .groupsInterleaved ? local * groups + group : group * perGroup + local
                    for a in 0..<k {
                        for c in 0..<k {
                            let (r, s) = (i - padBefore + a, j - padBefore + c)
                            guard r >= 0, r < size, s >= 0, s < size else { continue }
                            let (ta, tc) = bug == .flippedKernel ? (k - 1 - a, k - 1 - c) : (a, c)
                            sum += w[((co * perGroup + local) * k + ta) * k + tc] * x[(ci * size + r) * size + s]
                        }
                    }
                }
                y[(co * size + i) * size + j] = sum
            }
        }
    }
    return y
}

let layer = try ConvolutionLayer.conv2d(inChannels: channels, outChannels: channels, kernelSize: 3, padding: 1,
                                        groups: groups, weights: w.map(Double.init), bias: b.map(Double.init))
let input = try Tensor(shape: [1, channels, size, size], scalars: x.map(Double.init))

/// `verify`'s verdict, diagnosis and map for one kernel, as a Markdown block.
func verdict(_ bug: Bug) throws -> String {
    let output = try Tensor(shape: [1, channels, size, size], scalars: myConv2d(bug).map(Double.init))
    let report = try layer.verify(output: output, input: input, precision: .float32, worst: 1)
    let lines = report.text.split(separator: "\n", omittingEmptySubsequences: false)
        .filter { !$0.hasPrefix("       ") }      // the receptive field of the worst element, for brevity
    return "```text\n" + lines.joined(separator: "\n") + "\n```"
}

print("""
# Verify your own kernel

You wrote a convolution yourself — in C, CUDA, NumPy or, here, plain Swift loops in `Float` —
and want to know whether it is right. `layer.verify(output:input:precision:)` (or `convmat
verify` on `.npy` files) computes the same layer in float64 through its matrix `W`, checks it
against the dense direct convolution, and holds each of your output elements to a bound derived
from its own accumulation, `γ(n+1)·(Σ|w·x| + |b|) + u·|ref|` with `u = 2⁻²⁴` for float32
(Higham, *Accuracy and Stability of Numerical Algorithms*, §3.1). When your output fails, it
recomputes the layer under a catalogue of common kernel mistakes and names the ones that match.

The layer is `nn.Conv2d(4, 4, 3, padding=1, groups=2)` on one 4×5×5 input, with weights, bias and
input drawn from SplitMix64 (seed 7) in [-1, 1).

## 1. The correct kernel

The loops follow PyTorch's definition: cross-correlation, one pad on each side, input channels
`2g, 2g+1` for group `g`.

\(try verdict(.none))

Every element is within its float32 bound: the kernel is right, and rounding is all that
separates it from the float64 reference.

## 2. A true convolution

Reading the kernel back to front — `w[co, ci, 2−a, 2−c]` — is the textbook definition of
convolution, and the most common way to disagree with every deep-learning framework, which
compute cross-correlation.

\(try verdict(.flippedKernel))

## 3. All the padding at the end

Padding two zeros after each row and column instead of one on each side shifts the whole
output by one position along both axes.

\(try verdict(.paddingAtEnd))

## 4. Groups taken round-robin

Assigning channel `c` to group `c mod 2` instead of the block `c / 2` mixes the groups: output
channel 0 reads input channels 0 and 2 and output channel 1 reads 1 and 3, where both should read
0 and 1.

\(try verdict(.groupsInterleaved))

Each diagnosis comes from recomputing the layer with that mistake (a flipped kernel, moved pads,
permuted channels) and comparing it with your output under the same accumulation bound; a
mistake is named only when your output matches it everywhere.
""")
