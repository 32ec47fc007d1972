import Foundation
import Yams

/// Reads the `mail:` and `reports:` sections.
struct MailSectionReader {
    let reader: YAMLReader
    /// The configuration file's folder, for relative paths.
    let base: String

    func mail(_ node: Node, key: String) throws -> MailConfiguration {
        let fields = try reader.mapping(node, key: key, allowed: [
            "host", "port", "from", "user", "password_file", "ca_file", "timeout_seconds", "retry",
        ])
        func text(_ name: String) throws -> String? {
            guard let value = fields[name] else { return nil }
            let text = try reader.string(value, key: "\(key).\(name)")
            guard !text.isEmpty else { throw reader.fail(value, "\(key).\(name)", "must not be empty") }
            guard !text.contains(where: { $0 == "\r" || $0 == "\n" }) else {
                throw reader.fail(value, "\(key).\(name)", "must be a single line")
            }
            return text
        }
        guard let host = try text("host") else { throw reader.fail(node, "\(key).host", "missing") }
        guard host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-:".contains($0)) }) else {
            throw reader.fail(fields["host"] ?? node, "\(key).host", "must be a host name or an IP address")
        }
        guard let from = try text("from") else { throw reader.fail(node, "\(key).from", "missing") }
        guard ScheduledReportConfiguration.isAddress(from) else {
            throw reader.fail(fields["from"] ?? node, "\(key).from", "must be a mail address such as tollbook@example.com")
        }
        var section = MailConfiguration(host: host, from: from, line: reader.line(node))
        if let value = fields["port"] { section.port = try reader.integer(value, key: "\(key).port", in: 1...65_535) }
        section.user = try text("user")
        section.passwordFile = try text("password_file").map(resolved)
        if (section.user == nil) != (section.passwordFile == nil) {
            throw reader.fail(node, "\(key).\(section.user == nil ? "user" : "password_file")",
                              "missing: user and password_file are given together")
        }
        section.caFile = try text("ca_file").map(resolved)
        if let value = fields["timeout_seconds"] {
            section.timeoutSeconds = try reader.integer(value, key: "\(key).timeout_seconds", in: 1...3600)
        }
        if let value = fields["retry"] {
            let retry = try reader.mapping(value, key: "\(key).retry", allowed: ["attempts", "initial_seconds", "max_seconds"])
            if let attempts = retry["attempts"] {
                section.retryAttempts = try reader.integer(attempts, key: "\(key).retry.attempts", in: 1...20)
            }
            if let initial = retry["initial_seconds"] {
                section.retryInitialSeconds = try reader.integer(initial, key: "\(key).retry.initial_seconds", in: 1...86_400)
            }
            if let maximum = retry["max_seconds"] {
                section.retryMaxSeconds = try reader.integer(maximum, key: "\(key).retry.max_seconds", in: 1...604_800)
                if section.retryMaxSeconds < section.retryInitialSeconds {
                    throw reader.fail(maximum, "\(key).retry.max_seconds",
                                      "must not be less than initial_seconds (\(section.retryInitialSeconds))")
                }
            }
        }
        return section
    }

    func reports(_ node: Node, key: String) throws -> [ScheduledReportConfiguration] {
        var result: [ScheduledReportConfiguration] = []
        for (index, entry) in try reader.sequence(node, key: key).enumerated() {
            let path = "\(key)[\(index)]"
            let report = try self.report(entry, key: path, index: index)
            if let earlier = result.first(where: { $0.name == report.name }) {
                throw reader.fail(entry, "\(path).name", "report '\(report.name)' is already defined on line \(earlier.line)")
            }
            result.append(report)
        }
        return result
    }

    private func report(_ node: Node, key: String, index: Int) throws -> ScheduledReportConfiguration {
        let fields = try reader.mapping(node, key: key, allowed: [
            "name", "report", "filters", "recipients", "schedule", "time_zone", "format", "language",
            "allow_unmapped_recipients",
        ])
        func required(_ name: String) throws -> (String, Node) {
            guard let value = fields[name] else { throw reader.fail(node, "\(key).\(name)", "missing") }
            let text = try reader.string(value, key: "\(key).\(name)")
            guard !text.isEmpty else { throw reader.fail(value, "\(key).\(name)", "must not be empty") }
            return (text, value)
        }
        func identifier(_ name: String) throws -> String {
            let (text, value) = try required(name)
            guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
                throw reader.fail(value, "\(key).\(name)", "must be letters, digits, - and _ only")
            }
            return text
        }
        func choice(_ name: String, _ allowed: [String], default fallback: String) throws -> String {
            guard fields[name] != nil else { return fallback }
            let (text, value) = try required(name)
            guard allowed.contains(text) else {
                throw reader.fail(value, "\(key).\(name)", "must be one of \(allowed.joined(separator: ", "))")
            }
            return text
        }
        let name = try identifier("name")
        let reportName = try identifier("report")
        var filters: [String: String] = [:]
        if let value = fields["filters"] {
            let items = try reader.mapping(value, key: "\(key).filters", allowed: Set(ScheduledReportConfiguration.filterKeys))
            for (filter, item) in items {
                let text = try reader.string(item, key: "\(key).filters.\(filter)")
                guard !text.isEmpty, !text.contains(where: { $0 == "\r" || $0 == "\n" }) else {
                    throw reader.fail(item, "\(key).filters.\(filter)", "must be a single non-empty line")
                }
                if filter == "period", !ScheduledReportConfiguration.periods.contains(text) {
                    throw reader.fail(item, "\(key).filters.period",
                                      "must be one of \(ScheduledReportConfiguration.periods.joined(separator: ", "))")
                }
                filters[filter] = text
            }
        }
        if filters["period"] == nil { filters["period"] = "last_month" }
        guard let recipientsNode = fields["recipients"] else { throw reader.fail(node, "\(key).recipients", "missing") }
        let recipients = try reader.strings(recipientsNode, key: "\(key).recipients")
        guard !recipients.isEmpty else { throw reader.fail(recipientsNode, "\(key).recipients", "must name at least one recipient") }
        for (position, recipient) in recipients.enumerated() {
            let itemKey = recipientsNode.sequence == nil ? "\(key).recipients" : "\(key).recipients[\(position)]"
            if recipient.hasPrefix("manager:") {
                let path = recipient.dropFirst("manager:".count)
                guard !path.isEmpty, !path.contains(where: { $0 == "\r" || $0 == "\n" }) else {
                    throw reader.fail(recipientsNode, itemKey, "manager: must be followed by an org path such as manager:Berlin/Sales")
                }
            } else if !ScheduledReportConfiguration.isAddress(recipient) {
                throw reader.fail(recipientsNode, itemKey, "must be a mail address or manager:<org path>")
            }
        }
        let (schedule, scheduleNode) = try required("schedule")
        var timeZone: String?
        if fields["time_zone"] != nil {
            let (zone, value) = try required("time_zone")
            guard TimeZone(identifier: zone) != nil else { throw reader.fail(value, "\(key).time_zone", "unknown time zone") }
            timeZone = zone
        }
        var report = ScheduledReportConfiguration(
            name: name, report: reportName, filters: filters, recipients: recipients, schedule: schedule, timeZone: timeZone,
            format: try choice("format", ScheduledReportConfiguration.formats, default: "pdf"),
            language: try choice("language", ScheduledReportConfiguration.languages, default: "en"),
            line: reader.line(node), scheduleLine: reader.line(scheduleNode), index: index)
        if let value = fields["allow_unmapped_recipients"] {
            report.allowUnmappedRecipients = try reader.boolean(value, key: "\(key).allow_unmapped_recipients")
        }
        return report
    }

    private func resolved(_ path: String) -> String {
        path.hasPrefix("/") || base.isEmpty ? path : (base as NSString).appendingPathComponent(path)
    }
}
