/// Reads a flat JSON object of strings (as ``JSONText/object(_:)`` writes them) back into vendor
/// fields; anything it cannot read ends the list.
public enum VendorFieldsJSON {
    /// The fields of `text`, in order.
    public static func decode(_ text: String) -> [VendorField] {
        guard !text.isEmpty else { return [] }
        var fields: [VendorField] = []
        var scanner = Array(text.utf8)[...]
        func skipSpace() { while let b = scanner.first, b == 32 || b == 10 || b == 13 || b == 9 { scanner.removeFirst() } }
        func string() -> String? {
            skipSpace()
            guard scanner.first == 34 else { return nil }
            scanner.removeFirst()
            var bytes: [UInt8] = []
            while let b = scanner.first {
                scanner.removeFirst()
                if b == 34 { return String(decoding: bytes, as: UTF8.self) }
                if b == 92, let e = scanner.first {
                    scanner.removeFirst()
                    switch e {
                    case 110: bytes.append(10)
                    case 114: bytes.append(13)
                    case 116: bytes.append(9)
                    case 117:
                        let hex = String(decoding: scanner.prefix(4), as: UTF8.self)
                        scanner = scanner.dropFirst(4)
                        if let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) {
                            bytes.append(contentsOf: Array(String(Character(scalar)).utf8))
                        }
                    default: bytes.append(e)
                    }
                } else {
                    bytes.append(b)
                }
            }
            return nil
        }
        skipSpace()
        guard scanner.first == 123 else { return [] }
        scanner.removeFirst()
        while true {
            skipSpace()
            if scanner.first == 125 { break }
            guard let key = string() else { break }
            skipSpace()
            guard scanner.first == 58 else { break }
            scanner.removeFirst()
            guard let value = string() else { break }
            fields.append(VendorField(key: key, value: value))
            skipSpace()
            if scanner.first == 44 { scanner.removeFirst() }
        }
        return fields
    }
}
