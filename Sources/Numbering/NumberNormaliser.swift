/// Normalises the numbers of calls to E.164 and classifies them, after one site's ``NumberingPlan``.
///
/// Create one per plan and reuse it: the plan is compiled to byte tables once, and `normalise` only
/// compares bytes (no regex, no Foundation). It never fails: what it cannot read is `unknown`.
///
/// Rules, by role:
/// - ``NumberRole/dialled``: emergency short codes (110, 112) first, also behind an outside-line
///   prefix; then extensions of the plan (so a PBX's extension 115 wins over the authority number);
///   then a call-by-call prefix at the start, else an outside-line prefix followed by an optional
///   call-by-call prefix; both are stripped. When the plan has outside-line prefixes and the number
///   carries none, only short codes are recognised, anything else is `unknown` (it cannot have
///   left the PBX). What remains is read like a presented number.
/// - ``NumberRole/presented``: `+…` is E.164; an outside-line prefix is stripped only when
///   ``NumberingPlan/outsideLinePrefixInPresentedNumbers`` says the PBX writes one; then the
///   international prefix, the national prefix, short codes, else a subscriber number in the
///   site's area (local).
/// - ``NumberRole/internal``: always `internal`, keyed `<site>/<extension>`, E.164 through a DID block.
///
/// Masked numbers keep their category when the visible leading digits decide it (`030555XXXX` is
/// local in Berlin), else `unknown`; their ``NormalisedNumber/e164`` is always `nil`.
/// Feature codes (`*…`, `#…`) and letter identifiers (`b00105401001`) are `internal` when dialled
/// or internal, `unknown` when presented. Numbers of any role that fall into a DID block get the
/// extension's ``NormalisedNumber/internalKey`` but keep their external category.
public struct NumberNormaliser: Sendable {
    /// The plan the normaliser works after.
    public let plan: NumberingPlan
    let compiled: CompiledPlan

    /// Creates a normaliser for `plan`.
    public init(plan: NumberingPlan) {
        self.plan = plan
        self.compiled = CompiledPlan(plan)
    }

    /// Normalises and classifies one number.
    /// - Parameters:
    ///   - raw: the number as the PBX wrote it (digits, `+`, `*`, `#`, masks, SIP/tel URI, empty).
    ///   - role: the number's role in the call, which decides how prefixes are read.
    /// - Returns: the normalised number; `unknown` when it cannot be classified.
    public func normalise(_ raw: String, role: NumberRole) -> NormalisedNumber {
        normalise(DialToken(parsing: raw), role: role)
    }

    /// Normalises one number written as UTF-8 bytes, like ``normalise(_:role:)``. The digits of a
    /// plain number go into `scratch`, which is reused: a caller normalising many numbers with the
    /// same scratch array allocates nothing per number for them.
    public func normalise(utf8 raw: UnsafeRawBufferPointer, role: NumberRole, scratch: inout [UInt8]) -> NormalisedNumber {
        guard let token = DialToken(plainDigits: raw, into: &scratch) else {
            return normalise(String(decoding: raw, as: UTF8.self), role: role)
        }
        return normalise(token, role: role)
    }

    private func normalise(_ token: DialToken, role: NumberRole) -> NormalisedNumber {
        switch token {
        case .withheld:
            return NormalisedNumber(category: .unknown, form: .withheld)
        case .invalid:
            return NormalisedNumber(category: .unknown, form: .unrecognised)
        case .featureCode:
            return NormalisedNumber(category: role == .presented ? .unknown : .internal, form: .featureCode)
        case .identifier(let text):
            if role == .presented { return NormalisedNumber(category: .unknown, form: .identifier) }
            return NormalisedNumber(category: .internal, form: .identifier, internalKey: compiled.internalKey(text))
        case let .number(digits, plus, masked):
            switch role {
            case .internal: return ownParty(digits, plus: plus, masked: masked)
            case .presented: return presented(digits, plus: plus, masked: masked)
            case .dialled: return dialled(digits, plus: plus, masked: masked)
            }
        }
    }

    /// A local party's own number.
    private func ownParty(_ digits: [UInt8], plus: Bool, masked: Bool) -> NormalisedNumber {
        let text = String(decoding: digits, as: UTF8.self)
        if masked { return NormalisedNumber(category: .internal, form: plus ? .e164 : .extension, isMasked: true) }
        if plus {
            let e164 = "+" + text
            let key = compiled.internalKey(compiled.extension(forE164: e164) ?? e164)
            return NormalisedNumber(e164: e164, category: .internal, form: .e164, internalKey: key)
        }
        return NormalisedNumber(e164: compiled.e164(forExtension: text), category: .internal, form: .extension,
                                internalKey: compiled.internalKey(text))
    }

    /// A number the network presented.
    private func presented(_ digits: [UInt8], plus: Bool, masked: Bool) -> NormalisedNumber {
        if plus { return international(digits, from: 0, form: .e164, masked: masked) }
        var start = 0
        if compiled.outsideLinePrefixInPresentedNumbers,
           let prefix = compiled.outsideLinePrefixes.first(where: { PrefixMatch.of($0, in: digits, at: 0) == .yes }) {
            start = prefix.count
        }
        guard start < digits.count else { return NormalisedNumber(category: .unknown, form: .unrecognised) }
        return external(digits, from: start, masked: masked)
    }

    /// A number a local party dialled.
    private func dialled(_ digits: [UInt8], plus: Bool, masked: Bool) -> NormalisedNumber {
        if plus { return international(digits, from: 0, form: .e164, masked: masked) }
        if let emergency = emergencyShortCode(digits, at: 0) { return emergency }
        for prefix in compiled.outsideLinePrefixes where PrefixMatch.of(prefix, in: digits, at: 0) == .yes {
            if let emergency = emergencyShortCode(digits, at: prefix.count) { return emergency }
        }
        if !masked && compiled.isExtension(digits) { return ownParty(digits, plus: false, masked: false) }

        var start = 0
        var callByCall: String?
        if let length = compiled.callByCallLength(digits, at: 0) {
            callByCall = String(decoding: digits[0..<length], as: UTF8.self)
            start = length
        } else if !compiled.outsideLinePrefixes.isEmpty {
            var outcome = PrefixMatch.no
            for prefix in compiled.outsideLinePrefixes {
                outcome = PrefixMatch.of(prefix, in: digits, at: 0)
                if outcome == .yes { start = prefix.count; break }
                if outcome == .masked { break }
            }
            switch outcome {
            case .masked:
                return NormalisedNumber(category: .unknown, form: .unrecognised, isMasked: true)
            case .no:
                if compiled.mayBeShortCode(length: digits.count), case .code(let code) = shortCode(digits, at: 0) {
                    return code
                }
                return NormalisedNumber(category: .unknown, form: .unrecognised, isMasked: masked)
            case .yes:
                if let length = compiled.callByCallLength(digits, at: start) {
                    callByCall = String(decoding: digits[start..<(start + length)], as: UTF8.self)
                    start += length
                }
            }
        }
        guard start < digits.count else {
            return NormalisedNumber(category: .unknown, form: .unrecognised, isMasked: masked, callByCallPrefix: callByCall)
        }
        guard let callByCall else { return external(digits, from: start, masked: masked) }
        var result = external(digits, from: start, masked: masked)
        result.callByCallPrefix = callByCall
        return result
    }

    /// An emergency short code exactly at `start` up to the end.
    private func emergencyShortCode(_ digits: [UInt8], at start: Int) -> NormalisedNumber? {
        guard compiled.mayBeShortCode(length: digits.count - start) else { return nil }
        if case .code(let code) = shortCode(digits, at: start), code.category == .emergency { return code }
        return nil
    }
}
