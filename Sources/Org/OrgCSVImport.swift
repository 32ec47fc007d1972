/// Reads an org chart CSV file into ``ParticipantTarget``s.
///
/// The first line names the columns (any order; names are case-insensitive):
/// - `path` (required): the participant's node, `Site/Cost centre/Department/Team`, at most seven levels.
/// - `participant` (required): the person's display name.
/// - `email`, `employee_id`, `person_group`: personal fields (an empty cell clears the field).
/// - `extensions`, `pins`, `account_codes`, `devices`: the person's classifiers of that kind,
///   several separated by `;`. A present column states the full set: classifiers of that kind the
///   person owns but the cell does not list are ended. Extensions are written `<site>/<extension>`,
///   or as dialled (`2001`) or E.164 when an ``ExtensionKeyMapper`` is given (see there).
/// - `valid_from`: `YYYY-MM-DD` (UTC) from which placements and classifier changes apply;
///   empty or absent: the default date (today).
/// - `external_id`: the person's id in the directory (with `match_by: account_name`, the account
///   name the directory sync links them by).
/// Fields are separated by `,`, or by `;` when the header line has semicolons and no comma.
/// Participants are matched by employee id, else e-mail, else name.
public struct OrgCSVImport {
    /// The known columns.
    public static let columns = ["path", "participant", "email", "employee_id", "person_group", "extensions", "pins",
                                 "account_codes", "devices", "valid_from", "external_id"]
    static let kindColumns: [(String, ClassifierKind)] = [
        ("extensions", .extension), ("pins", .pin), ("account_codes", .accountCode), ("devices", .device),
    ]

    /// Maps extensions as written to extension keys; `nil`: only `<site>/<extension>` is accepted.
    public var mapper: ExtensionKeyMapper?
    /// The date used when a row has no `valid_from`.
    public var defaultFromMs: Int64
    /// The clock `valid_from` dates are read on (``plan(_:against:)`` uses the chart's).
    public var clock: OrgClock

    /// Creates a reader.
    public init(mapper: ExtensionKeyMapper?, defaultFromMs: Int64, clock: OrgClock = .utc) {
        self.mapper = mapper
        self.defaultFromMs = defaultFromMs
        self.clock = clock
    }

    /// The changes that make `chart` match the file: rows are read, then planned with
    /// ``OrgPlanner`` (matching by natural key). Problems of reading and planning are reported
    /// together, by line.
    /// - Throws: ``OrgError/importFailed(_:)`` with every problem of the file.
    public func plan(_ text: String, against chart: OrgChart) throws -> OrgPlan {
        var reader = self
        reader.clock = chart.clock
        let (targets, problems) = try reader.read(text)
        var planning: [OrgImportProblem] = []
        var plan = OrgPlan(changes: [], clock: chart.clock)
        do {
            plan = try OrgPlanner(matching: .naturalKey).plan(targets, against: chart)
        } catch let OrgError.importFailed(found) {
            planning = found
        }
        guard problems.isEmpty, planning.isEmpty else {
            let all = (problems + planning).enumerated().sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }
            throw OrgError.importFailed(all.map(\.element))
        }
        return plan
    }

    /// The targets of the file's rows, and the problems of rows that could not be read.
    /// - Throws: ``OrgError/importFailed(_:)`` when the file as a whole cannot be read (header, quotes).
    public func read(_ text: String) throws -> (targets: [ParticipantTarget], problems: [OrgImportProblem]) {
        let records: [CSVRecords.Record]
        switch CSVRecords.parse(text) {
        case let .success(parsed): records = parsed
        case let .failure(problem): throw OrgError.importFailed([problem])
        }
        guard let header = records.first else {
            throw OrgError.importFailed([OrgImportProblem(line: 1, message: "the file is empty; the first line must name the columns")])
        }
        var problems: [OrgImportProblem] = []
        let names = header.fields.map { $0.trimmingSpaces.lowercased() }
        for name in names where !Self.columns.contains(name) {
            problems.append(OrgImportProblem(line: header.line, column: name.isEmpty ? "(empty)" : name,
                                             message: "unknown column; known columns: \(Self.columns.joined(separator: ", "))"))
        }
        for required in ["path", "participant"] where !names.contains(required) {
            problems.append(OrgImportProblem(line: header.line, column: required, message: "required column is missing"))
        }
        for (index, name) in names.enumerated() where names.firstIndex(of: name) != index {
            problems.append(OrgImportProblem(line: header.line, column: name, message: "column appears twice"))
        }
        guard problems.isEmpty else { throw OrgError.importFailed(problems) }
        var targets: [ParticipantTarget] = []
        for record in records.dropFirst() {
            guard record.fields.count == names.count else {
                problems.append(OrgImportProblem(line: record.line, message: "\(record.fields.count) fields, but the header has \(names.count)"))
                continue
            }
            var cells: [String: String] = [:]
            for (name, value) in zip(names, record.fields) { cells[name] = value.trimmingSpaces }
            if let target = target(cells, line: record.line, problems: &problems) { targets.append(target) }
        }
        return (targets, problems)
    }

    private func target(_ cells: [String: String], line: Int, problems: inout [OrgImportProblem]) -> ParticipantTarget? {
        let before = problems.count
        var path: OrgPath?
        do {
            path = try OrgPath(parsing: cells["path"] ?? "")
        } catch {
            problems.append(OrgImportProblem(line: line, column: "path", message: "\(error)"))
        }
        let name = cells["participant"] ?? ""
        if name.isEmpty { problems.append(OrgImportProblem(line: line, column: "participant", message: "the name is empty")) }
        var fromMs = defaultFromMs
        if let text = cells["valid_from"], !text.isEmpty {
            if let parsed = clock.parse(text) {
                fromMs = parsed
            } else {
                problems.append(OrgImportProblem(line: line, column: "valid_from", message: "'\(text)' is not a date such as 2025-04-01"))
            }
        }
        var classifiers: [ClassifierKind: [String]] = [:]
        for (column, kind) in Self.kindColumns {
            guard let cell = cells[column] else { continue }
            var values: [String] = []
            for raw in cell.split(separator: ";").map({ String($0).trimmingSpaces }) where !raw.isEmpty {
                var value = raw
                if kind == .extension, !raw.contains("/") {
                    guard let mapper, let key = mapper.extensionKey(for: raw, siteHint: path?.components.first) else {
                        problems.append(OrgImportProblem(line: line, column: column, message: mapper == nil
                            ? "'\(raw)' has no site: write <site>/<extension> (e.g. berlin/2001) or pass --config"
                            : "'\(raw)' is no extension of a configured site"))
                        continue
                    }
                    value = key
                }
                do {
                    try OrgChart.validate(kind, value)
                } catch {
                    problems.append(OrgImportProblem(line: line, column: column, message: "\(error)"))
                    continue
                }
                if !values.contains(value) { values.append(value) }
            }
            classifiers[kind] = values
        }
        guard problems.count == before, let path else { return nil }
        return ParticipantTarget(location: "line \(line)", line: line, name: name, email: cells["email"], employeeID: cells["employee_id"],
                                 personGroup: cells["person_group"], externalID: cells["external_id"], path: path,
                                 classifiers: classifiers, fromMs: fromMs)
    }
}
