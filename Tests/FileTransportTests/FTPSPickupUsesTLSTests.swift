import FileTransports
import Foundation
import XCTest

/// FTP pickup with explicit TLS against vsftpd requiring it, verifying the server's certificate.
final class FTPSPickupUsesTLSTests: XCTestCase {
    private var fixture: VSFTPDFixture!

    override func setUpWithError() throws { fixture = try VSFTPDFixture() }
    override func tearDown() { fixture?.tearDown() }

    func testFilesAreCollectedOverTLSAndDeleted() throws {
        try fixture.put("cdr_tls", binaryContents(count: 40_000))
        try fixture.put("_cdr_busy", Data("x".utf8))
        let result = try FTPPickup(settings: fixture.settings(), sink: fixture.sink).poll()
        XCTAssertEqual(result.delivered, ["cdr_tls"])
        XCTAssertEqual(fixture.sink.received.map(\.contents), [binaryContents(count: 40_000)])
        XCTAssertEqual(fixture.remoteNames, ["_cdr_busy"])
    }

    func testPlainFTPIsRefusedByATLSOnlyServer() throws {
        try fixture.put("cdr_plain", Data("x".utf8))
        XCTAssertThrowsError(try FTPPickup(settings: fixture.settings(security: .none), sink: fixture.sink).poll())
        XCTAssertEqual(fixture.remoteNames, ["cdr_plain"])
        XCTAssertEqual(fixture.sink.attempts, 0)
    }

    func testUntrustedCertificateIsRefused() throws {
        try fixture.put("cdr_x", Data("x".utf8))
        let settings = fixture.settings(caFile: "/etc/ssl/certs/ca-certificates.crt")
        XCTAssertThrowsError(try FTPPickup(settings: settings, sink: fixture.sink).poll()) { error in
            guard case .connect(let host, let port, _) = error as? FileTransportError else { return XCTFail("\(error)") }
            XCTAssertEqual(host, "127.0.0.1")
            XCTAssertEqual(port, self.fixture.port)
        }
        XCTAssertEqual(fixture.remoteNames, ["cdr_x"])
        XCTAssertEqual(fixture.sink.attempts, 0)
    }
}
