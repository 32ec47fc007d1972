import Foundation
import TestSupport

/// Builds the SDK's examples out of the source tree, once per test process: the C example with
/// `make` and `cc` only, the Swift template with `swift build` in a temporary copy of its folder.
enum SDKBuilds {
    /// A build step that failed, with its output.
    struct Failure: Error, CustomStringConvertible {
        /// The command and what it printed.
        let description: String
    }

    /// `sdk/` in the package.
    static let sdk = TestEnvironment.packageRoot.appendingPathComponent("sdk")
    /// `sdk/examples/c-minimal`.
    static let cMinimal = sdk.appendingPathComponent("examples/c-minimal")
    /// `sdk/templates/swift`.
    static let swiftTemplate = sdk.appendingPathComponent("templates/swift")
    /// The sample input of the C example (the Swift template has an identical copy).
    static let sample = cMinimal.appendingPathComponent("sample.csv")

    private static let lock = NSLock()
    nonisolated(unsafe) private static var cPlugin: Result<URL, any Error>?
    nonisolated(unsafe) private static var swiftPlugin: Result<(plugin: URL, seconds: Double), any Error>?

    /// A directory holding only `libtollbook_cminimal.so`, built by `make -C sdk/examples/c-minimal OUT=…`.
    static func cMinimalPluginDirectory() throws -> URL {
        lock.lock()
        defer { lock.unlock() }
        let result = cPlugin ?? Result { try buildCMinimal() }
        cPlugin = result
        return try result.get()
    }

    /// `libTollbookExampleSwift.so` built from a temporary copy of the template, in a directory
    /// of its own, and how long the build took.
    static func swiftTemplatePlugin() throws -> (plugin: URL, seconds: Double) {
        lock.lock()
        defer { lock.unlock() }
        let result = swiftPlugin ?? Result { try buildSwiftTemplate() }
        swiftPlugin = result
        return try result.get()
    }

    private static func buildCMinimal() throws -> URL {
        let work = try TestEnvironment.makeTemporaryDirectory("tollbook-sdk-c")
        let out = work.appendingPathComponent("plugins")
        // Only `cc`: no Swift toolchain is involved. -Werror keeps the example warning-free.
        try check(try TestEnvironment.run(URL(fileURLWithPath: "/usr/bin/env"),
                                          ["make", "-s", "-C", cMinimal.path, "OUT=\(out.path)", "CC=cc",
                                           "CFLAGS=-O2 -Werror"]),
                  "make -C sdk/examples/c-minimal")
        // The object files live in OUT/obj; the plugin directory must hold only the plugin.
        try FileManager.default.removeItem(at: out.appendingPathComponent("obj"))
        return out
    }

    private static func buildSwiftTemplate() throws -> (plugin: URL, seconds: Double) {
        let work = try TestEnvironment.makeTemporaryDirectory("tollbook-sdk-swift")
        let copy = work.appendingPathComponent("template")
        try FileManager.default.copyItem(at: swiftTemplate, to: copy)
        try? FileManager.default.removeItem(at: copy.appendingPathComponent(".build"))
        // A clean environment: variables of the outer `swift test` must not steer the inner build.
        let inherited = ProcessInfo.processInfo.environment
        var environment = ["HOME": inherited["HOME"] ?? work.path,
                           "PATH": (inherited["PATH"] ?? "/usr/bin:/bin") + ":/opt/swift/usr/bin"]
        if let tmp = inherited["TMPDIR"] { environment["TMPDIR"] = tmp }
        let started = Date()
        try check(try TestEnvironment.run(URL(fileURLWithPath: "/usr/bin/env"),
                                          ["make", "-s", "-C", copy.path, "OUT=\(work.appendingPathComponent("plugins").path)"],
                                          environment: environment),
                  "make -C <copy of sdk/templates/swift>")
        let seconds = Date().timeIntervalSince(started)
        return (work.appendingPathComponent("plugins/libTollbookExampleSwift.so"), seconds)
    }

    private static func check(_ result: TestEnvironment.CommandResult, _ what: String) throws {
        guard result.status == 0 else {
            throw Failure(description: "\(what) failed with status \(result.status):\n\(result.stdout)\n\(result.stderr)")
        }
    }
}
