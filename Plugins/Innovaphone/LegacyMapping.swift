import PluginAPI

/// Folds the blocks of the legacy gateway format into records: every block updates what is known
/// about its call (`ref`); the `B:Rel` block (release of the outgoing side) becomes the record.
/// Only the `B:Rel` block is the record's span, so records never span several feed() calls.
struct LegacyMapping {
    /// Earliest `time` seen per call `ref`.
    private var firstTime: [[UInt8]: Int64] = [:]
    /// Number of `B:Rel` blocks seen per call `ref`.
    private var releases: [[UInt8]: Int] = [:]

    /// Notes a non-release block; returns nothing (the block is skipped).
    mutating func note(_ block: LegacyBlock) throws(RecordFailure) {
        guard let ref = block.value("ref"), !ref.isEmpty else {
            throw RecordFailure(reason: TB_REJECT_MISSING_FIELD, field: "ref", message: "gateway CDR block without ref")
        }
        guard let time = try block.integer("time") else {
            throw RecordFailure(reason: TB_REJECT_MISSING_FIELD, field: "time", message: "gateway CDR block without time")
        }
        if firstTime.count < 100_000 || firstTime[ref] != nil {
            firstTime[ref] = min(firstTime[ref] ?? time, time)
        }
    }

    /// Builds the record of a `B:Rel` block.
    mutating func record(_ block: LegacyBlock, options: PluginOptions) throws(RecordFailure) -> RecordValues {
        try note(block)
        let ref = block.value("ref") ?? []
        let time = try block.integer("time") ?? 0
        let alert = try block.integer("alert_time")
        let connect = try block.integer("connect_time")
        let disconnect = try block.integer("disc_time")
        let cause = try block.cause()
        let start = min(firstTime[ref] ?? time, alert ?? time, connect ?? time)
        let end = max(disconnect ?? time, start)
        let count = (releases[ref] ?? 0) + 1
        if releases.count < 100_000 || releases[ref] != nil { releases[ref] = count }

        var r = RecordValues()
        r.vendorRecordID = ref + Array(":".utf8) + Numbers.text(time) + Array(":".utf8) + Numbers.text(Int64(count))
        r.correlationID = ref
        r.startUs = start * 1_000_000
        r.answerUs = connect.map { min(max($0, start), end) * 1_000_000 }  // start ≤ answer ≤ end, as the ABI requires
        r.endUs = end * 1_000_000
        r.cause = cause
        r.disposition = connect != nil ? tb_disposition(TB_DISPOSITION_ANSWERED) : CdrMapping.disposition(cause)
        r.calling = block.value("src_cgpn") ?? []
        r.originalCalled = block.value("src_cdpn") ?? []
        r.called = block.value("dst_cdpn") ?? r.originalCalled
        if connect != nil { r.connected = r.called }
        let sourceIf = block.value("src_if") ?? []
        let destIf = block.value("dst_if") ?? []
        if !options.trunkInterfaces.isEmpty {
            if options.isTrunkInterface(sourceIf) {
                r.direction = tb_direction(TB_DIRECTION_INCOMING)
                r.trunk = sourceIf
                r.device = destIf
                r.extensionNumber = r.called
                r.remote = r.calling
            } else if options.isTrunkInterface(destIf) {
                r.direction = tb_direction(TB_DIRECTION_OUTGOING)
                r.trunk = destIf
                r.device = sourceIf
                r.extensionNumber = r.calling
                r.remote = r.called
            } else {
                r.direction = tb_direction(TB_DIRECTION_INTERNAL)
                r.device = sourceIf
                r.remoteDevice = destIf
                r.extensionNumber = r.calling
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
}
