import ArgumentParser
import Foundation
import Rating

/// `tollbook tariffs …`
struct TariffsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tariffs", abstract: "Tariff files (<provider>.ini).", subcommands: [Check.self])

    /// `tollbook tariffs check FILE...`
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check tariff files; every problem names file, line and key. Exits 1 if any file has errors.",
            discussion: """
                Checks each file, then the files together: two files with one provider id, or two providers \
                claiming one access code, are errors (all tariffs of the folder are loaded for pricing).
                """)

        @Argument(help: ArgumentHelp("Tariff files to check.", valueName: "file")) var files: [String]

        func run() throws {
            var errors = 0
            var tariffs: [Tariff] = []
            var clean: [String] = []
            for file in files {
                guard let contents = try? String(contentsOfFile: file, encoding: .utf8) else {
                    Console.error("\(file):0: error: cannot be read")
                    errors += 1
                    continue
                }
                let problems = TariffChecker.check(contents: contents, fileName: file)
                for problem in problems { print(problem.description) }
                errors += problems.filter { $0.severity == .error }.count
                if problems.isEmpty { clean.append(file) }
                if let tariff = try? TariffFile.parse(contents: contents, fileName: file) { tariffs.append(tariff) }
            }
            // Between files: one provider id or one access code claimed twice.
            let clashes = TariffChecker.check(tariffs: tariffs)
            for problem in clashes { print(problem.description) }
            errors += clashes.count
            let clashing = Set(clashes.map(\.file))
            for file in clean where !clashing.contains(file) { print("\(file): ok") }
            if errors > 0 { throw ExitCode.failure }
        }
    }
}
