import Foundation

/// Where plugins' log lines go: standard error, warnings and errors only unless
/// `TOLLBOOK_PLUGIN_DEBUG` is set. Plugins must not log personal data.
enum PluginLogSink {
    static func write(level: Int32, message: String) {
        let verbose = ProcessInfo.processInfo.environment["TOLLBOOK_PLUGIN_DEBUG"] != nil
        guard verbose || level >= 2 else { return }
        let name = ["debug", "info", "warning", "error"][Int(max(0, min(3, level)))]
        FileHandle.standardError.write(Data("plugin \(name): \(message)\n".utf8))
    }
}
