import Foundation

/// Instances disabled at run time (`tollbook sites disable`), kept in a small JSON file so that
/// a restart of the service does not enable them again.
struct InstanceOverrides {
    private let path: String
    private var disabled: Set<String>

    private struct File: Codable {
        var disabled: [String]
    }

    /// Reads the file (a missing or unreadable file means no overrides).
    init(path: String) {
        self.path = path
        if let data = FileManager.default.contents(atPath: path), let file = try? JSONDecoder().decode(File.self, from: data) {
            disabled = Set(file.disabled)
        } else {
            disabled = []
        }
    }

    /// Whether `name` was disabled at run time.
    func isDisabled(_ name: String) -> Bool {
        disabled.contains(name)
    }

    /// Records the state of `name` and writes the file (atomically).
    mutating func set(_ name: String, disabled isDisabled: Bool) {
        if isDisabled { disabled.insert(name) } else { disabled.remove(name) }
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if let data = try? JSONEncoder().encode(File(disabled: disabled.sorted())) {
            try? data.write(to: URL(fileURLWithPath: path), options: .atomic)
        }
    }
}
