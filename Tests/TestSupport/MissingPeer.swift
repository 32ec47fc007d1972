/// A program a test needs as its peer is not installed. Thrown (the test fails, it is not
/// skipped): `scripts/install-deps.sh` installs every peer, so a missing one is a setup error
/// that must show in CI rather than silently reduce what is tested.
public struct MissingPeer: Error, CustomStringConvertible {
    /// What is missing and which Debian package provides it.
    public let description: String

    /// Creates the error.
    public init(_ program: String, package: String) {
        description = "\(program) is missing: install the Debian package \(package) (scripts/install-deps.sh)"
    }
}
