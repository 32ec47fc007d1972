@testable import Directory
import XCTest

/// A test case with its own `slapd` (fixture loaded) for every test.
class SlapdTestCase: XCTestCase {
    private(set) var server: Slapd?

    override func setUpWithError() throws {
        try super.setUpWithError()
        server = try Slapd()
    }

    override func tearDown() {
        server?.stop()
        server = nil
        super.tearDown()
    }

    /// The running server (set up by `setUpWithError`).
    var slapd: Slapd {
        get throws {
            guard let server else { throw SlapdError("slapd is not running") }
            return server
        }
    }

    /// Settings for the fixture: plain `ldap://`, the service account, AD's defaults otherwise.
    func settings(pageSize: Int = DirectorySettings.defaultPageSize) throws -> DirectorySettings {
        let server = try slapd
        return DirectorySettings(url: server.ldapURL, bindDN: Slapd.bindDN, passwordFile: server.passwordFile,
                                 baseDN: Slapd.suffix, pageSize: pageSize, timeoutSeconds: 10)
    }

    /// The error a read throws, or a failure when it succeeds.
    func readError(_ settings: DirectorySettings, file: StaticString = #filePath, line: UInt = #line) -> DirectoryError? {
        do {
            _ = try DirectoryReader(settings: settings).readPeople()
            XCTFail("the read succeeded", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }
}
