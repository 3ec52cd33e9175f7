internal import CSuiteSparse

/// C failures of the SuiteSparse bridge, as the package's one error type.
extension ConvMatrixError {
    /// A CHOLMOD call failed: `function` is the C entry point, `status` `Common->status`.
    static func cholmod(_ function: String, status: Int32) -> ConvMatrixError {
        ConvMatrixError(.engine, parameter: function, value: "status \(status)", rule: cholmodMeaning(status))
    }

    /// A CXSparse call returned NULL or 0; CXSparse reports no status beyond that.
    static func cxsparse(_ function: String, returned value: String) -> ConvMatrixError {
        ConvMatrixError(.engine, parameter: function, value: value,
                        rule: "CXSparse failed: out of memory, or an input it rejects (not compressed-column, or inner dimensions differ)")
    }

    /// Words for CHOLMOD's `Common->status` codes (`cholmod_core.h`).
    static func cholmodMeaning(_ status: Int32) -> String {
        switch status {
        case CHOLMOD_NOT_INSTALLED: return "CHOLMOD_NOT_INSTALLED: the method is not in this CHOLMOD build"
        case CHOLMOD_OUT_OF_MEMORY: return "CHOLMOD_OUT_OF_MEMORY: CHOLMOD could not allocate its result or workspace"
        case CHOLMOD_TOO_LARGE: return "CHOLMOD_TOO_LARGE: integer overflow; the result does not fit 32-bit indices (use Int64)"
        case CHOLMOD_INVALID: return "CHOLMOD_INVALID: CHOLMOD rejected its input"
        case CHOLMOD_GPU_PROBLEM: return "CHOLMOD_GPU_PROBLEM: fatal GPU error"
        case CHOLMOD_OK: return "CHOLMOD returned no result although its status is CHOLMOD_OK"
        default: return "CHOLMOD failed with an unknown status"
        }
    }
}
