import ConvMatrix
import ConvMatrixIO
import ConvMatrixTestSupport
import Testing

/// Tensors through `.npy` files: the shape and C-order elements survive, float32 stays float32.
@Suite struct TensorNPYTests {
    @Test func roundTripsKeepShapeDtypeAndValues() throws {
        let dir = TemporaryDirectory()
        let f = try Tensor<Float>(shape: [2, 3, 2, 1], layout: .channelsLast, scalars: (0..<12).map { Float($0) / 4 })
        try f.write(to: dir.path("f.npy"))
        let array = try NumPyArray(contentsOf: dir.path("f.npy"))
        #expect(array.dtype == "<f4" && array.shape == [2, 3, 2, 1])
        #expect(try Tensor<Float>(contentsOf: dir.path("f.npy"), layout: .channelsLast) == f)
        // channels-last (N, H, W, C) = (2, 3, 2, 1): element (n=1, c=0, i=2, j=1) is at 6 + 2·2 + 1 = 11 → 2.75
        #expect(try Tensor<Float>(contentsOf: dir.path("f.npy"), layout: .channelsLast)[1, 0, 2, 1] == 2.75)
        let d = try Tensor<Double>(shape: [1, 2, 2], scalars: [1, -2, 3.5, 1e300])
        try d.write(to: dir.path("d.npy"))
        #expect(try NumPyArray(contentsOf: dir.path("d.npy")).storage == .float64([1, -2, 3.5, 1e300]))
        #expect(try Tensor<Double>(contentsOf: dir.path("d.npy")) == d)
    }

    @Test func nonNumbersAreRefused() throws {
        let dir = TemporaryDirectory()
        try NumPyArray(shape: [1, 2], storage: .bool([true, false])).write(to: dir.path("b.npy"))
        #expect(throws: ConvMatrixError(.unsupported, parameter: dir.path("b.npy"), value: "dtype |b1",
                                        rule: "a tensor holds numbers (float32, float64 or integers)")) {
            try Tensor<Double>(contentsOf: dir.path("b.npy"))
        }
    }
}
