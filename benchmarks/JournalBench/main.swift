// Journal append throughput, durable (append + fdatasync per entry, group commit across threads):
// 1 MB chunks from one thread, and 256-byte entries from 4 threads. Not a test: the figures
// depend on the disk. Usage: JournalBench [directory] [megabytes] [small entries] [threads]
import Foundation
import Journal

let arguments = CommandLine.arguments
let base = arguments.count > 1 ? arguments[1] : NSTemporaryDirectory() + "tollbook-journal-bench-\(getpid())"
let megabytes = arguments.count > 2 ? Int(arguments[2]) ?? 256 : 256
let smallEntries = arguments.count > 3 ? Int(arguments[3]) ?? 40_000 : 40_000

/// The first error of the worker threads.
final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var error: Error?

    func record(_ error: Error) {
        lock.lock()
        if self.error == nil { self.error = error }
        lock.unlock()
    }

    var first: Error? {
        lock.lock()
        defer { lock.unlock() }
        return error
    }
}

func seconds(_ work: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try work()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

do {
    defer { try? FileManager.default.removeItem(atPath: base) }
    // 1 MB chunks, one stream, each appended durably.
    let big = try JournalWriter(directory: base + "/big")
    let chunk = [UInt8]((0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
    let bigTime = try seconds {
        var stream: UInt64?
        for index in 0..<megabytes {
            let flags: JournalEntryFlags = index == 0 ? .begin : index == megabytes - 1 ? .end : []
            let seq = try big.appendDurably(stream: stream, flags: flags, origin: index == 0 ? "bench.bin" : "", payload: chunk)
            if stream == nil { stream = seq }
        }
    }
    print("journal 1 MB chunks, appendDurably: \(megabytes) MB in \(String(format: "%.3f", bigTime)) s, "
          + "\(String(format: "%.1f", Double(megabytes) / bigTime)) MB/s, \(big.fsyncCount) fsyncs")

    // 256-byte entries from 4 threads, each appended durably (group commit).
    let small = try JournalWriter(directory: base + "/small")
    let threads = arguments.count > 4 ? max(1, Int(arguments[4]) ?? 4) : 4
    let perThread = smallEntries / threads
    let packet = [UInt8](repeating: 0x42, count: 256)
    let failures = FailureBox()
    let smallTime = seconds {
        // Real threads (concurrentPerform would run only one worker per core).
        let done = DispatchGroup()
        for thread in 0..<threads {
            done.enter()
            Thread.detachNewThread {
                defer { done.leave() }
                do {
                    var stream: UInt64?
                    for index in 0..<perThread {
                        let flags: JournalEntryFlags = index == 0 ? .begin : index == perThread - 1 ? .end : []
                        let seq = try small.appendDurably(stream: stream, flags: flags, origin: index == 0 ? "10.0.0.\(thread):5000" : "",
                                                          payload: packet)
                        if stream == nil { stream = seq }
                    }
                } catch {
                    failures.record(error)
                }
            }
        }
        done.wait()
    }
    let failure = failures.first
    if let failure { throw failure }
    let entries = perThread * threads
    print("journal 256-byte entries, appendDurably from \(threads) threads: \(entries) entries in \(String(format: "%.3f", smallTime)) s, "
          + "\(Int(Double(entries) / smallTime)) entries/s, \(String(format: "%.1f", Double(entries * 256) / smallTime / 1e6)) MB/s, "
          + "\(small.fsyncCount) fsyncs")
} catch {
    FileHandle.standardError.write(Data("JournalBench: \(error)\n".utf8))
    exit(1)
}
