import Crypto
import Foundation

/// How a store is opened with respect to encryption at rest.
public enum StoreKeyAccess: Sendable {
    /// No key: the store must not be encrypted (an encrypted store fails closed with
    /// ``StoreEncryptionError/keyRequired(path:)`` before anything is read or written).
    case none
    /// The key-encryption key: an encrypted store is unlocked with it (a different key fails closed
    /// with ``StoreEncryptionError/wrongKey(path:fingerprint:)``); a new, empty store becomes encrypted.
    case key(KeyEncryptionKey)
    /// Opens an encrypted store for its other tables only (users, roles, audit): every read or
    /// write of call data throws ``StoreEncryptionError/callDataLocked(path:)``.
    case withoutCallData
}

/// The encrypted fields of a call, in the order they are packed into its sealed blob.
enum SealedCallField: Int, CaseIterable {
    case calling = 0, called, originalCalled, connected, redirecting, remote, extra, remoteE164, localE164, callingE164,
         calledE164, originalCalledE164, connectedE164, redirectingE164

    /// Number of fields.
    static let count = 14
}

/// What an encrypted store's connection knows of its keys: the KEK, the current key epoch's
/// secret, the index and pseudonym keys (unwrapped from `store_meta`) and caches of data keys.
/// One per connection, used by one thread at a time.
final class StoreKeyring {
    /// Meta keys of `store_meta`.
    enum Meta {
        static let check = "kek_check"
        static let indexKey = "index_key"
        static let subjectKey = "subject_key"
        static let epoch = "epoch"
        static let journalKey = "journal_key"
    }

    let kek: KeyEncryptionKey
    /// The database file (for messages).
    let path: String
    /// The store's key epoch.
    private(set) var epoch: Int64
    /// The key data keys are wrapped under (KEK + epoch secret); `nil` when the epoch file no
    /// longer holds this store's epoch (a copy from before a crypto-shred).
    private var wrapKey: SymmetricKey?
    /// The key of the blind index.
    let indexKey: SymmetricKey
    /// The key of subject pseudonyms.
    let subjectKey: SymmetricKey
    /// Packs legs and computes blind indexes when the batch was not prepared beforehand.
    let preparer: SealPreparer
    /// Reused associated-data buffer.
    private var aad: [UInt8] = []
    /// The table and column whose "table|column|" prefix ``aad`` holds, and its length.
    private var aadTable = ""
    private var aadColumn = ""
    private var aadPrefixCount = 0
    /// Reused output buffer of ``seal(_:key:table:column:rowID:)``: nonce, ciphertext, tag.
    private var sealed: [UInt8] = []
    /// The next AES-GCM nonce (12 bytes, a big-endian 96-bit counter); see ``nextNonce()``.
    private var nonce: [UInt8] = []
    /// Live data keys for writing, by the bytes of "subject\u{1}category\u{1}month" (see ``writeKeyName``).
    var writeKeys: [KeyName: LiveDataKey] = [:]
    /// Reused buffer for the name of a write key looked up in ``writeKeys``.
    var writeKeyName: [UInt8] = []
    /// Data keys by id, for reading.
    var readKeys: [Int64: SymmetricKey] = [:]
    /// Ready AES-GCM contexts by data key id (bounded: each holds a key schedule).
    private var ciphers: [Int64: FieldCipher] = [:]
    /// Reused output buffer of ``open(_:cipher:table:column:rowID:)``.
    private(set) var opened: [UInt8] = []
    /// Source names by id (for subjects `site:<source>`).
    var sourceNames: [Int64: String] = [:]
    /// Reused plaintext buffer for sealing.
    var plaintext: [UInt8] = []
    private var months = MonthNames()

    private init(kek: KeyEncryptionKey, path: String, epoch: Int64, wrapKey: SymmetricKey?, indexKey: SymmetricKey,
                 subjectKey: SymmetricKey) throws {
        self.kek = kek
        self.path = path
        self.epoch = epoch
        self.wrapKey = wrapKey
        self.indexKey = indexKey
        self.subjectKey = subjectKey
        preparer = try SealPreparer(indexKey: indexKey)
        drawNonce()
    }

    // MARK: Opening

    /// Whether the store on `database` is encrypted (its `store_meta` has a check value).
    static func isEncrypted(_ database: SQLiteDatabase) throws -> Bool {
        guard try database.scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'store_meta'") == 1
        else { return false }
        return try database.scalarInt("SELECT count(*) FROM store_meta WHERE key = '\(Meta.check)'") == 1
    }

    /// Unlocks an encrypted store: checks the KEK against the stored check value (before anything
    /// else is read), unwraps the index and pseudonym keys and finds the epoch secret.
    /// - Throws: ``StoreEncryptionError/wrongKey(path:fingerprint:)``, ``StoreEncryptionError/epochMissing(path:epoch:)``.
    static func unlock(_ database: SQLiteDatabase, path: String, kek: KeyEncryptionKey) throws -> StoreKeyring {
        let meta = try readMeta(database)
        guard let check = meta[Meta.check], check == kek.checkValue else {
            throw StoreEncryptionError.wrongKey(path: path, fingerprint: kek.fingerprint)
        }
        guard let indexWrapped = meta[Meta.indexKey], let subjectWrapped = meta[Meta.subjectKey],
              let epochBytes = meta[Meta.epoch], let epoch = Int64(String(decoding: epochBytes, as: UTF8.self)) else {
            throw StoreEncryptionError.wrongKey(path: path, fingerprint: kek.fingerprint)
        }
        let indexKey = try unwrapMeta(indexWrapped, name: Meta.indexKey, kek: kek, path: path)
        let subjectKey = try unwrapMeta(subjectWrapped, name: Meta.subjectKey, kek: kek, path: path)
        let file = KeyEpochFile(kek: kek)
        var epochs = try file.read()
        var wrapKey: SymmetricKey?
        if let secret = epochs[epoch] {
            wrapKey = deriveWrapKey(kek: kek, epochSecret: secret)
            // Epochs older than the store's are secrets of destroyed keys: delete them.
            if epochs.keys.contains(where: { $0 < epoch }) {
                epochs = epochs.filter { $0.key >= epoch }
                try file.write(epochs)
            }
        } else if !epochs.keys.contains(where: { $0 > epoch }) {
            throw StoreEncryptionError.epochMissing(path: file.path, epoch: epoch)
        }
        return try StoreKeyring(kek: kek, path: path, epoch: epoch, wrapKey: wrapKey, indexKey: indexKey, subjectKey: subjectKey)
    }

    /// Makes a new store encrypted: random index and pseudonym keys, a new key epoch, the check value.
    static func initialise(_ database: SQLiteDatabase, path: String, kek: KeyEncryptionKey) throws -> StoreKeyring {
        guard try database.scalarInt("SELECT count(*) FROM calls") == 0,
              try database.scalarInt("SELECT count(*) FROM rejects") == 0 else {
            throw StoreEncryptionError.plaintextStoreHasCalls(path: path)
        }
        let indexKey = SymmetricKey(size: .bits256)
        let subjectKey = SymmetricKey(size: .bits256)
        let file = KeyEpochFile(kek: kek)
        var epochs = try file.read()
        let epoch = (epochs.keys.max() ?? 0) + 1
        let secret = SymmetricKey(size: .bits256)
        epochs[epoch] = secret
        try file.write(epochs)
        try database.transaction {
            try writeMeta(database, Meta.check, kek.checkValue)
            try writeMeta(database, Meta.indexKey, try wrapMeta(indexKey, name: Meta.indexKey, kek: kek))
            try writeMeta(database, Meta.subjectKey, try wrapMeta(subjectKey, name: Meta.subjectKey, kek: kek))
            try writeMeta(database, Meta.epoch, Array(String(epoch).utf8))
        }
        return try StoreKeyring(kek: kek, path: path, epoch: epoch, wrapKey: deriveWrapKey(kek: kek, epochSecret: secret),
                            indexKey: indexKey, subjectKey: subjectKey)
    }

    static func readMeta(_ database: SQLiteDatabase) throws -> [String: [UInt8]] {
        let select = try database.prepare("SELECT key, value FROM store_meta")
        var meta: [String: [UInt8]] = [:]
        while try select.step() { meta[select.text(0)] = select.blob(1) }
        return meta
    }

    static func writeMeta(_ database: SQLiteDatabase, _ key: String, _ value: [UInt8]) throws {
        let insert = try database.prepare("INSERT OR REPLACE INTO store_meta(key, value) VALUES (?, ?)")
        insert.bind(1, key)
        insert.bind(2, bytes: value)
        try insert.run()
    }

    static func wrapMeta(_ key: SymmetricKey, name: String, kek: KeyEncryptionKey) throws -> [UInt8] {
        let box = try AES.GCM.seal(key.withUnsafeBytes { Array($0) }, using: kek.key, authenticating: Array("store_meta|\(name)".utf8))
        return Array(box.combined ?? Data())
    }

    static func unwrapMeta(_ wrapped: [UInt8], name: String, kek: KeyEncryptionKey, path: String) throws -> SymmetricKey {
        do {
            let box = try AES.GCM.SealedBox(combined: wrapped)
            return SymmetricKey(data: try AES.GCM.open(box, using: kek.key, authenticating: Array("store_meta|\(name)".utf8)))
        } catch {
            throw StoreEncryptionError.wrongKey(path: path, fingerprint: kek.fingerprint)
        }
    }

    static func deriveWrapKey(kek: KeyEncryptionKey, epochSecret: SymmetricKey) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: kek.key, salt: epochSecret.withUnsafeBytes { Array($0) },
                               info: Array("tollbook data-key wrap v1".utf8), outputByteCount: 32)
    }

    // MARK: Data keys

    /// The wrapped form of data key `id`.
    func wrap(_ key: SymmetricKey, id: Int64, under wrapKey: SymmetricKey? = nil) throws -> [UInt8] {
        guard let wrapping = wrapKey ?? self.wrapKey else { throw StoreEncryptionError.dataKeyUnavailable(keyID: id) }
        let box = try AES.GCM.seal(key.withUnsafeBytes { Array($0) }, using: wrapping, authenticating: Array("data_keys|wrapped|\(id)".utf8))
        return Array(box.combined ?? Data())
    }

    /// Unwraps data key `id`.
    /// - Throws: ``StoreEncryptionError/dataKeyUnavailable(keyID:)``.
    func unwrap(_ wrapped: [UInt8], id: Int64) throws -> SymmetricKey {
        guard let wrapKey, !wrapped.isEmpty else { throw StoreEncryptionError.dataKeyUnavailable(keyID: id) }
        do {
            let box = try AES.GCM.SealedBox(combined: wrapped)
            return SymmetricKey(data: try AES.GCM.open(box, using: wrapKey, authenticating: Array("data_keys|wrapped|\(id)".utf8)))
        } catch {
            throw StoreEncryptionError.dataKeyUnavailable(keyID: id)
        }
    }

    /// The keyed pseudonym of a subject (HMAC-SHA-256 under the pseudonym key).
    func pseudonym(of subject: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Array(subject.utf8), using: subjectKey))
    }

    /// The blind index of a number: HMAC-SHA-256 under the index key, first 8 bytes as an integer.
    func blindIndex(_ number: UnsafeRawBufferPointer) throws -> Int64 {
        try preparer.blindIndex(number)
    }

    /// The blind index of a number given as text.
    func blindIndex(_ number: String) throws -> Int64 {
        try Array(number.utf8).withUnsafeBytes { try blindIndex($0) }
    }

    /// UTC `YYYY-MM` of an instant (ms).
    func month(ofMs ms: Int64) -> String {
        months.month(ofMs: ms)
    }

    /// The live data key of (subject, category, month), created (and wrapped) on first use.
    func writeKey(subject: String, category: String, month: String, database: SQLiteDatabase, nowMs: Int64) throws
        -> LiveDataKey {
        writeKeyName.removeAll(keepingCapacity: true)
        writeKeyName.append(contentsOf: subject.utf8)
        writeKeyName.append(1)
        writeKeyName.append(contentsOf: category.utf8)
        writeKeyName.append(1)
        writeKeyName.append(contentsOf: month.utf8)
        return try writeKeyForName(database: database, nowMs: nowMs)
    }

    /// The live data key whose name ``writeKeyName`` holds ("subject\u{1}category\u{1}month"
    /// as UTF-8): a cache hit builds no string; a miss reads or creates the key.
    func writeKeyForName(database: SQLiteDatabase, nowMs: Int64) throws -> LiveDataKey {
        if let cached = writeKeys[KeyName(bytes: writeKeyName)] { return cached }
        let cacheKey = KeyName(bytes: writeKeyName)
        // The subject may in principle contain the separator; category and month never do.
        guard let monthStart = writeKeyName.lastIndex(of: 1),
              let categoryStart = writeKeyName[..<monthStart].lastIndex(of: 1) else {
            throw StoreEncryptionError.cipherUnavailable(reason: "malformed data key name")
        }
        let subject = String(decoding: writeKeyName[..<categoryStart], as: UTF8.self)
        let category = String(decoding: writeKeyName[(categoryStart + 1)..<monthStart], as: UTF8.self)
        let month = String(decoding: writeKeyName[(monthStart + 1)...], as: UTF8.self)
        let pseudonym = pseudonym(of: subject)
        let select = try database.prepare("""
            SELECT id, wrapped FROM data_keys WHERE subject = ? AND category = ? AND month = ? AND destroyed_ms IS NULL
            """)
        select.bind(1, bytes: pseudonym)
        select.bind(2, category)
        select.bind(3, month)
        let result: LiveDataKey
        if try select.step() {
            let id = select.int64(0)
            let key = try unwrap(select.blob(1), id: id)
            result = LiveDataKey(id: id, key: key, cipher: try cipher(id: id, key: key))
        } else {
            let id = (try database.scalarInt("SELECT coalesce(max(id), 0) + 1 FROM data_keys")) ?? 1
            let key = SymmetricKey(size: .bits256)
            let insert = try database.prepare("""
                INSERT INTO data_keys(id, subject, category, month, wrapped, created_ms, calls) VALUES (?, ?, ?, ?, ?, ?, 0)
                """)
            insert.bind(1, id)
            insert.bind(2, bytes: pseudonym)
            insert.bind(3, category)
            insert.bind(4, month)
            insert.bind(5, bytes: try wrap(key, id: id))
            insert.bind(6, nowMs)
            try insert.run()
            result = LiveDataKey(id: id, key: key, cipher: try cipher(id: id, key: key))
        }
        if writeKeys.count >= 8192 { writeKeys.removeAll() }
        writeKeys[cacheKey] = result
        readKeys[result.id] = result.key
        return result
    }

    /// Data key `id` for reading.
    /// - Throws: ``StoreEncryptionError/dataKeyUnavailable(keyID:)`` for a destroyed or unknown key.
    func readKey(id: Int64, database: SQLiteDatabase) throws -> SymmetricKey {
        if let cached = readKeys[id] { return cached }
        let select = try database.prepare("SELECT wrapped FROM data_keys WHERE id = ? AND destroyed_ms IS NULL")
        select.bind(1, id)
        guard try select.step() else { throw StoreEncryptionError.dataKeyUnavailable(keyID: id) }
        let key = try unwrap(select.blob(0), id: id)
        if readKeys.count > 200_000 { readKeys.removeAll() }
        readKeys[id] = key
        return key
    }

    /// Starts a new nonce sequence: 96 random bits (one getrandom per transaction, not per seal).
    private func drawNonce() {
        var generator = SystemRandomNumberGenerator()
        nonce.removeAll(keepingCapacity: true)
        for _ in 0..<12 { nonce.append(UInt8.random(in: .min ... .max, using: &generator)) }
    }

    /// Advances the nonce counter after a seal used ``nonce``.
    ///
    /// Why a counter is safe: AES-GCM needs a nonce never repeated under one key. The nonce is a
    /// 96-bit big-endian counter that starts at a fresh random value per keyring and per
    /// transaction (``committed()``, ``rollBack(level:)``) and is incremented after every seal, so
    /// within a sequence no value repeats (2^96 seals before it wraps). Two sequences (other
    /// transactions, connections or processes sealing under the same data key) collide only if
    /// their ranges overlap: for sequences of lengths n and m from uniform random starts that is
    /// at most (n + m) / 2^96, so over the life of a key the bound is that of drawing every nonce
    /// at random (the birthday bound on the number of seals), which is what the store relied on
    /// before. The nonce does not depend on the row id, so re-sealing a row under the same key
    /// (rerate, shred's reject re-seal) draws a new one.
    private func advanceNonce() {
        var index = 11
        while index >= 0 {
            nonce[index] &+= 1
            if nonce[index] != 0 { break }
            index -= 1
        }
    }

    /// Forgets every cached data key (after a rollback, a shred or a rotation).
    func forgetDataKeys() {
        writeKeys.removeAll()
        readKeys.removeAll()
        ciphers.removeAll()
    }

    /// The AES-GCM context of data key `id` (set up on first use).
    func cipher(id: Int64, key: SymmetricKey) throws -> FieldCipher {
        if let cached = ciphers[id] { return cached }
        let cipher = try FieldCipher(key: key)
        if ciphers.count >= 4096 { ciphers.removeAll() }
        ciphers[id] = cipher
        return cipher
    }

    /// The AES-GCM context of data key `id` for reading.
    /// - Throws: ``StoreEncryptionError/dataKeyUnavailable(keyID:)`` for a destroyed or unknown key.
    func readCipher(id: Int64, database: SQLiteDatabase) throws -> FieldCipher {
        if let cached = ciphers[id] { return cached }
        return try cipher(id: id, key: try readKey(id: id, database: database))
    }

    /// The epoch before an uncommitted shred moved to a new one, and the write level it happened in.
    private var previousEpoch: (epoch: Int64, wrapKey: SymmetricKey?, level: Int)?

    /// Moves to a new epoch inside a write at nesting `level` (a shred): later wraps use
    /// `wrapKey`; rolling that level back returns to the previous epoch, a commit keeps it.
    func beginEpoch(_ epoch: Int64, wrapKey: SymmetricKey, level: Int) {
        if let previousEpoch {
            self.previousEpoch = (previousEpoch.epoch, previousEpoch.wrapKey, min(previousEpoch.level, level))
        } else {
            previousEpoch = (self.epoch, self.wrapKey, level)
        }
        self.epoch = epoch
        self.wrapKey = wrapKey
        forgetDataKeys()
    }

    /// A savepoint at `level` was released into its parent.
    func released(level: Int) {
        if let previousEpoch, previousEpoch.level == level {
            self.previousEpoch = (previousEpoch.epoch, previousEpoch.wrapKey, level - 1)
        }
    }

    /// The outermost transaction committed.
    func committed() {
        previousEpoch = nil
        drawNonce()
    }

    /// A write at nesting `level` rolled back (0: a whole batch): cached keys are forgotten and
    /// an epoch change made at that level or deeper is undone.
    func rollBack(level: Int) {
        forgetDataKeys()
        drawNonce()
        if let previousEpoch, previousEpoch.level >= level {
            epoch = previousEpoch.epoch
            wrapKey = previousEpoch.wrapKey
            self.previousEpoch = nil
        }
    }

    // MARK: Sealing

    /// Seals `plaintext` under `key`, bound to `table|column|rowID`: nonce, ciphertext and tag
    /// (the layout of `AES.GCM.SealedBox.combined`). For occasional seals (rejects, re-seals);
    /// the insert path keeps a context per key (``seal(_:cipher:table:column:rowID:)``).
    func seal(_ plaintext: [UInt8], key: SymmetricKey, table: String, column: String, rowID: Int64) throws -> [UInt8] {
        try seal(plaintext, cipher: try FieldCipher(key: key), table: table, column: column, rowID: rowID)
    }

    /// Seals `plaintext` with a data key's ready context, bound to `table|column|rowID`. The
    /// result shares a reused buffer: bind or copy it before the next seal.
    func seal(_ plaintext: [UInt8], cipher: FieldCipher, table: String, column: String, rowID: Int64) throws -> [UInt8] {
        try plaintext.withUnsafeBytes { try seal($0, cipher: cipher, table: table, column: column, rowID: rowID) }
    }

    /// Seals bytes in place (a prepared batch's arena); see ``seal(_:cipher:table:column:rowID:)-([UInt8],_,_,_,_)``.
    func seal(_ plaintext: UnsafeRawBufferPointer, cipher: FieldCipher, table: String, column: String, rowID: Int64) throws
        -> [UInt8] {
        setAAD(table: table, column: column, rowID: rowID)
        sealed.removeAll(keepingCapacity: true)
        try nonce.withUnsafeBytes { nonce in
            try aad.withUnsafeBytes { aad in try cipher.seal(plaintext, nonce: nonce, aad: aad, appendingTo: &sealed) }
        }
        advanceNonce()
        return sealed
    }

    /// Fills ``aad`` with `table|column|rowID`.
    private func setAAD(table: String, column: String, rowID: Int64) {
        // "table|column|" is kept from the last call when it is the same (every call of a batch).
        if table == aadTable, column == aadColumn {
            aad.removeSubrange(aadPrefixCount...)
        } else {
            aad.removeAll(keepingCapacity: true)
            aad.append(contentsOf: table.utf8)
            aad.append(UInt8(ascii: "|"))
            aad.append(contentsOf: column.utf8)
            aad.append(UInt8(ascii: "|"))
            (aadTable, aadColumn, aadPrefixCount) = (table, column, aad.count)
        }
        if rowID < 0 { aad.append(UInt8(ascii: "-")) }
        var magnitude = rowID.magnitude
        let start = aad.count
        repeat {
            aad.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        aad[start...].reverse()
    }

    /// Opens a sealed value of `table|column|rowID` (occasional reads: rejects, re-seals).
    /// - Throws: ``StoreEncryptionError/decryptionFailed(table:rowID:)`` when it fails authentication.
    func open(_ sealed: UnsafeRawBufferPointer, key: SymmetricKey, table: String, column: String, rowID: Int64) throws -> [UInt8] {
        try open(sealed, cipher: try FieldCipher(key: key), table: table, column: column, rowID: rowID)
        return opened
    }

    /// Opens a sealed value of `table|column|rowID` with a data key's ready context into ``opened``
    /// (a reused buffer: read it before the next open).
    /// - Throws: ``StoreEncryptionError/decryptionFailed(table:rowID:)`` when it fails authentication.
    func open(_ sealed: UnsafeRawBufferPointer, cipher: FieldCipher, table: String, column: String, rowID: Int64) throws {
        setAAD(table: table, column: column, rowID: rowID)
        let authentic = try aad.withUnsafeBytes { aad in try cipher.open(sealed, aad: aad, into: &opened) }
        guard authentic else { throw StoreEncryptionError.decryptionFailed(table: table, rowID: rowID) }
    }

    /// The first byte of a packed plaintext in the compact layout: then per field a LEB128
    /// length and its bytes. Without it (blobs sealed by earlier builds) each field has a 4-byte
    /// little-endian length; such a blob never starts with 0xFF (its first field, a party number,
    /// would have to be 255 bytes long, or longer by a multiple of 256).
    static let compactLayout: UInt8 = 0xFF

    /// Packs fields into the reused plaintext buffer (see ``packField(_:)``).
    func pack(_ fields: [UnsafeRawBufferPointer]) {
        beginPacking()
        for field in fields { packField(field) }
    }

    /// Starts packing fields into the reused plaintext buffer (see ``packField(_:)``).
    func beginPacking() {
        plaintext.removeAll(keepingCapacity: true)
        plaintext.append(Self.compactLayout)
    }

    /// Appends one field to the plaintext buffer: its length (LEB128), then its bytes.
    func packField(_ field: UnsafeRawBufferPointer) {
        Self.appendField(field, to: &plaintext)
    }

    /// Appends one field of the compact layout to `buffer`: its length (LEB128), then its bytes.
    static func appendField(_ field: UnsafeRawBufferPointer, to buffer: inout [UInt8]) {
        var count = field.count
        while count >= 0x80 {
            buffer.append(UInt8(truncatingIfNeeded: count) | 0x80)
            count >>= 7
        }
        buffer.append(UInt8(count))
        if !field.isEmpty { buffer.append(contentsOf: field) }
    }

    /// Packs fields given as byte arrays (see ``packField(_:)``).
    func pack(_ fields: [[UInt8]]) {
        beginPacking()
        for field in fields { field.withUnsafeBytes { packField($0) } }
    }

    /// The byte ranges of the fields packed by ``pack(_:)-([UnsafeRawBufferPointer])`` (either layout).
    static func unpack(_ bytes: UnsafeRawBufferPointer) -> [Range<Int>]? {
        if bytes.first == compactLayout, let ranges = unpackCompact(bytes) { return ranges }
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(SealedCallField.count)
        var offset = 0
        while offset < bytes.count {
            guard offset + 4 <= bytes.count else { return nil }
            let count = Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16 | Int(bytes[offset + 3]) << 24
            offset += 4
            guard offset + count <= bytes.count else { return nil }
            ranges.append(offset..<offset + count)
            offset += count
        }
        return ranges
    }

    /// The byte ranges of the compact layout's fields.
    private static func unpackCompact(_ bytes: UnsafeRawBufferPointer) -> [Range<Int>]? {
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(SealedCallField.count)
        var offset = 1
        while offset < bytes.count {
            var count = 0
            var shift = 0
            while true {
                guard offset < bytes.count, shift < 35 else { return nil }
                let byte = bytes[offset]
                offset += 1
                count |= Int(byte & 0x7F) << shift
                if byte < 0x80 { break }
                shift += 7
            }
            guard count <= bytes.count - offset else { return nil }
            ranges.append(offset..<offset + count)
            offset += count
        }
        return ranges
    }

    /// The fields of a sealed call as strings, in ``SealedCallField`` order.
    func openCall(_ sealed: UnsafeRawBufferPointer, keyID: Int64, rowID: Int64, database: SQLiteDatabase) throws -> [String] {
        try open(sealed, cipher: try readCipher(id: keyID, database: database), table: "calls", column: "sealed", rowID: rowID)
        return try opened.withUnsafeBytes { bytes in
            guard let ranges = Self.unpack(bytes), ranges.count == SealedCallField.count else {
                throw StoreEncryptionError.decryptionFailed(table: "calls", rowID: rowID)
            }
            return ranges.map { String(decoding: UnsafeRawBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
        }
    }
}

/// The bytes of a data key's name as a dictionary key, hashed in one pass (an array of bytes
/// would be hashed byte by byte).
struct KeyName: Hashable {
    var bytes: [UInt8]

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}

/// A live data key for writing: its id, the key and its ready AES-GCM context.
final class LiveDataKey {
    let id: Int64
    let key: SymmetricKey
    let cipher: FieldCipher

    init(id: Int64, key: SymmetricKey, cipher: FieldCipher) {
        self.id = id
        self.key = key
        self.cipher = cipher
    }
}

/// UTC `YYYY-MM` names of instants, remembering the last day asked (calls come in time order).
struct MonthNames {
    private var lastDay: Int64 = .min
    private var lastMonth = ""

    /// UTC `YYYY-MM` of an instant (ms).
    mutating func month(ofMs ms: Int64) -> String {
        let day = ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000
        if day == lastDay { return lastMonth }
        // Civil date from days since 1970-01-01 (proleptic Gregorian).
        let z = day + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        lastDay = day
        lastMonth = String(year) + (month < 10 ? "-0" : "-") + String(month)
        return lastMonth
    }
}
