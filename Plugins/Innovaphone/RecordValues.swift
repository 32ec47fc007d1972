import PluginAPI

/// The fields of one record as owned bytes, before they are laid out as a `tb_record` in the
/// pending batch. Times are microseconds since 1970 UTC; nil means absent.
struct RecordValues {
    /// Unique id of the CDR within the source.
    var vendorRecordID: [UInt8] = []
    /// Same for every leg of one call (the first `conf`).
    var correlationID: [UInt8] = []
    /// Leg start.
    var startUs: Int64 = 0
    /// Answer, nil when never answered.
    var answerUs: Int64?
    /// Release.
    var endUs: Int64 = 0
    /// Calling number.
    var calling: [UInt8] = []
    /// Final called number.
    var called: [UInt8] = []
    /// Number first dialled.
    var originalCalled: [UInt8] = []
    /// Number of the party connected at the end.
    var connected: [UInt8] = []
    /// Number that forwarded or transferred.
    var redirecting: [UInt8] = []
    /// The local party of this leg.
    var extensionNumber: [UInt8] = []
    /// The other party.
    var remote: [UInt8] = []
    /// TB_DIRECTION_*.
    var direction = tb_direction(TB_DIRECTION_UNKNOWN)
    /// TB_DISPOSITION_*.
    var disposition = tb_disposition(TB_DISPOSITION_UNKNOWN)
    /// TB_FLAG_* bits.
    var flags: UInt32 = 0
    /// Trunk object name.
    var trunk: [UInt8] = []
    /// The object's `device`.
    var device: [UInt8] = []
    /// The other party's `h323` name.
    var remoteDevice: [UInt8] = []
    /// Queue number for waiting-queue objects.
    var huntGroup: [UInt8] = []
    /// Release cause, nil when absent.
    var cause: Int64?
    /// Vendor extras in a fixed order (keys are literals).
    var extras: [(key: StaticString, value: [UInt8])] = []
}

/// A record that could not be built: the reject reason, the field and a message without
/// personal data.
struct RecordFailure: Error {
    /// TB_REJECT_* value.
    let reason: Int
    /// The offending attribute or key, or "".
    let field: StaticString
    /// What is wrong.
    let message: StaticString
}
