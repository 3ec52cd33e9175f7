/// The shape math of one axis: forward and transposed output lengths and their inverses.
///
/// Notation: input length `n`, kernel `k`, stride `s`, kernel dilation `d`, input dilation `l`,
/// pads `b` (begin) and `e` (end; negative pads crop), transposed input length `m`, output
/// padding `p`. Every other place in ConvMatrix that needs one of these lengths calls these.
///
/// All arithmetic is checked: a length that does not fit in `Int` throws a ``ConvMatrixError``
/// of kind ``ConvMatrixError/Kind/overBudget`` naming the parameter; an out-of-domain parameter
/// (`k < 1`, `s < 1`, …) throws ``ConvMatrixError/Kind/invalidParameter``.
extension AxisGeometry {
    /// The convolution output length
    ///
    ///     ⌊((n−1)·l + 1 + b + e − d·(k−1) − 1) / s⌋ + 1,
    ///
    /// or `0` when the kernel does not fit (the padded input `(n−1)·l + 1 + b + e` is shorter
    /// than the kernel span `d·(k−1) + 1`, negative pads included).
    ///
    /// - Throws: `.invalidParameter` when `n`, `k`, `s`, `d` or `l` is below 1; `.overBudget`
    ///   when `(n−1)·l`, `d·(k−1)` or the padded length exceeds `2⁶³ − 1`.
    /// - Complexity: O(1).
    public static func convolutionOutputLength(inputLength n: Int, kernelSize k: Int, stride s: Int = 1,
                                               dilation d: Int = 1, inputDilation l: Int = 1, padBegin b: Int = 0,
                                               padEnd e: Int = 0) throws -> Int {
        try outputLength(n: n, k: k, s: s, d: d, l: l, b: b, e: e, axis: nil)
    }

    /// The transposed-convolution output length (PyTorch's `ConvTranspose`)
    ///
    ///     (m−1)·s − b − e + d·(k−1) + p + 1,
    ///
    /// the input length of the convolution this layer transposes. It is ≤ 0 when the pads crop
    /// more than the layer produces; such a layer is invalid and its callers say so.
    ///
    /// - Throws: `.invalidParameter` when `m`, `k`, `s` or `d` is below 1, when `p` is not in
    ///   `0 ..< max(s, d)`, or when the length is below `−2⁶³`; `.overBudget` when it (or
    ///   `(m−1)·s`, `d·(k−1)`) exceeds `2⁶³ − 1`.
    /// - Complexity: O(1).
    public static func transposedOutputLength(inputLength m: Int, kernelSize k: Int, stride s: Int = 1,
                                              dilation d: Int = 1, padBegin b: Int = 0, padEnd e: Int = 0,
                                              outputPadding p: Int = 0) throws -> Int {
        try transposedLength(m: m, k: k, s: s, d: d, b: b, e: e, p: p, axis: nil)
    }

    /// Every input length `n ≥ 1` whose convolution output length is `outputLength`.
    ///
    /// With `R(n) = (n−1)·l + b + e − d·(k−1)`, the output is `⌊R/s⌋ + 1` for `R ≥ 0`, so output
    /// `O ≥ 1` needs `(O−1)·s ≤ R(n) ≤ (O−1)·s + s − 1`, and output `0` needs `R(n) ≤ −1`.
    /// `R` grows by `l` per unit of `n`, so the solutions are consecutive: up to `⌈s/l⌉` lengths
    /// for `O ≥ 1` (`s` of them with `l = 1`, fewer where `n ≥ 1` cuts them off).
    ///
    /// - Returns: the lengths, or `nil` when there is none, a parameter is out of its domain, or
    ///   the lengths would not fit in `Int` (then ``convolutionOutputLength(inputLength:kernelSize:stride:dilation:inputDilation:padBegin:padEnd:)`` throws for them).
    /// - Complexity: O(1).
    public static func convolutionInputLengths(producing outputLength: Int, kernelSize k: Int, stride s: Int = 1,
                                               dilation d: Int = 1, inputDilation l: Int = 1, padBegin b: Int = 0,
                                               padEnd e: Int = 0) -> ClosedRange<Int>? {
        let o = outputLength
        guard o >= 0, k >= 1, s >= 1, d >= 1, l >= 1 else { return nil }
        let (reach, reachOverflow) = d.multipliedReportingOverflow(by: k - 1)
        guard !reachOverflow else { return nil }
        // R(n) ∈ [lowRoom, highRoom], as (n−1)·l ∈ [low, high] with low = lowRoom − b − e + d·(k−1).
        var low = 0
        if o >= 1 {
            let (lowRoom, overflow) = (o - 1).multipliedReportingOverflow(by: s)
            guard !overflow else { return nil }
            switch exactSum([lowRoom, reach] + negatedTerms(b) + negatedTerms(e)) {
            case .success(let value): low = max(value, 0)
            case .failure(.above): return nil
            case .failure(.below): low = 0
            }
        }
        let highRoom: Int
        if o >= 1 {
            let (top, overflow) = o.multipliedReportingOverflow(by: s)
            highRoom = overflow ? .max : top - 1
        } else {
            highRoom = -1
        }
        let high: Int
        switch exactSum([highRoom, reach] + negatedTerms(b) + negatedTerms(e)) {
        case .success(let value): high = value
        case .failure(.above): high = .max
        case .failure(.below): return nil
        }
        // n − 1 = j with j·l ∈ [low, high], j ≥ 0, and n = j + 1 ≤ Int.max.
        let first = ceilingDivision(low, l), last = min(floorDivision(high, l), Int.max - 1)
        guard first <= last else { return nil }
        return (first + 1)...(last + 1)
    }

    /// The transposed input length `m ≥ 1` that gives `outputLength` with this output padding:
    /// `m = (N − 1 + b + e − d·(k−1) − p) / s + 1` when that division is exact; `nil` otherwise,
    /// when a parameter is out of its domain (`p` must be in `0 ..< max(s, d)`), or when `m`
    /// would not fit in `Int`.
    ///
    /// - Complexity: O(1).
    public static func transposedInputLength(producing outputLength: Int, kernelSize k: Int, stride s: Int = 1,
                                             dilation d: Int = 1, padBegin b: Int = 0, padEnd e: Int = 0,
                                             outputPadding p: Int = 0) -> Int? {
        guard outputLength >= 1, k >= 1, s >= 1, d >= 1, p >= 0, p < max(s, d) else { return nil }
        let (reach, overflow) = d.multipliedReportingOverflow(by: k - 1)
        guard !overflow, case .success(let stretched) = exactSum([outputLength, -1, b, e, -reach, -p]),
              stretched >= 0, stretched % s == 0, stretched / s < Int.max else { return nil }
        return stretched / s + 1
    }

    /// The output lengths a transposed convolution of input length `m` may produce,
    ///
    ///     max(1, L₀) … L₀ + max(s, d) − 1,   L₀ = (m−1)·s − b − e + d·(k−1) + 1:
    ///
    /// `output_padding` `p ∈ 0 ..< max(s, d)` (PyTorch's rule), or PyTorch's `output_size`,
    /// picks one of them, `p = length − L₀`.
    ///
    /// - Throws: as ``transposedOutputLength(inputLength:kernelSize:stride:dilation:padBegin:padEnd:outputPadding:)``,
    ///   and `.invalidParameter` naming the pads when no output padding gives a length ≥ 1.
    /// - Complexity: O(1).
    public static func transposedOutputLengths(inputLength m: Int, kernelSize k: Int, stride s: Int = 1,
                                               dilation d: Int = 1, padBegin b: Int = 0,
                                               padEnd e: Int = 0) throws -> ClosedRange<Int> {
        try transposedLengths(m: m, k: k, s: s, d: d, b: b, e: e, axis: nil)
    }
}

/// `⌊a / b⌋` for `b > 0`, without overflow.
func floorDivision(_ a: Int, _ b: Int) -> Int {
    let q = a / b
    return a % b != 0 && a < 0 ? q - 1 : q
}

/// `⌈a / b⌉` for `b > 0`, without overflow.
func ceilingDivision(_ a: Int, _ b: Int) -> Int {
    let q = a / b
    return a % b != 0 && a > 0 ? q + 1 : q
}
