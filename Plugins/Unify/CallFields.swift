/// The fields of one call line, trimmed of blanks, whatever its layout. Fields a layout lacks are
/// empty.
struct CallFields {
    /// Which layout the line has.
    var layout: Layout
    /// Date of the call's end, `DD.MM.YY`.
    var date: Bytes
    /// Time of the call's end, `hh:mm:ss`.
    var time: Bytes
    /// Number of the seized trunk.
    var trunk: Bytes
    /// The internal extension.
    var extension_: Bytes
    /// Ringing time `mm:ss` (incoming calls).
    var ring: Bytes
    /// Call (segment) duration `hh:mm:ss`; empty when an incoming call was not connected.
    var duration: Bytes
    /// The external number dialled or received.
    var number: Bytes
    /// Charge pulses or amount.
    var charge: Bytes
    /// Information element (call type code).
    var informationElement: Bytes
    /// Account / project code (ACCT).
    var account: Bytes
    /// MSN used.
    var msn: Bytes
    /// Seizure (trunk access) code.
    var seizureCode: Bytes
    /// LCR route.
    var lcrRoute: Bytes
    /// The optional "LCR number" field of pipe lines.
    var lcrNumber: Bytes

    /// The name of the first number-like field holding anything but the dial-string alphabet
    /// `0-9 + * # X x ?` (`DialString`), if any.
    func firstBadDialField() -> StaticString? {
        if !trunk.isDialString { return "trunk" }
        if !extension_.isDialString { return "extension" }
        if !number.isDialString { return "number" }
        if !msn.isDialString { return "msn" }
        if !seizureCode.isDialString { return "seizure_code" }
        if !lcrRoute.isDialString { return "lcr_route" }
        if !lcrNumber.isDialString { return "lcr_number" }
        return nil
    }

    /// Why a line could not be split into fields.
    enum SplitError: Error {
        /// A `|` line with fewer than the 9 fields every variant has.
        case tooFewFields
        /// A `|` line with more fields than any variant has.
        case tooManyFields
        /// A fixed-width line that ends before the information element column.
        case tooShort
        /// A fixed-width line with text after its layout's last column.
        case tooLong
    }

    /// Splits a `|` line. Pieces: 9 fields (+ empty piece after a trailing `|`) in the
    /// "uncompressed" variant, 13 + trailing without, 14 + trailing with the LCR-number field; up
    /// to 17 fields are accepted (fields after the 14th are ignored).
    static func pipe(_ line: Bytes) throws(SplitError) -> CallFields {
        var pieces: [Bytes] = []
        pieces.reserveCapacity(18)
        var start = 0
        for index in 0...line.count where index == line.count || line[index] == UInt8(ascii: "|") {
            pieces.append(line.slice(start, index - start).trimmed())
            start = index + 1
            if pieces.count > 18 { throw .tooManyFields }
        }
        guard pieces.count >= 9 else { throw .tooFewFields }
        let empty = line.slice(0, 0)
        func piece(_ index: Int) -> Bytes { index < pieces.count ? pieces[index] : empty }
        return CallFields(
            layout: .pipe, date: piece(0), time: piece(1), trunk: piece(2), extension_: piece(3), ring: piece(4),
            duration: piece(5), number: piece(6), charge: piece(7), informationElement: piece(8), account: piece(9),
            msn: piece(10), seizureCode: piece(11), lcrRoute: piece(12), lcrNumber: piece(13))
    }

    /// Cuts a fixed-width line at the layout's columns.
    static func fixed(_ line: Bytes, _ layout: Layout, _ columns: FixedColumns) throws(SplitError) -> CallFields {
        guard line.count >= columns.minimumLength else { throw .tooShort }
        if line.count > columns.fullLength && !line.slice(columns.fullLength, line.count).trimmed().isEmpty {
            throw .tooLong
        }
        func cut(_ column: (Int, Int)) -> Bytes { line.slice(column.0, column.1).trimmed() }
        return CallFields(
            layout: layout, date: cut(columns.date), time: cut(columns.time), trunk: cut(columns.trunk),
            extension_: cut(columns.extension_), ring: cut(columns.ring), duration: cut(columns.duration),
            number: cut(columns.number), charge: cut(columns.charge),
            informationElement: cut(columns.informationElement), account: cut(columns.account),
            msn: cut(columns.msn), seizureCode: cut(columns.seizureCode), lcrRoute: cut(columns.lcrRoute),
            lcrNumber: line.slice(0, 0))
    }
}
