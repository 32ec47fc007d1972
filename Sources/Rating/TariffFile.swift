/// Reading `tariffs/<provider>.ini` files (format: `docs/tariffs.md`).
public enum TariffFile {
    /// Parses and validates a tariff file.
    /// - Parameters:
    ///   - contents: the file's text (UTF-8).
    ///   - fileName: the name used in problem reports.
    /// - Returns: the tariff; warnings (see ``TariffChecker``) do not prevent loading.
    /// - Throws: ``TariffFileError/invalid(problems:)`` with every problem if any is an error.
    public static func parse(contents: String, fileName: String) throws(TariffFileError) -> Tariff {
        var compiler = TariffCompiler(fileName: fileName)
        guard let tariff = compiler.compile(contents: contents), !compiler.hasErrors else {
            throw .invalid(problems: compiler.problems)
        }
        return tariff
    }
}
