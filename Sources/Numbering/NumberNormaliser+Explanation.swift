/// How a dialled string is read, step by step (for `tollbook sites explain-number`).
extension NumberNormaliser {
    /// The plan in one line: country, area, prefixes and extensions.
    public var planSummary: String {
        let outside = plan.outsideLinePrefixes.isEmpty
            ? "none (dialled numbers are recorded without an access code)"
            : plan.outsideLinePrefixes.joined(separator: ", ")
        return "Site \(plan.siteID): country +\(plan.countryCode), area \(plan.areaCode.isEmpty ? "(none)" : plan.areaCode), "
            + "international prefix \(plan.internationalPrefix), national prefix \(plan.nationalPrefix.isEmpty ? "(none)" : plan.nationalPrefix), "
            + "outside-line prefixes \(outside)"
    }

    /// The steps by which `raw` is read in `role`, ending with the result of ``normalise(_:role:)``
    /// (the steps mirror its rules; the last line is always what it returns).
    ///
    /// The text contains the number: it is meant for an admin checking a plan with a number they
    /// typed, never for logs.
    public func explain(_ raw: String, role: NumberRole) -> [String] {
        var lines = ["Read as a \(role == .dialled ? "dialled" : role == .presented ? "presented" : "local party's") number: \(raw)"]
        let token = DialToken(parsing: raw)
        guard case let .number(digits, plus, masked) = token else {
            lines.append("Not a plain number (withheld, feature code, identifier or unreadable)")
            lines.append(Self.resultLine(normalise(raw, role: role)))
            return lines
        }
        let text = { (from: Int) in String(decoding: digits[from...], as: UTF8.self) }
        if masked { lines.append("Masked digits: only the visible leading digits can decide") }
        switch role {
        case .internal:
            lines.append("A local party's own number: internal, keyed \(plan.siteID)/<extension>")
        case .presented:
            if plus {
                lines.append("Starts with +: already international (E.164)")
            } else {
                var start = 0
                if compiled.outsideLinePrefixInPresentedNumbers,
                   let prefix = compiled.outsideLinePrefixes.first(where: { PrefixMatch.of($0, in: digits, at: 0) == .yes }) {
                    start = prefix.count
                    lines.append("Outside-line prefix \(String(decoding: prefix, as: UTF8.self)) stripped (the PBX writes it in presented numbers too) → \(text(start))")
                }
                if start < digits.count { explainExternal(digits, from: start, into: &lines) }
            }
        case .dialled:
            explainDialled(digits, plus: plus, masked: masked, into: &lines)
        }
        lines.append(Self.resultLine(normalise(raw, role: role)))
        return lines
    }

    private func explainDialled(_ digits: [UInt8], plus: Bool, masked: Bool, into lines: inout [String]) {
        let text = { (from: Int) in String(decoding: digits[from...], as: UTF8.self) }
        if plus {
            lines.append("Starts with +: already international (E.164)")
            return
        }
        if case .code(let code) = shortCode(digits, at: 0), code.category == .emergency {
            lines.append("Emergency short code \(text(0))")
            return
        }
        for prefix in compiled.outsideLinePrefixes where PrefixMatch.of(prefix, in: digits, at: 0) == .yes {
            if compiled.mayBeShortCode(length: digits.count - prefix.count),
               case .code(let code) = shortCode(digits, at: prefix.count), code.category == .emergency {
                lines.append("Emergency short code \(text(prefix.count)) behind the outside-line prefix \(String(decoding: prefix, as: UTF8.self))")
                return
            }
        }
        if !masked && compiled.isExtension(digits) {
            lines.append("An extension of the site (extension ranges, lengths or DID blocks): internal")
            return
        }
        lines.append("Not an extension of the site")
        var start = 0
        if let length = compiled.callByCallLength(digits, at: 0) {
            lines.append("Call-by-call prefix \(String(decoding: digits[0..<length], as: UTF8.self)) at the start: selects a provider, stripped → \(text(length))")
            start = length
        } else if compiled.outsideLinePrefixes.isEmpty {
            lines.append("The plan has no outside-line prefixes: the number is read as dialled")
        } else {
            let listed = plan.outsideLinePrefixes.joined(separator: ", ")
            guard let prefix = compiled.outsideLinePrefixes.first(where: { PrefixMatch.of($0, in: digits, at: 0) == .yes }) else {
                lines.append("No outside-line prefix (\(listed)) at the start: only short codes can leave the PBX like this")
                lines.append("For an outgoing call such a number is then read as the network received it (as presented):")
                explainExternal(digits, from: 0, into: &lines)
                return
            }
            start = prefix.count
            lines.append("Outside-line prefix \(String(decoding: prefix, as: UTF8.self)) at the start (plan: \(listed)): stripped → \(start < digits.count ? text(start) : "(nothing)")")
            if let length = compiled.callByCallLength(digits, at: start) {
                lines.append("Call-by-call prefix \(String(decoding: digits[start..<(start + length)], as: UTF8.self)) after it: selects a provider, stripped")
                start += length
            }
        }
        guard start < digits.count else {
            lines.append("Nothing left to dial")
            return
        }
        explainExternal(digits, from: start, into: &lines)
    }

    private func explainExternal(_ digits: [UInt8], from start: Int, into lines: inout [String]) {
        let text = { (from: Int) in String(decoding: digits[from...], as: UTF8.self) }
        if PrefixMatch.of(compiled.internationalPrefix, in: digits, at: start) == .yes {
            lines.append("International prefix \(plan.internationalPrefix): the country code follows → +\(text(start + compiled.internationalPrefix.count))")
            return
        }
        if PrefixMatch.of(compiled.nationalPrefix, in: digits, at: start) == .yes {
            lines.append("National prefix \(plan.nationalPrefix): a national number follows → +\(plan.countryCode)\(text(start + compiled.nationalPrefix.count))")
            return
        }
        if compiled.mayBeShortCode(length: digits.count - start), case .code = shortCode(digits, at: start) {
            lines.append("A short code of the country: \(text(start))")
            return
        }
        lines.append("Neither international nor national prefix nor short code: a subscriber number in the site's own area \(plan.areaCode) → +\(plan.countryCode)\(plan.areaCode)\(text(start))")
    }

    /// The result line.
    static func resultLine(_ number: NormalisedNumber) -> String { "Result: " + number.summary }
}

extension NormalisedNumber {
    /// Category, E.164 (or its masked shape), call-by-call prefix and internal key in one line,
    /// e.g. `category mobile, E.164 +4915112345678`. Contains the number: not for logs.
    public var summary: String {
        var parts = ["category \(category.rawValue)"]
        if let e164 { parts.append("E.164 \(e164)") } else if let maskedE164 { parts.append("masked \(maskedE164)") }
        if let callByCallPrefix { parts.append("call-by-call \(callByCallPrefix)") }
        if let internalKey { parts.append("key \(internalKey)") }
        return parts.joined(separator: ", ")
    }
}
