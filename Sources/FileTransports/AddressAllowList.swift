import Foundation

/// Source networks allowed to connect to a listener: addresses (`192.0.2.10`, `2001:db8::1`) and
/// CIDR blocks (`192.0.2.0/24`, `2001:db8::/32`). An IPv4 peer seen as an IPv4-mapped IPv6
/// address (`::ffff:192.0.2.10`) matches IPv4 entries.
public struct AddressAllowList: Sendable, Equatable {
    private struct Block: Sendable, Equatable {
        var bytes: [UInt8]
        var prefix: Int
    }

    private let blocks: [Block]

    /// The entries as configured.
    public let entries: [String]

    /// Parses the entries; use ``validate(_:)`` first to reject bad ones with a message.
    public init(_ entries: [String]) {
        self.entries = entries
        blocks = entries.compactMap { Self.parse($0) }
    }

    /// Whether no entry is given (everyone may connect).
    public var allowsAll: Bool { entries.isEmpty }

    /// The first entry that is neither an address nor a CIDR block, if any.
    public static func invalidEntry(in entries: [String]) -> String? {
        entries.first { parse($0) == nil }
    }

    /// Whether `address` (a textual IPv4 or IPv6 address, without port) may connect.
    public func contains(_ address: String) -> Bool {
        guard !entries.isEmpty else { return true }
        guard var bytes = Self.addressBytes(address) else { return false }
        if bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            bytes = Array(bytes[12...])
        }
        return blocks.contains { block in
            guard block.bytes.count == bytes.count else { return false }
            var remaining = block.prefix
            for index in 0..<bytes.count where remaining > 0 {
                let bits = min(8, remaining)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                if bytes[index] & mask != block.bytes[index] & mask { return false }
                remaining -= bits
            }
            return true
        }
    }

    private static func parse(_ entry: String) -> Block? {
        let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
        guard let first = parts.first, let bytes = addressBytes(first) else { return nil }
        let width = bytes.count * 8
        guard parts.count == 2 else { return Block(bytes: bytes, prefix: width) }
        guard let prefix = Int(parts[1]), (0...width).contains(prefix) else { return nil }
        return Block(bytes: bytes, prefix: prefix)
    }

    private static func addressBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }
}
