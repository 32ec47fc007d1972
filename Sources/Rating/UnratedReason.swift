import TollbookCore

/// Why a call could not be priced.
public enum UnratedReason: Sendable, Hashable, CustomStringConvertible {
    /// The call-by-call access code is mapped to no provider.
    case unknownCallByCallPrefix(String)
    /// The selected provider has no loaded tariff.
    case noTariffForProvider(String)
    /// No version of the provider's tariff is valid at the call start.
    case noTariffVersion(provider: String, startUTC: Int64)
    /// The destination matches no zone's prefix.
    case noZone(provider: String)
    /// No band covers the local time (a gap in the week), given as local text.
    case noBand(provider: String, localTime: String)
    /// The version has no rate for the zone in that band.
    case noRate(provider: String, version: String, zone: String, band: String)
    /// The tariff marks the zone `unrated "<reason>"`.
    case zoneNotPriced(provider: String, zone: String, reason: String)
    /// The rates of the bands a call crosses cannot be combined (e.g. per-minute in one band, per-call in the other).
    case incompatibleBandRates(provider: String, zone: String, bands: [String])
    /// Talk time longer than 31 days or negative.
    case implausibleDuration(milliseconds: Int64)

    /// Text for reports (no phone numbers).
    public var description: String {
        switch self {
        case .unknownCallByCallPrefix(let code): return "call-by-call code \(code) selects no known provider"
        case .noTariffForProvider(let provider): return "no tariff loaded for provider \(provider)"
        case .noTariffVersion(let provider, let start):
            return "no version of \(provider)'s tariff is valid at \(UTCTimestamp.iso8601(milliseconds: start))"
        case .noZone(let provider): return "destination matches no zone of \(provider)"
        case .noBand(let provider, let local): return "no time band of \(provider) covers \(local)"
        case .noRate(let provider, let version, let zone, let band):
            return "\(provider) version \(version) has no rate for zone \(zone) in band \(band)"
        case .zoneNotPriced(let provider, let zone, let reason): return "\(provider) zone \(zone) is not priced: \(reason)"
        case .incompatibleBandRates(let provider, let zone, let bands):
            return "\(provider) zone \(zone): rates of bands \(bands.joined(separator: ", ")) cannot be combined in one call"
        case .implausibleDuration(let ms): return "implausible talk time \(ms) ms"
        }
    }
}
