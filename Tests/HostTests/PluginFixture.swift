import Foundation
import Host
import TestSupport
import XCTest

/// A temporary plugin directory with C test plugins compiled into it.
final class PluginFixture {
    let directory: URL

    init() throws {
        directory = try TestEnvironment.makeTemporaryDirectory("tollbook-plugins")
    }

    /// Compiles a variant of the pipe test plugin into the directory.
    @discardableResult
    func plugin(_ name: String, defines: [String] = []) throws -> URL {
        try TestEnvironment.compileCPlugin(name: name, defines: defines, into: directory)
    }

    /// Writes a file into the directory.
    @discardableResult
    func file(_ name: String, _ contents: String) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try Data(contents.utf8).write(to: url)
        return url
    }

    /// A catalog of the directory alone (no bundled plugins), reading descriptors of the
    /// (unsigned) test plugins with the built `tollbook` as describe worker.
    func catalog() -> PluginCatalog {
        PluginCatalog(directories: [directory.path], bundledDirectory: nil,
                      describer: PluginDescriber(executable: TestEnvironment.tollbookExecutable.path))
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
