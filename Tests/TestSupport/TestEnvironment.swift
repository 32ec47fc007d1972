import Foundation

/// Paths and helpers shared by the test targets: where the package, the fixtures, the built
/// products and the vendor samples are, temporary directories, and running commands.
public enum TestEnvironment {
    /// The package root (derived from this file's path).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Tests/Fixtures`.
    public static let fixtures = packageRoot.appendingPathComponent("Tests/Fixtures")

    /// A public vendor sample: `"<vendor>/<path>"` names `Tests/Fixtures/<vendor>/samples/<path>`
    /// (byte-exact copies of public material; origins and licences in `NOTICE`).
    public static func vendorSample(_ relativePath: String) -> URL {
        let parts = relativePath.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return fixtures.appendingPathComponent(relativePath) }
        return fixtures.appendingPathComponent(parts[0]).appendingPathComponent("samples").appendingPathComponent(parts[1])
    }

    /// The C header's directory.
    public static let pluginAPIInclude = packageRoot.appendingPathComponent("Sources/PluginAPI/include")

    /// The build products directory: where the test bundle, `tollbook` and the plugin `.so` files are.
    public static let productsDirectory: URL = {
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var url = URL(fileURLWithPath: exe).deletingLastPathComponent()
            // swift-corelibs-xctest runs `<name>.xctest` directly from the products directory.
            if url.lastPathComponent.hasSuffix(".xctest") { url.deleteLastPathComponent() }
            return url
        }
        return Bundle.main.bundleURL.deletingLastPathComponent()
    }()

    /// The built `tollbook` executable.
    public static var tollbookExecutable: URL { productsDirectory.appendingPathComponent("tollbook") }

    /// The built Cisco plugin.
    public static var ciscoPlugin: URL { productsDirectory.appendingPathComponent("libTollbookCisco.so") }

    /// A new empty temporary directory, removed when the process ends is not guaranteed: callers
    /// remove it in `tearDown`.
    public static func makeTemporaryDirectory(_ prefix: String = "tollbook-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The result of a finished command.
    public struct CommandResult {
        /// Exit status.
        public var status: Int32
        /// Standard output.
        public var stdout: String
        /// Standard error.
        public var stderr: String
    }

    /// Runs `executable` with `arguments` and waits for it.
    public static func run(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil,
                           currentDirectory: URL? = nil) throws -> CommandResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes fully before waiting, so a large output cannot block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Compiles the C test plugin `Tests/Fixtures/plugins/<source>` with `cc` into `directory`.
    /// - Parameters:
    ///   - name: the output file name (e.g. `libpipe.so`).
    ///   - defines: `-D` switches that build broken variants.
    ///   - include: the directory of the `tollbook_plugin.h` to build against (default: the host's).
    /// - Returns: the `.so` path.
    @discardableResult
    public static func compileCPlugin(source: String = "pipe_plugin.c", name: String, defines: [String] = [],
                                      include: URL? = nil, into directory: URL) throws -> URL {
        let output = directory.appendingPathComponent(name)
        let sourcePath = fixtures.appendingPathComponent("plugins/\(source)").path
        let result = try run(URL(fileURLWithPath: "/usr/bin/env"),
                             ["cc", "-std=c11", "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC", "-fvisibility=hidden",
                              "-I", (include ?? pluginAPIInclude).path] + defines.map { "-D" + $0 } + ["-o", output.path, sourcePath])
        guard result.status == 0 else {
            throw NSError(domain: "cc", code: Int(result.status), userInfo: [NSLocalizedDescriptionKey: result.stderr])
        }
        return output
    }
}
