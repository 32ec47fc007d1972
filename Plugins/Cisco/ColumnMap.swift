/// The CDR columns this plugin reads. Raw values index `ColumnMap.columnOfField`.
enum Field: Int, CaseIterable {
    case cdrRecordType, callManagerID, callID, dateTimeOrigination, origIpAddr, callingPartyNumber
    case origCauseValue, destIpAddr, originalCalledPartyNumber, finalCalledPartyNumber
    case destCauseValue, dateTimeConnect, dateTimeDisconnect, lastRedirectDn, pkid, duration
    case origDeviceName, destDeviceName, origCallTerminationOnBehalfOf, destCallTerminationOnBehalfOf
    case origCalledPartyRedirectOnBehalfOf, lastRedirectRedirectOnBehalfOf
    case origCalledPartyRedirectReason, lastRedirectRedirectReason, clusterID, joinOnBehalfOf
    case clientMatterCode, authorizationCodeValue, outpulsedCalledPartyNumber, huntPilotDN
    case calledPartyPatternUsage

    /// The column name as CUCM writes it (matched case-insensitively).
    var columnName: StaticString {
        switch self {
        case .cdrRecordType: "cdrRecordType"
        case .callManagerID: "globalCallID_callManagerId"
        case .callID: "globalCallID_callId"
        case .dateTimeOrigination: "dateTimeOrigination"
        case .origIpAddr: "origIpAddr"
        case .callingPartyNumber: "callingPartyNumber"
        case .origCauseValue: "origCause_value"
        case .destIpAddr: "destIpAddr"
        case .originalCalledPartyNumber: "originalCalledPartyNumber"
        case .finalCalledPartyNumber: "finalCalledPartyNumber"
        case .destCauseValue: "destCause_value"
        case .dateTimeConnect: "dateTimeConnect"
        case .dateTimeDisconnect: "dateTimeDisconnect"
        case .lastRedirectDn: "lastRedirectDn"
        case .pkid: "pkid"
        case .duration: "duration"
        case .origDeviceName: "origDeviceName"
        case .destDeviceName: "destDeviceName"
        case .origCallTerminationOnBehalfOf: "origCallTerminationOnBehalfOf"
        case .destCallTerminationOnBehalfOf: "destCallTerminationOnBehalfOf"
        case .origCalledPartyRedirectOnBehalfOf: "origCalledPartyRedirectOnBehalfOf"
        case .lastRedirectRedirectOnBehalfOf: "lastRedirectRedirectOnBehalfOf"
        case .origCalledPartyRedirectReason: "origCalledPartyRedirectReason"
        case .lastRedirectRedirectReason: "lastRedirectRedirectReason"
        case .clusterID: "globalCallId_ClusterID"
        case .joinOnBehalfOf: "joinOnBehalfOf"
        case .clientMatterCode: "clientMatterCode"
        case .authorizationCodeValue: "authorizationCodeValue"
        case .outpulsedCalledPartyNumber: "outpulsedCalledPartyNumber"
        case .huntPilotDN: "huntPilotDN"
        case .calledPartyPatternUsage: "calledPartyPatternUsage"
        }
    }

    /// The lower-cased column name, for case-insensitive lookups.
    var lowercasedName: [UInt8] {
        columnName.withUTF8Buffer { Array($0).map(ASCII.lower) }
    }
}

/// Where each `Field` sits in the rows of the current file.
struct ColumnMap {
    /// Number of fields every data row must have.
    let columnCount: Int
    /// Column index of each `Field` (by raw value), or -1 when the file lacks that column.
    let columnOfField: [Int]
    /// True for a CMR (call quality) header: its rows carry no calls.
    let isCallQuality: Bool

    /// Lower-cased names of every `Field`, by raw value.
    private static let fieldNames: [[UInt8]] = Field.allCases.map(\.lowercasedName)

    /// Builds the map from column names (any case).
    init<Names: Collection>(names: Names) where Names.Element == [UInt8] {
        var columns = [Int](repeating: -1, count: Field.allCases.count)
        var quality = false
        let vq = Array("varvqmetrics".utf8), directory = Array("directorynum".utf8)
        for (index, name) in names.enumerated() {
            let lowered = name.map(ASCII.lower)
            if lowered == vq || lowered == directory { quality = true }
            if let field = ColumnMap.fieldNames.firstIndex(of: lowered), columns[field] < 0 {
                columns[field] = index
            }
        }
        columnCount = names.count
        columnOfField = columns
        isCallQuality = quality
    }

    /// Builds the map of an embedded layout.
    init(layout: ColumnLayout) {
        self.init(names: layout.names.map { Array($0.utf8) })
    }

    /// Whether `name` (any case) is a CDR or CMR column name: decides whether a line is a header.
    static func isKnownColumnName(_ pointer: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        guard count >= 4, count <= 40 else { return false }
        for name in knownNames where ASCII.equalsIgnoringCase(pointer, count, name) { return true }
        return false
    }

    /// Lower-cased names of all CDR columns and the CMR columns that can open a header.
    private static let knownNames: [[UInt8]] =
        ColumnLayout.cdr133.names.map { Array($0.utf8).map(ASCII.lower) }
        + ["nodeid", "directorynum", "callidentifier", "datetimestamp", "varvqmetrics", "devicename"]
            .map { Array($0.utf8) }
}
