extension NumberingPlan {
    /// Checks the plan for mistakes that would make classification wrong or ambiguous.
    /// - Returns: the problems found, in a stable order; empty when the plan is sound.
    public func validate() -> [NumberingPlanProblem] {
        var problems: [NumberingPlanProblem] = []
        if siteID.isEmpty { problems.append(.emptySiteID) }
        if siteID.utf8.contains(UInt8(ascii: "/")) { problems.append(.siteIDContainsSlash) }
        if !Digits.isAllDigits(countryCode) || countryCode.hasPrefix("0") || countryCode.utf8.count > 3 {
            problems.append(.invalidCountryCode(countryCode))
        }
        if !areaCode.isEmpty
            && (!Digits.isAllDigits(areaCode) || (!nationalPrefix.isEmpty && areaCode.hasPrefix(nationalPrefix))) {
            problems.append(.invalidAreaCode(areaCode))
        }
        if !Digits.isAllDigits(internationalPrefix) { problems.append(.invalidInternationalPrefix(internationalPrefix)) }
        if !nationalPrefix.isEmpty && !Digits.isAllDigits(nationalPrefix) {
            problems.append(.invalidNationalPrefix(nationalPrefix))
        }
        if nationalPrefix == internationalPrefix { problems.append(.nationalPrefixEqualsInternationalPrefix) }
        for prefix in outsideLinePrefixes where !Digits.isAllDigits(prefix) {
            problems.append(.invalidOutsideLinePrefix(prefix))
        }
        for length in extensionLengths where length < 1 || length > 15 {
            problems.append(.invalidExtensionLength(length))
        }
        for i in extensionRanges.indices {
            for j in extensionRanges.indices where j > i && extensionRanges[i].overlaps(extensionRanges[j]) {
                problems.append(.overlappingExtensionRanges(i, j))
            }
        }
        for (i, range) in extensionRanges.enumerated() {
            for prefix in outsideLinePrefixes where Digits.isAllDigits(prefix) && range.hasMember(startingWith: prefix) {
                problems.append(.extensionRangeStartsWithOutsideLinePrefix(range: i, prefix: prefix))
            }
        }
        for i in didBlocks.indices {
            for j in didBlocks.indices where j > i && didBlocks[i].overlaps(didBlocks[j]) {
                problems.append(.overlappingDIDBlocks(i, j))
            }
        }
        for (i, block) in didBlocks.enumerated() where !block.e164Prefix.hasPrefix("+" + countryCode) {
            problems.append(.didBlockInOtherCountry(i))
        }
        return problems
    }
}

extension ExtensionRange {
    /// Whether some extension of the range starts with `prefix` (all digits).
    func hasMember(startingWith prefix: String) -> Bool {
        let count = prefix.utf8.count
        guard count <= length else { return false }
        let padding = length - count
        let low = prefix + String(repeating: "0", count: padding)
        let high = prefix + String(repeating: "9", count: padding)
        return first <= high && low <= last
    }
}
