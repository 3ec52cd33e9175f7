/// One spatial axis as the dense path walks it: which original input element sits at each
/// position of the padded, dilated axis, and how the kernel taps split into stride phases.
///
/// With input `n`, kernel `k`, stride `s`, dilation `d`, input dilation `l` and pads `b`, `e`,
/// padded position `j` holds dilated position `m = j − b`; for zero padding that is input
/// `m / l` when `0 ≤ m < n'` and `l | m`, else a zero. For reflect, replicate and circular
/// (`l = 1`, `b, e ≥ 0`) every position holds an input: `−m` / `2(n−1)−m`, the clamped
/// edge, or `m mod n`. Output `o` reads positions `s·o + t·d`; writing `t·d = s·q + r`, tap
/// `t` reads phase `r` (positions `≡ r mod s`) at phase index `o + q`, so each phase is a
/// stride-1 convolution over contiguous memory. Only the phases some tap reads are kept
/// (``usedPhases``: at most `min(k, s)` of the `s`), so a stride far larger than the kernel's
/// span costs nothing for the phases no tap ever reads.
struct DenseAxis {
    let size: Int
    let kernel: Int
    let stride: Int
    let dilation: Int
    let inputDilation: Int
    let padBegin: Int
    let outputs: Int
    let mode: PaddingMode
    /// `{t·d mod s : 0 ≤ t < k}`, ascending: the phases some tap reads.
    let usedPhases: [Int]
    /// The slot of each used phase in ``usedPhases``.
    private let slots: [Int: Int]

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
        let (stride, dilation) = (self.stride, self.dilation)
        usedPhases = Set((0..<axis.kernelSize).map { $0 * dilation % stride }).sorted()
        slots = Dictionary(uniqueKeysWithValues: usedPhases.enumerated().map { ($1, $0) })
    }

    /// The position of phase `r` among ``usedPhases``, or `nil` when no tap reads it.
    func slot(ofPhase r: Int) -> Int? { slots[r] }

    /// The slot of tap `t`'s phase.
    func slot(ofTap t: Int) -> Int { slots[phase(ofTap: t)]! }

    /// `U = s·(count−1) + (k−1)·d + 1`: the padded positions read by `count` consecutive outputs.
    /// Saturates at `Int.max`: a valid geometry can have `U` beyond `Int` (a stride of 2⁶³ − 1
    /// with a pad that crops the second window's end), and the dense path then takes the
    /// definition (``DirectConvolution``) instead of walking `U`.
    func usedLength(outputs count: Int) -> Int {
        let (steps, overflow) = stride.multipliedReportingOverflow(by: count - 1)
        let (used, wrapped) = steps.addingReportingOverflow(dilation * (kernel - 1) + 1)
        return overflow || wrapped ? Int.max : used
    }

    /// `Q = ⌈U / s⌉ = (count − 1) + ⌈((k−1)·d + 1) / s⌉`: the length of each phase of those
    /// positions (the second form never overflows).
    func phaseLength(outputs count: Int) -> Int {
        let span = dilation * (kernel - 1) + 1
        return count - 1 + span / stride + (span % stride == 0 ? 0 : 1)
    }

    /// The pitch of this axis as the innermost axis of a flattened plane: `Q` (``phaseLength(outputs:)``),
    /// or less when consecutive rows can share zeros. With zero padding and a begin pad `b > 0`,
    /// each row of used phase `r` holds position `J·s + r` at column `J`: zeros in its first
    /// `lead_r = ⌈(b − r)/s⌉` columns and in its last `trail_r = Q − (⌊(b + (n−1)·l − r)/s⌋ + 1)`
    /// (past its last input), inputs or zeros between. A pitch `Q' = max(Q − S, outputs)` with
    /// `S = min_r min(lead_r, trail_r)` puts every column a tap reads past `Q'` (one of row
    /// `i`'s trailing zeros) on one of row `i + 1`'s leading zeros; the last term keeps the
    /// outputs of a row apart. So a 3×3 kernel with pads (1, 1) computes `n + 1` positions per
    /// row instead of `n + 2`, and a 7×7 kernel of stride 2 and pads (3, 3) on 224 inputs 114
    /// per phase row instead of 115. The buffer needs `Q − Q'` more zeros after its last row
    /// (``sharedPitchOverhang(outputs:)``). O(used phases).
    func sharedPitch(outputs count: Int) -> Int {
        let full = phaseLength(outputs: count)
        guard mode == .zeros, padBegin > 0, count >= 1, usedLength(outputs: count) != .max else { return full }
        let (span, overflow) = (size - 1).multipliedReportingOverflow(by: inputDilation)
        let (lastInput, wrapped) = padBegin.addingReportingOverflow(span)
        guard !overflow, !wrapped else { return full }
        var lead = full, trail = full
        for r in usedPhases {
            // Columns before the first input (J·s + r ≥ b) and from the first past the last one.
            lead = min(lead, max(0, ceilingDivision(padBegin - r, stride)))
            trail = min(trail, max(0, full - (lastInput < r ? 0 : (lastInput - r) / stride + 1)))
        }
        return sharedRowPitch(length: full, lead: lead, trail: trail, positions: count)
    }

    /// `U − Q'`: how far the last row's taps read past its pitch (0 without sharing).
    func sharedPitchOverhang(outputs count: Int) -> Int {
        phaseLength(outputs: count) - sharedPitch(outputs: count)
    }

    /// `|used phases|·Q + max q`: the positions per channel the phase plans size their buffers
    /// by on this axis (all outputs), saturated at `Int.max`.
    var planExtent: Int {
        let (phased, overflow) = usedPhases.count.multipliedReportingOverflow(by: phaseLength(outputs: outputs))
        let (extent, wrapped) = phased.addingReportingOverflow(maxShift)
        return overflow || wrapped ? Int.max : extent
    }

    /// The phase `r` of tap `t`: `t·d mod s`.
    func phase(ofTap t: Int) -> Int { t * dilation % stride }

    /// The shift `q` of tap `t` inside its phase: `⌊t·d / s⌋`.
    func shift(ofTap t: Int) -> Int { t * dilation / stride }

    /// The largest shift, `⌊(k−1)·d / s⌋`.
    var maxShift: Int { shift(ofTap: kernel - 1) }

    /// The positions `j` in `range` that hold an input and lie in a used phase (every other
    /// position is never read by a tap), with that input (``source(_:)``), in ascending `j`.
    /// Whichever is shorter is enumerated: for zero padding the `n` positions `b + m·l` that
    /// can hold an input — O(n), however long a huge pad or dilation makes the padded axis —
    /// or the used phases' positions, O(|used phases|·⌈range/s⌉) — however long the axis, when
    /// the stride is far larger than the kernel's span.
    func sourcedPositions(in range: Range<Int>) -> [(position: Int, source: Int)] {
        // ⌈count / s⌉ without forming count + s − 1 (a range near Int.max with a stride of 2⁶²).
        let perPhase = range.count / stride + (range.count % stride == 0 ? 0 : 1)
        let (walk, overflow) = usedPhases.count.multipliedReportingOverflow(by: perPhase)
        if mode == .zeros, overflow || size <= walk {
            return (0..<size).compactMap { m in
                let j = padBegin + m * inputDilation
                return range.contains(j) && slots[j % stride] != nil ? (j, m) : nil
            }
        }
        var listed = [(position: Int, source: Int)]()
        listed.reserveCapacity(overflow ? 0 : walk)
        let lowPhase = range.lowerBound % stride
        for r in usedPhases {
            let (start, overflow) = range.lowerBound.addingReportingOverflow(r >= lowPhase ? r - lowPhase : r - lowPhase + stride)
            var j = overflow ? range.upperBound : start
            while j < range.upperBound {
                if let i = source(j) { listed.append((j, i)) }
                let (next, overflow) = j.addingReportingOverflow(stride)
                if overflow { break }
                j = next
            }
        }
        return stride == 1 ? listed : listed.sorted { $0.position < $1.position }
    }

    /// At most how many entries ``sourcedPositions(in:)`` lists over the `count` outputs'
    /// positions (`U = usedLength(outputs: count)`): `min(n, |used phases|·⌈U/s⌉)` for zero
    /// padding, `|used phases|·⌈U/s⌉` for the modes that fill every position; `Int.max` on
    /// overflow. O(1), for checking the tables against the budget before they are built.
    func sourcedPositionBound(outputs count: Int) -> Int {
        let (listed, overflow) = usedPhases.count.multipliedReportingOverflow(by: phaseLength(outputs: count))
        let bound = overflow ? Int.max : listed
        return mode == .zeros ? min(size, bound) : bound
    }

    /// The original input index at padded position `j`, or `nil` for a zero.
    func source(_ j: Int) -> Int? {
        let (m, overflow) = j.subtractingReportingOverflow(padBegin)
        return overflow ? sourceBeyondTheEnd : source(dilated: m)
    }

    /// The input read by output `o`'s tap `t`, at padded position `o·s + t·d` — which may lie
    /// beyond `Int` for a huge stride whose last window is cropped by the end pad.
    func source(output o: Int, tap t: Int) -> Int? {
        let (steps, overflow) = o.multipliedReportingOverflow(by: stride)
        let (j, wrapped) = steps.addingReportingOverflow(t * dilation)
        return overflow || wrapped ? sourceBeyondTheEnd : source(j)
    }

    /// What a position past the last input holds when its index does not fit in `Int`: a zero,
    /// or the edge for replicate (reflect and circular pads are shorter than the axis, so their
    /// positions always fit).
    private var sourceBeyondTheEnd: Int? { mode == .replicate ? size - 1 : nil }

    /// The input at dilated position `m = j − b`.
    private func source(dilated m: Int) -> Int? {
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

/// The pitch of rows of `length` columns that begin with `lead` zero columns and end with
/// `trail` (both ≥ 0), laid one after another so that a read past a row's end lands on the
/// next row's leading zeros: `length − min(lead, trail)`, but never below `positions`, the
/// columns a row's results must keep apart. Serves the forward's phase buffer
/// (``DenseAxis/sharedPitch(outputs:)``) and the transposed plan's `ŷ`. O(1).
func sharedRowPitch(length: Int, lead: Int, trail: Int, positions: Int) -> Int {
    max(length - min(lead, trail), positions)
}
