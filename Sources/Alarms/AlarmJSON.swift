import Store
import TollbookCore

/// The JSON form of an alarm: what `tollbook alarms list --format json` prints and (with
/// `"event": "alarm.raised"` in front) what a webhook receives. Field names are a contract.
public enum AlarmJSON {
    /// The alarm as one JSON object (keys in a fixed order, no whitespace).
    public static func object(_ alarm: AlarmRecord, event: String? = nil) -> String {
        var fields: [(String, String)] = []
        if let event { fields.append(("event", JSONText.quote(event))) }
        fields += [
            ("id", String(alarm.id)), ("rule", JSONText.quote(alarm.rule)), ("severity", JSONText.quote(alarm.severity)),
            ("site", JSONText.quote(alarm.site)), ("entity_kind", JSONText.quote(alarm.entityKind)),
            ("entity", JSONText.quote(alarm.entity)), ("call_ids", "[" + alarm.callIDs.map(String.init).joined(separator: ",") + "]"),
            ("at", JSONText.quote(UTCTimestamp.iso8601(milliseconds: alarm.atMs))),
            ("raised", JSONText.quote(UTCTimestamp.iso8601(milliseconds: alarm.raisedMs))),
            ("message", JSONText.quote(alarm.message)), ("state", JSONText.quote(alarm.state)),
        ]
        if event == nil {
            fields += [
                ("acknowledged_by", alarm.acknowledgedBy.map(JSONText.quote) ?? "null"),
                ("acknowledged", alarm.acknowledgedMs.map { JSONText.quote(UTCTimestamp.iso8601(milliseconds: $0)) } ?? "null"),
                ("comment", alarm.comment.map(JSONText.quote) ?? "null"),
            ]
        }
        return "{" + fields.map { "\(JSONText.quote($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }

    /// The alarms as a JSON array, one object per line.
    public static func array(_ alarms: [AlarmRecord]) -> String {
        alarms.isEmpty ? "[]" : "[\n" + alarms.map { object($0) }.joined(separator: ",\n") + "\n]"
    }
}
