/// One dated version of the rates.
public struct TariffVersion: Sendable {
    /// Version id as written in `[version ID]`.
    public let id: String
    /// `valid_from` as written (local to the file's `timezone`).
    public let validFromText: String
    /// First UTC millisecond this version applies to.
    public let validFromUTC: Int64
    /// First UTC millisecond it no longer applies to (`valid_to`), if any.
    public let validToUTC: Int64?
    /// Rates indexed by zone index × band count + band index.
    let rates: [Rate?]
    let bandCount: Int

    /// The rate of a zone in a band, if the version prices it.
    func rate(zone: Int, band: Int) -> Rate? { rates[zone * bandCount + band] }
}
