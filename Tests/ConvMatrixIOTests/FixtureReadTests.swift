// Files written by SciPy and NumPy (Fixtures/make_fixtures.py) read by our readers; expected values by hand.
import ConvMatrix
import ConvMatrixIO
import ConvMatrixTestSupport
import Testing

@Suite struct FixtureReadTests {
    @Test(arguments: ["scipy_csr_stored.npz", "scipy_csr_deflated.npz", "scipy_csr_int64.npz", "scipy_csr_array.npz",
                      "scipy_csc.npz", "scipy_coo.npz"])
    func saveNPZFilesReadAsR(_ name: String) throws {
        expectIdentical(try SciPySparseNPZ.read(Fixtures.io(name), as: Int32.self), Reference.r(Int32.self))
        expectIdentical(try SciPySparseNPZ.read(Fixtures.io(name), as: Int64.self), Reference.r(Int64.self))
    }

    @Test func unsortedColumnsAreSortedAndDuplicatesSummed() throws {
        // Row 0 stored as columns 2, 0, 2 with values 5, 2, 1.
        expectIdentical(try SciPySparseNPZ.read(Fixtures.io("scipy_csr_unsorted_duplicates.npz"), as: Int32.self),
                        csr(3, [[(0, 2), (2, 6)], []]))
    }

    @Test func mmwriteFilesRead() throws {
        expectIdentical(try MatrixMarket.read(Fixtures.io("scipy_general.mtx"), as: Int32.self), Reference.r(Int32.self))
        // [[4, 1, 0, 0], [1, 0, -2.5, 0], [0, -2.5, 0, 0], [0, 0, 0, 7]]
        expectIdentical(try MatrixMarket.read(Fixtures.io("scipy_symmetric.mtx"), as: Int32.self),
                        csr(4, [[(0, 4), (1, 1)], [(0, 1), (2, -2.5)], [(1, -2.5)], [(3, 7)]]))
        // [[0, 2, -3], [-2, 0, 0], [3, 0, 0]]
        expectIdentical(try MatrixMarket.read(Fixtures.io("scipy_skew.mtx"), as: Int32.self),
                        csr(3, [[(1, 2), (2, -3)], [(0, -2)], [(0, 3)]]))
        // [[7, 0, -1], [0, 0, 123456789]]
        expectIdentical(try MatrixMarket.read(Fixtures.io("scipy_integer.mtx"), as: Int64.self),
                        csr(3, [[(0, 7), (2, -1)], [(2, 123_456_789)]]))
        // [[1, 0, 0], [0, 0, 1], [1, 1, 0]] as a pattern
        expectIdentical(try MatrixMarket.read(Fixtures.io("scipy_pattern.mtx"), as: Int32.self),
                        csr(3, [[(0, 1)], [(2, 1)], [(0, 1), (1, 1)]]))
        // dense [[1, 0], [2.5, 3]]
        expectIdentical(try MatrixMarket.read(Fixtures.io("scipy_array.mtx"), as: Int32.self),
                        csr(2, [[(0, 1)], [(0, 2.5), (1, 3)]]))
    }

    @Test func npySaveFilesRead() throws {
        let f8 = try NumPyArray(contentsOf: Fixtures.io("numpy_f8_2x3.npy"))
        #expect(f8.shape == [2, 3])
        #expect(bits(try f8.doubles()) == bits([1, -2, 0.5, 1e-300, .infinity, -0.0]))

        let f4 = try NumPyArray(contentsOf: Fixtures.io("numpy_f4_2x3x4.npy"))
        #expect(f4 == (try NumPyArray(shape: [2, 3, 4], storage: .float32((0..<24).map { Float($0) / 4 }))))

        #expect(try NumPyArray(contentsOf: Fixtures.io("numpy_i4.npy")) == NumPyArray([Int32(0), -1, 2_147_483_647, -2_147_483_648]))
        #expect(try NumPyArray(contentsOf: Fixtures.io("numpy_i8_0d.npy"))
            == (try NumPyArray(shape: [], storage: .int64([-9_007_199_254_740_993]))))
        #expect(try NumPyArray(contentsOf: Fixtures.io("numpy_f8_0x3.npy")) == (try NumPyArray(shape: [0, 3], storage: .float64([]))))
        #expect(try NumPyArray(contentsOf: Fixtures.io("numpy_bool.npy")) == (try NumPyArray(shape: [3], storage: .bool([true, false, true]))))
        let strings = try NumPyArray(contentsOf: Fixtures.io("numpy_U.npy"))
        #expect(strings.dtype == "<U3")
        #expect(try strings.strings() == ["csr", "a"])
        #expect(try NumPyArray(contentsOf: Fixtures.io("numpy_v2.npy")) == NumPyArray([1.0, 2, 3]))
        #expect(try NumPyArray(contentsOf: Fixtures.io("numpy_v3.npy")) == NumPyArray([1.0, 2, 3]))
    }

    @Test func npyFilesWeRejectSayWhy() {
        let cases: [(String, String, String)] = [
            ("numpy_fortran.npy", "'fortran_order': True", "Fortran-order arrays are not supported; save np.ascontiguousarray(a) instead"),
            ("numpy_bigendian.npy", ">f8", "big-endian data is not supported; save a.astype(a.dtype.newbyteorder('<')) instead"),
            ("numpy_complex.npy", "<c16", "supported dtypes are <f2, <f4, <f8, <i4, <i8, <u2, |b1, |S<n> and <U<n>"),
        ]
        for (name, value, rule) in cases {
            let path = Fixtures.io(name)
            let error = #expect(throws: ConvMatrixError.self, "\(name)") { try NumPyArray(contentsOf: path) }
            #expect(error == ConvMatrixError(.unsupported, parameter: "\(path) byte 10", value: value, rule: rule,
                                             location: .file(path: path, line: nil, byteOffset: 10)))
        }
    }

    @Test(arguments: ["numpy_named.npz", "numpy_named_compressed.npz"])
    func savezFilesRead(_ name: String) throws {
        let arrays = try NumPyArchive.read(Fixtures.io(name))
        #expect(arrays.keys.sorted() == ["n", "x"])
        #expect(arrays["x"] == NumPyArray([1.0, 2.0]))
        #expect(arrays["n"] == (try NumPyArray(shape: [2, 2], storage: .int32([1, 2, 3, 4]))))
    }
}
