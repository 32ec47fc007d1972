/// A worker process could not be started.
public struct WorkerLaunchError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The executable that was to be started.
    public var executable: String
    /// Why it could not be started.
    public var reason: String

    /// Creates an error.
    public init(executable: String, reason: String) {
        self.executable = executable
        self.reason = reason
    }

    /// A message for the admin.
    public var description: String { "cannot start worker \(executable): \(reason)" }
}
