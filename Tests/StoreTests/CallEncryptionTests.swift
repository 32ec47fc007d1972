import Crypto
import Foundation
@testable import Store
import TestSupport
import TollbookCore
import XCTest

/// Encryption at rest (privacy spec P14) on real database files, key files and WAL files: sealed
/// fields, fail-closed opening, AAD binding to the row, crypto-shredding against a backup, key
/// rotation, blind index.
final class CallEncryptionTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = try TestEnvironment.makeTemporaryDirectory("tollbook-encryption")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: directory)
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The test numbers: none of them may appear in a database, WAL or key file.
    static let secrets = ["4930123456", "491511234567", "555771", "555772", "555881", "vendor-secret"]

    /// A leg owned by `pin`, calling `remote` (digits after +49), with party numbers and a vendor field.
    static func call(_ id: String, pin: String, remote: String, startMs: Int64, category: CallCategory = .business) -> CallRecord {
        var call = CallRecord(vendorRecordID: id, correlationID: "c-" + id, startMs: startMs, answerMs: startMs + 1_000,
                              endMs: startMs + 61_000)
        call.parties = CallParties(calling: "2001", called: "0" + remote, originalCalled: "0" + remote, connected: "0" + remote,
                                   redirecting: "", extension: "2001", remote: "0" + remote, accountCode: "", pin: pin,
                                   projectCode: "")
        call.extra = [VendorField(key: "note", value: "vendor-secret")]
        let numbers = PartyNumbers(
            calling: ClassifiedNumber(e164: "+49305552001", category: "internal"),
            called: ClassifiedNumber(e164: "+49" + remote, category: "local"),
            originalCalled: ClassifiedNumber(e164: "+49" + remote, category: "local"),
            connected: ClassifiedNumber(e164: "+4915112345678", category: "mobile"))
        call.pricing = CallPricing(remoteE164: "+49" + remote, remoteCategory: "local", extensionKey: "ber/2001",
                                   localE164: "+49305552001", numbers: numbers, status: .rated, costMinor: 12,
                                   currency: "EUR")
        return call
    }

    /// Ben (PIN 1111) calls 30123456 twice, Anna (PIN 2222) calls 30555771 and 30555772 — all in May 2026.
    static let may2026: Int64 = 1_777_593_600_000
    static func fixture() -> CallBatch {
        var batch = CallBatch([
            call("b1", pin: "1111", remote: "30123456", startMs: may2026 + 1_000),
            call("a1", pin: "2222", remote: "30555771", startMs: may2026 + 2_000),
            call("b2", pin: "1111", remote: "30123456", startMs: may2026 + 3_000),
            call("a2", pin: "2222", remote: "30555772", startMs: may2026 + 4_000),
        ])
        batch.updateRow(at: 1) { $0.category = .private }
        batch.updateRow(at: 3) { $0.category = .private }
        return batch
    }

    private func store(_ name: String, key: KeyEncryptionKey?) throws -> CallStore {
        let store = try CallStore(path: path(name), encryption: key.map { .key($0) } ?? .none)
        let source = try store.sourceID(named: "berlin", connector: "cisco.cucm", timeZone: "UTC", nowMs: 5)
        try store.beginBatch()
        XCTAssertEqual(try store.insert(Self.fixture(), sourceID: source, importID: nil, ratedMs: 7).inserted, 4)
        try store.commitBatch()
        return store
    }

    private func calls(_ store: CallStore) throws -> [StoredCall] {
        var read: [StoredCall] = []
        try store.forEachCall(CallFilter()) { read.append($0) }
        return read
    }

    private func cursorCalls(_ name: String, key: KeyEncryptionKey?) throws -> [StoredCall] {
        let connection = try QueryConnection(path: path(name), encryption: key.map { .key($0) } ?? .none)
        var read: [StoredCall] = []
        try connection.readTransaction {
            let cursor = try CallRowCursor(connection: connection, filter: CallFilter())
            while try cursor.next() { read.append(cursor.storedCall()) }
        }
        return read
    }

    /// How often any test number occurs in the files whose names start with `prefix` (database, WAL, SHM).
    private func hits(_ prefix: String, secrets: [String] = CallEncryptionTests.secrets) throws -> [String: Int] {
        var found: [String: Int] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) where file.hasPrefix(prefix) {
            let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent(file)))
            for secret in secrets {
                let needle = Array(secret.utf8)
                var count = 0
                if bytes.count >= needle.count {
                    for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
                        if Array(bytes[start..<start + needle.count]) == needle { count += 1 }
                    }
                }
                if count > 0 { found["\(file): \(secret)", default: 0] += count }
            }
        }
        return found
    }

    func testEncryptedStoreReadsBackExactlyWhatAPlaintextStoreReadsThroughBothReaders() throws {
        let key = try KeyEncryptionKey.create(path: path("kek"))
        let plain = try store("plain.db", key: nil)
        let encrypted = try store("sealed.db", key: key)
        let expected = try calls(plain)
        XCTAssertEqual(expected.count, 4)
        XCTAssertEqual(expected[0].call.parties.remote, "030123456")
        XCTAssertEqual(expected[0].call.pricing?.remoteE164, "+4930123456")
        XCTAssertEqual(try calls(encrypted), expected)
        XCTAssertEqual(try cursorCalls("sealed.db", key: key), try cursorCalls("plain.db", key: nil))
        XCTAssertTrue(encrypted.isEncrypted)
        XCTAssertFalse(plain.isEncrypted)
        // The plaintext columns are empty; the sealed blob and the blind index are set.
        XCTAssertEqual(try encrypted.database.scalarInt("""
            SELECT count(*) FROM calls WHERE calling IS NULL AND remote IS NULL AND extra IS NULL AND remote_e164 IS NULL
              AND local_e164 IS NULL AND connected_e164 IS NULL AND sealed IS NOT NULL AND remote_bidx IS NOT NULL
            """), 4)
        // Keys per (subject, category, month): Ben business May, Anna private May.
        XCTAssertEqual(try encrypted.database.scalarInt("SELECT count(*) FROM data_keys"), 2)
        XCTAssertEqual(try encrypted.database.scalarInt("SELECT count(DISTINCT category || month) FROM data_keys"), 2)
        XCTAssertEqual(try encrypted.database.scalarText("SELECT group_concat(category || ' ' || month, ',') FROM data_keys"),
                       "business 2026-05,private 2026-05")
        XCTAssertEqual(try encrypted.encryptionStatus(),
                       StoreEncryptionStatus(encrypted: true, liveDataKeys: 2, destroyedDataKeys: 0,
                                             kekFingerprint: key.fingerprint, keyEpoch: 1))
    }

    func testNoTestNumberIsInTheDatabaseOrItsWAL() throws {
        let key = try KeyEncryptionKey.create(path: path("kek"))
        let encrypted = try store("sealed.db", key: key)
        XCTAssertEqual(try hits("sealed.db"), [:], "before checkpoint (WAL holds the pages)")
        try encrypted.checkpointAndTruncateWAL()
        XCTAssertEqual(try hits("sealed.db"), [:])
        XCTAssertEqual(try hits("kek"), [:])
        // The same data without encryption does hit (the scan is not vacuous).
        _ = try store("plain.db", key: nil)
        XCTAssertFalse(try hits("plain.db").isEmpty)
    }

    func testAnEncryptedStoreRefusesToOpenWithoutItsKeyOrWithAnotherAndWritesNothing() throws {
        let key = try KeyEncryptionKey.create(path: path("kek"))
        let encrypted = try store("sealed.db", key: key)
        try encrypted.checkpointAndTruncateWAL()
        let before = try Data(contentsOf: URL(fileURLWithPath: path("sealed.db")))
        let other = try KeyEncryptionKey.create(path: path("other"))
        XCTAssertThrowsError(try CallStore(path: path("sealed.db"))) { error in
            XCTAssertEqual(error as? StoreEncryptionError, .keyRequired(path: path("sealed.db")))
        }
        XCTAssertThrowsError(try CallStore(path: path("sealed.db"), encryption: .key(other))) { error in
            XCTAssertEqual(error as? StoreEncryptionError, .wrongKey(path: path("sealed.db"), fingerprint: other.fingerprint))
        }
        XCTAssertThrowsError(try QueryConnection(path: path("sealed.db"))) { error in
            XCTAssertEqual(error as? StoreEncryptionError, .keyRequired(path: path("sealed.db")))
        }
        XCTAssertThrowsError(try QueryConnection(path: path("sealed.db"), encryption: .key(other))) { error in
            XCTAssertEqual(error as? StoreEncryptionError, .wrongKey(path: path("sealed.db"), fingerprint: other.fingerprint))
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path("sealed.db"))), before, "nothing written")
        // Opened for its other tables only, call data stays locked.
        let locked = try CallStore(path: path("sealed.db"), encryption: .withoutCallData)
        XCTAssertThrowsError(try locked.forEachCall(CallFilter()) { _ in }) { error in
            XCTAssertEqual(error as? StoreEncryptionError, .callDataLocked(path: path("sealed.db")))
        }
        // A store with plaintext calls cannot be switched to encryption.
        _ = try store("plain.db", key: nil)
        XCTAssertThrowsError(try CallStore(path: path("plain.db"), encryption: .key(key))) { error in
            XCTAssertEqual(error as? StoreEncryptionError, .plaintextStoreHasCalls(path: path("plain.db")))
        }
    }

    func testSwappingSealedValuesBetweenRowsFailsToDecrypt() throws {
        let key = try KeyEncryptionKey.create(path: path("kek"))
        let encrypted = try store("sealed.db", key: key)
        // Rows 1 and 3 are Ben's, under the same data key: only the AAD (the row id) tells them apart.
        try encrypted.database.execute("""
            UPDATE calls SET sealed = (SELECT sealed FROM calls WHERE id = 3) WHERE id = 1;
            """)
        XCTAssertThrowsError(try calls(encrypted)) { error in
            XCTAssertEqual(error as? StoreEncryptionError, .decryptionFailed(table: "calls", rowID: 1))
            for secret in Self.secrets { XCTAssertFalse("\(error)".contains(secret)) }
        }
        XCTAssertThrowsError(try cursorCalls("sealed.db", key: key)) { error in
            XCTAssertEqual(error as? StoreEncryptionError, .decryptionFailed(table: "calls", rowID: 1))
        }
    }

    func testABackupFromBeforeAShredCannotRevealTheShreddedCallsWhileTheOthersStayReadable() throws {
        let key = try KeyEncryptionKey.create(path: path("kek"))
        let live = try store("live.db", key: key)
        try live.checkpointAndTruncateWAL()
        try FileManager.default.copyItem(atPath: path("live.db"), toPath: path("backup.db"))
        let annasCalls = try calls(live).filter { $0.call.parties.pin == "2222" }.map(\.id)
        XCTAssertEqual(annasCalls, [2, 4])

        let outcome = try live.write { try $0.shred(callIDs: annasCalls) }
        try live.checkpointAndTruncateWAL()
        XCTAssertEqual(outcome.deletedCalls, 2)
        XCTAssertEqual(outcome.rekeyedCalls, 0)
        XCTAssertEqual(outcome.destroyedKeyFingerprints.count, 1)
        XCTAssertEqual(outcome.destroyedKeyFingerprints[0].count, 32)
        XCTAssertEqual(try live.database.scalarText("SELECT fingerprint FROM data_keys WHERE destroyed_ms IS NOT NULL"),
                       outcome.destroyedKeyFingerprints[0])
        XCTAssertEqual(try live.database.scalarInt("SELECT count(*) FROM data_keys WHERE destroyed_ms IS NOT NULL AND wrapped IS NULL"), 1)

        // The live store: Ben's calls still open, Anna's are gone, her numbers are nowhere in the files.
        let remaining = try calls(live)
        XCTAssertEqual(remaining.map(\.call.parties.remote), ["030123456", "030123456"])
        XCTAssertEqual(remaining.map { $0.call.pricing?.remoteE164 }, ["+4930123456", "+4930123456"])
        XCTAssertEqual(try hits("live.db", secrets: ["555771", "555772"]), [:])
        XCTAssertEqual(try live.encryptionStatus().destroyedDataKeys, 1)
        XCTAssertEqual(try live.encryptionStatus().keyEpoch, 2)

        // The backup, opened with the current key material: Anna's sealed fields cannot be opened.
        let backup = try CallStore(path: path("backup.db"), encryption: .key(try KeyEncryptionKey.load(path: path("kek"))))
        let annasKey = try backup.database.scalarInt("SELECT data_key_id FROM calls WHERE id = 2") ?? 0
        XCTAssertThrowsError(try backup.forEachCall(CallFilter(id: 2)) { _ in }) { error in
            XCTAssertEqual(error as? StoreEncryptionError, .dataKeyUnavailable(keyID: annasKey))
        }
        XCTAssertThrowsError(try cursorCalls("backup.db", key: key)) { error in
            guard case .dataKeyUnavailable? = error as? StoreEncryptionError else { return XCTFail("\(error)") }
        }
        // The old epoch's secret is gone from the epoch file.
        XCTAssertEqual(try KeyEpochFile(kek: key).read().keys.sorted(), [2])
    }

    func testShreddingSomeCallsOfAKeyReSealsTheOthersUnderAFreshKey() throws {
        let key = try KeyEncryptionKey.create(path: path("kek"))
        let live = try store("live.db", key: key)
        let oldKey = try live.database.scalarInt("SELECT data_key_id FROM calls WHERE id = 1")
        let outcome = try live.write { try $0.shred(callIDs: [1]) }
        XCTAssertEqual(outcome.deletedCalls, 1)
        XCTAssertEqual(outcome.rekeyedCalls, 1)
        XCTAssertEqual(outcome.destroyedKeyFingerprints.count, 1)
        let newKey = try live.database.scalarInt("SELECT data_key_id FROM calls WHERE id = 3")
        XCTAssertNotEqual(newKey, oldKey)
        XCTAssertEqual(try calls(live).map(\.call.parties.remote), ["030555771", "030123456", "030555772"])
        XCTAssertEqual(try live.callIDs(withRemoteNumber: "+4930123456"), [3])
        // A rolled-back shred changes nothing and leaves the store readable.
        XCTAssertThrowsError(try live.write { transaction -> Void in
            _ = try transaction.shred(callIDs: [2])
            throw StoreError.transactionEnded
        })
        XCTAssertEqual(try calls(live).count, 3)
        let reopened = try CallStore(path: path("live.db"), encryption: .key(key))
        XCTAssertEqual(try calls(reopened).count, 3)
    }

    func testRotationKeepsEveryCallReadableAndTheOldKeyNoLongerOpensTheStore() throws {
        let old = try KeyEncryptionKey.create(path: path("kek"))
        let live = try store("live.db", key: old)
        let expected = try calls(live)
        let new = try KeyEncryptionKey.create(path: path("kek2"))
        XCTAssertEqual(try live.rotateKeyEncryptionKey(to: new), 2)
        XCTAssertEqual(try calls(live), expected)
        XCTAssertEqual(try calls(try CallStore(path: path("live.db"), encryption: .key(new))), expected)
        XCTAssertEqual(try cursorCalls("live.db", key: new).count, 4)
        try FileManager.default.removeItem(atPath: path("kek.epochs"))
        XCTAssertThrowsError(try CallStore(path: path("live.db"), encryption: .key(old))) { error in
            XCTAssertEqual(error as? StoreEncryptionError, .wrongKey(path: path("live.db"), fingerprint: old.fingerprint))
        }
        // The blind index survives rotation.
        XCTAssertEqual(try live.callIDs(withRemoteNumber: "+4930555771"), [2])
    }

    /// The nonces of every sealed call blob (their first 12 bytes).
    private func nonces(_ store: CallStore) throws -> [[UInt8]] {
        let select = try store.database.prepare("SELECT sealed FROM calls ORDER BY id")
        var nonces: [[UInt8]] = []
        while try select.step() { nonces.append(Array(select.blob(0).prefix(12))) }
        return nonces
    }

    func testBlobsSealedWithARandomNonceStillOpenAndCounterNoncesNeverRepeat() throws {
        let key = try KeyEncryptionKey.create(path: path("kek"))
        let encrypted = try store("sealed.db", key: key)
        let expected = try calls(encrypted)
        let keyring = try XCTUnwrap(encrypted.keyring)
        // Row 1 re-sealed as earlier builds did (AES.GCM.seal with a random nonce, `combined`): it
        // still opens, since the layout (nonce, ciphertext, tag) is unchanged.
        let select = try encrypted.database.prepare("SELECT sealed, data_key_id FROM calls WHERE id = 1")
        XCTAssertTrue(try select.step())
        let blob = select.blob(0)
        let keyID = select.int64(1)
        let dataKey = try keyring.readKey(id: keyID, database: encrypted.database)
        let fields = try blob.withUnsafeBytes { try keyring.openCall($0, keyID: keyID, rowID: 1, database: encrypted.database) }
        keyring.pack(fields.map { Array($0.utf8) })
        XCTAssertEqual(blob.count, 12 + keyring.plaintext.count + 16)
        let old = try XCTUnwrap(try AES.GCM.seal(keyring.plaintext, using: dataKey, authenticating: Array("calls|sealed|1".utf8)).combined)
        let update = try encrypted.database.prepare("UPDATE calls SET sealed = ? WHERE id = 1")
        update.bind(1, data: old)
        try update.run()
        keyring.forgetDataKeys()
        XCTAssertEqual(try calls(encrypted), expected)
        XCTAssertEqual(try cursorCalls("sealed.db", key: key).first?.call.pricing?.remoteE164, "+4930123456")
        // Counter nonces: distinct within the batch, and a re-seal of the same row under the same
        // key (rerate) never reuses one, though the AAD (the row id) is the same.
        try encrypted.beginBatch()
        XCTAssertEqual(try encrypted.insert(CallBatch([Self.call("b3", pin: "1111", remote: "30123456", startMs: Self.may2026 + 5_000),
                                                      Self.call("b4", pin: "1111", remote: "30123456", startMs: Self.may2026 + 6_000)]),
                                           sourceID: 1, importID: nil, ratedMs: 7).inserted, 2)
        try encrypted.commitBatch()
        var seen = try nonces(encrypted)
        XCTAssertEqual(seen.count, 6)
        for _ in 0..<3 {
            var pricing = try XCTUnwrap(try calls(encrypted)[2].call.pricing)
            pricing.costMinor = (pricing.costMinor ?? 0) + 1
            try encrypted.beginBatch()
            XCTAssertTrue(try encrypted.updatePricing(callID: 3, to: pricing, ratedMs: 9))
            try encrypted.commitBatch()
            seen.append(try nonces(encrypted)[2])
        }
        XCTAssertEqual(Set(seen).count, seen.count)
        XCTAssertEqual(try calls(encrypted).count, 6)
    }

    func testLookupsByNumberUseTheBlindIndexAndRerateReSealsTheNewNumbers() throws {
        let key = try KeyEncryptionKey.create(path: path("kek"))
        let live = try store("live.db", key: key)
        XCTAssertEqual(try live.callIDs(withRemoteNumber: "+4930123456"), [1, 3])
        XCTAssertEqual(try live.callIDs(withRemoteNumber: "030123456"), [])
        let plain = try store("plain.db", key: nil)
        XCTAssertEqual(try plain.callIDs(withRemoteNumber: "+4930123456"), [1, 3])

        var call = try calls(live)[0]
        var pricing = try XCTUnwrap(call.call.pricing)
        pricing.remoteE164 = "+4930999888"
        pricing.costMinor = 30
        try live.beginBatch()
        XCTAssertTrue(try live.updatePricing(callID: call.id, to: pricing, ratedMs: 9))
        try live.commitBatch()
        call = try calls(live)[0]
        XCTAssertEqual(call.call.pricing?.remoteE164, "+4930999888")
        XCTAssertEqual(call.call.pricing?.costMinor, 30)
        XCTAssertEqual(call.call.parties.remote, "030123456")
        XCTAssertEqual(try live.callIDs(withRemoteNumber: "+4930999888"), [1])
        XCTAssertEqual(try live.callIDs(withRemoteNumber: "+4930123456"), [3])
        XCTAssertEqual(try live.database.scalarInt("SELECT count(*) FROM calls WHERE remote_e164 IS NOT NULL"), 0)
    }

    func testRejectsRawBytesAreSealedAndReadBackByBothReaders() throws {
        let key = try KeyEncryptionKey.create(path: path("kek"))
        let live = try store("live.db", key: key)
        let source = try live.existingSourceID(named: "berlin")
        let raw = Array("1,2,03055588123,broken".utf8)
        let reject = QuarantinedInput(reason: .malformed, sourceOffset: 490, raw: raw, field: "calling", message: "bad date")
        XCTAssertTrue(try live.insert(reject, sourceID: source, importID: nil, fileSHA256: "f1", fileName: "cdr.txt", nowMs: Self.may2026))
        XCTAssertFalse(try live.insert(reject, sourceID: source, importID: nil, fileSHA256: "f1", fileName: "cdr.txt", nowMs: Self.may2026),
                       "the same span is quarantined once")
        XCTAssertTrue(try live.insert(reject, sourceID: source, importID: nil, fileSHA256: "f2", fileName: "cdr2.txt",
                                      nowMs: Self.may2026, conflictCallID: 1, conflictRaw: Array("03055588124".utf8)))
        var read: [StoredReject] = []
        try live.forEachReject { read.append($0) }
        XCTAssertEqual(read.map(\.reject.raw), [raw, raw])
        XCTAssertEqual(read.map(\.conflictRaw), [nil, Array("03055588124".utf8)])
        XCTAssertEqual(read.map(\.id), [1, 2])
        let connection = try QueryConnection(path: path("live.db"), encryption: .key(key))
        var listed: [StoredReject] = []
        try connection.forEachQuarantinedSpan(rawBytes: true) { listed.append($0) }
        XCTAssertEqual(listed, read)
        try live.checkpointAndTruncateWAL()
        XCTAssertEqual(try hits("live.db", secrets: ["5558812"]), [:])
        XCTAssertEqual(try live.database.scalarText("SELECT group_concat(category || ' ' || month) FROM data_keys WHERE id = 3"),
                       "business 2026-05")
        // Shredding the conflict's stored leg drops the link and the quoted bytes, keeps the reject.
        _ = try live.write { try $0.shred(callIDs: [1]) }
        var after: [StoredReject] = []
        try live.forEachReject { after.append($0) }
        XCTAssertEqual(after.map(\.reject.raw), [raw, raw])
        XCTAssertEqual(after.map(\.conflictRaw), [nil, nil])
        XCTAssertEqual(after.map(\.conflictCallID), [nil, nil])
    }

    /// The store's bulk sealing (OpenSSL, a context per key) writes plain AES-256-GCM and
    /// HMAC-SHA-256: swift-crypto opens its blobs and computes the same blind index; blobs in the
    /// earlier 4-byte-length layout still open.
    func testSealingIsPlainAESGCMWithHMACIndexAndBothPlaintextLayoutsOpen() throws {
        let key = try KeyEncryptionKey.create(path: path("kek"))
        let encrypted = try store("sealed.db", key: key)
        let expected = try calls(encrypted)
        let keyring = try XCTUnwrap(encrypted.keyring)
        let select = try encrypted.database.prepare("SELECT sealed, data_key_id, remote_bidx FROM calls WHERE id = 2")
        XCTAssertTrue(try select.step())
        let blob = select.blob(0)
        let dataKey = try keyring.readKey(id: select.int64(1), database: encrypted.database)
        let opened = try AES.GCM.open(AES.GCM.SealedBox(combined: blob), using: dataKey, authenticating: Array("calls|sealed|2".utf8))
        // The compact layout: 0xFF, then per field a LEB128 length and the bytes (calling "2001" first).
        XCTAssertEqual(Array(opened.prefix(6)), [0xFF, 4] + Array("2001".utf8))
        let fields = try XCTUnwrap(Array(opened).withUnsafeBytes { bytes in
            StoreKeyring.unpack(bytes).map { $0.map { String(decoding: bytes[$0], as: UTF8.self) } }
        })
        XCTAssertEqual(fields.count, SealedCallField.count)
        XCTAssertEqual(fields[SealedCallField.remoteE164.rawValue], "+4930555771")
        XCTAssertEqual(fields[SealedCallField.remote.rawValue], "030555771")
        // The blind index is HMAC-SHA-256 under the index key, first 8 bytes big-endian.
        let code = Array(HMAC<SHA256>.authenticationCode(for: Array("+4930555771".utf8), using: keyring.indexKey))
        XCTAssertEqual(select.int64(2), Int64(bitPattern: code.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }))
        // Row 2 re-sealed in the earlier layout (4-byte little-endian lengths) reads back the same.
        var old: [UInt8] = []
        for field in fields {
            let count = UInt32(field.utf8.count)
            old += [UInt8(count & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count >> 16 & 0xFF), UInt8(count >> 24)] + Array(field.utf8)
        }
        let box = try XCTUnwrap(try AES.GCM.seal(old, using: dataKey, authenticating: Array("calls|sealed|2".utf8)).combined)
        let update = try encrypted.database.prepare("UPDATE calls SET sealed = ? WHERE id = 2")
        update.bind(1, data: box)
        try update.run()
        keyring.forgetDataKeys()
        XCTAssertEqual(try calls(encrypted), expected)
        XCTAssertEqual(try cursorCalls("sealed.db", key: key), expected)
    }

    /// Sealing prepared ahead (an import's parsing thread) stores exactly what the store prepares
    /// itself; a preparation made from other legs is not used.
    func testPreparedSealsStoreTheSameAndAreIgnoredForAnotherBatch() throws {
        let key = try KeyEncryptionKey.create(path: path("kek"))
        let reference = try store("reference.db", key: key)
        let expected = try calls(reference)
        for (name, preparedFrom) in [("prepared.db", Self.fixture()),
                                     ("other.db", CallBatch([Self.call("x", pin: "9", remote: "301", startMs: 5)]))] {
            let store = try CallStore(path: path(name), encryption: .key(key))
            let source = try store.sourceID(named: "berlin", connector: "cisco.cucm", timeZone: "UTC", nowMs: 5)
            let seals = try XCTUnwrap(try store.sealPreparer()).prepare(preparedFrom)
            XCTAssertEqual(seals.matches(Self.fixture()), name == "prepared.db")
            try store.beginBatch()
            XCTAssertEqual(try store.insert(Self.fixture(), sourceID: source, importID: nil, ratedMs: 7, seals: seals).inserted, 4)
            try store.commitBatch()
            XCTAssertEqual(try calls(store), expected, name)
            XCTAssertEqual(try store.callIDs(withRemoteNumber: "+4930123456"), [1, 3], name)
        }
        // A plaintext store has no preparer.
        XCTAssertNil(try CallStore(path: path("plain.db"), encryption: .none).sealPreparer())
    }

    /// A shred re-seals the other calls of a destroyed key, found among the calls of the key's
    /// UTC month: the first and the last millisecond of the month included, the next month's not.
    func testAShredFindsTheOtherCallsOfAKeyAtBothEndsOfItsMonth() throws {
        let key = try KeyEncryptionKey.create(path: path("kek"))
        let store = try CallStore(path: path("months.db"), encryption: .key(key))
        let source = try store.sourceID(named: "berlin", connector: "cisco.cucm", timeZone: "UTC", nowMs: 5)
        let june2026: Int64 = 1_780_272_000_000
        try store.beginBatch()
        XCTAssertEqual(try store.insert(CallBatch([
            Self.call("first", pin: "1111", remote: "30123456", startMs: Self.may2026),
            Self.call("middle", pin: "1111", remote: "30123456", startMs: Self.may2026 + 86_400_000),
            Self.call("last", pin: "1111", remote: "30123456", startMs: june2026 - 1),
            Self.call("june", pin: "1111", remote: "30123456", startMs: june2026),
        ]), sourceID: source, importID: nil, ratedMs: 7).inserted, 4)
        try store.commitBatch()
        XCTAssertEqual(CalendarMonth(utc: "2026-05").map { [$0.startMs, $0.endMs] }, [Self.may2026, june2026])
        XCTAssertEqual(try store.database.scalarInt("SELECT count(DISTINCT data_key_id) FROM calls"), 2)
        let outcome = try store.write { try $0.shred(callIDs: [2]) }
        XCTAssertEqual(outcome.deletedCalls, 1)
        XCTAssertEqual(outcome.rekeyedCalls, 2)
        XCTAssertEqual(try calls(store).map(\.call.vendorRecordID), ["first", "last", "june"])
        XCTAssertEqual(try store.database.scalarInt("""
            SELECT count(*) FROM calls c JOIN data_keys k ON k.id = c.data_key_id WHERE k.destroyed_ms IS NULL
            """), 3)
        // Each live key counts its calls: the fresh May key 2, the June key 1.
        let counts = try store.database.prepare("SELECT month, calls FROM data_keys WHERE destroyed_ms IS NULL ORDER BY month")
        var live: [String] = []
        while try counts.step() { live.append("\(counts.text(0)):\(counts.int64(1))") }
        XCTAssertEqual(live, ["2026-05:2", "2026-06:1"])
        // A key without a count (sealed by an earlier build) still has its other calls found.
        try store.database.execute("UPDATE data_keys SET calls = NULL")
        XCTAssertEqual(try store.write { try $0.shred(callIDs: [1]) }.rekeyedCalls, 1)
        // Deleting every call of a key leaves nothing to re-seal.
        XCTAssertEqual(try store.write { try $0.shred(callIDs: [4]) }.rekeyedCalls, 0)
        XCTAssertEqual(try calls(store).map(\.call.vendorRecordID), ["last"])
        XCTAssertEqual(try store.callIDs(withRemoteNumber: "+4930123456"), [3])
    }

    func testKeyFilesAreCheckedAndNeverOverwritten() throws {
        let key = try KeyEncryptionKey.create(path: path("kek"))
        XCTAssertEqual(try KeyEncryptionKey.load(path: path("kek")).fingerprint, key.fingerprint)
        XCTAssertThrowsError(try KeyEncryptionKey.create(path: path("kek"))) { error in
            XCTAssertEqual(error as? StoreEncryptionError, .keyFileExists(path: path("kek")))
        }
        XCTAssertEqual(chmod(path("kek"), 0o644), 0)
        XCTAssertThrowsError(try KeyEncryptionKey.load(path: path("kek"))) { error in
            XCTAssertEqual(error as? StoreEncryptionError, .badKeyFile(
                path: path("kek"), reason: "its mode is 644; a key file must be readable by its owner only (chmod 600)"))
        }
        XCTAssertTrue(FileManager.default.createFile(atPath: path("short"), contents: Data("abcd\n".utf8), attributes: [.posixPermissions: 0o600]))
        XCTAssertThrowsError(try KeyEncryptionKey.load(path: path("short"))) { error in
            XCTAssertEqual(error as? StoreEncryptionError, .badKeyFile(
                path: path("short"), reason: "a key is 32 bytes (64 hex digits), found 2 bytes"))
        }
        XCTAssertThrowsError(try KeyEncryptionKey.load(path: path("missing"))) { error in
            guard case .badKeyFile(let file, _)? = error as? StoreEncryptionError else { return XCTFail("\(error)") }
            XCTAssertEqual(file, path("missing"))
        }
    }
}
