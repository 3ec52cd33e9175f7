internal import CFFTW
import ConvMatrix
import Synchronization

/// The one door to FFTW: in-place multi-dimensional complex DFTs.
enum FFTW {
    /// FFTW's planner is not thread-safe: plans are made, run and destroyed one at a time.
    private static let planner = Mutex(())

    /// `howMany` unnormalised `+i` (FFTW's backward) DFTs of `shape` (row-major), in place on
    /// `data`: `howMany · Πshape` interleaved `(re, im)` pairs, one transform after another.
    /// Entry `f` becomes `Σ_q data[q] · exp(+2πi·Σ_a f_a·q_a / n_a)`.
    ///
    /// - Complexity: O(howMany · N log N), N = Πshape.
    static func transformBackward(_ data: inout [Double], shape: [Int], howMany: Int) {
        let count = shape.reduce(1, *)
        precondition(data.count == 2 * count * howMany, "interleaved complex data of howMany·Πshape values")
        var dims = shape.map(Int32.init)
        data.withUnsafeMutableBytes { raw in
            let pointer = raw.baseAddress!.assumingMemoryBound(to: fftw_complex.self)
            planner.withLock { _ in
                let plan = fftw_plan_many_dft(Int32(shape.count), &dims, Int32(howMany), pointer, nil, 1, Int32(count),
                                              pointer, nil, 1, Int32(count), FFTW_BACKWARD, FFTW_ESTIMATE)
                precondition(plan != nil, "FFTW made no plan for shape \(shape)")
                fftw_execute(plan)
                fftw_destroy_plan(plan)
            }
        }
    }
}
