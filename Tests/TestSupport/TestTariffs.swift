import Foundation

/// The tariff the CLI-level report tests price with: provider `testnet` (EUR), fixed lines 1 ct/min
/// and mobiles 10 ct/min in 60/60 increments from 2025-01-01.
public enum TestTariffs {
    /// `testnet.ini`.
    public static let testnet = """
        [provider]
        id = testnet
        name = Test Net
        currency = EUR

        [zone DE_FIXED]
        name = Deutschland Festnetz
        class = national
        prefixes = +492, +493, +494, +495, +496, +497, +498, +499

        [zone DE_MOBILE]
        name = Deutschland Mobilfunk
        class = mobile
        prefixes = +4915, +4916, +4917

        [version 2025-01]
        valid_from = 2025-01-01
        DE_FIXED = 1 ct/min 60/60
        DE_MOBILE = 10 ct/min 60/60

        """

    /// Writes `tariffs/testnet.ini` below `directory` (creating the folder).
    public static func writeTestnet(below directory: URL) throws {
        let tariffs = directory.appendingPathComponent("tariffs")
        try FileManager.default.createDirectory(at: tariffs, withIntermediateDirectories: true)
        try Data(testnet.utf8).write(to: tariffs.appendingPathComponent("testnet.ini"))
    }
}
