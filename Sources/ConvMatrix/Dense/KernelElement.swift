internal import CConvKernels
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The element types the C kernels exist for (`Float`, `Double`): one static entry per kernel.
protocol KernelElement: DenseScalar {
    static var isDouble: Bool { get }
    /// out[m·ldo + p] ← bias[m] + Σ_k W[m,k]·in[off[k] + p], m < M, p < n; with a tile map,
    /// only the positions its masks select, packed (see `cvk_gemm_f32`).
    static func gemm(_ isa: DenseInstructionSet, input: UnsafePointer<Self>, offsets: UnsafePointer<Int>,
                     depth: Int, packed: UnsafePointer<Self>, rows: Int, bias: UnsafePointer<Self>?,
                     output: UnsafeMutablePointer<Self>, rowStride: Int, count: Int,
                     tileStarts: UnsafePointer<Int>?, tileMasks: UnsafePointer<UInt64>?)
    /// out[g·ldo + p] ← bias[g] + Σ_k w[g·K + k]·in[g·ldi + off[k] + p], g < G, p < n: one
    /// offset row per depthwise group; tile maps as in `gemm` (see `cvk_depthwise_f32`).
    static func depthwise(_ isa: DenseInstructionSet, input: UnsafePointer<Self>, groupStride: Int,
                          offsets: UnsafePointer<Int>, depth: Int, weights: UnsafePointer<Self>, groups: Int,
                          bias: UnsafePointer<Self>?, output: UnsafeMutablePointer<Self>, outputGroupStride: Int,
                          count: Int, tileStarts: UnsafePointer<Int>?, tileMasks: UnsafePointer<UInt64>?)
    /// out[p·opitch + c] ← bias[c] + Σ_k w[k·ldw + c]·in[off[k] + p·ipitch + c], c < G, p < n:
    /// the depthwise kernel on channels-interleaved buffers (see `cvk_depthwise_interleaved_f32`).
    static func depthwiseInterleaved(_ isa: DenseInstructionSet, input: UnsafePointer<Self>, inputPitch: Int,
                                     offsets: UnsafePointer<Int>, depth: Int, weights: UnsafePointer<Self>,
                                     weightStride: Int, groups: Int, bias: UnsafePointer<Self>?,
                                     output: UnsafeMutablePointer<Self>, outputPitch: Int, count: Int)
    /// The row-blocked depthwise kernel on one plane of `groups` groups (see `cvk_depthwise_rows_f32`
    /// and ``DepthwiseRows``); false, having done nothing, when `isa` has none (portable).
    static func depthwiseRows(_ isa: DenseInstructionSet, input: UnsafePointer<Self>, groupStride: Int,
                              taps: DepthwiseRows, columnOffsets: UnsafePointer<Int>, columnWeights: UnsafePointer<Int>,
                              depth: Int, weights: UnsafePointer<Self>, groups: Int, bias: UnsafePointer<Self>?,
                              output: UnsafeMutablePointer<Self>, outputGroupStride: Int, rows: Int) -> Bool
    /// dst[c·dc + Σ dtab] (+)= src[c·sc + Σ stab] over every table combination (see `cvk_scatter_f32`).
    static func scatter(_ tables: UnsafeScatterTables, channels: Int, source: UnsafePointer<Self>,
                        sourceChannelStride: Int, destination: UnsafeMutablePointer<Self>,
                        destinationChannelStride: Int, accumulate: Bool)
    /// dst[c·dc + Σ dtab] ← values[c] (or 0) over every table combination (see `cvk_fill_f32`).
    static func fill(_ tables: UnsafeScatterTables, channels: Int, values: UnsafePointer<Self>?,
                     destination: UnsafeMutablePointer<Self>, destinationChannelStride: Int)
    /// The Winograd F(2×2, 3×3) (rank 2) or F(2, 3) (rank 1) input transform of `count` tiles
    /// (see `cvk_winograd_input_f32`).
    static func winogradInput(_ isa: DenseInstructionSet, rank: Int, _ x: UnsafePointer<Self>, channels: Int,
                              channelStride: Int, height: Int, width: Int, padTop: Int, padLeft: Int, tilesWide: Int,
                              first: Int, count: Int, zeros: UnsafePointer<Self>, into v: UnsafeMutablePointer<Self>,
                              rowStride: Int, xiStride: Int)
    /// The Winograd F(2×2, 3×3) (rank 2) or F(2, 3) (rank 1) output transform of `count` tiles
    /// (see `cvk_winograd_output_f32`).
    static func winogradOutput(_ isa: DenseInstructionSet, rank: Int, _ m: UnsafePointer<Self>, channels: Int,
                               rowStride: Int, xiStride: Int, bias: UnsafePointer<Self>?, into y: UnsafeMutablePointer<Self>,
                               channelStride: Int, height: Int, width: Int, tilesWide: Int, first: Int, count: Int)
}

extension KernelElement {
    /// p[0..<count] ← 0 (all-zero bits are +0.0 for both Float and Double).
    static func zero(_ p: UnsafeMutablePointer<Self>, count: Int) {
        _ = memset(p, 0, count * MemoryLayout<Self>.stride)
    }
}

extension Float: KernelElement {
    static var isDouble: Bool { false }

    static func winogradInput(_ isa: DenseInstructionSet, rank: Int, _ x: UnsafePointer<Float>, channels: Int,
                              channelStride: Int, height: Int, width: Int, padTop: Int, padLeft: Int, tilesWide: Int,
                              first: Int, count: Int, zeros: UnsafePointer<Float>, into v: UnsafeMutablePointer<Float>,
                              rowStride: Int, xiStride: Int) {
        cvk_winograd_input_f32(isa.code, Int32(rank), x, channels, channelStride, height, width, padTop, padLeft,
                                tilesWide, first, count, zeros, v, rowStride, xiStride)
    }

    static func winogradOutput(_ isa: DenseInstructionSet, rank: Int, _ m: UnsafePointer<Float>, channels: Int,
                               rowStride: Int, xiStride: Int, bias: UnsafePointer<Float>?, into y: UnsafeMutablePointer<Float>,
                               channelStride: Int, height: Int, width: Int, tilesWide: Int, first: Int, count: Int) {
        cvk_winograd_output_f32(isa.code, Int32(rank), m, channels, rowStride, xiStride, bias, y, channelStride,
                                 height, width, tilesWide, first, count)
    }

    static func gemm(_ isa: DenseInstructionSet, input: UnsafePointer<Float>, offsets: UnsafePointer<Int>,
                     depth: Int, packed: UnsafePointer<Float>, rows: Int, bias: UnsafePointer<Float>?,
                     output: UnsafeMutablePointer<Float>, rowStride: Int, count: Int,
                     tileStarts: UnsafePointer<Int>?, tileMasks: UnsafePointer<UInt64>?) {
        cvk_gemm_f32(isa.code, input, offsets, depth, packed, rows, bias, output, rowStride, count, tileStarts, tileMasks)
    }

    static func depthwise(_ isa: DenseInstructionSet, input: UnsafePointer<Float>, groupStride: Int,
                          offsets: UnsafePointer<Int>, depth: Int, weights: UnsafePointer<Float>, groups: Int,
                          bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>, outputGroupStride: Int,
                          count: Int, tileStarts: UnsafePointer<Int>?, tileMasks: UnsafePointer<UInt64>?) {
        cvk_depthwise_f32(isa.code, input, groupStride, offsets, depth, weights, groups, bias, output, outputGroupStride,
                          count, tileStarts, tileMasks)
    }

    static func depthwiseInterleaved(_ isa: DenseInstructionSet, input: UnsafePointer<Float>, inputPitch: Int,
                                     offsets: UnsafePointer<Int>, depth: Int, weights: UnsafePointer<Float>,
                                     weightStride: Int, groups: Int, bias: UnsafePointer<Float>?,
                                     output: UnsafeMutablePointer<Float>, outputPitch: Int, count: Int) {
        cvk_depthwise_interleaved_f32(isa.code, input, inputPitch, offsets, depth, weights, weightStride, groups, bias,
                                      output, outputPitch, count)
    }

    static func depthwiseRows(_ isa: DenseInstructionSet, input: UnsafePointer<Float>, groupStride: Int,
                              taps: DepthwiseRows, columnOffsets: UnsafePointer<Int>, columnWeights: UnsafePointer<Int>,
                              depth: Int, weights: UnsafePointer<Float>, groups: Int, bias: UnsafePointer<Float>?,
                              output: UnsafeMutablePointer<Float>, outputGroupStride: Int, rows: Int) -> Bool {
        cvk_depthwise_rows_f32(isa.code, input, groupStride, taps.pitch, columnOffsets, columnWeights,
                               taps.columnOffsets.count, taps.kernelRows, taps.weightRowStride, depth, weights, groups,
                               bias, output, outputGroupStride, taps.outputRowStride, rows, taps.columns) != 0
    }

    static func scatter(_ t: UnsafeScatterTables, channels: Int, source: UnsafePointer<Float>,
                        sourceChannelStride: Int, destination: UnsafeMutablePointer<Float>,
                        destinationChannelStride: Int, accumulate: Bool) {
        cvk_scatter_f32(t.rank, t.counts, t.starts, t.source, t.destination, channels,
                        source, sourceChannelStride, destination, destinationChannelStride, accumulate ? 1 : 0)
    }

    static func fill(_ t: UnsafeScatterTables, channels: Int, values: UnsafePointer<Float>?,
                     destination: UnsafeMutablePointer<Float>, destinationChannelStride: Int) {
        cvk_fill_f32(t.rank, t.counts, t.starts, t.destination, channels, values, destination, destinationChannelStride)
    }
}

extension Double: KernelElement {
    static var isDouble: Bool { true }

    static func winogradInput(_ isa: DenseInstructionSet, rank: Int, _ x: UnsafePointer<Double>, channels: Int,
                              channelStride: Int, height: Int, width: Int, padTop: Int, padLeft: Int, tilesWide: Int,
                              first: Int, count: Int, zeros: UnsafePointer<Double>, into v: UnsafeMutablePointer<Double>,
                              rowStride: Int, xiStride: Int) {
        cvk_winograd_input_f64(isa.code, Int32(rank), x, channels, channelStride, height, width, padTop, padLeft,
                                tilesWide, first, count, zeros, v, rowStride, xiStride)
    }

    static func winogradOutput(_ isa: DenseInstructionSet, rank: Int, _ m: UnsafePointer<Double>, channels: Int,
                               rowStride: Int, xiStride: Int, bias: UnsafePointer<Double>?, into y: UnsafeMutablePointer<Double>,
                               channelStride: Int, height: Int, width: Int, tilesWide: Int, first: Int, count: Int) {
        cvk_winograd_output_f64(isa.code, Int32(rank), m, channels, rowStride, xiStride, bias, y, channelStride,
                                 height, width, tilesWide, first, count)
    }

    static func gemm(_ isa: DenseInstructionSet, input: UnsafePointer<Double>, offsets: UnsafePointer<Int>,
                     depth: Int, packed: UnsafePointer<Double>, rows: Int, bias: UnsafePointer<Double>?,
                     output: UnsafeMutablePointer<Double>, rowStride: Int, count: Int,
                     tileStarts: UnsafePointer<Int>?, tileMasks: UnsafePointer<UInt64>?) {
        cvk_gemm_f64(isa.code, input, offsets, depth, packed, rows, bias, output, rowStride, count, tileStarts, tileMasks)
    }

    static func depthwise(_ isa: DenseInstructionSet, input: UnsafePointer<Double>, groupStride: Int,
                          offsets: UnsafePointer<Int>, depth: Int, weights: UnsafePointer<Double>, groups: Int,
                          bias: UnsafePointer<Double>?, output: UnsafeMutablePointer<Double>, outputGroupStride: Int,
                          count: Int, tileStarts: UnsafePointer<Int>?, tileMasks: UnsafePointer<UInt64>?) {
        cvk_depthwise_f64(isa.code, input, groupStride, offsets, depth, weights, groups, bias, output, outputGroupStride,
                          count, tileStarts, tileMasks)
    }

    static func depthwiseInterleaved(_ isa: DenseInstructionSet, input: UnsafePointer<Double>, inputPitch: Int,
                                     offsets: UnsafePointer<Int>, depth: Int, weights: UnsafePointer<Double>,
                                     weightStride: Int, groups: Int, bias: UnsafePointer<Double>?,
                                     output: UnsafeMutablePointer<Double>, outputPitch: Int, count: Int) {
        cvk_depthwise_interleaved_f64(isa.code, input, inputPitch, offsets, depth, weights, weightStride, groups, bias,
                                      output, outputPitch, count)
    }

    static func depthwiseRows(_ isa: DenseInstructionSet, input: UnsafePointer<Double>, groupStride: Int,
                              taps: DepthwiseRows, columnOffsets: UnsafePointer<Int>, columnWeights: UnsafePointer<Int>,
                              depth: Int, weights: UnsafePointer<Double>, groups: Int, bias: UnsafePointer<Double>?,
                              output: UnsafeMutablePointer<Double>, outputGroupStride: Int, rows: Int) -> Bool {
        cvk_depthwise_rows_f64(isa.code, input, groupStride, taps.pitch, columnOffsets, columnWeights,
                               taps.columnOffsets.count, taps.kernelRows, taps.weightRowStride, depth, weights, groups,
                               bias, output, outputGroupStride, taps.outputRowStride, rows, taps.columns) != 0
    }

    static func scatter(_ t: UnsafeScatterTables, channels: Int, source: UnsafePointer<Double>,
                        sourceChannelStride: Int, destination: UnsafeMutablePointer<Double>,
                        destinationChannelStride: Int, accumulate: Bool) {
        cvk_scatter_f64(t.rank, t.counts, t.starts, t.source, t.destination, channels,
                        source, sourceChannelStride, destination, destinationChannelStride, accumulate ? 1 : 0)
    }

    static func fill(_ t: UnsafeScatterTables, channels: Int, values: UnsafePointer<Double>?,
                     destination: UnsafeMutablePointer<Double>, destinationChannelStride: Int) {
        cvk_fill_f64(t.rank, t.counts, t.starts, t.destination, channels, values, destination, destinationChannelStride)
    }
}
