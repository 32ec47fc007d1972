import Foundation
import Journal
import XCTest

/// Several transport threads append and sync at once: every entry is there once, each thread's
/// entries keep their order, and concurrent syncs share fsyncs (group commit).
final class JournalConcurrentAppendTests: JournalTestCase {
    func testEightThreadsAppendingDurablyLoseNothingAndKeepTheirOrder() throws {
        let writer = try JournalWriter(directory: journal, segmentBytes: 256 << 10)
        let threads = 8
        let perThread = 300
        let results = ResultBox(threads: threads)
        let done = DispatchGroup()
        // Real threads: concurrentPerform would run only one worker per core.
        for thread in 0..<threads {
            done.enter()
            Thread.detachNewThread {
                defer { done.leave() }
                do {
                    var stream: UInt64?
                    for index in 0..<perThread {
                        let flags: JournalEntryFlags = index == 0 ? .begin : index == perThread - 1 ? .end : []
                        let payload = Self.payload(thread * 1000 + index, length: 64 + index % 200)
                        let seq = try writer.appendDurably(stream: stream, flags: flags, origin: index == 0 ? "thread-\(thread)" : "",
                                                           payload: payload)
                        if stream == nil { stream = seq }
                        if writer.durableSequence < seq { results.fail("entry \(seq) not durable after appendDurably") }
                        results.add(thread: thread, seq: seq)
                    }
                } catch {
                    results.fail("\(error)")
                }
            }
        }
        XCTAssertEqual(done.wait(timeout: .now() + 300), .success)
        XCTAssertEqual(results.failures, [])
        let total = threads * perThread
        XCTAssertEqual(writer.lastSequence, UInt64(total))
        // Group commit: eight threads waiting for their own entries share fsyncs.
        XCTAssertLessThan(writer.fsyncCount, total)

        let entries = try readAll(try JournalReader(directory: journal))
        XCTAssertEqual(entries.map(\.0.seq), Array(1...UInt64(total)))
        var streamThread: [UInt64: Int] = [:]
        var nextIndex = [Int](repeating: 0, count: threads)
        for (header, payload) in entries {
            if header.flags.contains(.begin) {
                let thread = try XCTUnwrap(Int(header.origin.dropFirst("thread-".count)))
                streamThread[header.seq] = thread
            }
            let thread = try XCTUnwrap(streamThread[header.stream])
            let index = nextIndex[thread]
            XCTAssertEqual(payload, Self.payload(thread * 1000 + index, length: 64 + index % 200), "thread \(thread) entry \(index)")
            nextIndex[thread] += 1
        }
        XCTAssertEqual(nextIndex, [Int](repeating: perThread, count: threads))
        for thread in 0..<threads { XCTAssertEqual(results.seqs(thread), results.seqs(thread).sorted()) }
        XCTAssertEqual(JournalVerifier.verify(directory: journal).problems, [])
    }

    func testSyncsAfterConcurrentAppendsShareOneFsync() throws {
        let writer = try JournalWriter(directory: journal)
        let threads = 8
        let appended = DispatchGroup()
        let go = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        let results = ResultBox(threads: threads)
        for thread in 0..<threads {
            appended.enter()
            done.enter()
            Thread.detachNewThread {
                defer { done.leave() }
                do {
                    let seq = try writer.append(stream: nil, flags: [.begin, .end], origin: "peer-\(thread)", payload: [UInt8(thread)])
                    appended.leave()
                    go.wait()
                    try writer.sync(through: seq)
                    results.add(thread: thread, seq: seq)
                } catch {
                    results.fail("\(error)")
                }
            }
        }
        appended.wait()
        for _ in 0..<threads { go.signal() }
        XCTAssertEqual(done.wait(timeout: .now() + 120), .success)
        XCTAssertEqual(results.failures, [])
        XCTAssertEqual(Set((0..<threads).flatMap(results.seqs)), Set(1...UInt64(threads)))
        XCTAssertEqual(writer.durableSequence, UInt64(threads))
        // Eight syncs, one fdatasync: the first covered every entry already written.
        XCTAssertEqual(writer.fsyncCount, 1)
        try writer.sync(through: 3)
        XCTAssertEqual(writer.fsyncCount, 1)
    }

    func testWaitForDurableWakesATailingReader() throws {
        let writer = try JournalWriter(directory: journal)
        XCTAssertEqual(writer.waitForDurable(after: 0, timeout: 0.05), 0)
        let seq = try writer.append(stream: nil, flags: .begin, origin: "a", payload: [1])
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { try? writer.sync(through: seq) }
        XCTAssertEqual(writer.waitForDurable(after: 0, timeout: 120), 1)
        let reader = try JournalReader(directory: journal)
        XCTAssertEqual(try reader.next(upTo: writer.durableSequence)?.0.seq, 1)
    }

    /// Collects results from worker threads.
    final class ResultBox: @unchecked Sendable {
        private let lock = NSLock()
        private var perThread: [[UInt64]]
        private var errors: [String] = []

        init(threads: Int) { perThread = Array(repeating: [], count: threads) }

        func add(thread: Int, seq: UInt64) {
            lock.lock()
            perThread[thread].append(seq)
            lock.unlock()
        }

        func fail(_ text: String) {
            lock.lock()
            errors.append(text)
            lock.unlock()
        }

        var failures: [String] {
            lock.lock()
            defer { lock.unlock() }
            return errors
        }

        func seqs(_ thread: Int) -> [UInt64] {
            lock.lock()
            defer { lock.unlock() }
            return perThread[thread]
        }
    }
}
