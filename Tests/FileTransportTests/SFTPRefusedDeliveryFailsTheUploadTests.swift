import FileTransports
import Foundation
import XCTest

/// The client's close succeeds only after the sink accepted the file; a refusal fails the `put`.
final class SFTPRefusedDeliveryFailsTheUploadTests: XCTestCase {
    private var fixture: SFTPServerFixture!

    override func setUpWithError() throws { fixture = try SFTPServerFixture() }
    override func tearDown() { fixture?.tearDown() }

    func testThrowingSinkFailsThePutAndKeepsNothing() throws {
        fixture.sink.refuse = true
        let file = try fixture.localFile("cdr_refused", binaryContents(count: 70_000))
        let refused = try fixture.sftp(["put \(file.path)"])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertEqual(fixture.sink.attempts, 1)
        XCTAssertEqual(fixture.sink.received, [])
        XCTAssertEqual(fixture.contents(of: fixture.billingDirectory), [])
        XCTAssertTrue(fixture.logs.lines.contains { $0.hasPrefix("SFTP delivery of cdr_refused (70000 bytes) from sftp:billing@127.0.0.1 refused") })

        // The PBX sends it again later: now it is accepted, once.
        fixture.sink.refuse = false
        let retried = try fixture.sftp(["put \(file.path)"])
        XCTAssertEqual(retried.status, 0, retried.stderr)
        XCTAssertEqual(fixture.sink.received.map(\.contents), [binaryContents(count: 70_000)])
    }
}
