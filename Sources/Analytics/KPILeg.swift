import Query
import TollbookCore

/// One call leg as the KPI engine sees it: times, outcome, where it went, and an opaque key for
/// the other party's number (matching happens on the real number inside the query layer).
public struct KPILeg: Sendable, Equatable {
    /// The store's id.
    public var id: Int64
    /// The call the leg belongs to (empty: a call of its own).
    public var correlationID: String
    /// Seizure / setup, UTC ms.
    public var startMs: Int64
    /// Connect, UTC ms (`nil`: never connected).
    public var answerMs: Int64?
    /// Release, UTC ms.
    public var endMs: Int64
    /// Ring time as the PBX wrote it (0: derive from the timestamps).
    public var ringMs: Int64
    /// Talk time.
    public var talkMs: Int64
    /// Direction.
    public var direction: Direction
    /// How the leg ended.
    public var disposition: Disposition
    /// Markers (hunt group, voicemail, …).
    public var flags: CallFlags
    /// The hunt group the PBX named.
    public var huntGroup: String
    /// The local party (the extension).
    public var localExtension: String
    /// The number finally called.
    public var called: String
    /// The number originally dialled.
    public var originalCalled: String
    /// Trunk / gateway of an external leg.
    public var trunk: String
    /// The source (PBX) name.
    public var source: String
    /// Opaque key of the other party's external number (`nil`: internal or no number).
    public var remoteKey: Int?
    /// The other party's number as the principal may see it (masked per privacy package).
    public var remoteDisplay: String
    /// Whether the leg belongs to the requested org node (always `true` without one).
    public var inNode: Bool

    /// Creates a leg; everything but identity and times has a neutral default.
    public init(id: Int64, correlationID: String, startMs: Int64, answerMs: Int64? = nil, endMs: Int64, ringMs: Int64 = 0,
                talkMs: Int64 = 0, direction: Direction = .incoming, disposition: Disposition = .unknown,
                flags: CallFlags = [], huntGroup: String = "", localExtension: String = "", called: String = "",
                originalCalled: String = "", trunk: String = "", source: String = "", remoteKey: Int? = nil,
                remoteDisplay: String = "", inNode: Bool = true) {
        self.id = id
        self.correlationID = correlationID
        self.startMs = startMs
        self.answerMs = answerMs
        self.endMs = endMs
        self.ringMs = ringMs
        self.talkMs = talkMs
        self.direction = direction
        self.disposition = disposition
        self.flags = flags
        self.huntGroup = huntGroup
        self.localExtension = localExtension
        self.called = called
        self.originalCalled = originalCalled
        self.trunk = trunk
        self.source = source
        self.remoteKey = remoteKey
        self.remoteDisplay = remoteDisplay
        self.inNode = inNode
    }

    /// The leg as the query layer handed it over (already shown per its privacy package).
    public init(_ leg: AnalyticsLeg) {
        let call = leg.stored.call
        self.init(id: leg.stored.id, correlationID: call.correlationID, startMs: call.startMs, answerMs: call.answerMs,
                  endMs: call.endMs, ringMs: call.ringMs, talkMs: call.talkMs, direction: call.direction,
                  disposition: call.disposition, flags: call.flags, huntGroup: call.huntGroup,
                  localExtension: call.parties.extension, called: call.parties.called,
                  originalCalled: call.parties.originalCalled, trunk: call.trunk, source: leg.stored.source,
                  remoteKey: leg.remoteKey, remoteDisplay: call.parties.remote, inNode: leg.inRequestedNode)
    }

    /// The extension the leg went to: the local party of an incoming leg, the called party of an
    /// internal one; `nil` for outgoing legs.
    var destinationExtension: String? {
        switch direction {
        case .incoming: return localExtension
        case .internal, .unknown: return called
        case .outgoing: return nil
        }
    }

    /// Ring time: as written, else connect (or release) − seizure.
    var effectiveRingMs: Int64 {
        if ringMs > 0 { return ringMs }
        return max(0, (answerMs ?? endMs) - startMs)
    }

    /// The connect instant, when the leg was connected (the PBX's, else seizure + ring).
    var connectMs: Int64? {
        if let answerMs { return answerMs }
        return disposition == .answered ? startMs + ringMs : nil
    }

    /// Seizure → release; connect → connect + talk when the release is not known.
    var occupancy: (start: Int64, end: Int64) {
        if endMs > startMs { return (startMs, endMs) }
        if let connect = connectMs, talkMs > 0 { return (connect, connect + talkMs) }
        return (startMs, startMs)
    }
}
