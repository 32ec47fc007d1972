/// The checker behind `tollbook tariffs check FILE...`.
public enum TariffChecker {
    /// Every problem in a tariff file (errors and warnings), in file order; empty if the file is clean.
    /// - Parameters:
    ///   - contents: the file's text.
    ///   - fileName: the name used in the reports.
    public static func check(contents: String, fileName: String) -> [TariffProblem] {
        var compiler = TariffCompiler(fileName: fileName)
        _ = compiler.compile(contents: contents)
        return compiler.problems.sorted { ($0.line, $0.severity == .error ? 0 : 1) < ($1.line, $1.severity == .error ? 0 : 1) }
    }

    /// Problems between loaded tariffs (the files of one folder): the same provider id in two
    /// files, or one call-by-call access code claimed by two providers. Each problem names the
    /// later file, the line of its key and the earlier file.
    public static func check(tariffs: [Tariff]) -> [TariffProblem] {
        var problems: [TariffProblem] = []
        var providers: [String: Tariff] = [:]
        var codes: [String: Tariff] = [:]
        func name(_ tariff: Tariff) -> String { tariff.origin.file.isEmpty ? tariff.provider : tariff.origin.file }
        for tariff in tariffs {
            if let first = providers[tariff.provider] {
                problems.append(TariffProblem(file: name(tariff), line: tariff.origin.idLine, key: "id",
                                              message: "provider id \(tariff.provider) is also used by \(name(first))"))
            } else {
                providers[tariff.provider] = tariff
            }
            for code in tariff.accessCodes {
                if let other = codes[code] {
                    if other.provider != tariff.provider {
                        problems.append(TariffProblem(
                            file: name(tariff), line: tariff.origin.accessCodesLine, key: "access_codes",
                            message: "access code \(code) is also claimed by provider \(other.provider) (\(name(other)))"))
                    }
                } else {
                    codes[code] = tariff
                }
            }
        }
        return problems
    }
}
