/// One normalised call leg, as the host stores it.
///
/// Times are UTC milliseconds since the Unix epoch. Personal fields (numbers, codes) are grouped in
/// ``CallParties`` so that later privacy work can mask, encrypt or drop them column by column.
public struct CallRecord: Sendable, Equatable {
    /// Identifier of the record within its source (CUCM: `pkid`); unique per source.
    public var vendorRecordID: String
    /// Groups the legs of one call (CUCM: cluster, node and call id).
    public var correlationID: String
    /// Start of the leg (seizure / setup), UTC milliseconds.
    public var startMs: Int64
    /// Answer time, UTC milliseconds; `nil` when never answered.
    public var answerMs: Int64?
    /// End of the leg, UTC milliseconds.
    public var endMs: Int64
    /// Ring or wait time in milliseconds.
    public var ringMs: Int64
    /// Talk time in milliseconds.
    public var talkMs: Int64
    /// Who started the call, seen from the organisation.
    public var direction: Direction
    /// How the leg ended.
    public var disposition: Disposition
    /// Markers (transfer, forward, conference, recording …).
    public var flags: CallFlags
    /// The phone numbers and codes of the leg (personal data).
    public var parties: CallParties
    /// Trunk, gateway or route of an external leg.
    public var trunk: String
    /// The local party's device.
    public var device: String
    /// The other side's device.
    public var remoteDevice: String
    /// Hunt group, pilot or queue the call came through.
    public var huntGroup: String
    /// Disconnect cause (Q.850 where the PBX uses it).
    public var cause: Int64?
    /// Disconnect cause as text, for PBXs that write text.
    public var causeText: String
    /// Charge units reported by the PBX.
    public var chargeUnits: Int64?
    /// Charge amount in minor units reported by the PBX.
    public var chargeMinor: Int64?
    /// ISO 4217 currency of ``chargeMinor``.
    public var chargeCurrency: String
    /// Byte offset of the record in its source file or stream.
    public var sourceOffset: UInt64
    /// Number of source bytes the record came from.
    public var sourceLength: UInt64
    /// Further vendor fields, in the order the plugin gave them.
    public var extra: [VendorField]
    /// Normalised numbers and price, once the call was rated (`nil` before).
    public var pricing: CallPricing?

    /// The kind of leg, derived from ``flags`` (what billing looks at first).
    public var legKind: LegKind { LegKind(flags: flags) }

    /// Creates a record; every field has a neutral default except identity and times.
    public init(
        vendorRecordID: String, correlationID: String, startMs: Int64, answerMs: Int64?, endMs: Int64,
        ringMs: Int64 = 0, talkMs: Int64 = 0, direction: Direction = .unknown,
        disposition: Disposition = .unknown, flags: CallFlags = [], parties: CallParties = CallParties(),
        trunk: String = "", device: String = "", remoteDevice: String = "", huntGroup: String = "",
        cause: Int64? = nil, causeText: String = "", chargeUnits: Int64? = nil, chargeMinor: Int64? = nil,
        chargeCurrency: String = "", sourceOffset: UInt64 = 0, sourceLength: UInt64 = 0,
        extra: [VendorField] = [], pricing: CallPricing? = nil
    ) {
        self.vendorRecordID = vendorRecordID
        self.correlationID = correlationID
        self.startMs = startMs
        self.answerMs = answerMs
        self.endMs = endMs
        self.ringMs = ringMs
        self.talkMs = talkMs
        self.direction = direction
        self.disposition = disposition
        self.flags = flags
        self.parties = parties
        self.trunk = trunk
        self.device = device
        self.remoteDevice = remoteDevice
        self.huntGroup = huntGroup
        self.cause = cause
        self.causeText = causeText
        self.chargeUnits = chargeUnits
        self.chargeMinor = chargeMinor
        self.chargeCurrency = chargeCurrency
        self.sourceOffset = sourceOffset
        self.sourceLength = sourceLength
        self.extra = extra
        self.pricing = pricing
    }
}

/// A vendor-specific field a plugin passed along with a record.
public struct VendorField: Sendable, Equatable {
    /// The field's name.
    public var key: String
    /// The field's value.
    public var value: String

    /// Creates a field.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}
