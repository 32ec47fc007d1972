import Foundation
internal import PluginAPI

/// The `load.descriptor` rules, applied to a descriptor that passed the magic and size checks.
enum DescriptorReview {
    /// The problems found (empty when the descriptor is fine), and the identity read.
    static func review(_ plugin: RawPlugin, path: String) -> (problems: [String], identity: PluginIdentity) {
        let d = plugin.knownDescriptor
        var problems: [String] = []
        func text(_ name: String, _ value: tb_str, required: Bool = true) -> String {
            if value.len > 0 && value.ptr == nil { problems.append("\(name) is a NULL pointer with a length"); return "" }
            guard value.len > 0, let pointer = value.ptr else {
                if required { problems.append("\(name) is empty") }
                return ""
            }
            let bytes = UnsafeRawBufferPointer(start: pointer, count: value.len)
            guard let string = String(validating: bytes, as: UTF8.self) else {
                problems.append("\(name) is not valid UTF-8")
                return String(decoding: bytes, as: UTF8.self)
            }
            return string
        }
        let id = text("id", d.id)
        if !id.isEmpty, !isValidID(id) { problems.append("id is not a lower-case dotted id such as cisco.cucm") }
        let name = text("name", d.name)
        let vendor = text("vendor", d.vendor)
        let version = text("version", d.version)
        if !version.isEmpty, !isSemanticVersion(version) { problems.append("version '\(version)' is not a semantic version (MAJOR.MINOR.PATCH)") }
        _ = text("description", d.description)
        _ = text("options_schema", d.options_schema)
        if d.format_count == 0 || d.formats == nil {
            problems.append("no input formats are declared")
        } else if d.format_count > 64 {
            problems.append("format_count \(d.format_count) is implausible (more than 64)")
        } else if let formats = d.formats {
            for index in 0..<Int(d.format_count) { _ = text("formats[\(index)]", formats[index]) }
        }
        if d.reserved != 0 || d.reserved2 != 0 { problems.append("reserved fields are not zero") }
        if d.create == nil || d.feed == nil || d.destroy == nil { problems.append("create, feed or destroy is NULL") }
        if plugin.entry(RawPlugin.hostMajor, RawPlugin.hostMinor) != plugin.descriptor {
            problems.append("a second entry call returned another descriptor")
        }
        if let probe = d.probe {
            var generator = SplitMix64(seed: 1)
            let samples: [[UInt8]] = [[], generator.bytes(4096), Array("not a CDR\n".utf8)]
            for sample in samples {
                let score = sample.withUnsafeBufferPointer { probe($0.baseAddress ?? UnsafePointer(bitPattern: 1), $0.count) }
                if score < 0 || score > 100 { problems.append("probe returned \(score), outside 0…100"); break }
            }
        }
        let identity = PluginIdentity(id: id, name: name, vendor: vendor, version: version, path: path, sha256: "")
        return (problems, identity)
    }

    /// Lower-case letters, digits, `.`, `-`, `_`; at most 128 bytes (the host's rule).
    static func isValidID(_ id: String) -> Bool {
        guard !id.isEmpty, id.utf8.count <= 128 else { return false }
        return id.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 46 || $0 == 45 || $0 == 95 }
    }

    /// `MAJOR.MINOR.PATCH` with optional `-pre` / `+build` suffixes.
    static func isSemanticVersion(_ version: String) -> Bool {
        let core = version.split(whereSeparator: { $0 == "-" || $0 == "+" }).first.map(String.init) ?? ""
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }
}
