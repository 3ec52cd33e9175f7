// Temporary files of atomic writes: recognisable by host and process, and removed by the next
// write to the same path once their process is gone (SIGKILL leaves them; nothing else does).
@testable import ConvMatrixIO
import ConvMatrixTestSupport
import Foundation
import Testing

@Suite struct InterruptedWriteTests {
    /// The pid of a process that has exited (and been reaped), so `kill(pid, 0)` fails with ESRCH.
    static func deadProcessID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test func aStaleTemporaryOfADeadProcessIsRemovedByTheNextWrite() throws {
        let dir = TemporaryDirectory()
        let host = AtomicFile.hostTag()
        let dead = try Self.deadProcessID()
        let stale = ".W.mtx.convmat-\(host)-\(dead).AbC123"
        _ = dir.write("half a matrix", to: stale)
        // Same prefix, but a process that is alive (this one's parent) or another host: kept.
        let alive = ".W.mtx.convmat-\(host)-\(getppid()).XyZ789"
        let otherHost = ".W.mtx.convmat-\(host)x-\(dead).AbC123"
        let otherFile = ".V.mtx.convmat-\(host)-\(dead).AbC123"
        for name in [alive, otherHost, otherFile] { _ = dir.write("keep", to: name) }
        try AtomicFile.write(Array("new".utf8), to: dir.path("W.mtx"))
        #expect(dir.contents == [otherFile, alive, otherHost, "W.mtx"].sorted())
    }

    @Test func theTemporaryFileNamesItsHostAndProcess() throws {
        let dir = TemporaryDirectory()
        var seen: [String] = []
        try AtomicFile.write(to: dir.path("W.npz")) { sink in
            seen = dir.contents
            try sink.write("x")
        }
        #expect(seen.count == 1)
        #expect(seen.first?.hasPrefix(".W.npz.convmat-\(AtomicFile.hostTag())-\(getpid()).") == true)
        #expect(dir.contents == ["W.npz"])
    }
}
