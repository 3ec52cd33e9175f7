extension ConvolutionGeometry {
    /// Throws the compiler's `.overBudget` error when `W` (or a vector on either side of it)
    /// certainly exceeds `options.memoryBudget`, without allocating anything: a cheap test to
    /// run before preparing anything else of the size of the layer (weights, inputs).
    ///
    /// - Complexity: O(Σ output lengths) time (only after the output lengths pass the budget),
    ///   O(1) memory.
    public func checkMatrixFits(_ options: CompileOptions = CompileOptions()) throws {
        try PatternCompiler.checkLowerBound(self, options: options)
    }
}

extension PatternCompiler {
    /// Refuses a geometry when memory every use of `W` needs already exceeds the budget: the
    /// row pointers `(R+1)·w`, one vector on each side `(R + C)·8` and the per-axis relation
    /// pointers `Σ(O_a+1)·8`, all proportional to the lengths (checked before any work
    /// proportional to them); then, with zeros padding and undilated inputs, the column indices
    /// and values of the visited taps, which are then exactly the stored entries of `W` (an
    /// O(Σ O_a) count). Other padding modes can sum several taps into one entry, so for them
    /// the exact count in the compiler's initialiser is the check.
    static func checkLowerBound(_ g: ConvolutionGeometry, options: CompileOptions) throws {
        let width = (options.indexWidth ?? IndexWidth.narrowest(nnz: 0, rows: g.outputCount, columns: g.inputCount)).byteCount
        let shape = "\(g.outputCount) × \(g.inputCount)"
        let tooLarge = ConvMatrixError.tooLarge("output shape", listDescription(g.outputShape), "the bytes of W (\(shape))")
        let pointers = try checkedProduct(try checkedSum([g.outputCount, 1], tooLarge), width, tooLarge)
        let sides = ConvMatrixError.tooLarge("input shape", listDescription(g.inputShape),
                                             "the bytes of a vector on each side of W (\(shape))")
        let vectors = try checkedProduct(try checkedSum([g.outputCount, g.inputCount], sides), MemoryLayout<Double>.stride, sides)
        var bytes = try checkedSum([pointers, vectors], sides)
        for axis in g.axes {
            bytes = try checkedSum([bytes, try checkedProduct(axis.outputSize + 1, MemoryLayout<Int>.stride, tooLarge)], tooLarge)
        }
        if bytes > options.memoryBudget {
            throw overBudget(bytes, options: options, "W is \(shape); its row pointers and one vector on each side alone")
        }
        guard g.paddingMode == .zeros, g.axes.allSatisfy({ $0.inputDilation == 1 }) else { return }
        let input = listDescription(g.inputShape)
        let tooMany = ConvMatrixError.tooLarge("input shape", input, "the number of taps of W")
        let visits = try checkedProduct([g.outChannels, g.inChannelsPerGroup]
                                        + g.axes.map { AxisRelation.visitCount($0, mode: g.paddingMode) }, tooMany)
        if let forced = options.indexWidth { try checkIndexWidth(forced, largest: visits) }
        let lowest = try checkedSum([bytes, try checkedProduct(visits, width + MemoryLayout<Double>.stride, tooMany)], tooMany)
        if lowest > options.memoryBudget {
            throw overBudget(lowest, options: options, "W has \(visits) stored entries (input shape \(input)); their column indices and values alone")
        }
    }
}
