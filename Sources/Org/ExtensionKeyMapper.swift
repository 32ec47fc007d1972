import Numbering

/// Turns numbers as people write them (`2001`, `+49 30 5555-2001`, `030 5555 2001`) into the
/// site-scoped extension keys calls carry (`berlin/2001`), with the sites' numbering plans.
///
/// Rules: a value containing `/` is taken as a key already. Otherwise the plan of `siteHint` (a
/// site name compared case-insensitively, e.g. the first level of an org path) is tried first, then
/// the others: a number within a plan's extension ranges (or any number, for the hinted site when
/// its plan has no ranges) is that site's extension; any other number is read as a public number
/// and maps when it falls into one of the site's DID blocks. The first site that matches wins.
public struct ExtensionKeyMapper: Sendable {
    let normalisers: [NumberNormaliser]

    /// Creates a mapper for the sites' plans (site name = ``NumberingPlan/siteID``).
    public init(plans: [NumberingPlan]) {
        normalisers = plans.map(NumberNormaliser.init(plan:))
    }

    /// The extension key of `number`, or `nil` when no site's plan knows it.
    public func extensionKey(for number: String, siteHint: String?) -> String? {
        let raw = number.trimmingSpaces
        guard !raw.isEmpty else { return nil }
        if raw.contains("/") { return raw }
        let hint = siteHint?.lowercased()
        let hinted = normalisers.filter { hint != nil && $0.plan.siteID.lowercased() == hint }
        let ordered = hinted + normalisers.filter { hinted.first?.plan.siteID != $0.plan.siteID }
        if !raw.hasPrefix("+") {
            for normaliser in ordered {
                let own = normaliser.normalise(raw, role: NumberRole.internal)
                guard let key = own.internalKey, own.form == NumberForm.extension else { continue }
                let local = String(key.dropFirst(normaliser.plan.siteID.count + 1))
                let ranges = normaliser.plan.extensionRanges
                if ranges.contains(where: { $0.contains(local) })
                    || (ranges.isEmpty && hinted.first?.plan.siteID == normaliser.plan.siteID) {
                    return key
                }
            }
        }
        for normaliser in ordered {
            let number = normaliser.normalise(raw, role: NumberRole.presented)
            if number.e164 != nil, let key = number.internalKey { return key }
        }
        return nil
    }
}
