extension HostError {
    /// The ABI name of a plugin status (`TB_ERR_INTERNAL` …), for messages.
    public static func statusName(_ status: Int32) -> String {
        switch status {
        case 0: return "TB_OK"
        case -1: return "TB_ERR_INVALID_ARGUMENT"
        case -2: return "TB_ERR_CONFIG"
        case -3: return "TB_ERR_UNSUPPORTED"
        case -4: return "TB_ERR_INTERNAL"
        case -5: return "TB_ERR_ABORTED"
        default: return "status \(status)"
        }
    }
}
