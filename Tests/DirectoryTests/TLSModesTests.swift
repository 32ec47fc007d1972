import Directory
import XCTest

/// StartTLS and `ldaps://` work when the server's CA is trusted through `caFile`, and fail with a
/// TLS error (libldap's reason) when it is not.
final class TLSModesTests: SlapdTestCase {
    func testStartTLSWithTheCAFile() throws {
        var settings = try settings(pageSize: 4)
        settings.startTLS = true
        settings.caFile = try slapd.caFile
        XCTAssertEqual(FixturePeople.withoutIDs(try DirectoryReader(settings: settings).readPeople()), FixturePeople.all)
    }

    func testLDAPSWithTheCAFile() throws {
        var settings = try settings(pageSize: 4)
        settings.url = try slapd.ldapsURL
        settings.caFile = try slapd.caFile
        XCTAssertEqual(FixturePeople.withoutIDs(try DirectoryReader(settings: settings).readPeople()), FixturePeople.all)
    }

    func testStartTLSWithoutTrustingTheCAFails() throws {
        var settings = try settings()
        settings.startTLS = true
        guard case .tlsFailed(let url, let reason)? = readError(settings) else { return XCTFail("expected a TLS error") }
        XCTAssertEqual(url, try slapd.ldapURL)
        XCTAssertTrue(reason.contains("certificate"), reason)
    }

    func testLDAPSWithoutTrustingTheCAFails() throws {
        var settings = try settings()
        settings.url = try slapd.ldapsURL
        guard case .tlsFailed(let url, let reason)? = readError(settings) else { return XCTFail("expected a TLS error") }
        XCTAssertEqual(url, try slapd.ldapsURL)
        XCTAssertTrue(reason.contains("certificate"), reason)
    }

    func testNobodyListeningOnTheLDAPSPortIsAConnectError() throws {
        var settings = try settings()
        settings.url = "ldaps://127.0.0.1:\(try LoopbackPort.free())"
        settings.caFile = try slapd.caFile
        guard case .connectFailed? = readError(settings) else { return XCTFail("expected a connect error") }
    }

    func testUnreadableCAFileIsATLSError() throws {
        var settings = try settings()
        settings.startTLS = true
        settings.caFile = "/nonexistent/ca.pem"
        XCTAssertEqual(readError(settings),
                       .tlsFailed(url: try slapd.ldapURL, reason: "CA file /nonexistent/ca.pem is missing or not readable"))
    }

    func testCAFileThatIsNotPEMIsATLSError() throws {
        var settings = try settings()
        settings.url = try slapd.ldapsURL
        settings.caFile = try slapd.passwordFile
        guard case .tlsFailed(_, let reason)? = readError(settings) else { return XCTFail("expected a TLS error") }
        XCTAssertFalse(reason.contains(Slapd.bindPassword), reason)
    }
}
