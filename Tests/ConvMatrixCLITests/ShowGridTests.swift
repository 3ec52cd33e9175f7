import ConvMatrixTestSupport
import Testing

/// `show --compact`, `--rows`/`--cols`, grids that fit the width, and `--overlap`, on the forum
/// post's hybrid layer and strided transposed convolutions. Expected values come from plain
/// loops written here.
@Suite struct ShowGridTests {
    static let hybrid = ["show", "nn.Conv2d(3, 3, 3, stride=(0.5, 2), padding=1)", "--input", "2x3x4x5"]

    /// Row (0, i, j) of the hybrid W restricted to input channel 0, by a plain loop: the input is
    /// dilated to 7 rows (x[p] at row 2p), padded by 1, slid with stride (1, 2); arange weights
    /// w[0, 0, a, b] = 3a + b + 1.
    static func hybridRow(_ i: Int, _ j: Int) -> [Double] {
        var row = [Double](repeating: 0, count: 20)
        for a in 0..<3 {
            for b in 0..<3 {
                let dilated = i + a - 1, q = 2 * j + b - 1
                guard dilated >= 0, dilated <= 6, dilated % 2 == 0, q >= 0, q < 5 else { continue }
                row[(dilated / 2) * 5 + q] += Double(3 * a + b + 1)
            }
        }
        return row
    }

    /// The acceptance command: one channel block (output channel 0 × input channel 0) of the
    /// 63 × 60 W fits 120 columns and holds the loop's numbers.
    @Test func hybridChannelBlockFits120Columns() throws {
        let result = try CLI.run(Self.hybrid + ["--compact", "--rows", "0:21", "--cols", "0:20"])
        #expect(result.status == 0, "\(result)")
        let grid = result.lines.drop { !$0.hasPrefix("W: 63 × 60") }
        #expect(grid.count > 21)
        // Every line of the output, the layer's description included, fits.
        for line in result.lines { #expect(line.count <= 120, "\(line.count) characters: \(line)") }
        #expect(result.lines.contains("Shown: rows 0..<21, columns 0..<20 of W."))
        let rows = result.lines.filter { $0.hasPrefix("y[c=") }
        #expect(rows.count == 21)
        let expected = (0..<7).flatMap { i in (0..<3).map { j in Self.hybridRow(i, j) } }
        #expect(rows.map(gridNumbers) == expected)
        // The compact header stacks each column's coordinates: channel 0, rows 0…3, columns 0…4.
        #expect(result.lines.contains { $0.hasSuffix(" i 0 0 0 0 0 1 1 1 1 1 2 2 2 2 2 3 3 3 3 3") })
    }

    /// Without options the whole 63 × 60 grid keeps within 120 columns (compact, then the columns
    /// that fit), and within $COLUMNS when it is set: 200 holds all 60 compact columns
    /// (14 + 60·3 = 194 characters), 120 and 80 only the first ones.
    @Test(arguments: [(nil, 120, true), ("80", 80, true), ("200", 200, false)] as [(String?, Int, Bool)])
    func defaultGridsFitTheWidth(columns: String?, width: Int, cut: Bool) throws {
        let result = try CLI.run(Self.hybrid, environment: columns.map { ["COLUMNS": $0] } ?? [:])
        #expect(result.status == 0, "\(result)")
        let grid = result.lines.drop { !$0.hasPrefix("W: 63 × 60") }
        for line in grid { #expect(line.count <= width, "\(line.count) > \(width): \(line)") }
        #expect(result.lines.filter { $0.hasPrefix("y[c=") }.count == 63)
        #expect(result.lines.contains("Shown: compact labels (full ones would pass \(width) columns)."))
        #expect(result.lines.contains { $0.hasPrefix("Shown: the first ") && $0.contains("--cols ") } == cut)
        #expect(result.lines.filter { $0.hasPrefix("y[c=") }.allSatisfy { $0.count > width - 3 } == cut)
    }

    /// Negative starts count from the end; --transposed-view slices Wᵀ (rows are x).
    @Test func slicesFollowPython() throws {
        let last = try CLI.run(Self.hybrid + ["--rows=-3:", "--cols", "40:"])
        #expect(last.lines.filter { $0.hasPrefix("y[c=") } == last.lines.filter { $0.hasPrefix("y[c=2, 6, ") })
        #expect(last.lines.filter { $0.hasPrefix("y[c=") }.count == 3)
        let transposed = try CLI.run(Self.hybrid + ["--transposed-view", "--rows", "5", "--cols", ":21"])
        #expect(transposed.lines.filter { $0.hasPrefix("x[c=") } == transposed.lines.filter { $0.hasPrefix("x[c=0, 1, 0]") })
        // Wᵀ row 5 is column 5 of W (x[0, 1, 0]) over the rows of output channel 0.
        let column = (0..<7).flatMap { i in (0..<3).map { j in Self.hybridRow(i, j)[5] } }
        #expect(transposed.lines.filter { $0.hasPrefix("x[c=") }.map(gridNumbers) == [column])
    }

    @Test(arguments: [
        (["--rows", "70:80"], "--rows = 70:80: 70 is outside the 63 rows of W (valid bounds -63…63)"),
        (["--rows", "5:2"], "--rows = 5:2: selects no rows of W: 5 ≥ 2"),
        (["--cols", "1:2:3"], "--cols = 1:2:3: a step is not supported; write a:b, e.g. --cols 0:21"),
        (["--cols", "x:3"], "--cols = x:3: 'x' is not an integer; write a:b, e.g. --cols 0:21"),
        (["--cols", "60"], "--cols = 60: index 60 is outside the 60 columns of W (0..<60)"),
    ])
    func badSlicesAreTypedErrors(arguments: [String], message: String) throws {
        let result = try CLI.run(Self.hybrid + arguments)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result)")
        #expect(result.stdout.isEmpty)
    }

    /// Taps reaching output q of a stride-s transposed convolution with kernel k on n inputs:
    /// the pairs (i, t) with s·i + t = q − (pad), 0 ≤ i < n, 0 ≤ t < k.
    static func overlapAxis(n: Int, k: Int, s: Int, pad: Int) -> [Int] {
        let length = (n - 1) * s - 2 * pad + k
        return (0..<length).map { q in
            (0..<n).reduce(0) { count, i in
                let t = q + pad - s * i
                return count + (t >= 0 && t < k ? 1 : 0)
            }
        }
    }

    /// Kernel 3, stride 2: 1 1 2 1 2 1 2 1 1 per axis (uneven: the checkerboard); kernel 4,
    /// stride 2, padding 1: 1 2 2 … 2 1 (even inside). A plane is the outer product.
    @Test(arguments: [(3, 0, "uneven inside"), (4, 1, "even inside")])
    func overlapOfTransposedLayers(kernel: Int, padding: Int, verdict: String) throws {
        let result = try CLI.run(["show", "nn.ConvTranspose2d(1, 1, \(kernel), stride=2, padding=\(padding))",
                                  "--input", "1x1x4x4", "--overlap"])
        #expect(result.status == 0, "\(result)")
        let axis = Self.overlapAxis(n: 4, k: kernel, s: 2, pad: padding)
        let expected = axis.map { a in axis.map { b in a * b } }
        let start = try #require(result.lines.firstIndex(of: "channel 0:"))
        let plane = result.lines[(start + 1)...].prefix(axis.count).map { $0.split(separator: " ").map { Int($0)! } }
        #expect(plane == expected)
        #expect(result.lines.contains { $0.contains(verdict) }, "\(result)")
        #expect(!result.stdout.contains("W: "))
    }

    /// Wide planes keep within $COLUMNS: at 20 columns a row holds (20 − 1)/2 = 9 one-digit counts.
    @Test func overlapPlanesFitTheWidth() throws {
        let result = try CLI.run(["show", "nn.ConvTranspose2d(1, 1, 3, stride=2)", "--input", "1x1x8x8", "--overlap"],
                                 environment: ["COLUMNS": "20"])
        let start = try #require(result.lines.firstIndex(of: "channel 0:"))
        let axis = Self.overlapAxis(n: 8, k: 3, s: 2, pad: 0)
        let plane = result.lines[(start + 1)...].prefix(axis.count)
        #expect(plane.map { $0.split(separator: " ").map { Int($0)! } } == axis.map { a in axis.prefix(9).map { a * $0 } })
        #expect(plane.allSatisfy { $0.count <= 20 })
        #expect(result.lines.contains("Each plane row shows its first 9 of 17 positions, as many as fit 20 columns."))
    }

    /// A Conv counts taps per output: the hybrid layer's output (i, j) gets 3 input channels ×
    /// the taps that land on a real input (the loop's non-zero count).
    @Test func overlapOfTheHybridLayer() throws {
        let result = try CLI.run(Self.hybrid + ["--overlap"])
        #expect(result.status == 0, "\(result)")
        #expect(result.lines.contains("channels 0 to 2 (identical):"))
        let start = try #require(result.lines.firstIndex(of: "channels 0 to 2 (identical):"))
        let plane = result.lines[(start + 1)...].prefix(7).map { $0.split(separator: " ").map { Int($0)! } }
        let expected = (0..<7).map { i in
            (0..<3).map { j in
                3 * (0..<3).flatMap { a in (0..<3).map { b in (a, b) } }.filter { a, b in
                    let dilated = i + a - 1, q = 2 * j + b - 1
                    return dilated >= 0 && dilated <= 6 && dilated % 2 == 0 && q >= 0 && q < 5
                }.count
            }
        }
        #expect(plane == expected)
        #expect(result.lines.contains { $0.contains("injected zeros") })
    }

    /// The forum post's spelling works; other fractions, and zeros asked for twice, are typed
    /// errors that say why.
    @Test(arguments: [
        (["nn.Conv2d(3, 3, 3, stride=(0.3, 2), padding=1)"], "error: stride = (0.3, 2): 0.3 = 3/10 is not 1/l for a whole l"),
        (["nn.Conv2d(3, 3, 3, stride=(2.5, 2), padding=1)"], "error: stride = (2.5, 2): 2.5 = 5/2 is not 1/l for a whole l"),
        (["nn.Conv2d(3, 3, 3, stride=(0.5, 2), padding=1)", "--input-dilation", "2,1"],
         "error: input_dilation = [2, 1]: axis 0 already has the fractional stride 1/2"),
        (["nn.ConvTranspose2d(3, 3, 3, stride=(0.5, 2))"], "error: stride = (0.5, 2): a fractional stride applies to Conv only"),
    ])
    func fractionalStrideErrors(layer: [String], message: String) throws {
        let result = try CLI.run(["show"] + layer + ["--input", "2x3x4x5"])
        #expect(result.status != 0)
        #expect(result.stderr.hasPrefix(message), "\(result)")
    }
}
