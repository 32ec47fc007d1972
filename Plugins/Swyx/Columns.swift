/// The SwyxWare CDR columns this plugin reads. Raw values index `ColumnMap.columnOfField`.
enum Field: Int, CaseIterable {
    case callId, originationNumber, calledNumber, calledName, destinationNumber
    case startDate, startTime, scriptConnectDate, scriptConnectTime, deliveredDate, deliveredTime
    case connectDate, connectTime, endDate, endTime, currency, costs, state, publicAccessPrefix
    case lcrProvider, projectNumber, aoc, originationDevice, destinationDevice, transferredByNumber
    case transferredCallId1, transferredCallId2, transferredToCallId, disconnectReason

    /// The column name as SwyxWare writes it (matched case-insensitively).
    var columnName: StaticString {
        switch self {
        case .callId: "CallId"
        case .originationNumber: "OriginationNumber"
        case .calledNumber: "CalledNumber"
        case .calledName: "CalledName"
        case .destinationNumber: "DestinationNumber"
        case .startDate: "StartDate"
        case .startTime: "StartTime"
        case .scriptConnectDate: "ScriptConnectDate"
        case .scriptConnectTime: "ScriptConnectTime"
        case .deliveredDate: "DeliveredDate"
        case .deliveredTime: "DeliveredTime"
        case .connectDate: "ConnectDate"
        case .connectTime: "ConnectTime"
        case .endDate: "EndDate"
        case .endTime: "EndTime"
        case .currency: "Currency"
        case .costs: "Costs"
        case .state: "State"
        case .publicAccessPrefix: "PublicAccessPrefix"
        case .lcrProvider: "LCRProvider"
        case .projectNumber: "ProjectNumber"
        case .aoc: "AOC"
        case .originationDevice: "OriginationDevice"
        case .destinationDevice: "DestinationDevice"
        case .transferredByNumber: "TransferredByNumber"
        case .transferredCallId1: "TransferredCallId1"
        case .transferredCallId2: "TransferredCallId2"
        case .transferredToCallId: "TransferredToCallId"
        case .disconnectReason: "DisconnectReason"
        }
    }

    /// The lower-cased column name, for case-insensitive lookups.
    var lowercasedName: [UInt8] {
        columnName.withUTF8Buffer { Array($0).map(ASCII.lower) }
    }
}

/// The two column sets SwyxWare writes.
enum Layout {
    /// The text file: separate `dd.mm.yyyy` date and `hh:mm:ss` time columns (34 columns).
    case textFile
    /// A CSV export of the `IpPbxCDR` table: one datetime column per event (28 columns).
    case database
}

/// Where each `Field` sits in the rows of the current file, built from its header line.
struct ColumnMap {
    /// Number of fields every data row must have.
    let columnCount: Int
    /// Column index of each `Field` (by raw value), or -1 when the file lacks that column.
    let columnOfField: [Int]
    /// Which column set the header describes.
    let layout: Layout

    /// Lower-cased names of every `Field`, by raw value.
    private static let fieldNames: [[UInt8]] = Field.allCases.map(\.lowercasedName)

    /// Builds the map from a header line's column names (any case), or nil when the names are not
    /// a SwyxWare header (a `CallId` and a `StartTime` column are required, plus `EndTime`, and for
    /// the text file `StartDate` and `EndDate`).
    init?(names: [[UInt8]]) {
        var columns = [Int](repeating: -1, count: Field.allCases.count)
        for (index, name) in names.enumerated() {
            let lowered = name.map(ASCII.lower)
            if let field = ColumnMap.fieldNames.firstIndex(of: lowered), columns[field] < 0 {
                columns[field] = index
            }
        }
        guard columns[Field.callId.rawValue] >= 0, columns[Field.startTime.rawValue] >= 0,
              columns[Field.endTime.rawValue] >= 0 else { return nil }
        if columns[Field.startDate.rawValue] >= 0 {
            guard columns[Field.endDate.rawValue] >= 0 else { return nil }
            layout = .textFile
        } else {
            layout = .database
        }
        columnCount = names.count
        columnOfField = columns
    }

    /// Whether a line's first field could open a header: `CallId` in any case.
    static func opensHeader(_ pointer: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        ASCII.equalsIgnoringCase(pointer, count, callIdName)
    }

    /// "callid".
    private static let callIdName = Array("callid".utf8)
}
