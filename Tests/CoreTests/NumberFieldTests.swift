import TollbookCore
import XCTest

/// The number-field rule shared by the connectors, the import and `corpus.field_sanity`.
final class NumberFieldTests: XCTestCase {
    func testDialStringsAndURIsAreValid() {
        for value in ["", "2001", "+4930555010", "*31#", "0176555????", "0176555XXXX", "0176555xxxx",
                      "sip:2001@pbx.example", "SIPS:anna@pbx.example", "tel:+4930555010", "h323:gw1", "anna@pbx.example"] {
            XCTAssertTrue(NumberField.isValid(value), value)
        }
    }

    func testDamagedNumbersNamesAndPunctuationAreNot() {
        for value in ["9.12678E+11", "912677679721.0", "03055ABC", "Anna Beispiel", "+49 30 555", "030-555", "(030)555",
                      "2001\t", "sip:", "@host", "user@", "an na@host", "sip:anna smith@pbx", "tel:+49\u{7F}30",
                      "0176\u{0}555", "b00105401001"] {
            XCTAssertFalse(NumberField.isValid(value), value)
        }
    }

    func testTheAlphabetAndTheExemptLegs() {
        XCTAssertEqual(NumberField.alphabet, "0123456789+*#Xx?")
        for byte in UInt8(0)...UInt8(255) {
            let text = String(decoding: [byte], as: UTF8.self)
            XCTAssertEqual(NumberField.isValid(text), byte < 0x80 && NumberField.alphabet.utf8.contains(byte), "byte \(byte)")
        }
        XCTAssertEqual(NumberField.exemptFlags, [.conference, .recording, .monitoring])
        XCTAssertFalse(NumberField.isChecked(flags: [.conference]))
        XCTAssertTrue(NumberField.isChecked(flags: [.transferred, .forwarded]))
    }
}
