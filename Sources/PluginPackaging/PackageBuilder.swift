import Foundation
import Host

/// `tollbook plugin pack`: builds an unsigned `.tbplugin` from a directory holding exactly one
/// `.so` and optionally `certification.json`.
public enum PackageBuilder {
    /// File name of the manifest inside a package.
    public static let manifestName = "manifest.json"
    /// File name of the signature inside a package.
    public static let signatureName = "signature.json"
    /// File name of the certification report inside a package.
    public static let reportName = "certification.json"

    /// The parts of a certification report (`tollbook plugin certify --format json`) that packing checks.
    struct Report: Decodable {
        struct Plugin: Decodable {
            var id: String
            var sha256: String
        }
        struct Summary: Decodable {
            var certified: Bool
        }
        var plugin: Plugin
        var suiteVersion: String
        var summary: Summary

        enum CodingKeys: String, CodingKey {
            case plugin, summary
            case suiteVersion = "suite_version"
        }
    }

    /// A built package.
    public struct Built: Sendable {
        /// The archive's bytes.
        public var data: Data
        /// `<id>-<version>.tbplugin`.
        public var suggestedName: String
        /// The manifest.
        public var manifest: PackageManifest
    }

    /// Packs `directory`: reads its `.so`'s descriptor in a worker process (``PluginDescriber``):
    /// the plugin is not trusted yet, so none of its code runs in this process.
    /// - Parameter describer: starts the describe worker (tests name the `tollbook` executable).
    /// - Throws: ``PackageError`` or ``PluginLoadError``.
    public static func pack(directory: String, describer: PluginDescriber = PluginDescriber()) throws -> Built {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw PackageError.badPackDirectory(path: directory, reason: "cannot be read")
        }
        let objects = names.filter { $0.hasSuffix(".so") }
        guard objects.count == 1, let objectName = objects.first else {
            throw PackageError.badPackDirectory(path: directory, reason: "must hold exactly one .so file (found \(objects.count))")
        }
        if let other = names.sorted().first(where: { $0 != objectName && $0 != reportName }) {
            throw PackageError.badPackDirectory(path: directory, reason: "holds \(other); only one .so and \(reportName) may be packed")
        }
        let objectPath = (directory as NSString).appendingPathComponent(objectName)
        let object = try read(objectPath)
        let info = try describer.describe(pluginAt: objectPath)
        var entries = [TarArchive.Entry(name: objectName, data: object)]
        var certification: [String: Any] = [:]
        if names.contains(reportName) {
            let reportPath = (directory as NSString).appendingPathComponent(reportName)
            let data = try read(reportPath)
            guard let report = try? JSONDecoder().decode(Report.self, from: data) else {
                throw PackageError.badReport(file: reportPath, reason: "not the JSON of `tollbook plugin certify --format json`")
            }
            guard report.plugin.sha256 == TrustStore.sha256Hex(object), report.plugin.id == info.id else {
                throw PackageError.badReport(file: reportPath, reason: "it certifies another build (SHA-256 or id differs from \(objectName))")
            }
            certification = ["file": reportName, "suite_version": report.suiteVersion, "passed": report.summary.certified]
            entries.append(TarArchive.Entry(name: reportName, data: data))
        }
        let schema = (try? JSONSerialization.jsonObject(with: Data(info.optionsSchema.utf8), options: [.fragmentsAllowed]))
            ?? [String: Any]()
        let manifest: [String: Any] = [
            "format": 1, "id": info.id, "name": info.name, "version": info.version, "vendor": info.vendor,
            "abi": info.abiVersion, "formats": info.formats, "options_schema": schema,
            "files": entries.map { ["path": $0.name, "sha256": TrustStore.sha256Hex($0.data), "size": $0.data.count] as [String: Any] },
            "certification": certification.isEmpty ? NSNull() : certification as Any,
        ]
        let manifestData: Data
        do {
            manifestData = try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
                + Data("\n".utf8)
        } catch {
            throw PackageError.badManifest(reason: "cannot be encoded")
        }
        let decoded = try PackageManifest.decode(manifestData)
        let archive = TarArchive(entries: [TarArchive.Entry(name: manifestName, data: manifestData)] + entries)
        return Built(data: try archive.encoded(), suggestedName: "\(info.id)-\(info.version).tbplugin", manifest: decoded)
    }

    static func read(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PackageError.io(path: path, reason: "cannot be read")
        }
        return data
    }
}
