import Numbering
import Rating
import TollbookCore

/// A party number of a leg as the PBX wrote it: a `String`, or a batch's arena text (read
/// without making a string first).
protocol PartyText {
    /// Whether the PBX wrote no number.
    var isEmpty: Bool { get }
    /// No number.
    static var absent: Self { get }
}

extension String: PartyText {
    static var absent: String { "" }
}

extension CallBatch.Text: PartyText {
    var isEmpty: Bool { length == 0 }
    static var absent: CallBatch.Text { .empty }
}

/// The numbers of one leg as the PBX wrote them, plus what pricing needs to know about the leg.
struct LegFacts<Number: PartyText> {
    var direction: Direction
    var disposition: Disposition
    var flags: CallFlags
    var startMs: Int64
    var answerMs: Int64?
    var talkMs: Int64
    var calling: Number
    var called: Number
    var originalCalled: Number
    var connected: Number
    var redirecting: Number
    var `extension`: Number
    var remote: Number
}

extension LegFacts where Number == String {
    init(_ call: CallRecord) {
        direction = call.direction
        disposition = call.disposition
        flags = call.flags
        startMs = call.startMs
        answerMs = call.answerMs
        talkMs = call.talkMs
        calling = call.parties.calling
        called = call.parties.called
        originalCalled = call.parties.originalCalled
        connected = call.parties.connected
        redirecting = call.parties.redirecting
        `extension` = call.parties.extension
        remote = call.parties.remote
    }
}

extension LegFacts where Number == CallBatch.Text {
    /// A batch row's leg; its numbers stay in the batch's arena.
    init(_ row: CallBatch.Row) {
        direction = row.direction
        disposition = row.disposition
        flags = row.flags
        startMs = row.startMs
        answerMs = row.answerMs == .min ? nil : row.answerMs
        talkMs = row.talkMs
        calling = row.calling
        called = row.called
        originalCalled = row.originalCalled
        connected = row.connected
        redirecting = row.redirecting
        `extension` = row.extension
        remote = row.remote
    }
}

/// How a number of a leg is to be read.
enum Reading: Hashable {
    /// The site's own party (``NumberRole/internal``).
    case local
    /// Dialled by a local party on an outgoing leg (see ``NumberNormaliser/outgoing(_:)``).
    case dialled
    /// As the network presented or received it (``NumberRole/presented``).
    case presented
    /// On a leg of unknown direction: an extension is internal, anything else presented.
    case either
}

/// What pricing decided about a leg before any tariff is consulted.
enum LegDecision<Number: PartyText> {
    /// Settled without rating: not billable or unrated, with the reason and the remote number
    /// (raw, and how to read it), if any.
    case settled(CallPricing.Status, reason: String, remote: Number, reading: Reading)
    /// To be rated by the remote number.
    case rate(remote: Number, reading: Reading)
}

extension NumberNormaliser {
    /// A number a local party dialled on an outgoing leg, read by `normalise` in the role given.
    /// When the plan has outside-line prefixes and the number carries none, the PBX wrote it as
    /// the network received it (Cisco's outpulsed number, for example): it is then read like a
    /// presented number, because the leg did leave the PBX.
    func outgoing(_ normalise: (NumberRole) -> NormalisedNumber) -> NormalisedNumber {
        let dialled = normalise(.dialled)
        guard dialled.category == .unknown, dialled.form == .unrecognised, !dialled.isMasked,
              !plan.outsideLinePrefixes.isEmpty else { return dialled }
        let network = normalise(.presented)
        return network.category == .unknown ? dialled : network
    }
}

/// Reads legs with a site's numbering plan: which number is remote, who pays, how every party
/// number is classified.
struct LegReader {
    let normaliser: NumberNormaliser

    /// Who pays and for which number. Outgoing legs are priced by the dialled remote number;
    /// incoming, internal, recording and monitoring legs are not billable; legs of unknown
    /// direction are unrated (with the reason), never silently free.
    func decide<Number>(_ leg: LegFacts<Number>) -> LegDecision<Number> {
        if !leg.flags.isDisjoint(with: [.recording, .monitoring]) {
            return .settled(.notBillable, reason: "recording or monitoring leg", remote: .absent, reading: .local)
        }
        switch leg.direction {
        case .internal:
            return .settled(.notBillable, reason: "internal call", remote: leg.remote.isEmpty ? leg.called : leg.remote,
                            reading: .local)
        case .incoming:
            return .settled(.notBillable, reason: "incoming call",
                            remote: leg.remote.isEmpty ? leg.calling : leg.remote, reading: .presented)
        case .unknown:
            return .settled(.unrated, reason: "direction unknown: cannot tell who pays for the call", remote: .absent,
                            reading: .local)
        case .outgoing:
            break
        }
        if !leg.remote.isEmpty {
            return .rate(remote: leg.remote, reading: leg.flags.contains(.remoteNetworkFormat) ? .presented : .dialled)
        }
        if !leg.called.isEmpty { return .rate(remote: leg.called, reading: .dialled) }
        return .settled(.unrated, reason: "no dialled number", remote: .absent, reading: .local)
    }

    /// The rating request for an outgoing leg whose dialled number reads as `number`.
    func request<Number>(_ leg: LegFacts<Number>, number: NormalisedNumber,
                         dialled: @autoclosure () -> String) -> RatingRequest {
        RatingRequest(
            destination: number.e164 ?? number.nationalNumber ?? dialled(), category: number.category.rawValue,
            callByCallPrefix: number.callByCallPrefix, startUTC: leg.answerMs ?? leg.startMs,
            talkDurationMs: leg.talkMs, answered: leg.answerMs != nil || leg.disposition == .answered)
    }

    /// Normalises a number as `reading` says.
    func read(_ raw: String, _ reading: Reading) -> NormalisedNumber {
        read(reading) { normaliser.normalise(raw, role: $0) }
    }

    /// Normalises a number written as UTF-8 bytes as `reading` says, its digits in `scratch`
    /// (see ``NumberNormaliser/normalise(utf8:role:scratch:)``).
    func read(utf8 raw: UnsafeRawBufferPointer, _ reading: Reading, scratch: inout [UInt8]) -> NormalisedNumber {
        read(reading) { normaliser.normalise(utf8: raw, role: $0, scratch: &scratch) }
    }

    /// Reads a number as `reading` says with `normalise`, which normalises it in a role.
    private func read(_ reading: Reading, _ normalise: (NumberRole) -> NormalisedNumber) -> NormalisedNumber {
        switch reading {
        case .local: return normalise(.internal)
        case .dialled: return normaliser.outgoing(normalise)
        case .presented: return normalise(.presented)
        case .either:
            let dialled = normalise(.dialled)
            return dialled.category == .internal ? dialled : normalise(.presented)
        }
    }

    /// Which side of a leg a party number is on: the local side (calling and redirecting party
    /// of outgoing legs; every party but the caller of incoming legs; all of internal legs) or the
    /// remote side.
    enum Side {
        case local, remote
    }

    /// How a party number on `side` of a leg of `direction` is read: the local side as the site's
    /// own party, the remote side as dialled (outgoing) or presented (incoming); on legs of
    /// unknown direction an extension is internal and anything else is read as presented.
    static func reading(_ side: Side, _ direction: Direction) -> Reading {
        switch (direction, side) {
        case (.unknown, _): .either
        case (.internal, _), (_, .local): .local
        case (.outgoing, .remote): .dialled
        case (.incoming, .remote): .presented
        }
    }

    /// The side each party number is on for `direction`.
    static func sides(_ direction: Direction) -> (calling: Side, called: Side, originalCalled: Side, connected: Side,
                                                  redirecting: Side) {
        switch direction {
        case .incoming: (.remote, .local, .local, .local, .local)
        case .internal: (.local, .local, .local, .local, .local)
        case .outgoing, .unknown: (.local, .remote, .remote, .remote, .local)
        }
    }
}

extension ClassifiedNumber {
    /// A classified number from a normalised one ("" for none).
    init(_ number: NormalisedNumber?) {
        self.init(e164: number?.e164 ?? "", category: number?.category.rawValue ?? "")
    }
}
