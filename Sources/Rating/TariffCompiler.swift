import Foundation
import TollbookCore

/// Turns an ``IniDocument`` into a ``Tariff``, collecting every problem on the way (it never
/// stops at the first one). Used by both ``TariffFile`` and ``TariffChecker``.
struct TariffCompiler {
    let fileName: String
    private(set) var problems: [TariffProblem] = []

    init(fileName: String) { self.fileName = fileName }

    mutating func error(_ line: Int, _ key: String, _ message: String) {
        problems.append(TariffProblem(file: fileName, line: line, key: key, message: message, severity: .error))
    }

    mutating func warning(_ line: Int, _ key: String, _ message: String) {
        problems.append(TariffProblem(file: fileName, line: line, key: key, message: message, severity: .warning))
    }

    /// Whether any problem is an error.
    var hasErrors: Bool { problems.contains { $0.severity == .error } }

    /// Compiles the text; `nil` if there are errors (see ``problems``).
    mutating func compile(contents: String) -> Tariff? {
        let document = IniDocument(contents: contents)
        for problem in document.syntaxProblems { error(problem.line, problem.key, problem.message) }
        var providerSections: [IniDocument.Section] = []
        var bandSections: [IniDocument.Section] = []
        var zoneSections: [IniDocument.Section] = []
        var versionSections: [IniDocument.Section] = []
        for section in document.sections {
            checkDuplicateKeys(section)
            switch section.kind {
            case "provider": providerSections.append(section)
            case "bands": bandSections.append(section)
            case "zone": zoneSections.append(section)
            case "version": versionSections.append(section)
            default: error(section.line, "[\(section.kind)]", "unknown section (provider, bands, zone ID, version ID)")
            }
            if (section.kind == "zone" || section.kind == "version") && section.argument.isEmpty {
                error(section.line, "[\(section.kind)]", "\(section.kind) section needs an id, e.g. [\(section.kind) X]")
            }
            if (section.kind == "provider" || section.kind == "bands") && !section.argument.isEmpty {
                error(section.line, "[\(section.kind) \(section.argument)]", "[\(section.kind)] takes no id")
            }
        }
        if providerSections.isEmpty { error(0, "[provider]", "missing [provider] section") }
        for extra in providerSections.dropFirst() { error(extra.line, "[provider]", "duplicate [provider] section") }
        for extra in bandSections.dropFirst() { error(extra.line, "[bands]", "duplicate [bands] section") }

        var settings = ProviderSettings()
        if let section = providerSections.first { settings = readProvider(section) }
        let bands = bandSections.first.map { readBands($0, holidays: settings.holidays) } ?? BandTable.allWeek()
        let (zones, trie) = readZones(zoneSections)
        let versions = readVersions(versionSections, zones: zones, bands: bands, settings: settings)
        if versionSections.isEmpty { error(0, "[version]", "no [version ID] section: nothing is priced") }
        guard !hasErrors else { return nil }
        var tariff = Tariff(provider: settings.id, name: settings.name ?? settings.id, currency: settings.currency,
                      minorUnitDigits: settings.minorUnitDigits, prices: settings.prices, precision: settings.precision,
                      roundingMode: settings.roundingMode, bandSplit: settings.bandSplit, unanswered: settings.unanswered,
                      accessCodes: settings.accessCodes, holidays: settings.holidays, zones: zones, versions: versions,
                      bands: bands, trie: trie)
        tariff.origin.file = fileName
        tariff.origin.idLine = providerSections.first?.entries.first { $0.key == "id" }?.line ?? 0
        tariff.origin.accessCodesLine = providerSections.first?.entries.first { $0.key == "access_codes" }?.line ?? 0
        return tariff
    }

    private mutating func checkDuplicateKeys(_ section: IniDocument.Section) {
        var seen: [String: Int] = [:]
        for entry in section.entries {
            if let first = seen[entry.key] {
                error(entry.line, entry.key, "duplicate key (first in line \(first))")
            } else {
                seen[entry.key] = entry.line
            }
        }
    }
}
