// Random layers through the PyTorch and ONNX front ends, parameters drawn from the input bytes.
import ConvMatrix

/// Draws values from the fuzzer's bytes; past the end every draw is 0.
struct ByteDraws {
    var bytes: [UInt8]
    var position = 0

    mutating func byte() -> UInt8 {
        defer { position += 1 }
        return position < bytes.count ? bytes[position] : 0
    }

    /// Mostly small sizes, sometimes the boundary values where arithmetic overflows.
    mutating func size() -> Int {
        let b = byte()
        switch b {
        case 0..<200: return Int(b % 9)
        case 200..<220: return Int(b) - 210               // small negatives too
        case 220..<235: return [2_147_483_647, 2_147_483_648, 4_294_967_296, 1 << 40][Int(b) % 4]
        case 235..<250: return [1 << 62, Int.max, Int.min, -(1 << 62), Int.max - 1][Int(b) % 5]
        default: return Int(byte()) * 17
        }
    }

    mutating func sizes(_ count: Int) -> [Int] { (0..<count).map { _ in size() } }

    mutating func choice<T>(_ options: [T]) -> T { options[Int(byte()) % options.count] }
}

enum FuzzFrontEnds {
    static func run(_ bytes: [UInt8]) {
        var d = ByteDraws(bytes: bytes)
        let rank = 1 + Int(d.byte() % 3)
        let layout = d.choice([TensorLayout.channelsFirst, .channelsLast])
        let (batch, channels, outChannels, groups) = (1 + Int(d.byte() % 2), d.size(), d.size(), d.size())
        let spatial = d.sizes(rank), kernel = d.sizes(rank)
        let input = layout == .channelsFirst ? [batch, channels] + spatial : [batch] + spatial + [channels]
        let convolution: Convolution?
        switch d.byte() % 4 {
        case 0:
            let padding: Padding = d.choice([.symmetric(AxisValues(d.sizes(rank))), .same, .valid,
                                             .beginEnd(begin: d.sizes(rank), end: d.sizes(rank))])
            convolution = try? Convolution.conv(inputShape: input, weightShape: [outChannels, channels / max(groups, 1)] + kernel,
                                                stride: AxisValues(d.sizes(rank)), padding: padding,
                                                dilation: AxisValues(d.sizes(rank)), groups: groups,
                                                paddingMode: d.choice(PaddingMode.allCases),
                                                inputDilation: AxisValues(d.sizes(rank)), inputLayout: layout)
        case 1:
            convolution = try? Convolution.convTransposed(inputShape: input, weightShape: [channels, outChannels / max(groups, 1)] + kernel,
                                                          stride: AxisValues(d.sizes(rank)), padding: .symmetric(AxisValues(d.sizes(rank))),
                                                          outputPadding: AxisValues(d.sizes(rank)),
                                                          dilation: AxisValues(d.sizes(rank)), groups: groups,
                                                          paddingMode: d.choice(PaddingMode.allCases), inputLayout: layout)
        default:
            let op = d.choice([ONNXOperator.conv, .convTranspose])
            let weightShape = op == .conv ? [outChannels, channels / max(groups, 1)] + kernel
                                          : [channels, outChannels / max(groups, 1)] + kernel
            var attributes = ONNXAttributes()
            attributes.strides = d.byte() % 2 == 0 ? d.sizes(rank) : nil
            attributes.dilations = d.byte() % 2 == 0 ? d.sizes(rank) : nil
            attributes.pads = d.byte() % 2 == 0 ? d.sizes(2 * rank) : nil
            attributes.group = groups
            attributes.autoPad = d.choice([.notSet, .sameUpper, .sameLower, .valid])
            if op == .convTranspose {
                attributes.outputPadding = d.byte() % 2 == 0 ? d.sizes(rank) : nil
                attributes.outputShape = d.byte() % 3 == 0 ? d.sizes(rank) : nil
            }
            attributes.paddingMode = d.choice(PaddingMode.allCases)
            attributes.layout = layout
            convolution = try? Convolution.onnx(op, inputShape: input, weightShape: weightShape, attributes: attributes)
        }
        if let convolution { FuzzCheck.compileAndCompare(convolution) }
    }
}
