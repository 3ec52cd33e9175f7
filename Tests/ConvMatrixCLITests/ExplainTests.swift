import Testing

/// `convmat explain` on the chapter's convolution (K = [[1, 2], [3, 4]] on 3×3, so W is the
/// chapter's 4×9 matrix): each answer is read off that printed matrix.
@Suite struct ExplainTests {
    static let layer = ["nn.Conv2d(1, 1, 2, bias=False)", "--input", "1x1x3x3"]

    /// Row 3 of the chapter's W holds 1, 2, 3, 4 in columns 4, 5, 7, 8 = x[1, 1], x[1, 2], x[2, 1], x[2, 2].
    @Test func rowNamesInputsAndTaps() throws {
        let result = try CLI.run(["explain"] + Self.layer + ["--row", "3"])
        #expect(result.status == 0, "\(result)")
        let lines = result.lines
        #expect(lines.contains("row 3 of W is output y[c=0, 1, 1]; it reads 4 input elements:"))
        #expect(lines.contains("  y[c=0, 1, 1] = 1·x[c=0, 1, 1] + 2·x[c=0, 1, 2] + 3·x[c=0, 2, 1] + 4·x[c=0, 2, 2]"))
        #expect(lines.contains("  W[3, 4] = 1  × x[c=0, 1, 1]  from w[0, 0, 0, 0] = 1"))
        #expect(lines.contains("  W[3, 8] = 4  × x[c=0, 2, 2]  from w[0, 0, 1, 1] = 4"))
    }

    /// The same row, named by the output's coordinates (n, c, i, j).
    @Test func outputCoordinatesNameTheRow() throws {
        let byRow = try CLI.run(["explain"] + Self.layer + ["--row", "3"])
        let byOutput = try CLI.run(["explain"] + Self.layer + ["--output", "0,0,1,1"])
        #expect(byOutput.status == 0, "\(byOutput)")
        #expect(byOutput.lines.contains("output element y[c=0, 1, 1] of the layer is row 3 of W."))
        let explanation = byRow.lines.drop { !$0.hasPrefix("row 3 of W") }
        #expect(explanation.count >= 6)
        for line in explanation { #expect(byOutput.lines.contains(line), "\(line)") }
    }

    /// Column 4 of the chapter's W (x[1, 1], the centre) holds 4, 3, 2, 1 in rows 0…3.
    @Test func columnIsTheTransposedView() throws {
        let result = try CLI.run(["explain"] + Self.layer + ["--col", "4"])
        #expect(result.status == 0, "\(result)")
        #expect(result.lines.contains("column 4 of W is input x[c=0, 1, 1]; it feeds 4 output elements (row 4 of Wᵀ):"))
        #expect(result.lines.contains("  (Wᵀ·y)[4] = 4·y[c=0, 0, 0] + 3·y[c=0, 0, 1] + 2·y[c=0, 1, 0] + 1·y[c=0, 1, 1]"))
        // The corner x[2, 2] (column 8) feeds only y[1, 1], through K[1][1] = 4.
        let corner = try CLI.run(["explain"] + Self.layer + ["--input-element", "0,2,2"])
        #expect(corner.lines.contains("  (Wᵀ·y)[8] = 4·y[c=0, 1, 1]"), "\(corner)")
    }

    /// ConvTranspose2d(1, 1, 2, stride=2) on 2×2: output (i, j) = y[i/2, j/2]·K[i%2][j%2], so
    /// x[3, 3] comes from y[1, 1] through K[1][1] = 4 alone; its output is column 15 of W.
    @Test func transposedLayerOutputIsAColumn() throws {
        let result = try CLI.run(["explain", "nn.ConvTranspose2d(1, 1, 2, stride=2, bias=False)", "--input", "1x1x2x2",
                                  "--output", "0,0,3,3"])
        #expect(result.status == 0, "\(result)")
        #expect(result.lines.contains("output element x[c=0, 3, 3] of the layer is column 15 of W: the layer sums down that column (x = Wᵀ·y)."))
        #expect(result.lines.contains("  x[c=0, 3, 3] = 4·y[c=0, 1, 1]"))
        // Its input y[0, 1] spreads to the 2×2 block x[0…1, 2…3] with K's four values.
        let input = try CLI.run(["explain", "nn.ConvTranspose2d(1, 1, 2, stride=2, bias=False)", "--input", "1x1x2x2",
                                 "--input-element", "0,0,1"])
        #expect(input.status == 0, "\(input)")
        for (label, k) in [("x[c=0, 0, 2]", 1), ("x[c=0, 0, 3]", 2), ("x[c=0, 1, 2]", 3), ("x[c=0, 1, 3]", 4)] {
            #expect(input.lines.contains { $0.hasPrefix("  output \(label) += \(k)·y[c=0, 0, 1]") }, "\(input)")
        }
    }

    @Test func exactlyOneElementMustBeNamed() throws {
        let none = try CLI.run(["explain"] + Self.layer)
        #expect(none.status != 0)
        #expect(none.stderr.contains("name exactly one element"))
        let outside = try CLI.run(["explain"] + Self.layer + ["--output", "0,0,2,0"])
        #expect(outside.status == 1)
        #expect(outside.stderr.hasPrefix("error: --output = 0,0,2,0: "), "\(outside)")
    }
}
