/// Whether the time of day or the duration of a protected call is shown.
public enum ProtectedVisibility: String, Sendable, Hashable, CaseIterable {
    /// Shown to nobody (the default).
    case hidden
    /// Shown.
    case shown
    /// Shown for long-distance calls only (national, mobile, international), hidden for local ones
    /// (BAG 1 ABR 43/84 and 1 ABR 56/89: what a works agreement may keep of such calls).
    case longDistanceOnly = "long_distance_only"

    /// Whether the field is shown for a call whose remote number has `remoteCategory`
    /// (the numbering plan's category: `local`, `national`, `mobile`, `international`, …).
    public func shows(remoteCategory: String) -> Bool {
        switch self {
        case .hidden: return false
        case .shown: return true
        case .longDistanceOnly: return ["national", "mobile", "international"].contains(remoteCategory)
        }
    }
}

/// A class of protected numbers (works council, DPO, company doctor, counselling lines, …): calls
/// to or from them are stored without the number — the class name takes its place — and shown as
/// `protected: <label>`; costs still count in cost-centre totals, never in per-person statistics.
public struct ProtectedClass: Sendable, Hashable {
    /// The class's name, stored with each call (`counselling`, `works_council`, …).
    public var name: String
    /// What listings show after `protected: `.
    public var label: String
    /// The numbers, E.164 (`+498001110111`).
    public var numbers: [String]
    /// Whether the time of day is shown.
    public var time: ProtectedVisibility
    /// Whether the duration is shown.
    public var duration: ProtectedVisibility

    /// Creates a class; time and duration hidden unless given.
    public init(name: String, label: String, numbers: [String], time: ProtectedVisibility = .hidden,
                duration: ProtectedVisibility = .hidden) {
        self.name = name
        self.label = label
        self.numbers = numbers
        self.time = time
        self.duration = duration
    }

    /// The counselling lines every installation protects: the Telefonseelsorge numbers
    /// 0800 111 0 111, 0800 111 0 222 and 116 123 (more numbers of the regulator's list can be added).
    public static let counsellingNumbers = ["+498001110111", "+498001110222", "+49116123"]

    /// The built-in classes: works/staff council, data protection officer, company doctor (no
    /// numbers until configured) and counselling (preloaded with ``counsellingNumbers``).
    public static let builtIn: [ProtectedClass] = [
        ProtectedClass(name: "works_council", label: "works council", numbers: []),
        ProtectedClass(name: "dpo", label: "data protection officer", numbers: []),
        ProtectedClass(name: "company_doctor", label: "company doctor", numbers: []),
        ProtectedClass(name: "counselling", label: "counselling", numbers: counsellingNumbers),
    ]
}

/// A problem in a list of protected numbers, located by line (the caller adds the file).
public struct ProtectedNumberError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based line.
    public var line: Int
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    /// `line N: message`.
    public var description: String { "line \(line): \(message)" }
}

/// The protected numbers of all classes, looked up by E.164 or by the raw digits a PBX recorded.
public struct ProtectedNumbers: Sendable, Equatable {
    /// The classes, in configuration order.
    public let classes: [ProtectedClass]
    /// Class index by E.164 digits (without `+`).
    private let byDigits: [String: Int]
    /// The same, keyed by a hash of the digits (lookups from bytes without allocating).
    private let byHash: [UInt64: [Entry]]

    struct Entry: Sendable, Equatable {
        let digits: [UInt8]
        let index: Int
    }

    /// Indexes `classes`; a number in two classes belongs to the first.
    public init(classes: [ProtectedClass]) {
        self.classes = classes
        var index: [String: Int] = [:]
        var byHash: [UInt64: [Entry]] = [:]
        for (position, protected) in classes.enumerated() {
            for number in protected.numbers {
                let digits = String(number.filter(\.isASCIIDigit))
                if index[digits] == nil {
                    index[digits] = position
                    let bytes = Array(digits.utf8)
                    byHash[bytes.withUnsafeBytes { Self.hash($0) }, default: []].append(Entry(digits: bytes, index: position))
                }
            }
        }
        byDigits = index
        self.byHash = byHash
    }

    /// The class of the E.164 number in `bytes` (`+` and digits, as stored), if protected; does not allocate.
    public func protectedClass(e164Bytes bytes: UnsafeRawBufferPointer) -> ProtectedClass? {
        guard bytes.count > 1, bytes[0] == 43 else { return nil }
        let digits = UnsafeRawBufferPointer(rebasing: bytes[1...])
        guard let entries = byHash[Self.hash(digits)] else { return nil }
        for entry in entries where entry.digits.count == digits.count && entry.digits.elementsEqual(digits) {
            return classes[entry.index]
        }
        return nil
    }

    /// FNV-1a.
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// Whether no number is protected.
    public var isEmpty: Bool { byDigits.isEmpty }

    /// The class named `name`.
    public func protectedClass(named name: String) -> ProtectedClass? {
        classes.first { $0.name == name }
    }

    /// The class of the E.164 number `e164` (`+49…`), if protected.
    public func protectedClass(e164: String) -> ProtectedClass? {
        guard e164.hasPrefix("+") else { return nil }
        return byDigits[String(e164.utf8.dropFirst().filter { $0 >= 48 && $0 <= 57 }.map { Character(UnicodeScalar($0)) })]
            .map { classes[$0] }
    }

    /// The class of a raw number in international form (`+49…` or `0049…`), if protected. Numbers in
    /// national or local form are matched through their E.164 (the site's numbering plan).
    public func protectedClass(raw: String) -> ProtectedClass? {
        let digits = String(raw.filter(\.isASCIIDigit))
        if raw.hasPrefix("+") { return byDigits[digits].map { classes[$0] } }
        if digits.hasPrefix("00") { return byDigits[String(digits.dropFirst(2))].map { classes[$0] } }
        return nil
    }

    /// Reads a number list: one E.164 number per line (spaces, `-`, `/`, `(`, `)` allowed inside),
    /// blank lines and `#` comments ignored.
    /// - Throws: ``ProtectedNumberError`` naming the line of the first bad entry (not its text).
    public static func parseList(_ text: String) throws -> [String] {
        var numbers: [String] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(rawLine)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let trimmed = line.trimmingCharacters(in: " \t\r")
            if trimmed.isEmpty { continue }
            numbers.append(try normalise(trimmed, line: index + 1))
        }
        return numbers
    }

    /// `text` as E.164 (`+` and digits), or an error for line `line`.
    public static func normalise(_ text: String, line: Int) throws -> String {
        guard text.hasPrefix("+") else {
            throw ProtectedNumberError(line: line, message: "a protected number must be in E.164 form, starting with + and the country code")
        }
        var digits = ""
        for character in text.dropFirst() {
            if character.isASCIIDigit { digits.append(character) } else if !" -/()".contains(character) {
                throw ProtectedNumberError(line: line, message: "a protected number may hold only digits, spaces, -, /, ( and )")
            }
        }
        guard (3...15).contains(digits.count) else {
            throw ProtectedNumberError(line: line, message: "a protected number must have 3 to 15 digits")
        }
        return "+" + digits
    }
}

extension Character {
    /// `0`…`9`.
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var slice = self[...]
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
