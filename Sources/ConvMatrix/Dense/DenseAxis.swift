/// One spatial axis as the dense path walks it: which original input element sits at each
/// position of the padded, dilated axis, and how the kernel taps split into stride phases.
///
/// With input `n`, kernel `k`, stride `s`, dilation `d`, input dilation `l` and pads `b`, `e`,
/// padded position `j` holds dilated position `m = j − b`; for zero padding that is input
/// `m / l` when `0 ≤ m < n'` and `l | m`, else a zero. For reflect, replicate and circular
/// (`l = 1`, `b, e ≥ 0`) every position holds an input: `−m` / `2(n−1)−m`, the clamped
/// edge, or `m mod n`. Output `o` reads positions `s·o + t·d`; writing `t·d = s·q + r`, tap
/// `t` reads phase `r` (positions `≡ r mod s`) at phase index `o + q`, so each phase is a
/// stride-1 convolution over contiguous memory.
struct DenseAxis {
    let size: Int
    let kernel: Int
    let stride: Int
    let dilation: Int
    let inputDilation: Int
    let padBegin: Int
    let outputs: Int
    let mode: PaddingMode

    init(_ axis: AxisGeometry, mode: PaddingMode) {
        size = axis.inputSize
        kernel = axis.kernelSize
        // With one output the window never moves: the stride changes nothing, and as 1 it keeps
        // the phase split to one phase (a stride of 2³¹ on a length-1 axis would make 2³¹).
        stride = axis.outputSize == 1 ? 1 : axis.stride
        dilation = axis.dilation
        inputDilation = axis.inputDilation
        padBegin = axis.padBegin
        outputs = axis.outputSize
        self.mode = mode
    }

    /// `U = s·(count−1) + (k−1)·d + 1`: the padded positions read by `count` consecutive outputs.
    func usedLength(outputs count: Int) -> Int { stride * (count - 1) + dilation * (kernel - 1) + 1 }

    /// `Q = ⌈U / s⌉`: the length of each phase of those positions.
    func phaseLength(outputs count: Int) -> Int {
        (usedLength(outputs: count) + stride - 1) / stride
    }

    /// The phase `r` of tap `t`: `t·d mod s`.
    func phase(ofTap t: Int) -> Int { t * dilation % stride }

    /// The shift `q` of tap `t` inside its phase: `⌊t·d / s⌋`.
    func shift(ofTap t: Int) -> Int { t * dilation / stride }

    /// The largest shift, `⌊(k−1)·d / s⌋`.
    var maxShift: Int { shift(ofTap: kernel - 1) }

    /// The positions `j` in `range` that hold an input, with that input (``source(_:)``), in
    /// ascending `j`. For zero padding only the `n` positions `b + m·l` can, so they are
    /// enumerated directly: O(n), however long the padded axis (a huge pad or dilation makes
    /// it billions long while the input stays small). Other modes hold an input everywhere:
    /// O(range.count).
    func sourcedPositions(in range: Range<Int>) -> [(position: Int, source: Int)] {
        guard mode == .zeros else { return range.compactMap { j in source(j).map { (j, $0) } } }
        return (0..<size).compactMap { m in
            let j = padBegin + m * inputDilation
            return range.contains(j) ? (j, m) : nil
        }
    }

    /// The original input index at padded position `j`, or `nil` for a zero.
    func source(_ j: Int) -> Int? {
        let m = j - padBegin
        switch mode {
        case .zeros:
            let dilated = (size - 1) * inputDilation + 1
            guard m >= 0, m < dilated, m % inputDilation == 0 else { return nil }
            return m / inputDilation
        case .reflect:
            if m < 0 { return -m }
            if m >= size { return 2 * (size - 1) - m }
            return m
        case .replicate:
            return min(max(m, 0), size - 1)
        case .circular:
            return ((m % size) + size) % size
        }
    }
}
