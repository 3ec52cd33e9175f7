import ConvMatrixTestSupport
import Testing

/// `explain` names the kernel positions that land on padding (and what the padding mode put
/// there), on injected zeros, or between and beyond a transposed layer's inputs; and it keeps
/// "input" and "output" the layer's own. Expected lines are derived by hand in the comments.
@Suite struct ExplainTapsTests {
    /// Hybrid layer, output (1, 0): on axis 0 the tap a reads dilated row p = 1 − 1 + a = a
    /// (p = 1 is an injected zero); on axis 1, tap b reads column q = 0 − 1 + b (b = 0 is
    /// the left padding). Padding wins on (1, 0); the injected zeros left are (1, 1), (1, 2).
    @Test func hybridLayerNamesPaddingAndInjectedZeros() throws {
        let result = try CLI.run(["explain", "nn.Conv2d(1, 1, 3, stride=(0.5, 2), padding=1)", "--input", "1x1x4x5",
                                  "--output", "0,0,1,0"])
        #expect(result.status == 0, "\(result)")
        #expect(result.lines.contains("kernel positions on padding or injected zeros here (5 of 9):"))
        #expect(result.lines.contains("  zero padding before the input on axis 1 (adds 0): (0, 0), (1, 0), (2, 0)"))
        #expect(result.lines.contains("  a zero injected between inputs on axis 0 (input dilation 2, the fractional stride 1/2; adds 0): (1, 1), (1, 2)"))
        // The four taps left read x rows 0 and 1 (dilated rows 0 and 2), columns 0 and 1.
        #expect(result.lines.contains("  y[c=0, 1, 0] = 2·x[c=0, 0, 0] + 3·x[c=0, 0, 1] + 8·x[c=0, 1, 0] + 9·x[c=0, 1, 1]"))
    }

    /// Circular padding 1 on 5×5, output (0, 0): tap (a, b) reads (a − 1, b − 1) mod 5, so the
    /// five taps with a = 0 or b = 0 read copies: (0, 0) → (4, 4), (0, 1) → (4, 0),
    /// (0, 2) → (4, 1), (1, 0) → (0, 4), (2, 0) → (1, 4).
    @Test func circularPaddingNamesTheCopiedElements() throws {
        let result = try CLI.run(["explain", "nn.Conv2d(2, 4, 3, padding=1, groups=2, padding_mode='circular')",
                                  "--input", "1x2x5x5", "--output", "0,1,0,0"])
        #expect(result.status == 0, "\(result)")
        #expect(result.lines.contains("  circular padding: a copy of an input element: (0, 0) reads x[c=·, 4, 4], (0, 1) reads x[c=·, 4, 0], (0, 2) reads x[c=·, 4, 1], (1, 0) reads x[c=·, 0, 4], (2, 0) reads x[c=·, 1, 4]"))
    }

    /// Reflect padding 1 on length 4, output 0: tap 0 reads position −1, reflected to 1.
    @Test func reflectPaddingNamesTheReflectedElement() throws {
        let result = try CLI.run(["explain", "nn.Conv1d(1, 1, 3, padding=1, padding_mode='reflect')", "--input", "1x1x4",
                                  "--row", "0"])
        #expect(result.lines.contains("  reflect padding: a copy of an input element: (0) reads x[c=·, 1]"), "\(result)")
        // Zeros padding stores nothing there, and says so.
        let zeros = try CLI.run(["explain", "nn.Conv1d(1, 1, 3, padding=1)", "--input", "1x1x4", "--row", "0"])
        #expect(zeros.lines.contains("  zero padding before the input on axis 0 (adds 0): (0)"), "\(zeros)")
        // An interior output misses nothing: no section.
        let inside = try CLI.run(["explain", "nn.Conv1d(1, 1, 3, padding=1)", "--input", "1x1x4", "--row", "1"])
        #expect(!inside.stdout.contains("kernel positions"))
    }

    /// ConvTranspose2d(1, 1, 3, stride=2, padding=1), output (1, 1): per axis, tap t takes input
    /// o = (1 + 1 − t) / 2, whole for t = 0 (o = 1) and t = 2 (o = 0); t = 1 falls between two
    /// inputs. So 4 of 9 taps reach y — the "4" of the checkerboard — and the rest are named.
    @Test func transposedOutputNamesStrideGaps() throws {
        let result = try CLI.run(["explain", "nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1)", "--input", "1x1x4x4",
                                  "--output", "0,0,1,1"])
        #expect(result.status == 0, "\(result)")
        #expect(result.lines.contains("kernel positions that reach no input of the layer here (5 of 9):"))
        #expect(result.lines.contains("  between the layer's inputs on axis 0, where its stride 2 inserts zeros (adds 0): (1, 0), (1, 1), (1, 2)"))
        #expect(result.lines.contains("  between the layer's inputs on axis 1, where its stride 2 inserts zeros (adds 0): (0, 1), (2, 1)"))
        // Output (0, 0) of ConvTranspose1d(1, 1, 3, stride=2) with padding 0 on 2 inputs: tap t
        // takes o = (0 − t)/2: t = 0 → y[0]; t = 2 → o = −1, beyond the input.
        let edge = try CLI.run(["explain", "nn.ConvTranspose1d(1, 1, 3, stride=2)", "--input", "1x1x2", "--output", "0,0,0"])
        #expect(edge.lines.contains("  beyond the layer's input on axis 0, the border its padding crops (adds 0): (2)"), "\(edge)")
        #expect(edge.lines.contains("  between the layer's inputs on axis 0, where its stride 2 inserts zeros (adds 0): (1)"), "\(edge)")
    }

    /// ConvTranspose2d(1, 1, 3, stride=2, padding=1): input y[0, 0] sends tap t to output
    /// 2·0 + t − 1 per axis, so t = 0 lands at −1, in the border the padding crops.
    @Test func transposedInputNamesCroppedTaps() throws {
        let result = try CLI.run(["explain", "nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1)", "--input", "1x1x4x4",
                                  "--input-element", "0,0,0,0"])
        #expect(result.lines.contains("kernel positions that send nothing to the layer's output here (5 of 9):"), "\(result)")
        #expect(result.lines.contains("  before the layer's output on axis 0, in the border its padding crops: (0, 0), (0, 1), (0, 2)"))
        #expect(result.lines.contains("  before the layer's output on axis 1, in the border its padding crops: (1, 0), (2, 0)"))
    }

    /// A transposed layer's input is y (W's rows) and its output x (W's columns): no line may
    /// call an x element an input or a y element an output, whichever way it is named.
    @Test(arguments: [["--output", "0,0,3,3"], ["--input-element", "0,0,1,0"], ["--col", "5"], ["--row", "2"]])
    func transposedLayersKeepTheirWords(element: [String]) throws {
        let result = try CLI.run(["explain", "nn.ConvTranspose2d(1, 1, 2, stride=2)", "--input", "1x1x2x2"] + element)
        #expect(result.status == 0, "\(result)")
        for bad in ["input x[", "output y[", "input element x[", "output element y[", "inputs x", "outputs y"] {
            #expect(!result.stdout.contains(bad), "'\(bad)' in\n\(result.stdout)")
        }
    }
}
