/// How sure the plugin is that a source's first bytes are innovaphone CDRs.
enum Probe {
    /// 95: starts with `<cdr` or `log-msg<cdr` (after white space / an XML declaration);
    /// 90: an HTTP argument string whose `msg` holds an encoded `<cdr`;
    /// 80: a legacy gateway block (`event A:…` … `ref` … `end`);
    /// 50: a `<cdr ` with `guid=` somewhere in the head; else 0.
    static func score(_ head: UnsafeBufferPointer<UInt8>) -> Int32 {
        guard let base = head.baseAddress else { return 0 }
        let n = head.count
        var i = 0
        while i < n && Framing.isSpace(base[i]) { i += 1 }
        if Framing.matches(base, i, n, "<?xml") == .yes, let end = Framing.find(base, i, n, "?>") {
            i = end + 2
            while i < n && Framing.isSpace(base[i]) { i += 1 }
        }
        if Framing.matches(base, i, n, "log-msg") == .yes { i += 7 }
        guard i < n else { return 0 }
        if Framing.matches(base, i, n, "<cdr ") == .yes { return 95 }
        let lowered = Array(head.prefix(4096)).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        let found = { (literal: StaticString) -> Bool in
            lowered.withUnsafeBufferPointer { b in
                b.baseAddress.map { Framing.find($0, 0, b.count, literal) != nil } ?? false
            }
        }
        if (base[i] == UInt8(ascii: "?") || Framing.matches(base, i, n, "event=") == .yes || Framing.matches(base, i, n, "msg=") == .yes)
            && found("msg=") && found("%3ccdr") { return 90 }
        if Framing.matches(base, i, n, "event ") == .yes && found("ref ") && found("\nend") { return 80 }
        if found("<cdr ") && found("guid=") { return 50 }
        return 0
    }
}
