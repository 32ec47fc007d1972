/// A block of direct-inward-dialling numbers: an E.164 prefix and the extensions it reaches. The
/// E.164 number of an extension is the prefix followed by the extension's digits, so the block
/// `+4930555` with extensions `1000`…`1999` maps `1234` to `+49305551234` and back.
public struct DIDBlock: Sendable, Equatable, Hashable {
    /// The E.164 prefix with `+`, e.g. `+4930555`.
    public let e164Prefix: String
    /// The extensions reachable through the block.
    public let extensions: ExtensionRange

    /// Creates a block.
    /// - Throws: ``NumberingPlanError/didPrefixInvalid(_:)`` when the prefix is not `+` and digits,
    ///   ``NumberingPlanError/didNumbersTooLong(prefix:extensionLength:)`` when the numbers would have
    ///   more than 15 digits.
    public init(e164Prefix: String, extensions: ExtensionRange) throws(NumberingPlanError) {
        guard e164Prefix.utf8.first == UInt8(ascii: "+"),
              Digits.isAllDigits(String(decoding: e164Prefix.utf8.dropFirst(), as: UTF8.self))
        else { throw .didPrefixInvalid(e164Prefix) }
        guard e164Prefix.utf8.count - 1 + extensions.length <= 15 else {
            throw .didNumbersTooLong(prefix: e164Prefix, extensionLength: extensions.length)
        }
        self.e164Prefix = e164Prefix
        self.extensions = extensions
    }

    /// The first E.164 number of the block.
    public var firstE164: String { e164Prefix + extensions.first }
    /// The last E.164 number of the block.
    public var lastE164: String { e164Prefix + extensions.last }

    /// The E.164 number of `extension`, or `nil` when the block does not cover it.
    public func e164(forExtension extension: String) -> String? {
        extensions.contains(`extension`) ? e164Prefix + `extension` : nil
    }

    /// The extension behind `e164`, or `nil` when the number is not in the block.
    public func `extension`(forE164 e164: String) -> String? {
        guard e164.hasPrefix(e164Prefix) else { return nil }
        let rest = String(decoding: e164.utf8.dropFirst(e164Prefix.utf8.count), as: UTF8.self)
        return extensions.contains(rest) ? rest : nil
    }

    /// Whether two blocks share an E.164 number or an extension.
    public func overlaps(_ other: DIDBlock) -> Bool {
        if extensions.overlaps(other.extensions) { return true }
        let (a, b) = (firstE164, other.firstE164)
        guard a.utf8.count == b.utf8.count else { return false }
        return a <= other.lastE164 && b <= lastE164
    }
}
