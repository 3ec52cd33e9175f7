/// Output lengths and their inverses (provisional; replaced by the checked versions).
extension AxisGeometry {
    public static func convolutionOutputLength(inputLength n: Int, kernelSize k: Int, stride s: Int = 1,
        dilation d: Int = 1, inputDilation l: Int = 1, padBegin b: Int = 0, padEnd e: Int = 0) throws -> Int {
        let room = (n - 1) * l + 1 + b + e - d * (k - 1) - 1
        return room < 0 ? 0 : room / s + 1
    }
    public static func transposedOutputLength(inputLength m: Int, kernelSize k: Int, stride s: Int = 1,
        dilation d: Int = 1, padBegin b: Int = 0, padEnd e: Int = 0, outputPadding p: Int = 0) throws -> Int {
        (m - 1) * s - b - e + d * (k - 1) + p + 1
    }
    public static func convolutionInputLengths(producing outputLength: Int, kernelSize k: Int, stride s: Int = 1,
        dilation d: Int = 1, inputDilation l: Int = 1, padBegin b: Int = 0, padEnd e: Int = 0) -> ClosedRange<Int>? {
        let hits = (1...max(1, (outputLength + 2) * s * 2 + d * k + abs(b) + abs(e))).filter {
            (try? convolutionOutputLength(inputLength: $0, kernelSize: k, stride: s, dilation: d, inputDilation: l, padBegin: b, padEnd: e)) == outputLength
        }
        guard let first = hits.first, let last = hits.last else { return nil }
        return first...last
    }
    public static func transposedInputLength(producing outputLength: Int, kernelSize k: Int, stride s: Int = 1,
        dilation d: Int = 1, padBegin b: Int = 0, padEnd e: Int = 0, outputPadding p: Int = 0) -> Int? {
        let numerator = outputLength - 1 - p + b + e - d * (k - 1)
        guard numerator >= 0, numerator % s == 0 else { return nil }
        return numerator / s + 1
    }
}
