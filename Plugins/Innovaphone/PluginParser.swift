/// The parser class the shared C functions (`PluginFunctions.swift`) drive.
typealias PluginParser = InnovaphoneParser
