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
            abstract: "Check tariff files; every problem names file, line and key. Exits 1 if any file has errors.")

        @Argument(help: ArgumentHelp("Tariff files to check.", valueName: "file")) var files: [String]

        func run() throws {
            var errors = 0
            for file in files {
                guard let contents = try? String(contentsOfFile: file, encoding: .utf8) else {
                    Console.error("\(file):0: error: cannot be read")
                    errors += 1
                    continue
                }
                let problems = TariffChecker.check(contents: contents, fileName: file)
                for problem in problems { print(problem.description) }
                let fileErrors = problems.filter { $0.severity == .error }.count
                errors += fileErrors
                if problems.isEmpty { print("\(file): ok") }
            }
            if errors > 0 { throw ExitCode.failure }
        }
    }
}
