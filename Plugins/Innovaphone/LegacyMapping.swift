import PluginAPI

/// Folds the blocks of the legacy gateway format into records. Every block updates what is known
/// about its call (`ref`) and leg; two kinds of block become records:
///
/// - `B:X` / `A:X` (a transfer replaced the B or the A party): the talk segment the transfer
///   closed — start = the leg's start, answer = its `connect_time`, end = its `disc_time` — flagged
///   TRANSFER_SPLIT;
/// - `B:Rel` (release of the outgoing side): the leg's last segment, starting at the transfer when
///   one happened (then flagged TRANSFERRED, `redirecting` = the party that transferred). A leg
///   that opens after a transfer of its call (the gateway calling the transfer target) is
///   TRANSFERRED as well. When a transfer joins two calls (X blocks on both, same second, same
///   transferor), their later records name the other call in the extra `transfer_ref` (as the
///   PBX XML records name the other conference in `transfer_conf`).
///
/// The legs of one `ref` are told apart by their outgoing interface (`dst_if`): a forward to an
/// outside number shows up as a second leg of the same `ref` towards the other interface. Only
/// the record's own block is its span, so records never span several feed() calls.
struct LegacyMapping {
    /// Which party of a leg a transfer replaced.
    enum Side {
        /// `A:X`: the calling side.
        case a
        /// `B:X`: the called side.
        case b
    }

    /// What is known about one leg (`ref` + `dst_if`).
    struct Leg {
        /// Earliest `time` of the leg's blocks.
        var start: Int64
        /// Start of the current talk segment: the end of the last segment a transfer closed.
        var segmentStart: Int64?
        /// The number of the party that last transferred (`A:X`: the old calling, `B:X`: the old
        /// called number); also set on a leg the gateway opened after a transfer of its call.
        var transferor: [UInt8]?
        /// The side the last transfer replaced (`.a` for a leg opened after a transfer: its
        /// calling side is not the organisation's party).
        var replaced: Side?
        /// Last `src_cgpn` seen (an `X` block may lack it).
        var calling: [UInt8] = []
        /// Last `src_if` seen.
        var sourceInterface: [UInt8] = []
    }

    /// Most calls or legs remembered at once; when full, the memory is cleared (those calls are
    /// long over in any real capture).
    static let capacity = 100_000

    /// Earliest `time` seen per call `ref` (for a leg whose blocks lack `dst_if`).
    private var firstTime: [[UInt8]: Int64] = [:]
    /// Open legs by `ref` + NUL + `dst_if`.
    private var legs: [[UInt8]: Leg] = [:]
    /// Number of `B:Rel` blocks seen per call `ref`.
    private var releases: [[UInt8]: Int] = [:]
    /// Number of `A:X` / `B:X` blocks seen per call `ref`.
    private var transfers: [[UInt8]: Int] = [:]
    /// The party that last transferred, per call `ref`: a leg that opens after the transfer (the
    /// gateway calling the transfer target) was set up by it.
    private var transferors: [[UInt8]: [UInt8]] = [:]
    /// The last transfer block: its call, time and the party that transferred.
    private var lastTransfer: (ref: [UInt8], time: Int64, transferor: [UInt8])?
    /// The other call of a transfer that joined two calls, per call `ref` (both directions).
    private var partners: [[UInt8]: [UInt8]] = [:]

    /// Notes a block that is not a record (and the record blocks, before they are mapped).
    mutating func note(_ block: LegacyBlock) throws(RecordFailure) {
        guard let ref = block.value("ref"), !ref.isEmpty else {
            throw RecordFailure(reason: TB_REJECT_MISSING_FIELD, field: "ref", message: "gateway CDR block without ref")
        }
        guard let time = try block.integer("time") else {
            throw RecordFailure(reason: TB_REJECT_MISSING_FIELD, field: "time", message: "gateway CDR block without time")
        }
        if firstTime.count >= LegacyMapping.capacity && firstTime[ref] == nil { firstTime.removeAll() }
        firstTime[ref] = min(firstTime[ref] ?? time, time)
        guard let destination = block.value("dst_if"), !destination.isEmpty else { return }
        let key = LegacyMapping.key(ref, destination)
        var leg: Leg
        if let known = legs[key] {
            leg = known
        } else {
            // A disconnect or release (after B:Rel) does not open a leg again.
            for event: StaticString in ["A:Rel", "A:Disc", "B:Disc"] where CdrEvents.equal(block.event, event) { return }
            if legs.count >= LegacyMapping.capacity { legs.removeAll() }
            leg = Leg(start: time)
            if let transferor = transferors[ref] {
                // Opened after a transfer of this call: the transfer set it up, for the transferor.
                leg.transferor = transferor
                leg.replaced = .a
            }
        }
        leg.start = min(leg.start, time)
        if let calling = block.value("src_cgpn") { leg.calling = calling }
        if let source = block.value("src_if"), !source.isEmpty { leg.sourceInterface = source }
        legs[key] = leg
    }

    /// Builds the record of an `A:X` / `B:X` block: the talk segment the transfer closed.
    mutating func transferRecord(_ block: LegacyBlock, side: Side, options: PluginOptions) throws(RecordFailure) -> RecordValues {
        try note(block)
        let ref = block.value("ref") ?? []
        let time = try block.integer("time") ?? 0
        let key = LegacyMapping.key(ref, block.value("dst_if") ?? [])
        let leg = legs[key]
        let count = (transfers[ref] ?? 0) + 1
        if transfers.count >= LegacyMapping.capacity && transfers[ref] == nil { transfers.removeAll() }
        transfers[ref] = count

        var r = try segment(block, leg: leg, ref: ref, time: time, options: options)
        r.vendorRecordID = ref + Array(":".utf8) + Numbers.text(time) + Array(":x".utf8) + Numbers.text(Int64(count))
        r.flags |= UInt32(TB_FLAG_TRANSFER_SPLIT)
        r.extras.append(("event", block.event))

        // The next segment of this leg starts where this one ended, set up by the transfer.
        let transferor = side == .a ? r.calling : r.called
        if transferors.count >= LegacyMapping.capacity && transferors[ref] == nil { transferors.removeAll() }
        transferors[ref] = transferor
        // A transfer that joins two calls (the transferor's first call and its consultation
        // call) writes an X block on each call, in the same second, naming the same transferor:
        // the legs of both calls name each other in `transfer_ref` from then on.
        if let last = lastTransfer, last.time == time, last.ref != ref, !transferor.isEmpty, last.transferor == transferor {
            if partners.count >= LegacyMapping.capacity { partners.removeAll() }
            partners[ref] = last.ref
            partners[last.ref] = ref
            r.extras.append(("transfer_ref", last.ref))
        }
        lastTransfer = (ref, time, transferor)
        if var next = leg {
            next.segmentStart = r.endUs / 1_000_000
            next.transferor = transferor
            next.replaced = side
            legs[key] = next
        }
        return r
    }

    /// Builds the record of a `B:Rel` block: the leg's last (or only) segment.
    mutating func record(_ block: LegacyBlock, options: PluginOptions) throws(RecordFailure) -> RecordValues {
        try note(block)
        let ref = block.value("ref") ?? []
        let time = try block.integer("time") ?? 0
        let key = LegacyMapping.key(ref, block.value("dst_if") ?? [])
        let leg = legs.removeValue(forKey: key)
        let count = (releases[ref] ?? 0) + 1
        if releases.count >= LegacyMapping.capacity && releases[ref] == nil { releases.removeAll() }
        releases[ref] = count

        var r = try segment(block, leg: leg, ref: ref, time: time, options: options)
        r.vendorRecordID = ref + Array(":".utf8) + Numbers.text(time) + Array(":".utf8) + Numbers.text(Int64(count))
        if let partner = partners[ref] { r.extras.append(("transfer_ref", partner)) }
        return r
    }

    /// The values of the segment of `leg` that `block` closes.
    private func segment(_ block: LegacyBlock, leg: Leg?, ref: [UInt8], time: Int64,
                         options: PluginOptions) throws(RecordFailure) -> RecordValues {
        let connect = try block.integer("connect_time")
        let disconnect = try block.integer("disc_time")
        let cause = try block.cause()
        let start = leg?.segmentStart ?? leg?.start ?? firstTime[ref] ?? time
        let end = max(disconnect ?? time, start)

        var r = RecordValues()
        r.correlationID = ref
        r.startUs = start * 1_000_000
        r.answerUs = connect.map { min(max($0, start), end) * 1_000_000 }  // start ≤ answer ≤ end, as the ABI requires
        r.endUs = end * 1_000_000
        r.cause = cause
        r.disposition = connect != nil ? tb_disposition(TB_DISPOSITION_ANSWERED) : CdrMapping.disposition(cause)
        r.calling = block.value("src_cgpn") ?? leg?.calling ?? []
        r.originalCalled = block.value("src_cdpn") ?? []
        r.called = block.value("dst_cdpn") ?? r.originalCalled
        if connect != nil { r.connected = r.called }
        // A forward: the gateway places a new call for the diverting party (`src_dgpn`).
        let diverting = block.value("src_dgpn") ?? []
        if !diverting.isEmpty {
            r.flags |= UInt32(TB_FLAG_FORWARDED)
            r.redirecting = diverting
            r.originalCalled = diverting
        }
        // A segment set up by a transfer: the transferring party redirected it.
        var transferorIsLocal = false
        if let transferor = leg?.transferor {
            r.flags |= UInt32(TB_FLAG_TRANSFERRED)
            if r.redirecting.isEmpty { r.redirecting = transferor }
            transferorIsLocal = true
        }
        let sourceIf = block.value("src_if") ?? leg?.sourceInterface ?? []
        let destIf = block.value("dst_if") ?? []
        if !options.trunkInterfaces.isEmpty {
            if options.isTrunkInterface(sourceIf) {
                r.direction = tb_direction(TB_DIRECTION_INCOMING)
                r.trunk = sourceIf
                r.device = destIf
                // The called side is ours; after a B:X the party that transferred answers for it.
                r.extensionNumber = transferorIsLocal && leg?.replaced == .b ? r.redirecting : r.called
                r.remote = r.calling
            } else {
                let outgoing = options.isTrunkInterface(destIf)
                r.direction = tb_direction(outgoing ? TB_DIRECTION_OUTGOING : TB_DIRECTION_INTERNAL)
                if outgoing {
                    r.trunk = destIf
                    r.device = sourceIf
                } else {
                    r.device = sourceIf
                    r.remoteDevice = destIf
                }
                // The calling side is ours: the forwarding party, or after an A:X the party that
                // transferred, answers for it (an outside caller's number is never the extension).
                if !diverting.isEmpty {
                    r.extensionNumber = diverting
                } else if transferorIsLocal && leg?.replaced == .a {
                    r.extensionNumber = r.redirecting
                } else {
                    r.extensionNumber = r.calling
                }
                r.remote = r.called
            }
        } else {
            r.device = sourceIf
            r.remoteDevice = destIf
        }
        if !sourceIf.isEmpty { r.extras.append(("src_if", sourceIf)) }
        if !destIf.isEmpty { r.extras.append(("dst_if", destIf)) }
        return r
    }

    /// The key of a leg: `ref` + NUL + `dst_if`.
    private static func key(_ ref: [UInt8], _ destination: [UInt8]) -> [UInt8] {
        ref + [0] + destination
    }
}
