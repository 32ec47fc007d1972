import Foundation
import Rating

/// Loads the tariff files (`<provider>.ini`) that a site's providers need.
public enum TariffLibrary {
    /// The tariffs of `providers`, read from `directory/<provider>.ini`.
    /// - Throws: ``PricingSetupError`` naming the missing file, or every problem of a bad file.
    public static func load(directory: String, providers: [String], site: String) throws -> [Tariff] {
        var tariffs: [Tariff] = []
        for provider in Set(providers).sorted() {
            let path = (directory as NSString).appendingPathComponent("\(provider).ini")
            guard let contents = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw PricingSetupError.missingTariff(site: site, provider: provider, path: path)
            }
            do {
                tariffs.append(try TariffFile.parse(contents: contents, fileName: path))
            } catch {
                throw PricingSetupError.invalidTariff(path: path, problems: error.problems.map(\.description))
            }
        }
        return tariffs
    }
}
