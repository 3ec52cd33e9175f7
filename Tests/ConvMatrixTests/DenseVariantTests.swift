import ConvMatrixTestSupport
import Testing
import ConvMatrix

/// The dense path's variants agree: Float with Double, 1 thread with 2 (bit for bit), every
/// instruction set with the portable kernels.
@Suite struct DenseVariantTests {
    /// Geometries large enough for full register tiles, row tails (channels not a multiple of
    /// 6 or 8), position tails, several slabs and chunks, plus random small ones.
    static let cases: [ConvolutionGeometry] = {
        var list: [ConvolutionGeometry] = [
            try! ConvolutionGeometry(inChannels: 5, outChannels: 19, axes: [
                AxisGeometry(inputSize: 20, kernelSize: 3, padBegin: 1, padEnd: 1),
                AxisGeometry(inputSize: 23, kernelSize: 3, padBegin: 1, padEnd: 1)]),
            try! ConvolutionGeometry(inChannels: 12, outChannels: 9, groups: 3, axes: [
                AxisGeometry(inputSize: 17, kernelSize: 4, stride: 2, padBegin: 1, padEnd: 2),
                AxisGeometry(inputSize: 15, kernelSize: 3, stride: 3, dilation: 2, padBegin: 2, padEnd: 0)],
                paddingMode: .reflect, inputLayout: .channelsLast),
            try! ConvolutionGeometry(inChannels: 7, outChannels: 13, axes: [
                AxisGeometry(inputSize: 150, kernelSize: 5, stride: 1, dilation: 3, inputDilation: 2, padBegin: -3, padEnd: 4)],
                outputLayout: .channelsLast),
            try! ConvolutionGeometry(inChannels: 4, outChannels: 6, axes: [
                AxisGeometry(inputSize: 7, kernelSize: 3, padBegin: 1, padEnd: 1),
                AxisGeometry(inputSize: 9, kernelSize: 2, stride: 2, padBegin: 1, padEnd: 1),
                AxisGeometry(inputSize: 8, kernelSize: 3, padBegin: 2, padEnd: 2)], paddingMode: .circular),
        ]
        list += (UInt64(8000)..<UInt64(8024)).map { DenseTestSupport.geometry(seed: $0) }
        return list
    }()

    static func data(_ g: ConvolutionGeometry, batch: Int) -> (x: [Double], y: [Double], w: [Double], b: [Double], bT: [Double]) {
        (randomValues(batch * g.inputCount, seed: 1), randomValues(batch * g.outputCount, seed: 2),
         randomValues(g.weightCount, seed: 3), randomValues(g.outChannels, seed: 4),
         randomValues(g.inChannels, seed: 5))
    }

    /// Float results within Float rounding of Double ones (the sum has (C_in/groups)·Πk terms).
    @Test(arguments: cases)
    func floatAgreesWithDouble(g: ConvolutionGeometry) throws {
        let d = Self.data(g, batch: 2)
        let f = { (a: [Double]) in a.map(Float.init) }
        let yd = try DenseConvolution.apply(g, input: d.x, weights: d.w, bias: d.b, batch: 2)
        let yf = try DenseConvolution.apply(g, input: f(d.x), weights: f(d.w), bias: f(d.b), batch: 2)
        let xd = try DenseConvolution.applyTransposed(g, input: d.y, weights: d.w, bias: d.bT, batch: 2)
        let xf = try DenseConvolution.applyTransposed(g, input: f(d.y), weights: f(d.w), bias: f(d.bT), batch: 2)
        let terms = Double(g.inChannelsPerGroup * g.kernelShape.reduce(1, *) + g.outChannelsPerGroup * g.kernelShape.reduce(1, *))
        let tolerance = 4 * terms * Double(Float.ulpOfOne)
        #expect(relativeError(yf.map(Double.init), yd) <= tolerance, "\(g)")
        #expect(relativeError(xf.map(Double.init), xd) <= tolerance, "\(g)")
    }

    /// Threads split samples, groups, slabs and channel chunks; each output element is still
    /// computed by exactly the same operations, so the results are identical.
    @Test(arguments: cases)
    func threadsGiveIdenticalResults(g: ConvolutionGeometry) throws {
        for batch in [1, 3] {
            let d = Self.data(g, batch: batch)
            let f = d.x.map(Float.init), w = d.w.map(Float.init), y = d.y.map(Float.init)
            let one = try DenseConvolution.apply(g, input: f, weights: w, batch: batch, threads: 1)
            let two = try DenseConvolution.apply(g, input: f, weights: w, batch: batch, threads: 2)
            let three = try DenseConvolution.apply(g, input: f, weights: w, batch: batch, threads: 3)
            let identical = one == two && one == three
            #expect(identical, "batch \(batch): \(g)")
            let oneT = try DenseConvolution.applyTransposed(g, input: y, weights: w, batch: batch, threads: 1)
            let twoT = try DenseConvolution.applyTransposed(g, input: y, weights: w, batch: batch, threads: 2)
            // Any thread count runs on at most the CPUs there are: Int.max is not a budget error.
            let manyT = try DenseConvolution.applyTransposed(g, input: y, weights: w, batch: batch, threads: Int.max)
            let many = try DenseConvolution.apply(g, input: f, weights: w, batch: batch, threads: Int.max)
            let identicalT = oneT == twoT && oneT == manyT && one == many
            #expect(identicalT, "transposed, batch \(batch): \(g)")
        }
    }

    /// Every supported instruction set agrees with the portable kernels, Float and Double.
    @Test(arguments: cases)
    func instructionSetsAgreeWithPortable(g: ConvolutionGeometry) throws {
        let d = Self.data(g, batch: 2)
        let terms = Double(g.inChannelsPerGroup * g.kernelShape.reduce(1, *) + g.outChannelsPerGroup * g.kernelShape.reduce(1, *))
        let ref = try DenseConvolution.apply(g, input: d.x, weights: d.w, bias: d.b, batch: 2, instructionSet: .portable)
        let refT = try DenseConvolution.applyTransposed(g, input: d.y, weights: d.w, bias: d.bT, batch: 2, instructionSet: .portable)
        let f = { (a: [Double]) in a.map(Float.init) }
        let refF = try DenseConvolution.apply(g, input: f(d.x), weights: f(d.w), bias: f(d.b), batch: 2, instructionSet: .portable)
        for isa in DenseInstructionSet.supported where isa != .portable {
            let y = try DenseConvolution.apply(g, input: d.x, weights: d.w, bias: d.b, batch: 2, instructionSet: isa)
            let x = try DenseConvolution.applyTransposed(g, input: d.y, weights: d.w, bias: d.bT, batch: 2, instructionSet: isa)
            let yF = try DenseConvolution.apply(g, input: f(d.x), weights: f(d.w), bias: f(d.b), batch: 2, instructionSet: isa)
            #expect(relativeError(y, ref) <= 4 * terms * Double.ulpOfOne, "\(isa): \(g)")
            #expect(relativeError(x, refT) <= 4 * terms * Double.ulpOfOne, "\(isa) transposed: \(g)")
            #expect(relativeError(yF.map(Double.init), refF.map(Double.init))
                        <= 4 * terms * Double(Float.ulpOfOne), "\(isa) Float: \(g)")
        }
    }
}

#if os(Linux) && arch(x86_64)
extension Float16: DenseScalar { }

/// A further ``DenseScalar`` (here `Float16`) runs through the Double kernels and is rounded
/// once, so it equals the Double result rounded to Float16.
@Suite struct DenseOtherScalarTests {
    @Test func float16RoundsTheDoubleResult() throws {
        let g = DenseVariantTests.cases[1]
        let x = randomValues(g.inputCount, seed: 21).map(Float16.init)
        let w = randomValues(g.weightCount, seed: 22).map(Float16.init)
        let y16 = try DenseConvolution.apply(g, input: x, weights: w, batch: 1)
        let yd = try DenseConvolution.apply(g, input: x.map(Double.init), weights: w.map(Double.init), batch: 1)
        let rounded = y16 == yd.map(Float16.init)
        #expect(rounded, "\(g)")
        let t16 = try DenseConvolution.applyTransposed(g, input: y16, weights: w, batch: 1)
        let td = try DenseConvolution.applyTransposed(g, input: y16.map(Double.init), weights: w.map(Double.init), batch: 1)
        let roundedT = t16 == td.map(Float16.init)
        #expect(roundedT, "\(g)")
    }
}
#endif
