// The call store's own throughput (`make bench`): priced legs inserted in 50,000-row batches (the
// import's write path: binds, the unique index, pricing keys), read back with `forEachCall`, and
// re-priced with `updatePricing`. Median of 3 runs each, on one core, into a fresh file per run.
// Not a test: the figures depend on the machine. Usage: StoreBench [rows] [directory]
import Foundation
import Store
import TollbookCore

let arguments = CommandLine.arguments
let rows = arguments.count > 1 ? Int(arguments[1]) ?? 500_000 : 500_000
let directory = arguments.count > 2 ? arguments[2] : NSTemporaryDirectory() + "tollbook-store-bench-\(getpid())"
let batchRows = 50_000

/// Leg `index` of the synthetic data: a priced outgoing call with realistic text columns.
func record(_ index: Int) -> CallRecord {
    let ext = 2000 + index % 500
    let remote = "0301\(String(1_000_000 + (index * 7919) % 9_000_000))"
    var call = CallRecord(
        vendorRecordID: "1,\(100_000 + index),\(index)", correlationID: "\(100_000 + index)", startMs: 1_767_225_600_000 + Int64(index) * 1_000,
        answerMs: 1_767_225_605_000 + Int64(index) * 1_000, endMs: 1_767_225_665_000 + Int64(index) * 1_000, ringMs: 5_000,
        talkMs: 60_000, direction: .outgoing, disposition: .answered, flags: [],
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

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

func measure(_ name: String, unit: String = "rows/s", _ run: (String) throws -> (count: Int, seconds: Double)) throws {
    var rates: [Double] = []
    for round in 1...3 {
        let file = directory + "/\(name.replacingOccurrences(of: " ", with: "-"))-\(round).db"
        let (count, seconds) = try run(file)
        rates.append(Double(count) / seconds)
    }
    print("\(name): \(Int(median(rates))) \(unit) (median of 3; runs: \(rates.map { String(Int($0)) }.joined(separator: ", ")))")
}

do {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    // Batches are built before the clock starts: only the store's work is measured.
    let batches: [CallBatch] = stride(from: 0, to: rows, by: batchRows).map { first in
        CallBatch((first..<min(first + batchRows, rows)).map(record))
    }
    let clock = ContinuousClock()
    func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
    func filled(_ file: String) throws -> CallStore {
        let store = try CallStore(path: file)
        let source = try store.sourceID(named: "bench", connector: "cisco.cucm", timeZone: "UTC", nowMs: 0)
        for batch in batches {
            try store.beginBatch()
            _ = try store.insert(batch, sourceID: source, importID: nil, ratedMs: 1)
            try store.commitBatch()
        }
        return store
    }
    print("StoreBench: \(rows) priced legs, \(batchRows) per transaction")
    try measure("insert") { file in
        let start = clock.now
        let store = try filled(file)
        let elapsed = seconds(clock.now - start)
        return (try store.callCount(), elapsed)
    }
    try measure("forEachCall") { file in
        let store = try filled(file)
        var count = 0
        var cost: Int64 = 0
        let start = clock.now
        try store.forEachCall(CallFilter()) { stored in
            count += 1
            cost &+= stored.call.pricing?.costMinor ?? 0
        }
        let elapsed = seconds(clock.now - start)
        guard count == rows, cost > 0 else { throw CocoaError(.coderValueNotFound) }
        return (count, elapsed)
    }
    try measure("updatePricing") { file in
        let store = try filled(file)
        var updated = 0
        let repriced = CallPricing(remoteE164: "+49301234567", remoteCategory: "local", extensionKey: "berlin/2001",
                                   status: .rated, costMinor: 5, currency: "EUR", provider: "telekom",
                                   tariffVersion: "2026-02", zone: "city", destination: "Berlin", bands: "peak",
                                   increments: "60/1", pricing: .rated)
        let start = clock.now
        try store.beginBatch()
        for id in 1...Int64(rows) where try store.updatePricing(callID: id, to: repriced, ratedMs: 2) { updated += 1 }
        try store.commitBatch()
        return (updated, seconds(clock.now - start))
    }
} catch {
    FileHandle.standardError.write(Data("StoreBench: \(error)\n".utf8))
    exit(1)
}
