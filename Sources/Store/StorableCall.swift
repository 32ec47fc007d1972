import TollbookCore

/// A call leg made ready for the store: its deduplication key and its vendor fields as JSON.
///
/// Preparing is pure and may run on any thread, so that an import can do it beside the thread
/// that writes to the database (``CallStore/insert(_:sourceID:importID:)-(StorableCall,_,_)``).
public struct StorableCall: Sendable {
    /// The leg.
    public let call: CallRecord
    /// The source the leg belongs to.
    public let sourceID: Int64
    /// ``VendorKey`` of the source and the vendor record id.
    let key: Int64
    /// The `extra` column: a JSON object of the vendor fields, or `nil` for none.
    let extraJSON: [UInt8]?

    /// Prepares `call` of source `sourceID`.
    public init(_ call: CallRecord, sourceID: Int64) {
        self.call = call
        self.sourceID = sourceID
        key = VendorKey.hash(sourceID: sourceID, vendorRecordID: call.vendorRecordID)
        if call.extra.isEmpty {
            extraJSON = nil
        } else {
            var bytes: [UInt8] = [UInt8(ascii: "{")]
            for (index, field) in call.extra.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                JSONText.appendQuoted(field.key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                JSONText.appendQuoted(field.value, to: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
            extraJSON = bytes
        }
    }
}
