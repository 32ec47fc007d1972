/// A renderer of ``ReportDocument``s into one file format. New formats (XLSX, CSV, HTML) conform
/// to it, so exports pick a renderer by format and write the bytes.
public protocol DocumentRendering: Sendable {
    /// The file name extension of the format, without the dot (`md`, `pdf`).
    var fileExtension: String { get }
    /// The document's bytes in the format.
    func bytes(for document: ReportDocument) throws -> [UInt8]
}

extension MarkdownRenderer: DocumentRendering {
    /// `md`.
    public var fileExtension: String { "md" }
    /// The Markdown text as UTF-8.
    public func bytes(for document: ReportDocument) throws -> [UInt8] { Array(render(document).utf8) }
}

extension PDFRenderer: DocumentRendering {
    /// `pdf`.
    public var fileExtension: String { "pdf" }
    /// The PDF (see ``PDFRenderer/render(_:)``).
    public func bytes(for document: ReportDocument) throws -> [UInt8] { try render(document) }
}
