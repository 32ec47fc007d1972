internal import PluginAPI

/// Checks the strings of a plugin's record for valid UTF-8 (for ``ParserSession/inspectsStrings``).
enum RecordStrings {
    /// The ABI names of the fields of `r` whose bytes are not valid UTF-8 (NULL slices are skipped:
    /// ``RecordConversion`` reports those).
    static func invalidUTF8Fields(_ r: tb_record) -> [String] {
        let fields: [(String, tb_str)] = [
            ("vendor_record_id", r.vendor_record_id), ("correlation_id", r.correlation_id),
            ("calling", r.calling), ("called", r.called), ("original_called", r.original_called),
            ("connected", r.connected), ("redirecting", r.redirecting), ("extension", r.extension),
            ("remote", r.remote), ("trunk", r.trunk), ("device", r.device), ("remote_device", r.remote_device),
            ("hunt_group", r.hunt_group), ("account_code", r.account_code), ("pin", r.pin),
            ("project_code", r.project_code), ("cause_text", r.cause_text), ("charge_currency", r.charge_currency),
        ]
        var invalid = fields.filter { !isValidUTF8($0.1) }.map(\.0)
        if let list = r.extra {
            for index in 0..<Int(min(r.extra_count, 256)) where !isValidUTF8(list[index].key) || !isValidUTF8(list[index].value) {
                invalid.append("extra")
                break
            }
        }
        return invalid
    }

    /// Whether a slice holds valid UTF-8 (an empty or NULL slice counts as valid).
    static func isValidUTF8(_ value: tb_str) -> Bool {
        guard value.len > 0, let pointer = value.ptr else { return true }
        let bytes = UnsafeRawBufferPointer(start: pointer, count: value.len)
        if bytes.allSatisfy({ $0 < 0x80 }) { return true }
        return String(validating: bytes, as: UTF8.self) != nil
    }
}
