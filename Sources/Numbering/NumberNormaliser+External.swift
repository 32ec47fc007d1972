/// Reading external numbers: international, national, short codes and subscriber numbers.
extension NumberNormaliser {
    /// The outcome of looking for a short code.
    enum ShortCodeOutcome {
        /// A short code, already normalised.
        case code(NormalisedNumber)
        /// A mask hides whether it is one.
        case masked
        /// Not a short code.
        case none
    }

    /// An external number starting at `start`, written without `+`.
    func external(_ digits: [UInt8], from start: Int, masked: Bool) -> NormalisedNumber {
        switch PrefixMatch.of(compiled.internationalPrefix, in: digits, at: start) {
        case .yes: return international(digits, from: start + compiled.internationalPrefix.count, form: .international,
                                        masked: masked)
        case .masked: return unknownMasked()
        case .no: break
        }
        switch PrefixMatch.of(compiled.nationalPrefix, in: digits, at: start) {
        case .yes: return national(digits, from: start + compiled.nationalPrefix.count, form: .national, masked: masked)
        case .masked: return unknownMasked()
        case .no: break
        }
        if compiled.mayBeShortCode(length: digits.count - start) {
            switch shortCode(digits, at: start) {
            case .code(let code): return code
            case .masked: return unknownMasked()
            case .none: break
            }
        }
        guard digits[start] != DialToken.mask else { return unknownMasked() }
        // A subscriber number of the site's own area.
        let subscriber = digits[start...]
        guard compiled.countryCode.count + compiled.areaCode.count + subscriber.count <= 15 else {
            return NormalisedNumber(category: .unknown, form: .unrecognised, isMasked: masked)
        }
        return shaped(area: compiled.areaCode, rest: subscriber, category: .local, form: .subscriber, masked: masked)
    }

    /// International digits (country code first) starting at `start`.
    func international(_ digits: [UInt8], from start: Int, form: NumberForm, masked: Bool) -> NormalisedNumber {
        let count = digits.count - start
        guard count >= 3, count <= 15 else {
            return NormalisedNumber(category: .unknown, form: .unrecognised, isMasked: masked)
        }
        switch PrefixMatch.of(compiled.countryCode, in: digits, at: start) {
        case .yes:
            return national(digits, from: start + compiled.countryCode.count, form: form, masked: masked)
        case .masked:
            return NormalisedNumber(category: .unknown, form: form, isMasked: true,
                                    maskedE164: "+" + String(decoding: digits[start...], as: UTF8.self))
        case .no:
            let text = "+" + String(decoding: digits[start...], as: UTF8.self)
            if masked {
                return NormalisedNumber(category: .international, form: form, isMasked: true, maskedE164: text)
            }
            return NormalisedNumber(e164: text, category: .international, form: form)
        }
    }

    /// A national significant number of the plan's country starting at `start`.
    func national(_ digits: [UInt8], from start: Int, form: NumberForm, masked: Bool) -> NormalisedNumber {
        guard start < digits.count, compiled.countryCode.count + digits.count - start <= 15 else {
            return NormalisedNumber(category: .unknown, form: .unrecognised, isMasked: masked)
        }
        return shaped(area: [], rest: digits[start...], category: classify(digits, nsnFrom: start), form: form,
                      masked: masked)
    }

    /// The category of the national significant number `digits[start...]`, after the country's
    /// table and the area code (read in place, without copying the digits).
    func classify(_ digits: [UInt8], nsnFrom start: Int) -> NumberCategory {
        var classification = compiled.unmatchedNational
        for rule in compiled.nationalRules {
            let match = PrefixMatch.of(rule.prefix, in: digits, at: start)
            if match == .masked { return .unknown }
            if match == .yes { classification = rule.classification; break }
        }
        switch classification {
        case .category(let category):
            return category
        case .geographic:
            if start < digits.count && digits[start] == DialToken.mask { return .unknown }
            switch PrefixMatch.of(compiled.areaCode, in: digits, at: start) {
            case .yes: return .local
            case .no: return .national
            case .masked: return .unknown
            }
        }
    }

    /// The result for a national significant number written as `area` followed by `rest`: E.164,
    /// or its masked shape; DID key. Both strings are made straight from the bytes, without
    /// concatenating.
    func shaped(area: [UInt8], rest: ArraySlice<UInt8>, category: NumberCategory, form: NumberForm,
                masked: Bool) -> NormalisedNumber {
        let countryCode = compiled.countryCode
        let length = area.count + rest.count
        let nationalNumber = String(unsafeUninitializedCapacity: length) { buffer in
            var index = 0
            for byte in area { buffer[index] = byte; index += 1 }
            for byte in rest { buffer[index] = byte; index += 1 }
            return index
        }
        let text = String(unsafeUninitializedCapacity: 1 + countryCode.count + length) { buffer in
            buffer[0] = UInt8(ascii: "+")
            var index = 1
            for byte in countryCode { buffer[index] = byte; index += 1 }
            for byte in area { buffer[index] = byte; index += 1 }
            for byte in rest { buffer[index] = byte; index += 1 }
            return index
        }
        if masked {
            return NormalisedNumber(category: category, form: form, isMasked: true, maskedE164: text,
                                    nationalNumber: nationalNumber)
        }
        let key = compiled.didBlocks.isEmpty ? nil : compiled.extension(forE164: text).map(compiled.internalKey)
        return NormalisedNumber(e164: text, category: category, form: form, nationalNumber: nationalNumber,
                                internalKey: key)
    }

    /// A short code of the country occupying `digits[start...]` exactly.
    func shortCode(_ digits: [UInt8], at start: Int) -> ShortCodeOutcome {
        let length = digits.count - start
        for code in compiled.shortCodes where code.lengths.contains(length) {
            switch PrefixMatch.of(code.prefix, in: digits, at: start) {
            case .yes:
                let text = String(decoding: digits[start...], as: UTF8.self)
                if digits[start...].contains(DialToken.mask) {
                    return .code(NormalisedNumber(category: code.category, form: .shortCode, isMasked: true,
                                                  nationalNumber: text))
                }
                return .code(NormalisedNumber(category: code.category, form: .shortCode, nationalNumber: text))
            case .masked: return .masked
            case .no: continue
            }
        }
        return .none
    }

    private func unknownMasked() -> NormalisedNumber {
        NormalisedNumber(category: .unknown, form: .unrecognised, isMasked: true)
    }
}
