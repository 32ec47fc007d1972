import Foundation
import TestSupport
import XCTest

/// The module graph stays what ARCHITECTURE.md says: every target has a row in its table, and
/// nothing depends on (in Package.swift) or imports (in its sources) a module its row does not allow.
final class ModuleDependenciesFollowArchitectureTests: XCTestCase {
    private let repository = ModuleDependencyChecker(root: TestEnvironment.packageRoot)

    func testEveryTargetDependsOnlyOnWhatArchitectureAllows() throws {
        XCTAssertEqual(try repository.violations(), [])
    }

    /// Only Store issues SQL: no other module writes or reads the database by itself.
    func testNoModuleButTheStoreIssuesSQL() throws {
        XCTAssertEqual(try repository.sqlOutsideStore(), [])
    }

    /// Nothing is allowed as "pending" any more (Host lost Store and Pricing to Ingest): a new
    /// pending entry must be added here on purpose, with the change that removes it.
    func testPendingAllowancesAreTheKnownOnes() throws {
        XCTAssertEqual(try repository.pendingInUse(), [])
    }

    func testPackageManifestIsReadAsDeclared() throws {
        let targets = try repository.packageTargets()
        let host = try XCTUnwrap(targets.first { $0.name == "Host" })
        XCTAssertEqual(host.kind, "target")
        XCTAssertEqual(host.path, "Sources/Host")
        XCTAssertTrue(host.dependencies.contains("PluginAPI"))
        XCTAssertTrue(host.dependencies.contains("Crypto"), "a .product(name:package:) dependency counts by its name")
        XCTAssertFalse(host.dependencies.contains("swift-crypto"), "the package of a product is not a dependency")
        let store = try XCTUnwrap(targets.first { $0.name == "Store" })
        XCTAssertEqual(store.dependencies, ["CSQLite", "COpenSSL", "TollbookCore", "Crypto"])
        XCTAssertEqual(targets.first { $0.name == "CSQLite" }?.kind, "systemLibrary")
        XCTAssertEqual(targets.first { $0.name == "RatingBench" }?.path, "benchmarks/RatingBench")
    }

    func testImportLinesAreRecognisedWithTheirModifiers() {
        XCTAssertEqual(ModuleDependencyChecker.importedModule("import Store"), "Store")
        XCTAssertEqual(ModuleDependencyChecker.importedModule("@testable import Store"), "Store")
        XCTAssertEqual(ModuleDependencyChecker.importedModule("internal import CSQLite"), "CSQLite")
        XCTAssertEqual(ModuleDependencyChecker.importedModule("@preconcurrency public import NIOCore"), "NIOCore")
        XCTAssertEqual(ModuleDependencyChecker.importedModule("import struct Foundation.URL"), "Foundation")
        XCTAssertNil(ModuleDependencyChecker.importedModule("// import Store"))
        XCTAssertNil(ModuleDependencyChecker.importedModule("let important = 1"))
    }

    func testTableCellsNameModulesAndIgnoreRemarks() {
        XCTAssertEqual(ModuleDependencyChecker.names("`Store`, `Pricing` — the importer moves to Ingest"), ["Store", "Pricing"])
        XCTAssertEqual(ModuleDependencyChecker.names("TollbookCore, Crypto (swift-crypto)"), ["TollbookCore", "Crypto"])
        XCTAssertEqual(ModuleDependencyChecker.names("—"), [])
    }

    /// The checker on a copy of the repository with planted violations finds exactly them: a
    /// Package.swift dependency, an import the table does not allow, a target without a row, and
    /// SQL in a module other than Store.
    func testPlantedViolationsAreFound() throws {
        let copy = try TestEnvironment.makeTemporaryDirectory("tollbook-architecture")
        defer { try? FileManager.default.removeItem(at: copy) }
        let files = FileManager.default
        // The folders of every target; whole top-level folders, since sources link to shared
        // files beside them (Plugins/Shared), except under Tests/ (only the support targets).
        let folders = Set(try repository.packageTargets().filter { $0.kind != "testTarget" }.map { target in
            target.path.hasPrefix("Tests/") ? target.path : String(target.path.prefix { $0 != "/" })
        })
        for folder in folders.sorted() {
            let source = TestEnvironment.packageRoot.appendingPathComponent(folder)
            guard files.fileExists(atPath: source.path) else { continue }
            let destination = copy.appendingPathComponent(folder)
            try files.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            try files.copyItem(at: source, to: destination)
        }
        let manifest = try String(contentsOf: TestEnvironment.packageRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        let storeDeclaration = #"name: "Store", dependencies: ["#
        XCTAssertTrue(manifest.contains(storeDeclaration))
        try manifest.replacingOccurrences(of: storeDeclaration, with: storeDeclaration + #""Org", "#)
            .write(to: copy.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
        let architecture = try String(contentsOf: TestEnvironment.packageRoot.appendingPathComponent("ARCHITECTURE.md"), encoding: .utf8)
        let journalRow = architecture.components(separatedBy: "\n").filter { $0.hasPrefix("| `Journal` |") }
        XCTAssertEqual(journalRow.count, 1)
        try architecture.components(separatedBy: "\n").filter { !$0.hasPrefix("| `Journal` |") }.joined(separator: "\n")
            .write(to: copy.appendingPathComponent("ARCHITECTURE.md"), atomically: true, encoding: .utf8)
        try "// A planted violation: the store must not know the capture service.\n\nimport Capture\n"
            .write(to: copy.appendingPathComponent("Sources/Store/PlantedViolation.swift"), atomically: true, encoding: .utf8)
        try "/// A planted violation: SQL outside the store.\nlet planted = \"DELETE FROM org_nodes WHERE id = ?\"\n"
            .write(to: copy.appendingPathComponent("Sources/Org/PlantedSQL.swift"), atomically: true, encoding: .utf8)

        XCTAssertEqual(try ModuleDependencyChecker(root: copy).violations(), [
            "Package.swift: target Journal has no row in ARCHITECTURE.md's module table",
            "Package.swift: Store depends on Org, which ARCHITECTURE.md does not allow",
            "Sources/Store/PlantedViolation.swift:3: Store imports Capture, which ARCHITECTURE.md does not allow",
        ])
        XCTAssertEqual(try ModuleDependencyChecker(root: copy).sqlOutsideStore(), ["Sources/Org/PlantedSQL.swift:2: SQL outside Store"])
    }
}
