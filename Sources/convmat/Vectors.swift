import ArgumentParser
import ConvMatrix
import ConvMatrixConformance
import ConvMatrixIO
import Foundation

/// `convmat vectors` — a suite of test vectors for a kernel author: one folder per case with the
/// layer, its data and the float64 references, which `convmat verify --suite` checks results against.
struct Vectors: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a suite of test vectors (layer, input, weights, bias, reference output and gradients) for your kernel.",
        discussion: """
            Each case is a folder DIR/NNN-corner/ holding: layer.txt (the layer in words, with its \
            input and output shapes), case.json (the same layer and data as a conformance case: \
            ONNX attributes with begin/end pads; `convmat check` and `--case` read it), x.npy, \
            w.npy, b.npy, y.npy (the float64 reference output), gy.npy (an output gradient) and \
            ref_gx.npy, ref_gw.npy, ref_gb.npy (the reference gradients for it). Tensors are batch \
            first in the case's layout (case.json's "layout"), weights in PyTorch's layout. Every \
            value is a multiple of 2⁻⁸ in [-1, 1), exact in bfloat16, float16, float32 and float64.

            The first cases cover the corners (stride larger than the kernel, dilation, asymmetric \
            and negative pads, output padding, groups, depthwise, single-element and tiny outputs, \
            odd sizes, channels-last); the rest are random layers from --seed.

            Write your results beside each case — out.npy, and gx.npy, gw.npy, gb.npy for \
            gradients — then run `convmat verify --suite DIR`.

            Examples:
              convmat vectors --op conv2d --count 20 --seed 1 --out vectors
              convmat vectors --op conv_transpose1d --count 12 --out vectors-t
            """
    )

    @Option(help: "conv1d, conv2d, conv3d, conv_transpose1d, conv_transpose2d or conv_transpose3d.")
    var op: VectorOperation

    @Option(help: "How many cases (the corners first, then random layers).")
    var count = 16

    @Option(help: "Seed of the random layers and data.")
    var seed: UInt64 = 0

    @Option(name: .customLong("out"), help: ArgumentHelp("The folder to create the cases in (must not hold cases already).", valueName: "dir"))
    var directory: String

    func run() throws {
        let cases = try VectorSuite.cases(op, count: count, seed: seed)
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw ConvMatrixError(.io, parameter: "--out", value: directory, rule: "exists and is not a directory")
            }
            if let clash = cases.first(where: { fm.fileExists(atPath: directory + "/" + $0.name) }) {
                throw ConvMatrixError(.io, parameter: "--out", value: directory,
                                      rule: "already holds \(clash.name); choose an empty folder")
            }
        }
        for c in cases {
            let folder = directory + "/" + c.name
            do { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw ConvMatrixError(.io, parameter: "--out", value: folder, rule: "cannot create the folder: \(error.localizedDescription)")
            }
            let k = c.conformance
            try Self.save(k.x.data, shape: k.x.shape, to: folder + "/x.npy")
            try Self.save(k.w.data, shape: k.w.shape, to: folder + "/w.npy")
            try Self.save(k.b!.data, shape: k.b!.shape, to: folder + "/b.npy")
            try Self.save(k.y.data, shape: k.y.shape, to: folder + "/y.npy")
            try Self.save(c.gy, shape: k.y.shape, to: folder + "/gy.npy")
            try Self.save(c.gx, shape: k.x.shape, to: folder + "/ref_gx.npy")
            try Self.save(c.gw, shape: k.w.shape, to: folder + "/ref_gw.npy")
            try Self.save(c.gb, shape: k.b!.shape, to: folder + "/ref_gb.npy")
            try AtomicFile.write(Array(k.jsonData()), to: folder + "/case.json")
            try AtomicFile.write(Array((c.description + "\n").utf8), to: folder + "/layer.txt")
        }
        print("\(directory): \(cases.count) \(op.rawValue) cases (\(cases.map(\.name).prefix(3).joined(separator: ", "))\(cases.count > 3 ? ", …" : "")); write out.npy beside each, then: convmat verify --suite \(directory)")
    }

    static func save(_ values: [Double], shape: [Int], to path: String) throws {
        try NumPyArray(shape: shape, storage: .float64(values)).write(to: path)
    }
}

extension VectorOperation: ExpressibleByArgument {}
