import TollbookCore

/// What the rater tried for a call it could not price (for `tollbook calls --explain`).
extension Rater {
    /// The provider, the tariff versions and the zones tried for `request`, one line each. Shows
    /// zone ids and prefixes, never the destination.
    public func attempt(_ request: RatingRequest) -> [String] {
        var lines: [String] = []
        let providerID: String
        if let code = request.callByCallPrefix, !code.isEmpty {
            guard let provider = accessCodes[code] else {
                let known = accessCodes.keys.sorted()
                lines.append("Tried: call-by-call code \(code); known codes: \(known.isEmpty ? "none" : known.joined(separator: ", "))")
                return lines
            }
            providerID = provider
            lines.append("Tried provider \(provider): selected by call-by-call code \(code)")
        } else if request.category == "local", let local = selection.localProvider {
            providerID = local
            lines.append("Tried provider \(local): the site's provider for local calls")
        } else {
            providerID = selection.defaultProvider
            lines.append("Tried provider \(providerID): the site's default provider")
        }
        guard let tariff = tariffs[providerID]?.tariff else {
            lines.append("No tariff is loaded for \(providerID); loaded: \(tariffs.keys.sorted().joined(separator: ", "))")
            return lines
        }
        let versions = tariff.versions.map { version in
            "\(version.id) from \(version.validFromText)" + (version.validToUTC.map { " to \(UTCTimestamp.iso8601(milliseconds: $0))" } ?? "")
        }
        if let version = tariff.version(atUTC: request.startUTC) {
            lines.append("Tried tariff version \(version.id) (valid from \(version.validFromText)) for the start \(UTCTimestamp.iso8601(milliseconds: request.startUTC))")
        } else {
            lines.append("Tried tariff versions \(versions.joined(separator: "; ")): none is valid at \(UTCTimestamp.iso8601(milliseconds: request.startUTC))")
            return lines
        }
        if let match = tariff.zone(for: request.destination) {
            lines.append("Tried zones by longest prefix: zone \(match.zone.id) matched by \(match.prefix)")
        } else {
            let zones = tariff.zones.map { zone in
                "\(zone.id) (\(zone.prefixes.prefix(4).joined(separator: ", "))\(zone.prefixes.count > 4 ? ", …" : ""))"
            }
            lines.append("Tried zones by longest prefix, none matched: \(zones.joined(separator: "; "))")
        }
        return lines
    }
}
