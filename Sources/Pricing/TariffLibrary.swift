import Foundation
import Rating

/// Loads the tariff files of a tariff folder: every `*.ini` in it, so that a call dialled with any
/// tariff's own `access_codes` finds its provider, and the files of the site's providers
/// (`<provider>.ini`), which must exist.
public enum TariffLibrary {
    /// Every tariff in `directory` (`*.ini`, in name order). The site's `providers` must each have
    /// their `<provider>.ini`; two files with one provider id or one access code are an error.
    /// - Throws: ``PricingSetupError`` naming the missing file, every problem of a bad file, or
    ///   the clash between files.
    public static func load(directory: String, providers: [String], site: String) throws -> [Tariff] {
        for provider in Set(providers).sorted() {
            let path = (directory as NSString).appendingPathComponent("\(provider).ini")
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw PricingSetupError.missingTariff(site: site, provider: provider, path: path)
            }
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".ini") }.sorted()
        var tariffs: [Tariff] = []
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let contents = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw PricingSetupError.invalidTariff(path: path, problems: ["\(path):0: error: cannot be read as UTF-8 text"])
            }
            do {
                tariffs.append(try TariffFile.parse(contents: contents, fileName: path))
            } catch {
                throw PricingSetupError.invalidTariff(path: path, problems: error.problems.map(\.description))
            }
        }
        let clashes = TariffChecker.check(tariffs: tariffs)
        if !clashes.isEmpty {
            throw PricingSetupError.tariffClash(directory: directory, problems: clashes.map(\.description))
        }
        return tariffs
    }
}
