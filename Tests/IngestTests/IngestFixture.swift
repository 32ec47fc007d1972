import Foundation
import Numbering
import Pricing
import Store
import TestSupport
import TollbookConfiguration
import TollbookCore

/// A real SQLite store in a temporary directory, a tariff file of a test provider and the site
/// pricer built from it (Berlin numbering: extensions 2000–2999, outside line 0).
final class IngestFixture {
    let directory: URL
    let store: CallStore

    /// 1 ct/min for German fixed lines (+492…+499) in 60/60 steps; no mobile zone.
    static let firstTariff = """
        [provider]
        id = testnet
        name = Test Net
        currency = EUR

        [zone DE_FIXED]
        name = Deutschland Festnetz
        class = national
        prefixes = +492, +493, +494, +495, +496, +497, +498, +499

        [version 2025-01]
        valid_from = 2025-01-01
        DE_FIXED = 1 ct/min 60/60

        """

    /// The first tariff plus a mobile zone (+4915, +4916, +4917) at 10 ct/min in 60/60 steps.
    static var secondTariff: String {
        firstTariff.replacingOccurrences(of: "[version 2025-01]", with: """
            [zone DE_MOBILE]
            name = Deutschland Mobilfunk
            class = mobile
            prefixes = +4915, +4916, +4917

            [version 2025-01]
            """) + "DE_MOBILE = 10 ct/min 60/60\n"
    }

    /// 2025-06-01 00:00 UTC.
    static let june: Int64 = 1_748_736_000_000

    init() throws {
        directory = try TestEnvironment.makeTemporaryDirectory("tollbook-ingest")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("tariffs"), withIntermediateDirectories: true)
        store = try CallStore(path: directory.appendingPathComponent("calls.db").path)
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// The pricer of site berlin (sources: cucm) with `tariff` as the only tariff file.
    func pricer(tariff: String) throws -> CallPricer {
        try Data(tariff.utf8).write(to: directory.appendingPathComponent("tariffs/testnet.ini"))
        var numbering = NumberingSettings(countryCode: "49", areaCode: "30", outsideLinePrefixes: ["0"])
        numbering.extensions = [DigitRange("2000", "2999")]
        let site = SiteConfiguration(name: "berlin", timeZone: "Europe/Berlin", sources: ["cucm"], numbering: numbering,
                                     providers: ProviderSettings(defaultProvider: "testnet", callByCall: [:]))
        return try CallPricer(site: site, tariffsDirectory: directory.appendingPathComponent("tariffs").path)
    }

    /// An answered outgoing call from extension 2001 to `dialled`, talking `talkSeconds`.
    static func outgoing(_ id: String, dialled: String, talkSeconds: Int64, offset: UInt64 = 0) -> CallRecord {
        CallRecord(vendorRecordID: id, correlationID: "", startMs: june, answerMs: june + 5_000,
                   endMs: june + 5_000 + talkSeconds * 1000, ringMs: 5_000, talkMs: talkSeconds * 1000, direction: .outgoing,
                   disposition: .answered,
                   parties: CallParties(calling: "2001", called: dialled, extension: "2001", remote: dialled),
                   sourceOffset: offset, sourceLength: 10)
    }

    /// An answered incoming call to extension 2001.
    static func incoming(_ id: String, offset: UInt64 = 0) -> CallRecord {
        CallRecord(vendorRecordID: id, correlationID: "", startMs: june + 60_000, answerMs: june + 65_000, endMs: june + 125_000,
                   ringMs: 5_000, talkMs: 60_000, direction: .incoming, disposition: .answered,
                   parties: CallParties(calling: "05550199", called: "2001", extension: "2001", remote: "05550199"),
                   sourceOffset: offset, sourceLength: 10)
    }

    /// Stores `calls` unrated under `source`.
    func storeUnrated(_ calls: [CallRecord], source: String) throws {
        let sourceID = try store.sourceID(named: source, connector: "cisco.cucm", timeZone: "Europe/Berlin", nowMs: 1)
        try store.beginBatch()
        _ = try store.insert(CallBatch(calls), sourceID: sourceID, importID: nil)
        try store.commitBatch()
    }

    /// Every stored call by vendor record id.
    func storedCalls() throws -> [String: StoredCall] {
        var calls: [String: StoredCall] = [:]
        try store.forEachCall(fromMs: nil, toMs: nil) { calls[$0.call.vendorRecordID] = $0 }
        return calls
    }
}
