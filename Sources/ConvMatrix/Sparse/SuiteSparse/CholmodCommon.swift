internal import CSuiteSparse

/// Owns one `cholmod_common`: `cholmod_start` on creation, `cholmod_finish` (which frees
/// CHOLMOD's workspace) in `deinit`.
///
/// A Common is not thread-safe; the bridge makes one per call (per thread), which costs a
/// few microseconds and no allocation until a routine asks for workspace.
final class CholmodCommon {
    let api: CholmodAPI
    let pointer: UnsafeMutablePointer<cholmod_common>

    init(_ width: IndexWidth) throws {
        let api = CholmodAPI(width)
        let pointer = UnsafeMutablePointer<cholmod_common>.allocate(capacity: 1)
        pointer.initialize(to: cholmod_common())
        guard api.start(pointer) != 0 else {
            let status = pointer.pointee.status
            pointer.deallocate()
            throw ConvMatrixError.cholmod(api.name("start"), status: status)
        }
        // Failures surface as Swift errors; CHOLMOD's own messages would go to stdout.
        pointer.pointee.print = 0
        self.api = api
        self.pointer = pointer
    }

    deinit {
        _ = api.finish(pointer)
        // CHOLMOD counts its own allocations per Common: every result must have been freed.
        assert(pointer.pointee.malloc_count == 0, "CHOLMOD leaked \(pointer.pointee.malloc_count) blocks")
        pointer.deallocate()
    }

    /// Throws when `succeeded` is false or `Common->status` reports an error (< 0).
    /// Warnings (> 0) do not apply to the routines used here and are ignored.
    func check(_ verb: String, succeeded: Bool) throws {
        let status = pointer.pointee.status
        if !succeeded || status < CHOLMOD_OK {
            throw ConvMatrixError.cholmod(api.name(verb), status: status)
        }
    }
}
