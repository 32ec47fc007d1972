/// What kind of device a CUCM device name denotes.
enum DeviceKind: UInt8 {
    /// No device name in the row.
    case none
    /// An IP phone or soft client (matches `phone_patterns`).
    case phone
    /// A voicemail port (`CiscoUM*`, `Unity*`).
    case voicemail
    /// A conference bridge or media resource (`CFB*`, `MTP*`, `ANN*`, `MOH*`).
    case mediaResource
    /// Another device of the organisation (only when `trunk_patterns` is set: everything that
    /// matches no pattern).
    case otherInternal
    /// A gateway or trunk to the outside.
    case trunk

    /// Whether the device belongs to the organisation (a phone, port or resource).
    var isInternal: Bool { self == .phone || self == .voicemail || self == .mediaResource || self == .otherInternal }
}

/// Sorts device names into `DeviceKind`s using the configured patterns.
struct DeviceClassifier {
    /// Patterns of gateways/trunks, or nil: then every unknown non-empty device is a trunk.
    let trunkPatterns: [GlobPattern]?
    /// Patterns of phones.
    let phonePatterns: [GlobPattern]
    /// Voicemail port patterns (fixed).
    static let voicemailPatterns = GlobPattern.list("CiscoUM*,Unity*")
    /// Conference bridge / media resource patterns (fixed).
    static let mediaPatterns = GlobPattern.list("CFB*,MTP*,ANN*,MOH*")
    /// The default of the `phone_patterns` option.
    static let defaultPhonePatterns = "SEP*,CSF*,BOT*,TCT*,TAB*,ATA*,CIPC*"

    /// Classifies `count` bytes at `name`.
    func kind(_ name: UnsafePointer<UInt8>, _ count: Int) -> DeviceKind {
        if count == 0 { return .none }
        if let trunks = trunkPatterns, DeviceClassifier.any(trunks, name, count) { return .trunk }
        if DeviceClassifier.any(phonePatterns, name, count) { return .phone }
        if DeviceClassifier.any(DeviceClassifier.voicemailPatterns, name, count) { return .voicemail }
        if DeviceClassifier.any(DeviceClassifier.mediaPatterns, name, count) { return .mediaResource }
        return trunkPatterns == nil ? .trunk : .otherInternal
    }

    /// Whether the name is a voicemail port.
    func isVoicemail(_ name: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        count > 0 && DeviceClassifier.any(DeviceClassifier.voicemailPatterns, name, count)
    }

    @inline(__always)
    private static func any(_ patterns: [GlobPattern], _ name: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        for pattern in patterns where pattern.matches(name, count) { return true }
        return false
    }
}
