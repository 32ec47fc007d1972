/// The parser class the shared C functions (`PluginFunctions.swift`) drive.
typealias PluginParser = SwyxParser

/// Its `feed` is the shared CSV line loop (`CSVLineFeeding.swift`).
extension SwyxParser: CSVLineFeeding {}
