/// Builds small text-file inputs inline, for tests of single columns.
enum InlineRows {
    /// The 34 column names of the text file, quoted and comma-separated.
    static let header = [
        "CallId", "OriginationNumber", "OriginationName", "CalledNumber", "CalledName", "DestinationNumber",
        "DestinationName", "StartDate", "StartTime", "ScriptConnectDate", "ScriptConnectTime", "DeliveredDate",
        "DeliveredTime", "ConnectDate", "ConnectTime", "EndDate", "EndTime", "Currency", "Costs", "State",
        "PublicAccessPrefix", "LCRProvider", "ProjectNumber", "AOC", "OriginationDevice", "DestinationDevice",
        "TransferredByNumber", "TransferredByName", "TransferredCallId1", "TransferredCallId2",
        "TransferredToCallId", "TransferDate", "TransferTime", "DisconnectReason",
    ].map { "\"\($0)\"" }.joined(separator: ",")

    /// An internal call 201 → 202 on 03.03.2025 08:00:00–08:01:00 (answered 08:00:05), with the
    /// given columns replaced (by column name; values are quoted here, `"` doubled).
    static func row(_ callId: String, _ overrides: [String: String] = [:]) -> String {
        let names = header.split(separator: ",").map { $0.dropFirst().dropLast() }.map(String.init)
        var values: [String: String] = [
            "CallId": callId, "OriginationNumber": "201", "CalledNumber": "202", "DestinationNumber": "202",
            "StartDate": "03.03.2025", "StartTime": "08:00:00", "ConnectDate": "03.03.2025",
            "ConnectTime": "08:00:05", "EndDate": "03.03.2025", "EndTime": "08:01:00",
            "OriginationDevice": "SwyxIt! 201", "DestinationDevice": "SwyxIt! 202", "TransferredCallId1": "0",
            "TransferredCallId2": "0", "TransferredToCallId": "0", "DisconnectReason": "CallDisconnected",
        ]
        for (key, value) in overrides { values[key] = value }
        return names.map { "\"" + (values[$0] ?? "").replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            .joined(separator: ",")
    }
}
