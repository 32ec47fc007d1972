import Foundation

/// A POSIX ustar archive of plain files, written and read by our own code.
///
/// Only regular files with plain names are allowed: no directories, links, devices, absolute
/// paths, `/` or `..`, no duplicate names. Reading refuses anything else, so that unpacking
/// can never write outside the target directory.
public struct TarArchive: Sendable, Equatable {
    /// One file: its name and bytes.
    public struct Entry: Sendable, Equatable {
        /// The file name (no directory part).
        public var name: String
        /// The contents.
        public var data: Data

        /// Creates an entry.
        public init(name: String, data: Data) {
            self.name = name
            self.data = data
        }
    }

    /// The files, in archive order.
    public var entries: [Entry]

    /// Creates an archive of `entries`.
    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// The entry named `name`, if any.
    public func entry(named name: String) -> Entry? {
        entries.first { $0.name == name }
    }

    static let blockSize = 512

    /// Whether `name` is a plain file name the archive may hold.
    public static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.contains("\\")
            && !name.contains("\0") && name.utf8.count < 100
    }

    /// The archive's bytes (deterministic: mode 0644, owner 0, mtime 0).
    /// - Throws: ``PackageError/badArchiveEntry(name:reason:)`` for a name that is not plain.
    public func encoded() throws -> Data {
        var out = Data()
        var seen = Set<String>()
        for entry in entries {
            guard Self.isPlainName(entry.name) else {
                throw PackageError.badArchiveEntry(name: entry.name, reason: "not a plain file name")
            }
            guard seen.insert(entry.name).inserted else {
                throw PackageError.badArchiveEntry(name: entry.name, reason: "given twice")
            }
            out.append(Self.header(name: entry.name, size: entry.data.count))
            out.append(entry.data)
            let padding = (Self.blockSize - entry.data.count % Self.blockSize) % Self.blockSize
            out.append(Data(count: padding))
        }
        out.append(Data(count: Self.blockSize * 2))
        return out
    }

    static func header(name: String, size: Int) -> Data {
        var block = [UInt8](repeating: 0, count: blockSize)
        func put(_ text: String, at offset: Int) {
            for (index, byte) in text.utf8.enumerated() { block[offset + index] = byte }
        }
        func octal(_ value: Int, at offset: Int, width: Int) {
            let digits = String(value, radix: 8)
            put(String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits, at: offset)
        }
        put(name, at: 0)
        octal(0o644, at: 100, width: 8)
        octal(0, at: 108, width: 8)
        octal(0, at: 116, width: 8)
        octal(size, at: 124, width: 12)
        octal(0, at: 136, width: 12)
        block[156] = UInt8(ascii: "0")
        put("ustar", at: 257)
        put("00", at: 263)
        for index in 148..<156 { block[index] = 0x20 }
        let sum = block.reduce(0) { $0 + Int($1) }
        octal(sum, at: 148, width: 7)
        block[155] = 0x20
        return Data(block)
    }

    /// Reads an archive.
    /// - Throws: ``PackageError/notAnArchive(reason:)`` for damaged bytes,
    ///   ``PackageError/badArchiveEntry(name:reason:)`` for an entry that is not a plain file.
    public static func decode(_ data: Data) throws -> TarArchive {
        let bytes = [UInt8](data)
        var entries: [Entry] = []
        var offset = 0
        while true {
            guard offset + blockSize <= bytes.count else {
                throw PackageError.notAnArchive(reason: "it ends without the end-of-archive blocks")
            }
            let block = Array(bytes[offset..<offset + blockSize])
            if block.allSatisfy({ $0 == 0 }) { break }
            let name = string(block, 0, 100)
            guard string(block, 257, 6).hasPrefix("ustar") else {
                throw PackageError.notAnArchive(reason: "entry at byte \(offset) has no ustar header")
            }
            guard let checksum = number(block, 148, 8),
                  checksum == block.enumerated().reduce(0, { $0 + Int((148..<156).contains($1.offset) ? 0x20 : $1.element) })
            else { throw PackageError.notAnArchive(reason: "header checksum of entry \(name) does not match") }
            let type = block[156]
            guard type == UInt8(ascii: "0") || type == 0 else {
                throw PackageError.badArchiveEntry(name: name, reason: "not a regular file")
            }
            guard string(block, 345, 155).isEmpty, isPlainName(name) else {
                throw PackageError.badArchiveEntry(name: name, reason: "not a plain file name (directories, absolute paths and .. are refused)")
            }
            guard let size = number(block, 124, 12), size >= 0 else {
                throw PackageError.notAnArchive(reason: "size of entry \(name) is not a number")
            }
            let start = offset + blockSize
            guard start + size <= bytes.count else {
                throw PackageError.notAnArchive(reason: "entry \(name) is cut short")
            }
            guard !entries.contains(where: { $0.name == name }) else {
                throw PackageError.badArchiveEntry(name: name, reason: "given twice")
            }
            entries.append(Entry(name: name, data: Data(bytes[start..<start + size])))
            offset = start + (size + blockSize - 1) / blockSize * blockSize
        }
        return TarArchive(entries: entries)
    }

    private static func string(_ block: [UInt8], _ offset: Int, _ length: Int) -> String {
        let field = block[offset..<offset + length]
        let end = field.firstIndex(of: 0) ?? field.endIndex
        return String(decoding: field[field.startIndex..<end], as: UTF8.self)
    }

    private static func number(_ block: [UInt8], _ offset: Int, _ length: Int) -> Int? {
        let text = string(block, offset, length).trimmingCharacters(in: CharacterSet(charactersIn: " \0"))
        guard !text.isEmpty, text.allSatisfy({ ("0"..."7").contains($0) }) else { return nil }
        return Int(text, radix: 8)
    }
}
