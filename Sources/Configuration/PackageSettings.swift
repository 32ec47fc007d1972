import Foundation
import TollbookCore
import Yams

/// A tariff package (indirect costs) as written in the configuration's `packages:` section:
/// monthly base fees and device costs per participant, labour time at an hourly rate, services
/// (one-off or monthly) and a markup, assigned to org nodes or participants for a period.
///
/// Amounts are in minor units of ``currency`` (cents); markups in basis points (1 % = 100).
public struct PackageSettings: Sendable, Equatable {
    /// The package's name (unique in the file).
    public var name: String
    /// ISO 4217 currency of every amount.
    public var currency: String
    /// Monthly base fee per participant.
    public var baseFeeMinor: Int64
    /// Monthly device costs per participant.
    public var devices: [DeviceCost]
    /// Labour cost per hour of talk time (0: none).
    public var labourPerHourMinor: Int64
    /// Services charged to the node or participant the package is assigned to.
    public var services: [Service]
    /// Markup on call and indirect costs, in basis points (for billing service-provider customers).
    public var markupBasisPoints: Int64
    /// Where the package applies.
    public var assignments: [PackageAssignment]
    /// Line of the package's entry.
    public var line: Int

    /// A device cost per participant and month.
    public struct DeviceCost: Sendable, Equatable {
        /// What the device is (shown on statements).
        public var name: String
        /// Cost per month.
        public var monthlyMinor: Int64

        /// Creates a device cost.
        public init(name: String, monthlyMinor: Int64) {
            self.name = name
            self.monthlyMinor = monthlyMinor
        }
    }

    /// A service: a one-off charge on a day, or a monthly charge.
    public struct Service: Sendable, Equatable {
        /// What the service is (shown on statements).
        public var name: String
        /// The amount.
        public var amountMinor: Int64
        /// When it is charged.
        public var schedule: Schedule

        /// Creates a service.
        public init(name: String, amountMinor: Int64, schedule: Schedule) {
            self.name = name
            self.amountMinor = amountMinor
            self.schedule = schedule
        }

        /// When a service is charged.
        public enum Schedule: Sendable, Equatable {
            /// Once, on this day (`YYYY-MM-DD`).
            case once(day: String)
            /// Every month, prorated by days like the base fee.
            case monthly
        }
    }

    /// Creates a package.
    public init(name: String, currency: String = "EUR", baseFeeMinor: Int64 = 0, devices: [DeviceCost] = [],
                labourPerHourMinor: Int64 = 0, services: [Service] = [], markupBasisPoints: Int64 = 0,
                assignments: [PackageAssignment] = [], line: Int = 0) {
        self.name = name
        self.currency = currency
        self.baseFeeMinor = baseFeeMinor
        self.devices = devices
        self.labourPerHourMinor = labourPerHourMinor
        self.services = services
        self.markupBasisPoints = markupBasisPoints
        self.assignments = assignments
        self.line = line
    }
}

/// Where and when a package applies: an org node (by path, inherited by everything below it)
/// or one participant (by employee id or e-mail), from a day, optionally up to a day (inclusive).
public struct PackageAssignment: Sendable, Equatable {
    /// What the package is assigned to.
    public enum Target: Sendable, Equatable {
        /// An org node by its path, e.g. `Berlin/Sales`.
        case node(path: String)
        /// A participant by employee id or e-mail.
        case participant(String)
    }

    /// The target.
    public var target: Target
    /// First day (`YYYY-MM-DD`).
    public var from: String
    /// Last day (`YYYY-MM-DD`), if the assignment ends.
    public var to: String?
    /// Line of the assignment.
    public var line: Int

    /// Creates an assignment.
    public init(target: Target, from: String, to: String? = nil, line: Int = 0) {
        self.target = target
        self.from = from
        self.to = to
        self.line = line
    }
}

/// Reads the `packages:` section.
struct PackageReader {
    let reader: YAMLReader

    func packages(_ node: Yams.Node, key: String) throws -> [PackageSettings] {
        var result: [PackageSettings] = []
        for (index, item) in try reader.sequence(node, key: key).enumerated() {
            let path = "\(key)[\(index)]"
            let package = try self.package(item, key: path)
            if let earlier = result.first(where: { $0.name == package.name }) {
                throw reader.fail(item, "\(path).name", "package '\(package.name)' is already defined on line \(earlier.line)")
            }
            result.append(package)
        }
        return result
    }

    private func package(_ node: Yams.Node, key: String) throws -> PackageSettings {
        let fields = try reader.mapping(node, key: key, allowed: [
            "name", "currency", "base_fee", "devices", "labour_per_hour", "services", "markup_percent", "assign",
        ])
        guard let nameNode = fields["name"] else { throw reader.fail(node, "\(key).name", "missing") }
        let name = try reader.string(nameNode, key: "\(key).name")
        guard !name.isEmpty else { throw reader.fail(nameNode, "\(key).name", "must not be empty") }
        var package = PackageSettings(name: name, line: reader.line(node))
        if let currency = fields["currency"] {
            package.currency = try reader.string(currency, key: "\(key).currency")
            guard package.currency.count == 3, package.currency.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
                throw reader.fail(currency, "\(key).currency", "must be an ISO 4217 code such as EUR")
            }
        }
        let digits = MoneyFormat.minorDigits(package.currency)
        if let fee = fields["base_fee"] { package.baseFeeMinor = try amount(fee, key: "\(key).base_fee", digits: digits) }
        if let labour = fields["labour_per_hour"] {
            package.labourPerHourMinor = try amount(labour, key: "\(key).labour_per_hour", digits: digits)
        }
        if let markup = fields["markup_percent"] {
            package.markupBasisPoints = try amount(markup, key: "\(key).markup_percent", digits: 2)
        }
        if let devices = fields["devices"] {
            for (index, item) in try reader.sequence(devices, key: "\(key).devices").enumerated() {
                let path = "\(key).devices[\(index)]"
                let device = try reader.mapping(item, key: path, allowed: ["name", "monthly"])
                guard let deviceName = device["name"], let monthly = device["monthly"] else {
                    throw reader.fail(item, path, "needs name and monthly")
                }
                package.devices.append(PackageSettings.DeviceCost(
                    name: try reader.string(deviceName, key: "\(path).name"),
                    monthlyMinor: try amount(monthly, key: "\(path).monthly", digits: digits)))
            }
        }
        if let services = fields["services"] {
            for (index, item) in try reader.sequence(services, key: "\(key).services").enumerated() {
                package.services.append(try service(item, key: "\(key).services[\(index)]", digits: digits))
            }
        }
        if let assign = fields["assign"] {
            for (index, item) in try reader.sequence(assign, key: "\(key).assign").enumerated() {
                package.assignments.append(try assignment(item, key: "\(key).assign[\(index)]"))
            }
        }
        return package
    }

    private func service(_ node: Yams.Node, key: String, digits: Int) throws -> PackageSettings.Service {
        let fields = try reader.mapping(node, key: key, allowed: ["name", "once", "on", "monthly"])
        guard let nameNode = fields["name"] else { throw reader.fail(node, "\(key).name", "missing") }
        let name = try reader.string(nameNode, key: "\(key).name")
        switch (fields["once"], fields["on"], fields["monthly"]) {
        case let (once?, on?, nil):
            return PackageSettings.Service(name: name, amountMinor: try amount(once, key: "\(key).once", digits: digits),
                                           schedule: .once(day: try day(on, key: "\(key).on")))
        case let (nil, nil, monthly?):
            return PackageSettings.Service(name: name, amountMinor: try amount(monthly, key: "\(key).monthly", digits: digits),
                                           schedule: .monthly)
        default:
            throw reader.fail(node, key, "give either `once` with `on` (a day) or `monthly`")
        }
    }

    private func assignment(_ node: Yams.Node, key: String) throws -> PackageAssignment {
        let fields = try reader.mapping(node, key: key, allowed: ["node", "participant", "from", "to"])
        let target: PackageAssignment.Target
        switch (fields["node"], fields["participant"]) {
        case let (path?, nil): target = .node(path: try reader.string(path, key: "\(key).node"))
        case let (nil, participant?): target = .participant(try reader.string(participant, key: "\(key).participant"))
        default: throw reader.fail(node, key, "give either `node` (a path) or `participant` (employee id or e-mail)")
        }
        guard let from = fields["from"] else { throw reader.fail(node, "\(key).from", "missing: the first day") }
        let first = try day(from, key: "\(key).from")
        let last = try fields["to"].map { try day($0, key: "\(key).to") }
        if let last, last < first { throw reader.fail(node, "\(key).to", "ends before it starts") }
        return PackageAssignment(target: target, from: first, to: last, line: reader.line(node))
    }

    /// A non-negative decimal amount in minor units (`4.90` → 490 with 2 digits).
    private func amount(_ node: Yams.Node, key: String, digits: Int) throws -> Int64 {
        let text = try reader.string(node, key: key)
        guard let value = MinorUnits.parse(text, digits: digits) else {
            throw reader.fail(node, key, "must be a non-negative amount with at most \(digits) decimals, e.g. 4.90")
        }
        return value
    }

    /// A day `YYYY-MM-DD`.
    private func day(_ node: Yams.Node, key: String) throws -> String {
        let text = try reader.string(node, key: key)
        guard CalendarDay(text) != nil else { throw reader.fail(node, key, "must be a date YYYY-MM-DD") }
        return text
    }
}

/// Parsing money amounts into minor units.
enum MinorUnits {
    /// `text` as a non-negative decimal times 10^digits, or nil.
    static func parse(_ text: String, digits: Int) -> Int64? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, !whole.isEmpty, whole.count <= 12,
              whole.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        guard parts.count == 1 || !fraction.isEmpty, fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        while fraction.count > digits, fraction.hasSuffix("0") { fraction.removeLast() }
        guard fraction.count <= digits else { return nil }
        fraction += String(repeating: "0", count: digits - fraction.count)
        var scale: Int64 = 1
        for _ in 0..<digits { scale *= 10 }
        guard let units = Int64(whole) else { return nil }
        return units * scale + (Int64(fraction) ?? 0)
    }
}
