/// A ``NumberingPlan`` turned into byte arrays once, so that normalising a number allocates little
/// and compares bytes only.
final class CompiledPlan: Sendable {
    let siteID: String
    let countryCode: [UInt8]
    let areaCode: [UInt8]
    let internationalPrefix: [UInt8]
    let nationalPrefix: [UInt8]
    /// Longest first.
    let outsideLinePrefixes: [[UInt8]]
    let outsideLinePrefixInPresentedNumbers: Bool
    /// Extension ranges including those of the DID blocks.
    let extensionRanges: [(first: [UInt8], last: [UInt8])]
    /// `extensionLengths[n]` is true when every all-digit number of length n is an extension.
    let extensionLengths: [Bool]
    let didBlocks: [DIDBlock]
    let callByCallPatterns: [CallByCallPattern]
    /// Longest prefix first.
    let nationalRules: [(prefix: [UInt8], classification: PrefixClass)]
    let unmatchedNational: PrefixClass
    let shortCodes: [(prefix: [UInt8], lengths: ClosedRange<Int>, category: NumberCategory)]
    /// `shortCodeLengths[n]` is true when some short code is n digits long (n < 32).
    let shortCodeLengths: [Bool]

    init(_ plan: NumberingPlan) {
        siteID = plan.siteID
        countryCode = Array(plan.countryCode.utf8)
        areaCode = Array(plan.areaCode.utf8)
        internationalPrefix = Array(plan.internationalPrefix.utf8)
        nationalPrefix = Array(plan.nationalPrefix.utf8)
        outsideLinePrefixes = plan.outsideLinePrefixes.map { Array($0.utf8) }.filter { !$0.isEmpty }
            .sorted { $0.count > $1.count }
        outsideLinePrefixInPresentedNumbers = plan.outsideLinePrefixInPresentedNumbers
        extensionRanges = (plan.extensionRanges + plan.didBlocks.map(\.extensions))
            .map { (Array($0.first.utf8), Array($0.last.utf8)) }
        var lengths = [Bool](repeating: false, count: 17)
        for length in plan.extensionLengths where length > 0 && length <= 16 { lengths[length] = true }
        extensionLengths = lengths
        didBlocks = plan.didBlocks
        callByCallPatterns = plan.callByCallPatterns.sorted { $0.length > $1.length }
        nationalRules = plan.profile.nationalRules.map { (Array($0.prefix.utf8), $0.classification) }
            .sorted { $0.0.count > $1.0.count }
        unmatchedNational = plan.profile.unmatchedNational
        shortCodes = plan.profile.shortCodes.map { (Array($0.prefix.utf8), $0.lengths, $0.category) }
        var codeLengths = [Bool](repeating: false, count: 32)
        for code in plan.profile.shortCodes {
            let lower = max(code.lengths.lowerBound, 0)
            let upper = min(code.lengths.upperBound, codeLengths.count - 1)
            if lower <= upper { for length in lower...upper { codeLengths[length] = true } }
        }
        shortCodeLengths = codeLengths
    }
}

/// The outcome of comparing a prefix with a number that may contain masks.
enum PrefixMatch {
    /// The number starts with the prefix.
    case yes
    /// It does not.
    case no
    /// A masked digit hides whether it does.
    case masked

    /// Compares `prefix` with `bytes` from `start`. An empty prefix never matches.
    static func of(_ prefix: [UInt8], in bytes: [UInt8], at start: Int) -> PrefixMatch {
        guard !prefix.isEmpty else { return .no }
        for offset in prefix.indices {
            let index = start + offset
            guard index < bytes.count else { return .no }
            let byte = bytes[index]
            if byte == DialToken.mask { return .masked }
            if byte != prefix[offset] { return .no }
        }
        return .yes
    }
}

extension CompiledPlan {
    /// Whether the all-digit `digits` is one of the plan's extensions: in a range, or of an extension
    /// length without starting with an outside-line prefix (`0301` is not a 4-digit extension when
    /// `0` is the outside line).
    func isExtension(_ digits: [UInt8]) -> Bool {
        if digits.count < extensionLengths.count && extensionLengths[digits.count]
            && !outsideLinePrefixes.contains(where: { PrefixMatch.of($0, in: digits, at: 0) == .yes }) {
            return true
        }
        for range in extensionRanges where range.first.count == digits.count {
            if !digits.lexicographicallyPrecedes(range.first) && !range.last.lexicographicallyPrecedes(digits) {
                return true
            }
        }
        return false
    }

    /// The site-scoped key of an extension or identifier.
    func internalKey(_ local: String) -> String { siteID + "/" + local }

    /// The E.164 number of an extension through the DID blocks.
    func e164(forExtension extension: String) -> String? {
        for block in didBlocks { if let e164 = block.e164(forExtension: `extension`) { return e164 } }
        return nil
    }

    /// The extension behind an E.164 number through the DID blocks.
    func `extension`(forE164 e164: String) -> String? {
        for block in didBlocks { if let ext = block.extension(forE164: e164) { return ext } }
        return nil
    }

    /// Whether a short code may be `length` digits long (cheaper to ask than to search them all).
    func mayBeShortCode(length: Int) -> Bool {
        length >= 0 && (length >= shortCodeLengths.count || shortCodeLengths[length])
    }

    /// The call-by-call pattern matching at `start`: its length.
    func callByCallLength(_ bytes: [UInt8], at start: Int) -> Int? {
        for pattern in callByCallPatterns { if let length = pattern.match(bytes, from: start) { return length } }
        return nil
    }
}
