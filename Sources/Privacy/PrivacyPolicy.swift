import TollbookCore

/// The whole privacy policy of an installation: the packages, the default package, the assignment
/// history and the protected numbers — pure rules, no storage (the ingest stages and the query
/// layer apply them).
public struct PrivacyPolicy: Sendable, Equatable {
    /// The packages by name (the standard package always among them).
    public let packages: [String: PrivacyPackage]
    /// The package of everyone without an assignment.
    public let defaultPackage: PrivacyPackage
    /// Who has which package since when.
    public let assignments: PackageAssignments
    /// The protected number classes.
    public let protected: ProtectedNumbers

    /// Creates a policy. `defaultPackage` must name one of `packages` (or `standard`).
    public init(packages: [PrivacyPackage] = [], defaultPackage: String = PrivacyPackage.standardName,
                assignments: [PackageAssignment] = [], protectedClasses: [ProtectedClass] = ProtectedClass.builtIn) {
        var byName: [String: PrivacyPackage] = [PrivacyPackage.standardName: .standard]
        for package in packages { byName[package.name] = package }
        self.packages = byName
        self.defaultPackage = byName[defaultPackage] ?? .standard
        self.assignments = PackageAssignments(assignments)
        protected = ProtectedNumbers(classes: protectedClasses)
    }

    /// The built-in policy: the standard package for everyone, the built-in protected classes.
    public static let standard = PrivacyPolicy()

    /// The package in force at `ms` for the participant with `participantKey`, placed in the node
    /// at `nodePath` then (both `nil` for a call nobody owned).
    public func package(participantKey: String?, nodePath: [String]?, atMs ms: Int64) -> PrivacyPackage {
        guard let name = assignments.packageName(participantKey: participantKey, nodePath: nodePath, atMs: ms) else {
            return defaultPackage
        }
        return packages[name] ?? defaultPackage
    }

    /// Whether every package (in force for anyone, ever) shows every field of `category` —
    /// then no call of that category needs its owner looked up to be shown.
    public func showsEverythingEverywhere(of category: CallCategory) -> Bool {
        usedPackages.allSatisfy { $0.showsEverything(of: category) }
    }

    /// Whether some package in use deletes some field of `category` at ingest.
    public func deletesSomewhere(of category: CallCategory) -> Bool {
        usedPackages.contains { $0.deletesSomething(of: category) }
    }

    /// The default package and every assigned one.
    public var usedPackages: [PrivacyPackage] {
        [defaultPackage] + assignments.all.compactMap { packages[$0.package] }
    }
}
