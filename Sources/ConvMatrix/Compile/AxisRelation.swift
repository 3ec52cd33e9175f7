/// The compiler's derivation of which input element each output element reads along one
/// spatial axis, and through which kernel taps.
///
/// For output position `o` and kernel tap `t` the padded coordinate is `q = o·s + t·d` and the
/// dilated-input coordinate `u = q − b`. With zeros padding the tap reads input `u / l` when
/// `0 ≤ u < n'` and `l | u`, and nothing otherwise. With reflect / replicate / circular
/// (input dilation 1, non-negative pads) an out-of-range `u` is mapped back into `0 ..< n`.
/// Entries of one output are sorted by input index; taps that land on the same input (possible
/// with reflect, replicate, circular) are merged into one entry carrying every tap.
///
/// Stored in compressed form: output `o` owns entries `pointers[o] ..< pointers[o+1]`;
/// entry `e` reads `inputs[e]` through taps `taps[tapPointers[e] ..< tapPointers[e+1]]`.
///
/// - Complexity: O(O + E·log k) time and O(O + E) space for an axis with `O` outputs, kernel
///   `k` and `E` taps that land inside the dilated input (all `O·k` taps with other padding
///   modes); with zeros padding only the taps inside the input are visited, so a huge pad costs
///   O(O), which the compiler budgets before building the relation.
struct AxisRelation: Sendable {
    let pointers: [Int]
    let inputs: [Int]
    let tapPointers: [Int]
    let taps: [Int]

    init(_ axis: AxisGeometry, mode: PaddingMode) {
        var pointers = [0], inputs = [Int](), tapPointers = [0], taps = [Int]()
        var reads = [(input: Int, tap: Int)]()
        reads.reserveCapacity(axis.kernelSize)
        for o in 0..<axis.outputSize {
            reads.removeAll(keepingCapacity: true)
            for t in Self.taps(of: o, axis: axis, mode: mode) {
                let u = o * axis.stride - axis.padBegin + t * axis.dilation
                if let i = Self.source(of: u, axis: axis, mode: mode) { reads.append((i, t)) }
            }
            reads.sort { $0.input != $1.input ? $0.input < $1.input : $0.tap < $1.tap }
            var previous = -1
            for read in reads {
                if read.input != previous {
                    if previous >= 0 { tapPointers.append(taps.count) }
                    inputs.append(read.input)
                    previous = read.input
                }
                taps.append(read.tap)
            }
            if previous >= 0 { tapPointers.append(taps.count) }
            pointers.append(inputs.count)
        }
        self.pointers = pointers
        self.inputs = inputs
        self.tapPointers = tapPointers
        self.taps = taps
    }

    /// The taps of output `o` worth visiting: with zeros padding those whose dilated coordinate
    /// `u = o·s − b + t·d` lies in `0 ..< n'`, otherwise all of them. `o·s − b` can exceed
    /// `Int.max` only when every tap lands after the input (then the range is empty).
    static func taps(of o: Int, axis: AxisGeometry, mode: PaddingMode) -> Range<Int> {
        let k = axis.kernelSize, d = axis.dilation
        guard mode == .zeros else { return 0..<k }
        let (start, above) = (o * axis.stride).subtractingReportingOverflow(axis.padBegin)
        let (room, beyond) = (axis.dilatedInputSize - 1).subtractingReportingOverflow(start)
        guard !above, room >= 0 || beyond else { return 0..<0 }
        let first = max(0, ceilingDivision(-start, d)), last = min(k - 1, beyond ? k - 1 : floorDivision(room, d))
        return first <= last ? first..<(last + 1) : 0..<0
    }

    /// `Σ_o |taps(of: o)|`, the taps the relation visits, saturated at `Int.max`: the number of
    /// (entry, tap) incidences of this axis when the input is not dilated (`l = 1`) or the
    /// padding mode is not zeros, an upper bound otherwise.
    ///
    /// - Complexity: O(O), no allocation.
    static func visitCount(_ axis: AxisGeometry, mode: PaddingMode) -> Int {
        var total = 0
        for o in 0..<axis.outputSize {
            let (sum, overflow) = total.addingReportingOverflow(taps(of: o, axis: axis, mode: mode).count)
            if overflow { return .max }
            total = sum
        }
        return total
    }

    /// The input index read at dilated coordinate `u`, or `nil` for a zero.
    private static func source(of u: Int, axis: AxisGeometry, mode: PaddingMode) -> Int? {
        let dilated = axis.dilatedInputSize
        if u >= 0 && u < dilated {
            return u % axis.inputDilation == 0 ? u / axis.inputDilation : nil
        }
        let n = axis.inputSize  // modes other than zeros come with input dilation 1
        switch mode {
        case .zeros: return nil
        case .reflect: return u < 0 ? -u : 2 * (n - 1) - u
        case .replicate: return u < 0 ? 0 : n - 1
        case .circular: return ((u % n) + n) % n
        }
    }

    /// Number of entries of output `o`.
    func entryCount(_ o: Int) -> Int { pointers[o + 1] - pointers[o] }

    /// Number of (entry, tap) incidences of output `o`.
    func incidenceCount(_ o: Int) -> Int { tapPointers[pointers[o + 1]] - tapPointers[pointers[o]] }

    /// Runs `body` with the four arrays as buffers (no reference counting in hot loops).
    @inline(__always)
    func withBuffers<R>(_ body: (UnsafeBufferPointer<Int>, UnsafeBufferPointer<Int>, UnsafeBufferPointer<Int>,
                                 UnsafeBufferPointer<Int>) -> R) -> R {
        pointers.withUnsafeBufferPointer { p in
            inputs.withUnsafeBufferPointer { i in
                tapPointers.withUnsafeBufferPointer { tp in taps.withUnsafeBufferPointer { t in body(p, i, tp, t) } }
            }
        }
    }

    /// True when every entry carries exactly one tap (always so for zeros padding).
    var isSingleTap: Bool { taps.count == inputs.count }
}
