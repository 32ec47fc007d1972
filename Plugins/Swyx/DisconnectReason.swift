import PluginAPI

/// Maps SwyxWare's `DisconnectReason` texts to dispositions. The text itself is kept in
/// `cause_text`; SwyxWare writes no numeric cause.
enum DisconnectReason {
    /// The disposition of a leg: answered when it has a connect time, else from the reason text
    /// (empty text: no answer; an unknown text: unknown).
    static func disposition(answered: Bool, reason: UnsafeBufferPointer<UInt8>) -> tb_disposition {
        if answered { return tb_disposition(TB_DISPOSITION_ANSWERED) }
        if reason.isEmpty { return tb_disposition(TB_DISPOSITION_NO_ANSWER) }
        let lowered = reason.map(ASCII.lower)
        for (names, disposition) in table where names.contains(lowered) { return disposition }
        return tb_disposition(TB_DISPOSITION_UNKNOWN)
    }

    /// Lower-cased reason texts by disposition.
    private static let table: [([[UInt8]], tb_disposition)] = [
        (words("busy"), tb_disposition(TB_DISPOSITION_BUSY)),
        (words("noanswer,originatordisconnected,callignored,calldisconnected,scriptactiontimeout"),
         tb_disposition(TB_DISPOSITION_NO_ANSWER)),
        (words("reject,permissiondenied,substitutenumberdenied,securitynegotiationfailed,divertto" + "callerimpossible"),
         tb_disposition(TB_DISPOSITION_REJECTED)),
        (words("failure,unknownnumber,unreachable,networkcongestion,nochannelavailable,numberchanged,incompatibledestination,callroutingfailed"),
         tb_disposition(TB_DISPOSITION_FAILED)),
    ]

    /// Splits a comma-separated list into byte arrays.
    private static func words(_ list: String) -> [[UInt8]] {
        list.split(separator: ",").map { Array($0.utf8) }
    }
}
