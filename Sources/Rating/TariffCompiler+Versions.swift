import TollbookCore

extension TariffCompiler {
    /// Reads the `[version ID]` sections: dates must increase, rate keys must name known zones and
    /// bands, prices must parse; a zone left without a rate in some band is a warning.
    mutating func readVersions(_ sections: [IniDocument.Section], zones: [Zone], bands: BandTable,
                               settings: ProviderSettings) -> [TariffVersion] {
        let zoneIndex = Dictionary(zones.map { ($0.id, $0.index) }, uniquingKeysWith: { first, _ in first })
        let bandIndex = Dictionary(bands.names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let converter = WallClockConverter(timeZone: settings.timeZone)
        var versions: [TariffVersion] = []
        for section in sections where !section.argument.isEmpty {
            let header = "[version \(section.argument)]"
            if versions.contains(where: { $0.id == section.argument }) {
                error(section.line, header, "duplicate version")
                continue
            }
            var rates = [Rate?](repeating: nil, count: zones.count * bands.names.count)
            var validFrom: (text: String, utc: Int64)?
            var validTo: Int64?
            var specific: [(IniDocument.Entry, zone: Int, band: Int)] = []
            var general: [(IniDocument.Entry, zone: Int)] = []
            for entry in section.entries {
                switch entry.key {
                case "valid_from":
                    if let utc = Self.localDate(entry.value, converter: converter) { validFrom = (entry.value, utc) } else {
                        error(entry.line, "valid_from", "bad date \(entry.value): expected YYYY-MM-DD or YYYY-MM-DDTHH:MM (local time)")
                    }
                case "valid_to":
                    if let utc = Self.localDate(entry.value, converter: converter) { validTo = utc } else {
                        error(entry.line, "valid_to", "bad date \(entry.value): expected YYYY-MM-DD or YYYY-MM-DDTHH:MM (local time)")
                    }
                case "inherit":
                    if let base = versions.first(where: { $0.id == entry.value }) { rates = base.rates } else {
                        error(entry.line, "inherit", "unknown version \(entry.value) (must be defined above)")
                    }
                default:
                    let parts = entry.key.split(separator: "@", omittingEmptySubsequences: false)
                    guard parts.count <= 2, let zone = zoneIndex[String(parts[0])] else {
                        error(entry.line, entry.key, "unknown zone \(parts.first.map(String.init) ?? entry.key) (or unknown key)")
                        continue
                    }
                    if parts.count == 2 {
                        guard let band = bandIndex[String(parts[1])] else {
                            error(entry.line, entry.key, "unknown band \(parts[1])")
                            continue
                        }
                        specific.append((entry, zone, band))
                    } else {
                        general.append((entry, zone))
                    }
                }
            }
            for (entry, zone) in general {
                guard let rate = parseRate(entry, settings: settings) else { continue }
                for band in 0..<bands.names.count { rates[zone * bands.names.count + band] = rate }
            }
            for (entry, zone, band) in specific {
                guard let rate = parseRate(entry, settings: settings) else { continue }
                rates[zone * bands.names.count + band] = rate
            }
            guard let validFrom else {
                error(section.line, header, "missing valid_from")
                continue
            }
            if let previous = versions.last, validFrom.utc <= previous.validFromUTC {
                error(section.line, header, "valid_from \(validFrom.text) is not later than version \(previous.id)'s \(previous.validFromText)")
            }
            if let validTo, validTo <= validFrom.utc {
                error(section.line, "valid_to", "valid_to is not later than valid_from")
            }
            reportMissingRates(rates, zones: zones, bands: bands, line: section.line, version: section.argument)
            versions.append(TariffVersion(id: section.argument, validFromText: validFrom.text, validFromUTC: validFrom.utc,
                                          validToUTC: validTo, rates: rates, bandCount: bands.names.count))
        }
        return versions
    }

    private mutating func parseRate(_ entry: IniDocument.Entry, settings: ProviderSettings) -> Rate? {
        switch RateParser.parse(entry.value, currency: settings.currency, defaultIncrement: settings.increment) {
        case .success(let rate): return rate
        case .failure(let failure):
            error(entry.line, entry.key, failure.message)
            return nil
        }
    }

    private mutating func reportMissingRates(_ rates: [Rate?], zones: [Zone], bands: BandTable, line: Int, version: String) {
        for zone in zones {
            let missing = bands.names.indices.filter { rates[zone.index * bands.names.count + $0] == nil }
            guard !missing.isEmpty else { continue }
            let where_ = bands.names.count == 1 ? "" : " in band(s) " + missing.map { bands.names[$0] }.joined(separator: ", ")
            warning(line, zone.id, "version \(version) has no rate for zone \(zone.id)\(where_); such calls are unrated")
        }
    }

    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` read as wall-clock time in the converter's zone.
    static func localDate(_ text: String, converter: WallClockConverter) -> Int64? {
        guard text.count == 10 || text.count == 16, !text.hasSuffix("Z"), let wall = UTCTimestamp.parse(text) else { return nil }
        return converter.utcMilliseconds(fromWallClock: wall).utcMs
    }
}
