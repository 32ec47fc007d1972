/// The parser class the shared C functions (`PluginFunctions.swift`) drive.
typealias PluginParser = CiscoParser

/// Its `feed` is the shared CSV line loop (`CSVLineFeeding.swift`).
extension CiscoParser: CSVLineFeeding {}
