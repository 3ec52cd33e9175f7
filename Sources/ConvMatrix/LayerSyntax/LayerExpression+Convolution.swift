/// Turning a parsed PyTorch layer into a ``Convolution`` through the PyTorch front end.
extension LayerExpression {
    /// The weight shape PyTorch gives this layer: `(out, in/groups, k…)` for `Conv`,
    /// `(in, out/groups, k…)` for `ConvTranspose`.
    public func weightShape() throws -> [Int] {
        let inChannels = try int("in_channels"), outChannels = try int("out_channels")
        let groups = try optionalInt("groups") ?? 1
        guard groups >= 1 else { throw ConvMatrixError.invalid("groups", groups, "must be ≥ 1") }
        let kernel = try perAxis("kernel_size", required: true)!
        return kind.isTransposed
            ? [inChannels, outChannels / groups] + kernel
            : [outChannels, inChannels / groups] + kernel
    }

    /// Whether the layer has a bias (`bias=True` is PyTorch's default).
    public var hasBias: Bool {
        if case .bool(let b)? = arguments["bias"] { return b }
        return true
    }

    /// The layer's hyper-parameters, with the ConvMatrix extensions `inputDilation` (convolutions
    /// only) and layouts.
    ///
    /// A fractional stride `1/l` in the string (`stride=(0.5, 2)`) becomes stride 1 and input
    /// dilation `l` on that axis (see ``strideAndInputDilation()``); `inputDilation` adds to the
    /// other axes, and giving both on one axis is an error. Begin/end pads per axis
    /// (`padding=((0, 2), (1, 1))`, an extension PyTorch refuses) become ``Padding/beginEnd(begin:end:)``.
    ///
    /// - Throws: a typed error naming the argument (`groups`, `padding`, `output_padding`, …).
    public func parameters(inputDilation: [Int]? = nil, inputLayout: TensorLayout = .channelsFirst,
                           outputLayout: TensorLayout? = nil) throws -> ConvolutionParameters {
        let inChannels = try int("in_channels"), outChannels = try int("out_channels")
        let groups = try optionalInt("groups") ?? 1
        try ConvolutionGeometry.validateGroups(groups, inChannels: inChannels, outChannels: outChannels)
        let (stride, strideDilation) = try strideAndInputDilation()
        let mode = try paddingMode()
        if let strideDilation, strideDilation.contains(where: { $0 > 1 }), mode != .zeros {
            throw ConvMatrixError.invalid("stride", arguments["stride"]!, "a fractional stride inserts zeros between the inputs, and with padding_mode='\(mode)' it is ambiguous whether the padding mirrors the original input or the one with zeros; use padding_mode='zeros'")
        }
        let inputDilation = try combinedInputDilation(fromStride: strideDilation, extra: inputDilation)
        if kind.isTransposed, let inputDilation {
            throw ConvMatrixError.invalid("input_dilation", listDescription(inputDilation), "applies to convolutions only")
        }
        if !kind.isTransposed, let value = arguments["output_padding"] {
            throw ConvMatrixError.invalid("output_padding", value, "applies to ConvTranspose only")
        }
        return ConvolutionParameters(
            isTransposed: kind.isTransposed, inChannels: inChannels, outChannels: outChannels,
            kernelSize: try perAxis("kernel_size", required: true)!, stride: AxisValues(stride ?? [1]),
            padding: try padding(), dilation: AxisValues(try perAxis("dilation") ?? [1]), groups: groups,
            outputPadding: AxisValues(try perAxis("output_padding") ?? [0]), paddingMode: mode,
            inputDilation: AxisValues(inputDilation ?? [1]), inputLayout: inputLayout, outputLayout: outputLayout)
    }

    /// The layer on an input of `inputShape` (`(N, C, spatial…)` or without `N`, in `inputLayout`'s
    /// memory order), with the ConvMatrix extensions `inputDilation` (convolutions only) and layouts.
    public func convolution(inputShape: [Int], inputDilation: [Int]? = nil, inputLayout: TensorLayout = .channelsFirst,
                            outputLayout: TensorLayout? = nil) throws -> Convolution {
        let parameters = try parameters(inputDilation: inputDilation, inputLayout: inputLayout, outputLayout: outputLayout)
        return try parameters.convolution(inputShape: inputShape)
    }

    private func padding() throws -> Padding {
        switch arguments["padding"] {
        case nil: return 0
        case .string("same")?: return .same
        case .string("valid")?: return .valid
        case .int(let v)?: return .symmetric(AxisValues([v]))
        case .ints(let v)?:
            guard v.count == kind.spatialRank else {
                throw ConvMatrixError.invalid("padding", listDescription(v), "needs \(kind.spatialRank) values, got \(v.count)")
            }
            return .symmetric(AxisValues(v))
        case .intTuples(let pairs)?:
            let written = LayerValue.intTuples(pairs)
            guard pairs.count == kind.spatialRank else {
                throw ConvMatrixError.invalid("padding", written, "needs \(kind.spatialRank) (begin, end) pairs, one per spatial axis, got \(pairs.count)")
            }
            guard pairs.allSatisfy({ $0.count == 2 }) else {
                throw ConvMatrixError.invalid("padding", written, "each axis needs a (begin, end) pair of two integers")
            }
            guard pairs.joined().allSatisfy({ $0 >= 0 }) else {
                throw ConvMatrixError.invalid("padding", written, "(begin, end) pads must be ≥ 0")
            }
            return .beginEnd(begin: pairs.map { $0[0] }, end: pairs.map { $0[1] })
        case let other?:
            throw ConvMatrixError.invalid("padding", other, "must be an integer, a tuple, ((begin, end), …) pairs, 'same' or 'valid'")
        }
    }

    private func paddingMode() throws -> PaddingMode {
        switch arguments["padding_mode"] {
        case nil: return .zeros
        case .string(let s)?:
            guard let mode = PaddingMode(rawValue: s) else {
                throw ConvMatrixError.invalid("padding_mode", "'\(s)'", "must be 'zeros', 'reflect', 'replicate' or 'circular'")
            }
            return mode
        case let other?: throw ConvMatrixError.invalid("padding_mode", other, "must be a string")
        }
    }

    private func int(_ name: String) throws -> Int {
        guard let v = try optionalInt(name) else {
            throw ConvMatrixError.invalid(name, "missing", "\(kind.rawValue) needs \(name)")
        }
        return v
    }

    private func optionalInt(_ name: String) throws -> Int? {
        switch arguments[name] {
        case nil: return nil
        case .int(let v)?: return v
        case let other?: throw ConvMatrixError.invalid(name, other, "must be an integer")
        }
    }

    /// An int (repeated on every axis) or a tuple of one value per axis.
    private func perAxis(_ name: String, required: Bool = false) throws -> [Int]? {
        switch arguments[name] {
        case nil:
            if required { throw ConvMatrixError.invalid(name, "missing", "\(kind.rawValue) needs \(name)") }
            return nil
        case .int(let v)?: return Array(repeating: v, count: kind.spatialRank)
        case .ints(let v)?:
            guard v.count == kind.spatialRank else {
                throw ConvMatrixError.invalid(name, listDescription(v), "needs \(kind.spatialRank) values, got \(v.count)")
            }
            return v
        case let other?: throw ConvMatrixError.invalid(name, other, "must be an integer or a tuple of integers")
        }
    }
}
