/// A value handed to `parallelForEach`'s workers whose thread safety the caller guarantees
/// (each worker writes a disjoint part of it, or only reads it).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value

    init(value: Value) { self.value = value }
    init(_ value: Value) { self.value = value }
}
