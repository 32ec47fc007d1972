internal import PluginAPI

/// The ABI version the host implements, from the header it was compiled with.
public enum HostABI {
    /// `TB_ABI_MAJOR`.
    public static let major = UInt16(TB_ABI_MAJOR)
    /// `TB_ABI_MINOR`.
    public static let minor = UInt16(TB_ABI_MINOR)
    /// `TB_ABI_MAGIC`.
    public static let magic = UInt32(TB_ABI_MAGIC)
    /// Smallest descriptor the host accepts (`TB_DESCRIPTOR_V1_0_SIZE`).
    public static let minimumDescriptorSize = tb_descriptor_v1_0_size()
    /// Smallest record and record stride the host accepts (`TB_RECORD_V1_0_SIZE`).
    public static let minimumRecordSize = tb_record_v1_0_size()
    /// Smallest reject the host accepts (`TB_REJECT_V1_0_SIZE`).
    public static let minimumRejectSize = tb_reject_v1_0_size()
    /// Size of a version 1.0 `tb_host` (`TB_HOST_V1_0_SIZE`): plugins accept any host at least this large.
    public static let version1_0HostSize = tb_host_v1_0_size()
    /// Size of a version 1.0 `tb_parser_config` (`TB_PARSER_CONFIG_V1_0_SIZE`).
    public static let version1_0ParserConfigSize = tb_parser_config_v1_0_size()
}

/// What a plugin's descriptor says about its ABI, read before anything else.
public struct ABIFingerprint: Sendable, Equatable {
    /// The descriptor's magic number.
    public var magic: UInt32
    /// The descriptor's struct size.
    public var structSize: UInt32
    /// ABI major the plugin was built against.
    public var major: UInt16
    /// ABI minor the plugin was built against.
    public var minor: UInt16
    /// The oldest host minor the plugin works with.
    public var minimumHostMinor: UInt16

    /// Creates a fingerprint.
    public init(magic: UInt32, structSize: UInt32, major: UInt16, minor: UInt16, minimumHostMinor: UInt16) {
        self.magic = magic
        self.structSize = structSize
        self.major = major
        self.minor = minor
        self.minimumHostMinor = minimumHostMinor
    }

    /// Why a host of version `hostMajor.hostMinor` must refuse this plugin, or `nil` if it can load it.
    ///
    /// Rules: the magic must match; the major must equal the host's; the plugin's minimum host
    /// minor must not exceed the host's minor (so older minors always load, newer ones unless they
    /// need newer host features); the descriptor must be at least a version 1.0 descriptor.
    public func refusal(hostMajor: UInt16 = HostABI.major, hostMinor: UInt16 = HostABI.minor) -> String? {
        if magic != HostABI.magic {
            return "bad magic number 0x\(String(magic, radix: 16)) (expected 0x\(String(HostABI.magic, radix: 16))): not a Tollbook plugin descriptor"
        }
        if major != hostMajor {
            return "plugin ABI \(major).\(minor) has a different major version than the host's ABI \(hostMajor).\(hostMinor)"
        }
        if minimumHostMinor > hostMinor {
            return "plugin needs a host with ABI \(major).\(minimumHostMinor) or newer; this host has ABI \(hostMajor).\(hostMinor)"
        }
        if structSize < HostABI.minimumDescriptorSize {
            return "descriptor size \(structSize) is smaller than a version \(hostMajor).0 descriptor (\(HostABI.minimumDescriptorSize) bytes)"
        }
        return nil
    }
}
