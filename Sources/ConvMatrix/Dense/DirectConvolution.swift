/// The convolution by its definition, for geometries the phase plans would serve at a cost far
/// beyond the layer's own work: a huge pad or dilation with a mode that fills every padded
/// position, or taps spread so far apart that the padded, dilated axes dwarf the windows.
///
/// Forward: `y[n, co, o] = b[co] + Σ_{ci ∈ group(co)} Σ_t w[co, ci, t]·x̃[n, ci, o·s + t·d]`;
/// transposed, its adjoint: `x[n, ci, ·] = b[ci]`, then `x[n, ci, i(o, t)] += w[co, ci, t]·y[n, co, o]`,
/// where ``TapTables`` give, per tap and output position, the input element `x̃` reads (or none).
/// It never reads `W`, so it stays an independent check of the sparse path.
enum DirectConvolution {
    /// Whether the phase plans would touch many more cells per channel than the definition:
    /// `Π_a (|used phases_a|·Q_a + max q_a)` (what the plans size their buffers by) against
    /// `ΠO·Πk` (one cell per tap and output position).
    static func isCheaper(_ geometry: ConvolutionGeometry, axes: [DenseAxis]) -> Bool {
        var planCells = 1
        for axis in axes {
            // Positions past Int (a stride near 2⁶³ whose last window is cropped): the plans
            // index positions in Int, the definition only the inputs it reads.
            let extent = axis.usedLength(outputs: axis.outputs) == Int.max ? Int.max : axis.planExtent
            let (cells, overflow) = planCells.multipliedReportingOverflow(by: extent)
            if extent == Int.max || overflow { return isCheaper(than: .max, geometry) }
            planCells = cells
        }
        return isCheaper(than: planCells, geometry)
    }

    /// Whether a plan that touches `planCells` cells per channel costs more than 16× the
    /// definition's `ΠO·Πk` (plus a constant, so that small layers keep the vectorised plans).
    static func isCheaper(than planCells: Int, _ geometry: ConvolutionGeometry) -> Bool {
        let definition = TapTables.elementCount(geometry)
        return planCells == .max ? definition < Int.max / 16 : planCells / 16 > definition + 4096
    }

    /// Runs the definition on `batch` samples (pointers checked by the caller, as for the plans).
    ///
    /// - Complexity: O(batch·C_out·ΠO·(C_in/groups)·Πk + batch·C_in·ΠI) time, O(ΠO·Πk + ΠI) tables.
    static func run<E: KernelElement>(_ g: ConvolutionGeometry, direction: Convolution.Direction, batch: Int,
                                      input: UnsafePointer<E>, weights: UnsafePointer<E>, bias: UnsafePointer<E>?,
                                      output: UnsafeMutablePointer<E>) throws {
        try checkMemory(elements: TapTables.elementCount(g), size: MemoryLayout<Int>.stride, parameter: "dilation",
                        value: listDescription(g.axes.map(\.dilation)), what: "the dense path's tap tables")
        let tables = TapTables(g)
        let taps = tables.kernelVolume, positions = tables.positionCount
        let cinG = g.inChannelsPerGroup, coutG = g.outChannelsPerGroup
        let xc = g.inputLayout.strides(extents: g.inputShape)[0], yc = g.outputLayout.strides(extents: g.outputShape)[0]
        for n in 0..<batch {
            switch direction {
            case .forward:
                let x = input + n * g.inputCount, y = output + n * g.outputCount
                for co in 0..<g.outChannels {
                    let group = co / coutG
                    for p in 0..<positions {
                        var sum = bias?[co] ?? 0
                        for local in 0..<cinG {
                            let xChannel = x + (group * cinG + local) * xc, w = weights + (co * cinG + local) * taps
                            for t in 0..<taps {
                                let offset = tables.inputOffsets[t * positions + p]
                                if offset >= 0 { sum += w[t] * xChannel[offset] }
                            }
                        }
                        y[co * yc + tables.outputOffsets[p]] = sum
                    }
                }
            case .transposed:
                // `input` is shaped like y (the transposed input), `output` like x.
                let y = input + n * g.outputCount, x = output + n * g.inputCount
                for ci in 0..<g.inChannels {
                    for offset in tables.inputPositionOffsets { x[ci * xc + offset] = bias?[ci] ?? 0 }
                }
                for co in 0..<g.outChannels {
                    let group = co / coutG
                    for p in 0..<positions {
                        let value = y[co * yc + tables.outputOffsets[p]]
                        for local in 0..<cinG {
                            let xChannel = x + (group * cinG + local) * xc, w = weights + (co * cinG + local) * taps
                            for t in 0..<taps {
                                let offset = tables.inputOffsets[t * positions + p]
                                if offset >= 0 { xChannel[offset] += w[t] * value }
                            }
                        }
                    }
                }
            }
        }
    }
}
