import PluginAPI

/// Turns one parsed `<cdr>` element into record values (see README.md in the fixtures for the
/// rules and their sources).
struct CdrMapping {
    /// The validated options.
    let options: PluginOptions

    /// The kinds of PBX object a CDR can belong to.
    enum ObjectKind {
        /// A user (no `pseudo`, or `pseudo="executive"`).
        case user
        /// A trunk line or gateway object (`trunk`, `gw`, or named in `trunk_objects`).
        case trunk
        /// Any other pseudo object (queue, voicemail, conference, …).
        case other
    }

    /// Builds the record values of `cdr`.
    func map(_ cdr: XMLElement) throws(RecordFailure) -> RecordValues {
        guard let guid = cdr.attribute("guid"), !guid.isEmpty else {
            throw RecordFailure(reason: TB_REJECT_MISSING_FIELD, field: "guid", message: "cdr without guid")
        }
        guard let dir = cdr.attribute("dir"), !dir.isEmpty else {
            throw RecordFailure(reason: TB_REJECT_MISSING_FIELD, field: "dir", message: "cdr without dir")
        }
        let isFrom = CdrEvents.equal(dir, "from"), isTo = CdrEvents.equal(dir, "to")
        let isCF = CdrEvents.equal(dir, "cf"), isCT = CdrEvents.equal(dir, "ct")
        guard isFrom || isTo || isCF || isCT else {
            throw RecordFailure(reason: TB_REJECT_UNSUPPORTED, field: "dir", message: "dir is not from, to, cf or ct")
        }
        guard let utcText = cdr.attribute("utc") else {
            throw RecordFailure(reason: TB_REJECT_MISSING_FIELD, field: "utc", message: "cdr without utc")
        }
        guard let utc = Numbers.integer(utcText), utc >= 0, utc < 1 << 36 else {
            throw RecordFailure(reason: TB_REJECT_OUT_OF_RANGE, field: "utc", message: "utc is not a valid time")
        }
        let events = try CdrEvents(cdr)
        guard let release = events.first(["rel-from", "rel-to", "disc-from", "disc-to"]) else {
            throw RecordFailure(reason: TB_REJECT_MISSING_FIELD, field: "event", message: "cdr without a release event")
        }
        var cause: Int64?
        if let causeText = release.element.attribute("cause") {
            guard let value = Numbers.integer(causeText), value >= 0, value <= 127 else {
                throw RecordFailure(reason: TB_REJECT_OUT_OF_RANGE, field: "cause", message: "cause is not a valid cause value")
            }
            cause = value
        }
        let user = cdr.child("user")
        let pseudo = user?.attribute("pseudo") ?? []
        let own = cdr.attribute("obj-e164") ?? cdr.attribute("e164") ?? []
        let objectName = cdr.attribute("obj-h323") ?? cdr.attribute("h323") ?? cdr.attribute("cn") ?? []
        let kind = objectKind(pseudo, objectName, cdr.attribute("cn") ?? [])

        var r = RecordValues()
        let confs = events.conferenceIDs
        r.vendorRecordID = recordID(cdr, guid: guid, dir: dir, utc: utcText, conf: confs.first ?? [])
        r.correlationID = confs.first ?? cdr.attribute("call") ?? r.vendorRecordID
        let answer = events.first(["conn-from", "conn-to"])
        // The ABI requires start ≤ answer ≤ end: a connect after the release is damaged input.
        if let answer, answer.offset > release.offset {
            throw RecordFailure(reason: TB_REJECT_OUT_OF_RANGE, field: "event", message: "connect event after the release event")
        }
        r.startUs = utc * 1_000_000
        r.answerUs = answer.map { (utc + $0.offset) * 1_000_000 }
        r.endUs = (utc + release.offset) * 1_000_000
        r.cause = cause
        r.disposition = answer != nil ? tb_disposition(TB_DISPOSITION_ANSWERED) : CdrMapping.disposition(cause)
        r.device = cdr.attribute("device") ?? []

        let setup = events.first(["setup-from", "setup-to"])
        let finalEvent = events.last(["alert-to", "conn-to", "connected"])
        let redirect = events.first(["cf-to", "cf-from", "transfer-to", "transfer-from"])
        let redirectTarget = redirect?.element.child("to")?.attribute("e164")
        let setupNumber = setup?.element.attribute("e164") ?? []
        let setupCF = setup?.element.child("cf")?.attribute("e164")
        let dialled = setup.flatMap { CdrEvents.equal($0.msg, "setup-from") ? $0.element.attribute("e164") : nil }
            ?? events.first(["alert-to", "conn-to", "cf-to", "transfer-to", "rel-to"])?.element.attribute("e164") ?? []
        let finalNumber = finalEvent?.element.attribute("e164") ?? redirectTarget ?? dialled
        let lastConnected = events.last(["conn-to", "connected"])?.element.attribute("e164") ?? []
        let outwardExternal = events.external(["alert-to", "conn-to", "conn-from", "connected", "cf-to", "transfer-to", "rel-to", "rel-from"])
        let inwardExternal = events.external(["setup-to", "setup-from"])

        switch kind {
        case .trunk:
            r.trunk = objectName
            if isTo {
                // A call to the trunk object: the organisation calls out.
                r.direction = tb_direction(TB_DIRECTION_OUTGOING)
                r.calling = setupNumber
                r.called = events.endpointNumber ?? []
                r.originalCalled = r.called
                r.extensionNumber = setupNumber
                r.remote = r.called
                if answer != nil { r.connected = r.called }
            } else {
                // A call from the trunk object: the outside calls in.
                r.direction = tb_direction(TB_DIRECTION_INCOMING)
                r.calling = setupNumber
                r.called = finalNumber
                r.originalCalled = events.first(["alert-to", "conn-to", "cf-to", "transfer-to"])?.element.attribute("e164") ?? finalNumber
                r.extensionNumber = finalNumber
                r.remote = r.calling
                r.connected = lastConnected
                r.remoteDevice = finalEvent?.element.attribute("h323") ?? []
            }
        case .user, .other:
            if isFrom {
                r.calling = own
                r.originalCalled = dialled
                r.called = finalNumber
                r.connected = lastConnected
                r.redirecting = events.first(["cf-to"])?.element.attribute("e164") ?? []
                r.extensionNumber = own
                r.remote = finalNumber
                r.remoteDevice = finalEvent?.element.attribute("h323") ?? []
                r.direction = tb_direction(outwardExternal ? TB_DIRECTION_OUTGOING : TB_DIRECTION_INTERNAL)
            } else if isTo {
                r.calling = setupNumber
                r.called = own
                r.originalCalled = setupCF ?? own
                r.redirecting = setupCF ?? []
                if answer != nil { r.connected = own }
                r.extensionNumber = own
                r.remote = setupNumber
                r.remoteDevice = setup?.element.attribute("h323") ?? []
                r.direction = tb_direction(inwardExternal ? TB_DIRECTION_INCOMING : TB_DIRECTION_INTERNAL)
            } else {
                // cf / ct: the object forwarded or transferred the caller to someone else.
                let target = redirectTarget ?? finalNumber
                r.calling = setupNumber
                r.originalCalled = own
                r.redirecting = own
                r.called = isCT ? target : finalNumber
                if answer != nil { r.connected = r.called }
                r.extensionNumber = own
                r.remote = r.called
                r.direction = tb_direction(outwardExternal ? TB_DIRECTION_OUTGOING
                                           : inwardExternal ? TB_DIRECTION_INCOMING : TB_DIRECTION_INTERNAL)
            }
        }

        r.flags = flags(events, isCF: isCF || setupCF != nil, isCT: isCT, pseudo: pseudo)
        if CdrEvents.equal(pseudo, "waiting") {
            r.huntGroup = own
        }
        let billable = kind == .user && !isTo
        r.extras.append(("billable", Array((billable ? "1" : "0").utf8)))
        r.extras.append(("dir", dir))
        if !objectName.isEmpty { r.extras.append(("object", objectName)) }
        if !pseudo.isEmpty { r.extras.append(("pseudo", pseudo)) }
        let groups = (user?.children ?? []).filter { $0.isNamed("grp") }.compactMap { $0.attribute("name") }
        if !groups.isEmpty { r.extras.append(("groups", Array(groups.joined(separator: [UInt8(ascii: ",")])))) }
        if let seq = cdr.attribute("seq"), !seq.isEmpty { r.extras.append(("seq", seq)) }
        if confs.count > 1 { r.extras.append(("transfer_conf", confs[1])) }
        if let localText = cdr.attribute("local"), let local = Numbers.integer(localText), local >= 0, local < 1 << 36 {
            r.extras.append(("local_offset_s", Numbers.text(local - utc)))
        }
        return r
    }

    /// Trunk, user or other object.
    private func objectKind(_ pseudo: [UInt8], _ name: [UInt8], _ cn: [UInt8]) -> ObjectKind {
        if CdrEvents.equal(pseudo, "trunk") || CdrEvents.equal(pseudo, "gw") { return .trunk }
        if options.isTrunkObject(name) || options.isTrunkObject(cn) { return .trunk }
        if pseudo.isEmpty || CdrEvents.equal(pseudo, "executive") { return .user }
        return .other
    }

    /// The flags of the CDR (see README.md).
    private func flags(_ events: CdrEvents, isCF: Bool, isCT: Bool, pseudo: [UInt8]) -> UInt32 {
        var f: UInt32 = 0
        if isCF || events.has(["cf-to", "cf-from"]) { f |= UInt32(TB_FLAG_FORWARDED) }
        if isCT || events.has(["transfer-to", "transferred", "connected"]) { f |= UInt32(TB_FLAG_TRANSFERRED) }
        if !isCT && events.has(["transfer-from"]) { f |= UInt32(TB_FLAG_TRANSFER_SPLIT) }
        if CdrEvents.equal(pseudo, "waiting") { f |= UInt32(TB_FLAG_HUNT_GROUP) }
        if CdrEvents.equal(pseudo, "conference") || CdrEvents.equal(pseudo, "bc_conf") { f |= UInt32(TB_FLAG_CONFERENCE) }
        if CdrEvents.equal(pseudo, "vm") { f |= UInt32(TB_FLAG_VOICEMAIL) }
        return f
    }

    /// `id` when the CDR has one (13r1+), else `guid:dir:utc:conf[:seq]`.
    private func recordID(_ cdr: XMLElement, guid: [UInt8], dir: [UInt8], utc: [UInt8], conf: [UInt8]) -> [UInt8] {
        if let id = cdr.attribute("id"), !id.isEmpty { return id }
        var out = guid + [UInt8(ascii: ":")] + dir + [UInt8(ascii: ":")] + utc + [UInt8(ascii: ":")] + conf
        if let seq = cdr.attribute("seq"), !seq.isEmpty { out += [UInt8(ascii: ":")] + seq }
        return out
    }

    /// Disposition of an unanswered leg from its Q.850 cause.
    static func disposition(_ cause: Int64?) -> tb_disposition {
        switch cause {
        case 17: return tb_disposition(TB_DISPOSITION_BUSY)
        case 21: return tb_disposition(TB_DISPOSITION_REJECTED)
        case nil, 0, 16, 18, 19, 26, 31: return tb_disposition(TB_DISPOSITION_NO_ANSWER)
        default: return tb_disposition(TB_DISPOSITION_FAILED)
        }
    }
}
