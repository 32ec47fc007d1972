import Foundation
import Host
import PluginPackaging
import TestSupport
import XCTest

/// Pack, sign, verify and install in process with the C test plugin; each refusal is a typed error.
final class PackageInstallerTests: XCTestCase {
    private var directory: URL!
    private var trust: String { directory.appendingPathComponent("trust").path }

    override func setUpWithError() throws {
        directory = try TestEnvironment.makeTemporaryDirectory("tollbook-packaging")
        let source = directory.appendingPathComponent("src")
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        try TestEnvironment.compileCPlugin(name: "libpipe.so", into: source)
    }

    override func tearDown() {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    /// A package of the test plugin signed with a new key; the key's public half is trusted if `trusted`.
    private func signedPackage(trusted: Bool = true) throws -> (archive: TarArchive, keyID: String) {
        let built = try PackageBuilder.pack(directory: directory.appendingPathComponent("src").path,
                                             describer: PluginDescriber(executable: TestEnvironment.tollbookExecutable.path))
        XCTAssertEqual(built.suggestedName, "test.pipe-0.1.0.tbplugin")
        let keys = try SigningKeys.generate(name: "k\(UUID().uuidString.prefix(8))", into: directory.appendingPathComponent("keys").path)
        if trusted {
            try FileManager.default.createDirectory(atPath: trust, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: keys.publicKey,
                                             toPath: (trust as NSString).appendingPathComponent((keys.publicKey as NSString).lastPathComponent))
        }
        let signed = try PackageSigner.sign(try TarArchive.decode(built.data), keyPath: keys.privateKey)
        XCTAssertEqual(signed.keyID, keys.keyID)
        return signed
    }

    private func assertRefused(_ archive: TarArchive, _ expected: PackageError, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertThrowsError(try PackageInstaller.verify(archive, trustStore: try TrustStore(directory: trust)), file: file, line: line) { error in
            XCTAssertEqual(error as? PackageError, expected, file: file, line: line)
        }
    }

    func testVerifiedPackageInstallsWithARecordTheHostTrusts() throws {
        let signed = try signedPackage()
        let plugins = directory.appendingPathComponent("plugins").path
        let installed = try PackageInstaller.install(signed.archive, trustStore: try TrustStore(directory: trust), pluginDirectory: plugins)
        XCTAssertEqual(installed.id, "test.pipe")
        XCTAssertNil(installed.certified)
        let trustLevel = PluginTrust.evaluate(pluginAt: installed.path, trustStore: try TrustStore(directory: trust), bundledDirectory: nil)
        XCTAssertEqual(trustLevel, .signed(keyID: signed.keyID, certified: false))
        XCTAssertEqual(PluginTrust.evaluate(pluginAt: installed.path, trustStore: try TrustStore(directory: directory.path), bundledDirectory: nil).label,
                       "unsigned", "a trust store without the key does not trust the record")
    }

    func testRefusals() throws {
        let signed = try signedPackage()
        var unsigned = signed.archive
        unsigned.entries.removeAll { $0.name == "signature.json" }
        try assertRefused(unsigned, .untrusted(.unsigned("the package")))

        var extra = signed.archive
        extra.entries.append(TarArchive.Entry(name: "README", data: Data("hi".utf8)))
        try assertRefused(extra, .undeclaredFile("README"))

        var tampered = signed.archive
        let index = try XCTUnwrap(tampered.entries.firstIndex { $0.name == "libpipe.so" })
        tampered.entries[index].data[100] ^= 1
        try assertRefused(tampered, .hashMismatch("libpipe.so"))

        var missing = signed.archive
        missing.entries.removeAll { $0.name == "libpipe.so" }
        try assertRefused(missing, .missingFile("libpipe.so"))

        var otherManifest = signed.archive
        let manifest = try XCTUnwrap(otherManifest.entries.firstIndex { $0.name == "manifest.json" })
        otherManifest.entries[manifest].data.append(contentsOf: Data(" ".utf8))
        try assertRefused(otherManifest, .untrusted(.badSignature(keyID: signed.keyID)))

        try Data("\(signed.keyID)\n".utf8).write(to: URL(fileURLWithPath: trust).appendingPathComponent("revoked"))
        try assertRefused(signed.archive, .untrusted(.revokedKey(keyID: signed.keyID)))
    }

    func testUnknownSignerIsRefused() throws {
        let signed = try signedPackage(trusted: false)
        try assertRefused(signed.archive, .untrusted(.unknownSigner(keyID: signed.keyID, trustStore: trust)))
    }
}
