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

    /// Problems between loaded tariffs: the same provider id or call-by-call access code twice.
    public static func check(tariffs: [Tariff]) -> [TariffProblem] {
        var problems: [TariffProblem] = []
        var providers: Set<String> = []
        var codes: [String: String] = [:]
        for tariff in tariffs {
            if !providers.insert(tariff.provider).inserted {
                problems.append(TariffProblem(file: tariff.provider, line: 0, key: "id", message: "provider id \(tariff.provider) is used by two files"))
            }
            for code in tariff.accessCodes {
                if let other = codes[code], other != tariff.provider {
                    problems.append(TariffProblem(file: tariff.provider, line: 0, key: "access_codes",
                                                  message: "access code \(code) is also used by \(other)"))
                }
                codes[code] = tariff.provider
            }
        }
        return problems
    }
}
