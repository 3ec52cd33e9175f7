// Unqualified names for the POSIX calls whose names Swift methods shadow (`write`, `close`).
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `write(2)`.
func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

/// `close(2)`.
func systemClose(_ descriptor: Int32) -> Int32 {
    close(descriptor)
}
