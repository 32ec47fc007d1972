import Host
import PluginTestSupport
import XCTest

/// Options are checked in create(): unknown keys and bad values are configuration errors naming
/// the key; values given as strings (as `--set KEY=VALUE` passes them) and as numbers both work.
final class InvalidOptionsAreRefusedTests: XCTestCase {
    private func refusal(_ options: String) throws -> (key: String, message: String)? {
        do {
            _ = try Unify.harness().parse([], options: options)
            return nil
        } catch let HostError.invalidOptions(_, key, message) {
            return (key, message)
        }
    }

    func testUnknownKeyIsRefusedByName() throws {
        let failure = try refusal(#"{"curency":"EUR"}"#)
        XCTAssertEqual(failure?.key, "curency")
        XCTAssertEqual(failure?.message, "unknown option")
    }

    func testBadValuesAreRefusedByName() throws {
        let cases: [(String, String)] = [
            (#"{"charges":"pulses"}"#, "charges"), (#"{"charges":1}"#, "charges"),
            (#"{"currency":"eur"}"#, "currency"), (#"{"currency":"EURO"}"#, "currency"), (#"{"currency":978}"#, "currency"),
            (#"{"year_pivot":"101"}"#, "year_pivot"), (#"{"year_pivot":-1}"#, "year_pivot"),
            (#"{"year_pivot":"x"}"#, "year_pivot"), (#"{"year_pivot":true}"#, "year_pivot"),
        ]
        for (options, key) in cases {
            XCTAssertEqual(try refusal(options)?.key, key, options)
        }
    }

    func testUnreadableJSONIsRefused() throws {
        for text in ["{", "[1]", #"{"charges":"auto",}"#, "{} x"] {
            XCTAssertNotNil(try refusal(text), text)
        }
    }

    func testGoodValuesAsStringsAndNumbers() throws {
        for options in ["{}", #"{"charges":"auto"}"#, #"{"charges":"units","currency":"CHF"}"#,
                        #"{"year_pivot":"70"}"#, #"{"year_pivot":50}"#] {
            XCTAssertNil(try refusal(options), options)
        }
    }

    func testYearPivotChoosesTheCentury() throws {
        let line = Array("31.12.99|23:59:00|1|101||00:01:00|0305550123|1|2|||||\r\n".utf8)
        let before = try Unify.harness().parse(line, timeZone: "UTC")
        XCTAssertEqual(before.records.first?.endMs, utc("1999-12-31T23:59:00Z"))
        let after = try Unify.harness().parse(line, options: #"{"year_pivot":"100"}"#, timeZone: "UTC")
        XCTAssertEqual(after.records.first?.endMs, utc("2099-12-31T23:59:00Z"))
    }
}
