import Directory
import Foundation
import Org
import Store
import TollbookConfiguration
import TollbookCore

extension AccessControl {
    /// Opens access control for the store at `databasePath` with the configuration's `access:`
    /// and `directory:` sections (defaults without a configuration): the store, the audit log with
    /// its key file (`access.audit_key_file`, else `<databasePath>.audit-key`, created 0600 while
    /// the log is empty).
    public static func open(databasePath: String, configuration: ConfigurationFile?,
                            clock: AccessClock = .system) throws -> AccessControl {
        let settings = AccessSettings(configuration?.access)
        let store = try CallStore(path: databasePath, encryption: .withoutCallData)
        let audit = try AuditLog(databasePath: databasePath, keyPath: settings.auditKeyPath(databasePath: databasePath),
                                 clock: clock)
        return AccessControl(store: store, audit: audit, settings: settings,
                             directory: configuration?.directory.map { DirectorySettings($0) }, clock: clock)
    }

    /// The audit log this instance records to, when it is the store's ``AuditLog``.
    public var auditLog: AuditLog? { audit as? AuditLog }

    /// The org node ids of `paths` (`Berlin/Sales`).
    /// - Throws: ``OrgError`` for an unparsable path or a path with no node.
    public func scopeNodeIDs(paths: [String]) throws -> [Int64] {
        let chart = OrgChart(store: store)
        return try paths.map { text in
            let path = try OrgPath(parsing: text)
            guard let node = try chart.node(at: path) else { throw OrgError.noSuchNode(path.description) }
            return node.id
        }
    }

    /// The org paths of node ids, in the order given (`#<id>` for a node that no longer exists).
    public func scopePaths(nodeIDs: [Int64]) throws -> [String] {
        let chart = OrgChart(store: store)
        return try nodeIDs.map { id in try chart.path(ofNode: id)?.description ?? "#\(id)" }
    }

    /// The participant `reference` names (`#<id>`, employee id, e-mail or unique name).
    public func participantID(matching reference: String) throws -> Int64 {
        try OrgChart(store: store).participant(matching: reference).id
    }
}
