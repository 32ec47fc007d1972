import COpenSSL
import Crypto

/// AES-256-GCM under one data key, with OpenSSL contexts that keep the key schedule between
/// messages: the store seals and opens one small blob per call leg, and a context set up once per
/// key makes that cost a fraction of a microsecond instead of a key expansion per message.
///
/// The output is the layout of swift-crypto's `AES.GCM.SealedBox.combined` (12-byte nonce,
/// ciphertext, 16-byte tag), so either library opens what the other sealed (tested). Not thread
/// safe: one per keyring, used by one thread at a time.
final class FieldCipher {
    /// Bytes of a nonce.
    static let nonceCount = 12
    /// Bytes of a tag.
    static let tagCount = 16

    private let key: SymmetricKey
    /// Set up on the first seal, and the decryption context on the first open: a key used only
    /// for writing (or only for reading) holds one key schedule.
    private var encryption: OpaquePointer?
    private var decryption: OpaquePointer?

    /// A cipher for `key` (256 bits); its contexts are set up on first use.
    /// - Throws: ``StoreEncryptionError/cipherUnavailable(reason:)`` for a key of another size.
    init(key: SymmetricKey) throws {
        guard key.bitCount == 256 else { throw StoreEncryptionError.cipherUnavailable(reason: "data keys are 256 bits") }
        self.key = key
    }

    deinit {
        // Frees the contexts; OpenSSL clears their key schedules first.
        EVP_CIPHER_CTX_free(encryption)
        EVP_CIPHER_CTX_free(decryption)
    }

    /// A context initialised with the key for encrypting or decrypting.
    private func makeContext(encrypting: Bool) throws -> OpaquePointer {
        guard let context = EVP_CIPHER_CTX_new() else { throw StoreEncryptionError.cipherUnavailable(reason: "no cipher context") }
        let ready = key.withUnsafeBytes { bytes -> Bool in
            let key = bytes.bindMemory(to: UInt8.self).baseAddress
            return encrypting ? EVP_EncryptInit_ex(context, EVP_aes_256_gcm(), nil, key, nil) == 1
                : EVP_DecryptInit_ex(context, EVP_aes_256_gcm(), nil, key, nil) == 1
        }
        guard ready else {
            EVP_CIPHER_CTX_free(context)
            throw StoreEncryptionError.cipherUnavailable(reason: "AES-256-GCM could not be set up")
        }
        return context
    }

    /// Seals `plaintext` under `nonce` (12 bytes), authenticating `aad`, and appends nonce,
    /// ciphertext and tag to `output`.
    func seal(_ plaintext: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer, aad: UnsafeRawBufferPointer,
              appendingTo output: inout [UInt8]) throws {
        precondition(nonce.count == Self.nonceCount, "AES-GCM nonces are 12 bytes")
        let encryption: OpaquePointer
        if let ready = self.encryption {
            encryption = ready
        } else {
            encryption = try makeContext(encrypting: true)
            self.encryption = encryption
        }
        let start = output.count
        output.append(contentsOf: nonce)
        output.append(contentsOf: repeatElement(0, count: plaintext.count + Self.tagCount))
        let sealed = output.withUnsafeMutableBytes { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            let out = base.advanced(by: start + Self.nonceCount).assumingMemoryBound(to: UInt8.self)
            var length: Int32 = 0
            guard EVP_EncryptInit_ex(encryption, nil, nil, nil, nonce.bindMemory(to: UInt8.self).baseAddress) == 1,
                  EVP_EncryptUpdate(encryption, nil, &length, aad.bindMemory(to: UInt8.self).baseAddress, Int32(aad.count)) == 1,
                  EVP_EncryptUpdate(encryption, out, &length, plaintext.bindMemory(to: UInt8.self).baseAddress,
                                    Int32(plaintext.count)) == 1,
                  EVP_EncryptFinal_ex(encryption, out.advanced(by: Int(length)), &length) == 1 else { return false }
            return EVP_CIPHER_CTX_ctrl(encryption, EVP_CTRL_GCM_GET_TAG, Int32(Self.tagCount),
                                       out.advanced(by: plaintext.count)) == 1
        }
        guard sealed else {
            output.removeSubrange(start...)
            throw StoreEncryptionError.cipherUnavailable(reason: "AES-256-GCM sealing failed")
        }
    }

    /// Opens nonce, ciphertext and tag (as ``seal(_:nonce:aad:appendingTo:)`` wrote them) into
    /// `output` (replacing its contents).
    /// - Returns: `false` when the blob is too short or fails authentication (`output` is then empty).
    /// - Throws: ``StoreEncryptionError/cipherUnavailable(reason:)`` when OpenSSL cannot set up.
    func open(_ sealed: UnsafeRawBufferPointer, aad: UnsafeRawBufferPointer, into output: inout [UInt8]) throws -> Bool {
        output.removeAll(keepingCapacity: true)
        guard sealed.count >= Self.nonceCount + Self.tagCount else { return false }
        let decryption: OpaquePointer
        if let ready = self.decryption {
            decryption = ready
        } else {
            decryption = try makeContext(encrypting: false)
            self.decryption = decryption
        }
        let textCount = sealed.count - Self.nonceCount - Self.tagCount
        output.append(contentsOf: repeatElement(0, count: textCount))
        let bytes = sealed.bindMemory(to: UInt8.self)
        guard let base = bytes.baseAddress else { return false }
        var tag = (UInt64(0), UInt64(0))
        withUnsafeMutableBytes(of: &tag) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: sealed[(sealed.count - Self.tagCount)...])) }
        let opened = output.withUnsafeMutableBytes { buffer -> Bool in
            let out = buffer.bindMemory(to: UInt8.self).baseAddress
            var length: Int32 = 0
            guard EVP_DecryptInit_ex(decryption, nil, nil, nil, base) == 1,
                  EVP_DecryptUpdate(decryption, nil, &length, aad.bindMemory(to: UInt8.self).baseAddress, Int32(aad.count)) == 1,
                  EVP_DecryptUpdate(decryption, out, &length, base.advanced(by: Self.nonceCount), Int32(textCount)) == 1,
                  withUnsafeMutableBytes(of: &tag, { EVP_CIPHER_CTX_ctrl(decryption, EVP_CTRL_GCM_SET_TAG, Int32(Self.tagCount),
                                                                         $0.baseAddress) }) == 1 else { return false }
            var finalLength: Int32 = 0
            return EVP_DecryptFinal_ex(decryption, out?.advanced(by: Int(length)), &finalLength) == 1
        }
        if !opened { output.removeAll(keepingCapacity: true) }
        return opened
    }
}

/// The keyed blind index of numbers: HMAC-SHA-256 under the index key (RFC 2104), with the inner
/// and outer hash states of the key computed once, so a number costs two SHA-256 compressions.
/// Not thread safe: one per keyring.
final class BlindIndexer {
    private let inner: OpaquePointer
    private let outer: OpaquePointer
    private let work: OpaquePointer
    private var digest = [UInt8](repeating: 0, count: 32)

    /// Absorbs the padded key (32 bytes, below SHA-256's 64-byte block) into the two states.
    /// - Throws: ``StoreEncryptionError/cipherUnavailable(reason:)`` when OpenSSL refuses.
    init(key: SymmetricKey) throws {
        guard let inner = EVP_MD_CTX_new(), let outer = EVP_MD_CTX_new(), let work = EVP_MD_CTX_new() else {
            throw StoreEncryptionError.cipherUnavailable(reason: "no digest context")
        }
        self.inner = inner
        self.outer = outer
        self.work = work
        var innerPad = [UInt8](repeating: 0x36, count: 64)
        var outerPad = [UInt8](repeating: 0x5c, count: 64)
        key.withUnsafeBytes { bytes in
            for (index, byte) in bytes.enumerated() where index < 64 {
                innerPad[index] ^= byte
                outerPad[index] ^= byte
            }
        }
        defer {
            for index in innerPad.indices { innerPad[index] = 0; outerPad[index] = 0 }
        }
        guard key.bitCount <= 512,
              EVP_DigestInit_ex(inner, EVP_sha256(), nil) == 1, EVP_DigestUpdate(inner, innerPad, 64) == 1,
              EVP_DigestInit_ex(outer, EVP_sha256(), nil) == 1, EVP_DigestUpdate(outer, outerPad, 64) == 1 else {
            throw StoreEncryptionError.cipherUnavailable(reason: "SHA-256 could not be set up")
        }
    }

    deinit {
        EVP_MD_CTX_free(inner)
        EVP_MD_CTX_free(outer)
        EVP_MD_CTX_free(work)
    }

    /// The first 8 bytes of HMAC-SHA-256(key, `message`), big-endian.
    /// - Throws: ``StoreEncryptionError/cipherUnavailable(reason:)`` when OpenSSL fails.
    func index(_ message: UnsafeRawBufferPointer) throws -> Int64 {
        var length: UInt32 = 0
        let done = digest.withUnsafeMutableBufferPointer { digest -> Bool in
            EVP_MD_CTX_copy_ex(work, inner) == 1
                && EVP_DigestUpdate(work, message.baseAddress, message.count) == 1
                && EVP_DigestFinal_ex(work, digest.baseAddress, &length) == 1
                && EVP_MD_CTX_copy_ex(work, outer) == 1
                && EVP_DigestUpdate(work, digest.baseAddress, 32) == 1
                && EVP_DigestFinal_ex(work, digest.baseAddress, &length) == 1
        }
        guard done else { throw StoreEncryptionError.cipherUnavailable(reason: "SHA-256 failed") }
        var value: UInt64 = 0
        for index in 0..<8 { value = value << 8 | UInt64(digest[index]) }
        return Int64(bitPattern: value)
    }
}
