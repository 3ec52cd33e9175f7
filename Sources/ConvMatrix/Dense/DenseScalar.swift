/// The element types of the dense direct convolution: `Float` and `Double`.
///
/// Both run in their own precision through the SIMD kernels. A further conformance (say a
/// user's `Float16`) is accepted too: it is computed in `Double` and rounded once at the end.
public protocol DenseScalar: BinaryFloatingPoint, Sendable { }

extension Float: DenseScalar { }
extension Double: DenseScalar { }
