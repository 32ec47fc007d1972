import PluginAPI

/// The `<event>` children of one `<cdr>`, with their times checked, and look-ups over them.
struct CdrEvents {
    /// One event: its `msg`, its time relative to the first event (seconds) and the element.
    struct Event {
        let msg: [UInt8]
        let offset: Int64
        let element: XMLElement
    }

    /// The events in document order.
    let list: [Event]

    /// Reads the events of `cdr`: each needs a `msg` and an integer `time`; times are taken
    /// relative to the first event's time and may not lie before it.
    init(_ cdr: XMLElement) throws(RecordFailure) {
        var events: [Event] = []
        var first: Int64?
        for child in cdr.children where child.isNamed("event") {
            guard let msg = child.attribute("msg"), !msg.isEmpty else {
                throw RecordFailure(reason: TB_REJECT_MISSING_FIELD, field: "msg", message: "event without msg")
            }
            guard let timeText = child.attribute("time") else {
                throw RecordFailure(reason: TB_REJECT_MISSING_FIELD, field: "time", message: "event without time")
            }
            guard let time = Numbers.integer(timeText), time >= 0, time < 1 << 40 else {
                throw RecordFailure(reason: TB_REJECT_OUT_OF_RANGE, field: "time", message: "event time is not a non-negative integer")
            }
            let base = first ?? time
            first = base
            guard time >= base else {
                throw RecordFailure(reason: TB_REJECT_OUT_OF_RANGE, field: "time", message: "event time before the first event")
            }
            events.append(Event(msg: msg, offset: time - base, element: child))
        }
        guard !events.isEmpty else {
            throw RecordFailure(reason: TB_REJECT_MISSING_FIELD, field: "event", message: "cdr without events")
        }
        list = events
    }

    /// The first event whose msg is one of `names`.
    func first(_ names: [StaticString]) -> Event? {
        list.first { event in names.contains { CdrEvents.equal(event.msg, $0) } }
    }

    /// The last event whose msg is one of `names`.
    func last(_ names: [StaticString]) -> Event? {
        list.last { event in names.contains { CdrEvents.equal(event.msg, $0) } }
    }

    /// Whether an event with one of `names` exists.
    func has(_ names: [StaticString]) -> Bool { first(names) != nil }

    /// Whether an event with one of `names` carries `type="ext"`.
    func external(_ names: [StaticString]) -> Bool {
        list.contains { event in
            names.contains { CdrEvents.equal(event.msg, $0) } && event.element.attribute("type") == Array("ext".utf8)
        }
    }

    /// The `conf` values of the events, in document order, without repeats.
    var conferenceIDs: [[UInt8]] {
        var out: [[UInt8]] = []
        for event in list {
            if let conf = event.element.attribute("conf"), !conf.isEmpty, !out.contains(conf) { out.append(conf) }
        }
        return out
    }

    /// The `e164` of the first `<ep>` child of any event (final number sent to a trunk).
    var endpointNumber: [UInt8]? {
        for event in list {
            if let ep = event.element.child("ep"), let number = ep.attribute("e164"), !number.isEmpty { return number }
        }
        return nil
    }

    /// Byte-wise equality with a literal.
    static func equal(_ bytes: [UInt8], _ literal: StaticString) -> Bool {
        literal.withUTF8Buffer { bytes.elementsEqual($0) }
    }
}

