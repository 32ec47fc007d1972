/// Why a document could not be rendered or written.
public enum DocumentsError: Error, CustomStringConvertible, Equatable {
    /// libharu refused an operation: its error code and detail number (see libharu's error list).
    case pdfLibrary(operation: String, code: UInt, detail: UInt)
    /// libxlsxwriter refused an operation: its message.
    case xlsxLibrary(operation: String, message: String)
    /// The output file could not be written.
    case cannotWrite(path: String, reason: String)

    /// A message for the user (never contains document text: it may hold personal data).
    public var description: String {
        switch self {
        case let .pdfLibrary(operation, code, detail):
            return "PDF rendering failed in \(operation): libharu error 0x\(String(code, radix: 16, uppercase: true))"
                + " (detail \(detail))"
        case let .xlsxLibrary(operation, message):
            return "XLSX rendering failed in \(operation): \(message)"
        case let .cannotWrite(path, reason):
            return "cannot write \(path): \(reason)"
        }
    }
}
