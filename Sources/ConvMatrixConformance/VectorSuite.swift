import ConvMatrix

/// The operations `convmat vectors` writes suites for, in PyTorch's names.
public enum VectorOperation: String, CaseIterable, Sendable {
    case conv1d, conv2d, conv3d
    case convTranspose1d = "conv_transpose1d", convTranspose2d = "conv_transpose2d", convTranspose3d = "conv_transpose3d"

    /// Number of spatial axes.
    public var spatialRank: Int {
        switch self {
        case .conv1d, .convTranspose1d: return 1
        case .conv2d, .convTranspose2d: return 2
        case .conv3d, .convTranspose3d: return 3
        }
    }

    /// The ONNX operator of the cases.
    public var op: ONNXOperator { rawValue.hasPrefix("conv_transpose") ? .convTranspose : .conv }
}

/// One test vector for a kernel author: a layer, its input, weights and bias, the float64
/// reference output, and the reference gradients for an output gradient `gy`.
public struct VectorCase: Sendable {
    /// `003-groups`: index and the corner it covers (`random` for the seeded ones).
    public let name: String
    /// The case as a conformance case (X, W, B, Y; ONNX attributes with begin/end pads).
    public let conformance: ConformanceCase
    /// The layer in words, e.g. `Conv2d(4, 6, kernel_size=[3, 3], …) on input (2, 4, 5, 5)`.
    public let description: String
    /// The output gradient the reference gradients are for (the output's shape).
    public let gy: [Double]
    /// `∂/∂x`, `∂/∂w`, `∂/∂b` of `Σ y·gy`: the input's shape, the weight's, one per output channel.
    public let gx: [Double], gw: [Double], gb: [Double]
}

/// Suites of test vectors that cover a convolution's geometry corners — stride larger than the
/// kernel, dilation, asymmetric and negative pads, groups and depthwise, output padding, tiny and
/// single-element outputs, odd sizes, channels-last — then seeded random layers.
///
/// Every value (inputs, weights, bias, `gy`) is a multiple of 2⁻⁸ in [-1, 1): exactly
/// representable in bfloat16, float16, float32 and float64, so a kernel in any of them reads
/// exactly the numbers the reference used. References are float64 through `W` (CHOLMOD) and
/// cross-checked against the dense path.
public enum VectorSuite {
    /// The first `count` cases of the suite for `operation`: the corners in a fixed order, then
    /// random layers drawn from SplitMix64 seeded with `seed`.
    ///
    /// - Throws: `.invalidParameter` naming `count` when it is below 1 or above 10 000; `.engine`
    ///   if the sparse and dense references disagree (a bug of ConvMatrix).
    /// - Complexity: the layers are small (at most a few thousand outputs each).
    public static func cases(_ operation: VectorOperation, count: Int, seed: UInt64) throws -> [VectorCase] {
        guard count >= 1, count <= 10_000 else {
            throw ConvMatrixError(.invalidParameter, parameter: "--count", value: "\(count)", rule: "must be in 1...10000")
        }
        var generator = SplitMix64(seed: seed)
        var specs = Array(corners(operation).prefix(count))
        while specs.count < count { specs.append(random(operation, &generator)) }
        return try specs.enumerated().map { index, spec in
            try make(spec, operation: operation, name: pad(index) + "-" + spec.label, generator: &generator)
        }
    }

    /// A layer of the suite before data is drawn.
    struct Spec {
        var label: String
        var inChannels = 2, outChannels = 3, groups = 1, batch = 2
        var kernel = [3], stride = [1], dilation = [1], begin = [1], end = [1], outputPadding = [0], sizes = [5]
        var layout = TensorLayout.channelsFirst

        /// `values` per axis: one value repeated, or one per axis.
        static func axes(_ values: [Int], _ rank: Int) -> [Int] {
            values.count == 1 ? Array(repeating: values[0], count: rank) : Array(values.prefix(rank))
        }
    }

    /// The corners, in order; convolution and transposed convolution differ where a corner only
    /// makes sense for one (negative pads for `Conv`, output padding for `ConvTranspose`).
    static func corners(_ operation: VectorOperation) -> [Spec] {
        let transposed = operation.op == .convTranspose
        var list = [Spec(label: "basic")]
        list.append(Spec(label: "stride-larger-than-kernel", kernel: [2], stride: [3], begin: [0], end: [0], sizes: [8]))
        list.append(Spec(label: "dilation", kernel: [3], dilation: [2], begin: [2], end: [2], sizes: [7]))
        list.append(Spec(label: "asymmetric-pads", begin: [0], end: transposed ? [1] : [2]))
        if transposed {
            list.append(Spec(label: "output-padding", stride: [2], outputPadding: [1], sizes: [3]))
        } else {
            list.append(Spec(label: "negative-pads", begin: [-1], end: [1], sizes: [6]))
        }
        list.append(Spec(label: "groups", inChannels: 4, outChannels: 6, groups: 2))
        list.append(Spec(label: "depthwise", inChannels: 4, outChannels: 8, groups: 4))
        list.append(transposed
            ? Spec(label: "single-element-output", inChannels: 1, outChannels: 1, batch: 1, kernel: [1], begin: [0], end: [0], sizes: [1])
            : Spec(label: "single-element-output", begin: [0], end: [0], sizes: [3]))
        list.append(Spec(label: "odd-sizes", kernel: [3, 2, 1], stride: [2, 1, 1], begin: [1, 0, 0], end: [1, 1, 0], sizes: [7, 5, 3]))
        list.append(Spec(label: "channels-last", layout: .channelsLast))
        list.append(Spec(label: "tiny", inChannels: 1, outChannels: 1, batch: 1, kernel: [1], begin: [0], end: [0], sizes: [1]))
        return list
    }

    /// A random layer: kernel 1–3, stride 1–3, dilation 1–2, pads within the dilated kernel (a
    /// negative one for `Conv` now and then), 1–2 groups, small sizes.
    static func random(_ operation: VectorOperation, _ g: inout SplitMix64) -> Spec {
        func pick(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(g.next() % UInt64(range.count)) }
        let rank = operation.spatialRank, transposed = operation.op == .convTranspose
        var s = Spec(label: "random")
        s.groups = pick(1...2)
        s.inChannels = s.groups * pick(1...2)
        s.outChannels = s.groups * pick(1...3)
        s.batch = pick(1...2)
        s.kernel = (0..<rank).map { _ in pick(1...3) }
        s.stride = (0..<rank).map { _ in pick(1...3) }
        s.dilation = (0..<rank).map { _ in pick(1...2) }
        s.begin = (0..<rank).map { s.dilation[$0] * (s.kernel[$0] - 1) == 0 ? 0 : pick((transposed ? 0 : -1)...(s.dilation[$0] * (s.kernel[$0] - 1))) }
        s.end = (0..<rank).map { s.dilation[$0] * (s.kernel[$0] - 1) == 0 ? 0 : pick(0...(s.dilation[$0] * (s.kernel[$0] - 1))) }
        s.outputPadding = transposed ? (0..<rank).map { pick(0...(max(s.stride[$0], s.dilation[$0]) - 1)) } : [0]
        s.sizes = (0..<rank).map { _ in rank == 3 ? pick(2...4) : pick(3...7) }
        s.layout = pick(0...3) == 0 ? .channelsLast : .channelsFirst
        return s
    }

    /// The case of `spec`: the convolution through the ONNX front end (so `case.json` reads back
    /// to exactly this layer), data drawn from `generator`, references through `W`.
    static func make(_ spec: Spec, operation: VectorOperation, name: String, generator: inout SplitMix64) throws -> VectorCase {
        let rank = operation.spatialRank, transposed = operation.op == .convTranspose
        let axes = { (v: [Int]) in Spec.axes(v, rank) }
        let kernel = axes(spec.kernel)
        let weightShape = transposed ? [spec.inChannels, spec.outChannels / spec.groups] + kernel
                                     : [spec.outChannels, spec.inChannels / spec.groups] + kernel
        let logicalInput = [spec.inChannels] + axes(spec.sizes)
        let inputShape = [spec.batch] + spec.layout.memoryShape(logical: logicalInput)
        let attributes = ONNXAttributes(kernelShape: kernel, strides: axes(spec.stride), dilations: axes(spec.dilation),
                                        pads: axes(spec.begin) + axes(spec.end), group: spec.groups,
                                        outputPadding: transposed ? axes(spec.outputPadding) : nil, layout: spec.layout)
        let convolution = try Convolution.onnx(operation.op, inputShape: inputShape, weightShape: weightShape,
                                               attributes: attributes)
        let x = draw(inputShape.reduce(1, *), &generator)
        let w = draw(weightShape.reduce(1, *), &generator)
        let b = draw(spec.outChannels, &generator)
        let layer = try ConvolutionLayer(convolution, weights: w, bias: b, batch: spec.batch)
        let input = try ConvMatrix.Tensor(shape: inputShape, layout: spec.layout, scalars: x)
        let y = try layer(input)
        let dense = try layer(input, engine: .dense)
        let scale = y.scalars.reduce(1) { max($0, abs($1)) }
        guard zip(y.scalars, dense.scalars).allSatisfy({ abs($0 - $1) <= 1e-12 * scale }) else {
            throw ConvMatrixError(.engine, parameter: name, value: "\(convolution)",
                                  rule: "CONVMATRIX BUG: the sparse and dense references disagree")
        }
        let gy = try ConvMatrix.Tensor(shape: y.shape, layout: spec.layout, scalars: draw(y.scalars.count, &generator))
        let gradients = try layer.backward(gradOutput: gy, input: input)
        let parameters = "stride=\(axes(spec.stride)), dilation=\(axes(spec.dilation)), pads begin=\(axes(spec.begin)) end=\(axes(spec.end))"
            + (transposed ? ", output_padding=\(axes(spec.outputPadding))" : "") + ", groups=\(spec.groups), \(spec.layout)"
        let description = "\(transposed ? "ConvTranspose" : "Conv")\(rank)d(\(spec.inChannels), \(spec.outChannels), kernel_size=\(kernel), "
            + parameters + ") on input \(listText(inputShape)) → output \(listText(y.shape)); weight \(listText(weightShape))"
        let conformance = ConformanceCase(
            name: name, op: operation.op, source: "convmat vectors --op \(operation.rawValue): \(spec.label)",
            attributes: .success(attributes), x: .init(shape: inputShape, data: x), w: .init(shape: weightShape, data: w),
            b: .init(shape: [spec.outChannels], data: b), y: .init(shape: y.shape, data: y.scalars), rtol: 1e-12, atol: 1e-12)
        return VectorCase(name: name, conformance: conformance, description: description, gy: gy.scalars,
                          gx: gradients.input.scalars, gw: gradients.weights, gb: gradients.bias ?? [])
    }

    /// `count` multiples of 2⁻⁸ in [-1, 1).
    static func draw(_ count: Int, _ generator: inout SplitMix64) -> [Double] {
        (0..<count).map { _ in Double(Int(generator.next() >> 55) - 256) / 256 }
    }

    static func pad(_ index: Int) -> String {
        let text = String(index)
        return String(repeating: "0", count: max(0, 3 - text.count)) + text
    }

    static func listText(_ v: [Int]) -> String { "(" + v.map(String.init).joined(separator: ", ") + ")" }
}
