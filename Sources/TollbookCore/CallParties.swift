/// The personal part of a call: numbers and codes as the PBX wrote them.
///
/// Kept apart from the rest of ``CallRecord`` so that masking, per-subject encryption and
/// dropping of protected numbers can work on these fields alone.
public struct CallParties: Sendable, Equatable {
    /// Calling party number.
    public var calling: String
    /// Number finally called.
    public var called: String
    /// Number originally dialled, before redirection.
    public var originalCalled: String
    /// Number of the party that answered.
    public var connected: String
    /// Last number that redirected the call.
    public var redirecting: String
    /// The local party (internal extension).
    public var `extension`: String
    /// The remote party.
    public var remote: String
    /// Account / client-matter code.
    public var accountCode: String
    /// PIN / authorisation code.
    public var pin: String
    /// Project code.
    public var projectCode: String

    /// Creates the parties; all empty by default.
    public init(
        calling: String = "", called: String = "", originalCalled: String = "", connected: String = "",
        redirecting: String = "", extension: String = "", remote: String = "", accountCode: String = "",
        pin: String = "", projectCode: String = ""
    ) {
        self.calling = calling
        self.called = called
        self.originalCalled = originalCalled
        self.connected = connected
        self.redirecting = redirecting
        self.extension = `extension`
        self.remote = remote
        self.accountCode = accountCode
        self.pin = pin
        self.projectCode = projectCode
    }
}
