#if canImport(Glibc)
import Glibc
#endif
@testable import Host
import XCTest

/// The host's descriptors and signals: worker pipes and shared regions are close-on-exec from the
/// moment they exist, and a write to a dead worker's pipe fails as "closed" without SIGPIPE ending
/// the process, even when the process does not ignore SIGPIPE (only `tollbook`'s `main` does).
final class DescriptorHygieneTests: XCTestCase {
    func testASharedRegionIsCloseOnExec() throws {
        let region = try XCTUnwrap(SharedRegion.create(size: 4096))
        XCTAssertEqual(fcntl(region.fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC)
    }

    func testWritingToAPipeWithoutAReaderThrowsClosedAndLeavesNoSignalBehind() throws {
        // The default disposition: a SIGPIPE that reached this process would end it.
        let previous = signal(SIGPIPE, SIG_DFL)
        defer { signal(SIGPIPE, previous) }
        var ends: [Int32] = [-1, -1]
        XCTAssertEqual(pipe(&ends), 0)
        close(ends[0])
        defer { close(ends[1]) }
        let bytes = [UInt8](repeating: 7, count: 64)
        var failure: PipeIO.Failure?
        do {
            try bytes.withUnsafeBytes { buffer in try PipeIO.write(ends[1], buffer, deadline: nil) }
        } catch {
            failure = error as? PipeIO.Failure
        }
        XCTAssertEqual(failure, .closed)
        var pending = sigset_t()
        sigpending(&pending)
        XCTAssertEqual(sigismember(&pending, SIGPIPE), 0, "the SIGPIPE of the write was taken back")
        var mask = sigset_t()
        pthread_sigmask(SIG_SETMASK, nil, &mask)
        XCTAssertEqual(sigismember(&mask, SIGPIPE), 0, "the thread's signal mask is restored")
    }
}
