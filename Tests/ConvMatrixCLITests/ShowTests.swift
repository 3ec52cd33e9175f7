import ConvMatrixTestSupport
import Testing

/// `convmat show`: the built-in example, a layer's grid (checked against the chapter's printed
/// matrix), the transposed view, and the summary of a large layer (numbers derived by hand).
@Suite struct ShowTests {
    /// The 4×9 W of the chapter as it must print: K = [[1, 2], [3, 4]] slid over a 3×3 input,
    /// rows y[c, i, j] for the 2×2 output, columns x[c, i, j] for the 3×3 input, '.' off the band.
    static let chapterGrid = """
                      x[c=0, 0, 0]  x[c=0, 0, 1]  x[c=0, 0, 2]  x[c=0, 1, 0]  x[c=0, 1, 1]  x[c=0, 1, 2]  x[c=0, 2, 0]  x[c=0, 2, 1]  x[c=0, 2, 2]
        y[c=0, 0, 0]             1             2             .             3             4             .             .             .             .
        y[c=0, 0, 1]             .             1             2             .             3             4             .             .             .
        y[c=0, 1, 0]             .             .             .             1             2             .             3             4             .
        y[c=0, 1, 1]             .             .             .             .             1             2             .             3             4
        """

    @Test func builtInExampleIsTheREADMEsMainJob() throws {
        let result = try CLI.run(["show"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("Convolution of a 3×3 input x with the 2×2 kernel K = [[1, 2], [3, 4]] (stride 1, no padding):"))
        #expect(result.stdout.contains("W: 4 × 9, nnz 16, density 44.4%, int32 indices\n" + Self.chapterGrid + "\n"), "\(result)")
        #expect(result.lines.contains("W·x     = [27, 37, 57, 67]          (the convolution, 2×2 output)"))
        #expect(result.lines.contains("Wᵀ·W·x  = [27, 91, 74, 138, 400, 282, 171, 429, 268]   (the transposed convolution of W·x, 3×3 output)"))
        #expect(result.lines.contains("sparse and dense agree (max |difference| = 0)"))
        #expect(result.stderr.isEmpty)
    }

    /// The acceptance command: the transposed convolution's W is the chapter's kernel2matrix(K).
    /// The full labels need 138 columns: with COLUMNS=160 they fit (at 120 `show` goes compact).
    @Test func transposedConvolutionShowsTheChaptersMatrix() throws {
        let wide = ["COLUMNS": "160"]
        let result = try CLI.run(["show", "nn.ConvTranspose2d(1, 1, kernel_size=2, bias=False)", "--input", "1x1x2x2",
                                  "--fill", "arange"], environment: wide)
        #expect(result.status == 0, "\(result)")
        let lines = result.lines
        #expect(lines.contains("input   (1, 1, 2, 2)  channels_first"))
        #expect(lines.contains("output  (1, 1, 3, 3)  channels_first"))  // (2 − 1)·1 + 2 = 3 per axis
        #expect(lines.contains("        w[0, 0] = [[1, 2], [3, 4]]"))
        #expect(lines.contains("bias    none (bias=False)"))
        #expect(result.stdout.contains("x = Wᵀ·y"))
        #expect(result.stdout.contains("W: 4 × 9, nnz 16, density 44.4%, int32 indices\n" + Self.chapterGrid + "\n"), "\(result)")
        let rows = lines.filter { $0.hasPrefix("y[c=") }
        #expect(rows.map(gridNumbers) == chapterW)
        // arange is the default fill.
        let byDefault = try CLI.run(["show", "nn.ConvTranspose2d(1, 1, kernel_size=2, bias=False)", "--input", "1x1x2x2"],
                                    environment: wide)
        #expect(byDefault.stdout == result.stdout)
    }

    @Test func transposedViewPrintsWTransposed() throws {
        let result = try CLI.run(["show", "nn.ConvTranspose2d(1, 1, 2, bias=False)", "--input", "1x1x2x2", "--transposed-view"])
        #expect(result.status == 0, "\(result)")
        #expect(result.lines.contains("Wᵀ: 9 × 4, nnz 16, density 44.4%, int32 indices"))
        #expect(result.lines.contains { $0.hasPrefix(" ") && $0.contains("y[c=0, 0, 0]  y[c=0, 0, 1]  y[c=0, 1, 0]  y[c=0, 1, 1]") })
        let rows = result.lines.filter { $0.hasPrefix("x[c=") }
        let transposed = (0..<9).map { j in chapterW.map { $0[j] } }
        #expect(rows.map(gridNumbers) == transposed)
    }

    /// nn.Conv2d(3, 8, 3, padding=1) on 32×32: per axis 3·32 − 2 = 94 (output, input) pairs in
    /// range, so nnz = 8·3·94² = 212064; a row reads 3 channels × (4 at a corner … 9 inside)
    /// taps, a column feeds 8 channels × (4 … 9) outputs.
    @Test func largeLayerGetsASummary() throws {
        let result = try CLI.run(["show", "nn.Conv2d(3, 8, 3, padding=1)", "--input", "1x3x32x32"])
        #expect(result.status == 0, "\(result)")
        let lines = result.lines
        #expect(lines.contains("W: 8192 × 3072, nnz 212064, density 0.84%, int32 indices"))
        #expect(lines.contains { $0.hasPrefix("W is too large for a grid (more than 64 rows or 64 columns") })
        #expect(lines.contains("  density: 0.84267% of the 8192 × 3072 entries are stored"))
        #expect(lines.contains("  stored entries per row:    min 12, mean 25.89, max 27   (taps reaching each output of the layer: its overlap, see --overlap)"))   // 212064 / 8192
        #expect(lines.contains("  stored entries per column: min 32, mean 69.03, max 72"))   // 212064 / 3072
        // int32: (8192 + 1)·4 + 212064·4 + 212064·8 bytes.
        #expect(lines.contains("  memory (CSR): 2.58 MB = row pointers 32.77 kB + column indices 848.26 kB + values 1.7 MB"))
        #expect(lines.contains { $0.contains("convmat export \"nn.Conv2d(3, 8, 3, padding=1)\" --input 1x3x32x32 --output W.mtx") })
        #expect(!lines.contains { $0.hasPrefix("y[c=") })
        // The thresholds are options: the same layer on 4×4 (48 × 48) prints a grid, unless told otherwise.
        let small = try CLI.run(["show", "nn.Conv2d(3, 3, 3, padding=1)", "--input", "3x4x4"])
        #expect(small.lines.filter { $0.hasPrefix("y[c=") }.count == 48)
        let limited = try CLI.run(["show", "nn.Conv2d(3, 3, 3, padding=1)", "--input", "3x4x4", "--max-rows", "40"])
        #expect(limited.lines.contains { $0.hasPrefix("W is too large for a grid (more than 40 rows or 64 columns") })
    }

    @Test func caseFileDefinesLayerAndWeights() throws {
        // d2l_trans_conv_is_WT: trans_conv(Y, K) == W.T @ y with the chapter's K.
        let result = try CLI.run(["show", "--case", Fixtures.conformance("seeds/d2l_trans_conv_is_WT.json")])
        #expect(result.status == 0, "\(result)")
        #expect(result.lines.contains("layer   d2l_trans_conv_is_WT (ConvTranspose)"))
        #expect(result.lines.filter { $0.hasPrefix("y[c=") }.map(gridNumbers) == chapterW)
    }

    @Test func groupsAndCircularPaddingInTheGrid() throws {
        // Conv1d, 2 groups of one channel, kernel 3 of ones, circular padding 1 on length 5: each
        // channel block is the 5×5 circulant with ones on the diagonals −1, 0, +1 (wrapping).
        let result = try CLI.run(["show", "nn.Conv1d(2, 2, 3, padding=1, groups=2, padding_mode='circular')",
                                  "--input", "2x5", "--fill", "ones"])
        #expect(result.status == 0, "\(result)")
        let rows = result.lines.filter { $0.hasPrefix("y[c=") }.map(gridNumbers)
        let expected: [[Double]] = (0..<10).map { r in
            (0..<10).map { c in r / 5 == c / 5 && [0, 1, 4].contains((c - r + 5) % 5) ? 1 : 0 }
        }
        #expect(rows == expected)
    }

    /// Channels-last (N, L, C) = (1, 3, 2): column j of W is x[c = j % 2, i = j / 2], and the
    /// 1-tap kernel w[0, c, 0] = c + 1 puts 1, 2 at columns 2i, 2i + 1 of row i.
    @Test func channelsLastRenumbersColumns() throws {
        let result = try CLI.run(["show", "nn.Conv1d(2, 1, 1, bias=False)", "--input", "1x3x2", "--layout", "channels_last"])
        #expect(result.status == 0, "\(result)")
        #expect(result.lines.contains("input   (1, 3, 2)  channels_last"))
        #expect(result.lines.contains { $0.hasSuffix("x[c=0, 0]  x[c=1, 0]  x[c=0, 1]  x[c=1, 1]  x[c=0, 2]  x[c=1, 2]") })
        #expect(result.lines.filter { $0.hasPrefix("y[c=") }.map(gridNumbers) == [[1, 2, 0, 0, 0, 0], [0, 0, 1, 2, 0, 0], [0, 0, 0, 0, 1, 2]])
    }

    /// Input dilation 2 turns x = (x0, x1, x2) into (x0, 0, x1, 0, x2); the kernel (1, 2) then
    /// gives y = (x0, 2·x1, x1, 2·x2): a fractional stride ½.
    @Test func inputDilationInjectsZeros() throws {
        let result = try CLI.run(["show", "nn.Conv1d(1, 1, 2, bias=False)", "--input", "1x1x3", "--input-dilation", "2"])
        #expect(result.status == 0, "\(result)")
        #expect(result.lines.contains("output  (1, 1, 4)  channels_first"))
        #expect(result.lines.filter { $0.hasPrefix("y[c=") }.map(gridNumbers) == [[1, 0, 0], [0, 2, 0], [0, 1, 0], [0, 0, 2]])
        let transposed = try CLI.run(["show", "nn.ConvTranspose1d(1, 1, 2)", "--input", "1x1x3", "--input-dilation", "2"])
        #expect(transposed.status == 1)
        #expect(transposed.stderr == "error: input_dilation = [2]: applies to convolutions only\n")
    }

    /// --fill random is fixed by its seed and stays in [-1, 1).
    @Test func randomFillIsDeterministic() throws {
        let arguments = ["show", "nn.Conv1d(1, 2, 3, bias=False)", "--input", "1x4", "--fill", "random"]
        let first = try CLI.run(arguments + ["--seed", "7"]), again = try CLI.run(arguments + ["--seed", "7"])
        let other = try CLI.run(arguments + ["--seed", "8"])
        #expect(first.status == 0, "\(first)")
        #expect(first.stdout == again.stdout)
        #expect(first.stdout != other.stdout)
        let values = first.lines.filter { $0.hasPrefix("y[c=") }.flatMap(gridNumbers).filter { $0 != 0 }
        #expect(values.count == 2 * 2 * 3)  // 2 channels × 2 positions × 3 taps
        #expect(values.allSatisfy { $0 >= -1 && $0 < 1 })
    }
}
