import Foundation
import Yams

/// Reads the `service:` section.
struct ServiceSectionReader {
    let reader: YAMLReader
    /// Folder of the configuration file (relative paths start there).
    let base: String

    func service(_ node: Node?, key: String) throws -> ServiceSettings {
        guard let node else { return ServiceSettings(dataDirectory: PathResolver(base: base).absolute("tollbook-data")) }
        let fields = try reader.mapping(node, key: key, allowed: [
            "data_directory", "store", "listen", "journal", "commit_records", "commit_interval_ms",
            "ops_token_file", "protect_metrics", "max_record_mb",
        ])
        let paths = PathResolver(base: base)
        let data = try fields["data_directory"].map { paths.absolute(try reader.string($0, key: "\(key).data_directory")) }
            ?? paths.absolute("tollbook-data")
        let store = try fields["store"].map { paths.absolute(try reader.string($0, key: "\(key).store"), under: data) }
        var settings = ServiceSettings(dataDirectory: data, storePath: store)
        if let value = fields["listen"] { settings.listen = try reader.listenAddress(value, key: "\(key).listen") }
        if let value = fields["journal"] {
            let journal = try reader.mapping(value, key: "\(key).journal", allowed: ["segment_mb", "retention_days"])
            if let size = journal["segment_mb"] {
                settings.journalSegmentBytes = try reader.integer(size, key: "\(key).journal.segment_mb", in: 1...4096) << 20
            }
            if let days = journal["retention_days"] {
                settings.journalRetentionDays = try reader.integer(days, key: "\(key).journal.retention_days", in: 1...36_500)
            }
        }
        if let value = fields["ops_token_file"] {
            settings.opsTokenFile = paths.absolute(try reader.string(value, key: "\(key).ops_token_file"), under: data)
        }
        if let value = fields["protect_metrics"] {
            settings.protectMetrics = try reader.boolean(value, key: "\(key).protect_metrics")
        }
        if let value = fields["max_record_mb"] {
            settings.maxRecordBytes = try reader.integer(value, key: "\(key).max_record_mb", in: 1...1024) << 20
        }
        if let value = fields["commit_records"] {
            settings.commitRecords = try reader.integer(value, key: "\(key).commit_records", in: 1...1_000_000)
        }
        if let value = fields["commit_interval_ms"] {
            settings.commitIntervalMs = try reader.integer(value, key: "\(key).commit_interval_ms", in: 1...600_000)
        }
        return settings
    }
}

/// Makes configured paths absolute: relative ones start at the configuration file's folder.
struct PathResolver {
    /// Folder of the configuration file.
    let base: String

    /// `path` if absolute, else `base/path` made absolute against the working directory.
    func absolute(_ path: String, under folder: String? = nil) -> String {
        if path.hasPrefix("/") { return path }
        let start = folder ?? (base.isEmpty ? FileManager.default.currentDirectoryPath : base)
        let joined = (start as NSString).appendingPathComponent(path)
        if joined.hasPrefix("/") { return (joined as NSString).standardizingPath }
        return ((FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(joined) as NSString).standardizingPath
    }
}

extension YAMLReader {
    /// `host:port`, `[v6]:port` or a bare port (`9480` = 127.0.0.1:9480).
    func listenAddress(_ node: Node, key: String) throws -> ListenAddress {
        let text = try string(node, key: key)
        let problem = "must be host:port such as 0.0.0.0:2222 (or a port)"
        if let port = Int(text) {
            guard (0...65_535).contains(port) else { throw fail(node, key, problem) }
            return ListenAddress(host: "127.0.0.1", port: port)
        }
        var host: Substring
        var portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw fail(node, key, problem)
            }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw fail(node, key, problem) }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, let port = Int(portText), (0...65_535).contains(port) else { throw fail(node, key, problem) }
        return ListenAddress(host: String(host), port: port)
    }
}
