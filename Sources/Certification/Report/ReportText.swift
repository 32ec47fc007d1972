/// The human-readable form of a ``CertificationReport``.
public enum ReportText {
    /// A header naming plugin, file, sha256, suite and seed; a table of id, status, time and
    /// detail; and the summary line.
    public static func render(_ report: CertificationReport) -> String {
        let plugin = report.plugin
        let name = plugin.id.isEmpty ? "(descriptor unreadable)" : "\(plugin.id) \(plugin.version) — \(plugin.name)"
        var lines = [
            "Tollbook plugin certification, suite \(report.suiteVersion)",
            "plugin:  \(name)",
            "file:    \(plugin.path)",
            "sha256:  \(plugin.sha256)",
            "seed:    \(report.seed)",
            "",
        ]
        let rows = report.checks.map { [$0.id.rawValue, $0.status.rawValue, "\($0.durationMs) ms", $0.detail] }
        lines.append(table(header: ["CHECK", "STATUS", "TIME", "DETAIL"], rows: rows))
        let s = report.summary
        lines.append("")
        lines.append("\(s.certified ? "CERTIFIED" : "NOT CERTIFIED"): \(s.passed) passed, \(s.failed) failed, \(s.crashed) crashed, \(s.skipped) skipped, \(s.warning) warnings")
        return lines.joined(separator: "\n")
    }

    private static func table(header: [String], rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count + 2)
            }.joined()
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }
}
