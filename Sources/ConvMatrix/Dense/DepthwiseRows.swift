/// How the row-blocked depthwise kernel (`cvk_depthwise_rows_f32`) reads a forward plan's
/// phase buffer: the planes of the last two spatial axes, one call per index of the axes
/// before them, each output row's taps read from `kernelRows` buffer rows one output row
/// apart.
///
/// It applies when the plan is depthwise, has two or more spatial axes, writes `y` directly
/// (``ForwardPlan/OutputMode/direct`` or ``ForwardPlan/OutputMode/packed``: the output plane
/// is row-major) and every tap `(…, t_r, …)` reads `kernelRows` rows of one tap column
/// exactly one output row apart: `off(t) = off(t with t_r = 0) + t_r·pitch`, `pitch` the
/// buffer's index stride of the row axis. That is stride 1 and dilation 1 along the rows
/// (a stride or dilation there puts the taps of one column in other phases or rows); the
/// column axis may have any stride and dilation. `kernelRows` is 2…7 (the kernel's
/// unrolled cases).
///
/// Reads: for output `(outer…, r, c)`, tap column `m` and kernel row `d`, the buffer at
/// `outer + off(m) + (r + d)·pitch + c` with `outer = Σ_{a<R−2} o_a·indexStrides[a]`: the
/// flattened kernel's `off(t) + p` for the same position, so the buffer's read slack covers
/// both (the row kernel's last column tile reads at most a tile width past the row's end).
struct DepthwiseRows {
    /// The buffer offset of each tap column's first row, and its weight index.
    let columnOffsets: [Int]
    let columnWeights: [Int]
    /// Taps per column (the kernel's extent along the row axis) and the weight index stride
    /// between consecutive rows of a column (the product of the kernel's later extents).
    let kernelRows: Int
    let weightRowStride: Int
    /// Buffer and output strides of the row axis; outputs per row (the column axis).
    let pitch: Int
    let outputRowStride: Int
    let columns: Int

    /// The row kernel's tables for `plan`, or nil when it does not apply (see the type).
    /// - Complexity: O(Πk) over the plan's tap offsets.
    init?(_ plan: ForwardPlan) {
        let g = plan.geometry, rank = plan.axes.count
        guard plan.isDepthwise, rank >= 2, plan.outputMode == .direct || plan.outputMode == .packed else { return nil }
        let shape = g.kernelShape, rowAxis = rank - 2
        let rows = shape[rowAxis], trailing = shape[rank - 1]
        guard (2...7).contains(rows) else { return nil }
        let pitch = plan.indexStrides[rowAxis]
        var offsets = [Int](), weights = [Int]()
        for (k, tap) in kernelTaps(shape).enumerated() {
            // Flat tap index of (…, t_r, t_last): t_r moves it by `trailing`.
            let first = k - tap[rowAxis] * trailing
            guard plan.offsets[k] == plan.offsets[first] + tap[rowAxis] * pitch else { return nil }
            if tap[rowAxis] == 0 {
                offsets.append(plan.offsets[k])
                weights.append(k)
            }
        }
        columnOffsets = offsets
        columnWeights = weights
        kernelRows = rows
        weightRowStride = trailing
        self.pitch = pitch
        outputRowStride = plan.outputStrides[rowAxis + 1]
        columns = plan.axes[rank - 1].outputs
    }

    /// The planes of one slab: for each index of the axes before the row axis (axis 0 within
    /// the slab), the offset of its plane in the buffer and in the slab's part of `y`, and the
    /// rows per plane. O(planes · rank).
    func planes(of plan: ForwardPlan, slab: Range<Int>) -> (starts: [(buffer: Int, output: Int)], rows: Int) {
        let rowAxis = plan.axes.count - 2
        // The outer axes' indices in row-major order (none for a plane: one start).
        let starts = plan.outerStarts(Array(([slab.count] + plan.axes.dropFirst().map(\.outputs)).prefix(rowAxis)))
        // A plane of a 2-D plan is the slab itself.
        return (starts, rowAxis == 0 ? slab.count : plan.axes[rowAxis].outputs)
    }
}
