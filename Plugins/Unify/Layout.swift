/// The three line layouts of the Unify call-charge output.
enum Layout {
    /// OpenScape Office / Business: fields separated by `|`.
    case pipe
    /// HiPath 3000 / Hicom 150 fixed-width "compressed" format (112 columns, no separating blanks).
    case compressed
    /// HiPath 3000 / Hicom 150 fixed-width "long" printer format (79 columns, blank-separated).
    case long

    /// The name reported in the `layout` extra.
    var name: StaticString {
        switch self {
        case .pipe: return "pipe"
        case .compressed: return "compressed"
        case .long: return "long"
        }
    }
}

/// Column positions (0-based start, length) of a fixed-width layout; length 0 = not in the layout.
struct FixedColumns {
    /// Date of the call's end, `DD.MM.YY`.
    let date: (Int, Int)
    /// Time of the call's end, `hh:mm:ss`.
    let time: (Int, Int)
    /// Seized trunk, right-aligned.
    let trunk: (Int, Int)
    /// Internal extension, right-aligned.
    let extension_: (Int, Int)
    /// Ringing time `mm:ss`.
    let ring: (Int, Int)
    /// Call duration `hh:mm:ss` (blank: not connected).
    let duration: (Int, Int)
    /// External number, left-aligned.
    let number: (Int, Int)
    /// Charge pulses (compressed) or amount (long), right-aligned.
    let charge: (Int, Int)
    /// Information element (call type), right-aligned.
    let informationElement: (Int, Int)
    /// Project / account code (compressed only).
    let account: (Int, Int)
    /// MSN (compressed only).
    let msn: (Int, Int)
    /// Seizure code (compressed only).
    let seizureCode: (Int, Int)
    /// LCR route (compressed only).
    let lcrRoute: (Int, Int)
    /// Columns up to the information element: a shorter line is malformed.
    let minimumLength: Int
    /// Columns of the layout: bytes beyond it must be blank.
    let fullLength: Int

    /// Compressed format (Hicom 150 E Office service manual, table 7-1; 1-based positions there).
    static let compressed = FixedColumns(
        date: (0, 8), time: (8, 8), trunk: (16, 3), extension_: (19, 6), ring: (25, 5), duration: (30, 8),
        number: (38, 25), charge: (63, 11), informationElement: (74, 2), account: (76, 11), msn: (87, 11),
        seizureCode: (98, 5), lcrRoute: (103, 2), minimumLength: 76, fullLength: 112)

    /// Long printer format (same manual, table 7-2): no account code, MSN, seizure code or route.
    static let long = FixedColumns(
        date: (0, 8), time: (9, 8), trunk: (18, 3), extension_: (22, 6), ring: (29, 5), duration: (35, 8),
        number: (44, 20), charge: (65, 11), informationElement: (77, 2), account: (0, 0), msn: (0, 0),
        seizureCode: (0, 0), lcrRoute: (0, 0), minimumLength: 79, fullLength: 79)
}
