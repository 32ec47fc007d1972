// Encryption at rest (`make bench`, issue 18 P14): the store's import write path and the `calls`
// listing fast path (query layer → JSON lines to /dev/null, as the database owner), each with
// encryption off and on, as rows/s and the ratio on/off (targets ≥ 0.7 import, ≥ 0.5 listing);
// and the time to crypto-shred one person's calls among `rows` calls (target < 1 s at 1 M).
// Median of 3 runs, a fresh file per run. Not a test. Usage: EncryptionBench [rows] [directory]
import Access
import Foundation
import Query
import Store
import TollbookCore

/// Records nothing: the benchmark's listings are not audited.
struct NoAudit: AuditRecording {
    func record(_ event: AuditEvent) throws {}
}

let arguments = CommandLine.arguments
let rows = arguments.count > 1 ? Int(arguments[1]) ?? 1_000_000 : 1_000_000
let directory = arguments.count > 2 ? arguments[2] : NSTemporaryDirectory() + "tollbook-encryption-bench-\(getpid())"
let batchRows = 50_000
let people = 500

/// Leg `index`: a priced outgoing call of extension 2000 + index % 500 (one person each).
func record(_ index: Int) -> CallRecord {
    let ext = 2000 + index % people
    let remote = "0301\(String(1_000_000 + (index * 7919) % 9_000_000))"
    var call = CallRecord(
        vendorRecordID: "1,\(100_000 + index),\(index)", correlationID: "\(100_000 + index)",
        startMs: 1_767_225_600_000 + Int64(index) * 1_000, answerMs: 1_767_225_605_000 + Int64(index) * 1_000,
        endMs: 1_767_225_665_000 + Int64(index) * 1_000, ringMs: 5_000, talkMs: 60_000, direction: .outgoing,
        disposition: .answered, flags: [],
        parties: CallParties(calling: "\(ext)", called: remote, originalCalled: remote, connected: remote, redirecting: "",
                             extension: "\(ext)", remote: remote, accountCode: "", pin: "", projectCode: ""),
        trunk: "GW-BER-\(index % 4)", device: "SEP00\(ext)", remoteDevice: "GW-BER-\(index % 4)", huntGroup: "", cause: 16,
        causeText: "", chargeUnits: nil, chargeMinor: nil, chargeCurrency: "", sourceOffset: UInt64(index) * 490,
        sourceLength: 490, extra: [])
    call.pricing = CallPricing(
        remoteE164: "+49" + remote.dropFirst(), remoteCategory: "local", extensionKey: "berlin/\(ext)",
        localE164: "+4930555\(ext)",
        numbers: PartyNumbers(calling: ClassifiedNumber(e164: "+4930555\(ext)", category: "internal"),
                              called: ClassifiedNumber(e164: "+49" + remote.dropFirst(), category: "local")),
        status: .rated, costMinor: Int64(index % 97), currency: "EUR", provider: "telekom", tariffVersion: "2026-01",
        zone: "city", destination: "Berlin", bands: "peak", increments: "60/1", pricing: .rated)
    return call
}

/// CPU seconds of the calling thread (robust against other load on the machine).
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
let clock = ContinuousClock()
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

do {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let batches: [CallBatch] = stride(from: 0, to: rows, by: batchRows).map { first in
        CallBatch((first..<min(first + batchRows, rows)).map(record))
    }
    /// Fills a new store; `name` "on-prepared": the batches' sealing is prepared before the clock
    /// starts, as `tollbook import` prepares it on its parsing thread while the writer stores.
    func fill(_ file: String, key: KeyEncryptionKey?, name: String) throws -> (CallStore, Double) {
        let store = try CallStore(path: file, encryption: key.map { .key($0) } ?? .none)
        let source = try store.sourceID(named: "bench", connector: "cisco.cucm", timeZone: "UTC", nowMs: 0)
        var seals: [PreparedSeals?] = Array(repeating: nil, count: batches.count)
        if name == "on-prepared", let preparer = try store.sealPreparer() {
            let prepareStart = threadCPUSeconds()
            seals = try batches.map { try preparer.prepare($0) }
            preparation.append(threadCPUSeconds() - prepareStart)
        }
        let cpuStart = threadCPUSeconds()
        let start = clock.now
        for (batch, prepared) in zip(batches, seals) {
            try store.beginBatch()
            _ = try store.insert(batch, sourceID: source, importID: nil, ratedMs: 1, seals: prepared)
            try store.commitBatch()
        }
        cpu[name, default: []].append(threadCPUSeconds() - cpuStart)
        return (store, seconds(clock.now - start))
    }
    func list(_ file: String, key: KeyEncryptionKey?) throws -> Double {
        let query = try CallQuery(path: file, principal: .databaseOwner, audit: NoAudit(), encryption: key.map { .key($0) } ?? .none)
        let output = ByteOutput(.fileDescriptor(open("/dev/null", O_WRONLY)))
        let start = clock.now
        let listed = try query.writeCalls(CallRequest(), format: .jsonl, to: output)
        let elapsed = seconds(clock.now - start)
        guard listed == rows else { throw CocoaError(.coderValueNotFound) }
        return elapsed
    }
    print("EncryptionBench: \(rows) priced legs, \(people) people, \(batchRows) per transaction")
    var insert: [String: [Double]] = [:]
    var cpu: [String: [Double]] = [:]
    var preparation: [Double] = []
    var listing: [String: [Double]] = [:]
    var shred: [Double] = []
    var shredded = 0
    for round in 1...3 {
        let key = try KeyEncryptionKey.create(path: directory + "/kek-\(round)")
        for (name, kek) in [("off", nil), ("on", key), ("on-prepared", key)] as [(String, KeyEncryptionKey?)] {
            let file = directory + "/\(name)-\(round).db"
            let (store, fillSeconds) = try fill(file, key: kek, name: name)
            insert[name, default: []].append(Double(rows) / fillSeconds)
            if name == "on-prepared" {
                try? FileManager.default.removeItem(atPath: file)
                try? FileManager.default.removeItem(atPath: file + "-wal")
                continue
            }
            listing[name, default: []].append(Double(rows) / (try list(file, key: kek)))
            if kek != nil {
                // One person: extension 2000, every 500th leg.
                let ids = stride(from: Int64(1), through: Int64(rows), by: people).map { $0 }
                let start = clock.now
                let outcome = try store.write { try $0.shred(callIDs: ids) }
                try store.checkpointAndTruncateWAL()
                shred.append(seconds(clock.now - start))
                shredded = outcome.deletedCalls
            }
            try? FileManager.default.removeItem(atPath: file)
            try? FileManager.default.removeItem(atPath: file + "-wal")
        }
    }
    let importRatio = median(insert["on"]!) / median(insert["off"]!)
    let listingRatio = median(listing["on"]!) / median(listing["off"]!)
    let preparedRatio = median(insert["on-prepared"]!) / median(insert["off"]!)
    func cpuFigure(_ name: String) -> String { String(format: "%.3f", median(cpu[name]!)) }
    print("store write path, sealing on the writing thread: off \(Int(median(insert["off"]!))) rows/s, "
          + "on \(Int(median(insert["on"]!))) rows/s, ratio \(String(format: "%.2f", importRatio))")
    print("store write path, sealing prepared ahead (as tollbook import does on its parsing thread): "
          + "on \(Int(median(insert["on-prepared"]!))) rows/s, ratio \(String(format: "%.2f", preparedRatio)); "
          + "the import's own figure is benchmarks/import_bench.py --encrypted (target >= 0.70)")
    print("  CPU seconds of the writing thread (robust against other load): off \(cpuFigure("off")), on \(cpuFigure("on")), "
          + "on-prepared \(cpuFigure("on-prepared")), preparation (parsing thread) \(String(format: "%.3f", median(preparation)))")
    print("calls listing (query layer, jsonl): off \(Int(median(listing["off"]!))) rows/s, on \(Int(median(listing["on"]!))) rows/s, "
          + "ratio \(String(format: "%.2f", listingRatio)) (target >= 0.50)")
    print("shred one person (\(shredded) calls) among \(rows): \(String(format: "%.3f", median(shred))) s incl. WAL checkpoint "
          + "(median of 3; target < 1 s)")
} catch {
    FileHandle.standardError.write(Data("EncryptionBench: \(error)\n".utf8))
    exit(1)
}
