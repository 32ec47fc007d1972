import Numbering
import XCTest

/// Numbers exactly as the connectors' fixtures write them (file and line cited per assertion).
final class ConnectorFixtureNumbersAreNormalisedTests: XCTestCase {
    func testCisco() {
        let plan = TestPlans.cisco
        // cdr_133_basic.txt line 3 (10001): calling 2001, called 00305550123, outpulsed +49305550123.
        XCTAssertEqual(normalise("2001", .internal, plan).internalKey, "ber-cucm/2001")
        let local = NormalisedNumber(e164: "+49305550123", category: .local, form: .national, nationalNumber: "305550123")
        XCTAssertEqual(normalise("00305550123", .dialled, plan), local)
        XCTAssertEqual(normalise("+49305550123", .dialled, plan).e164, "+49305550123")
        // cdr_133_basic.txt line 4 (10002): incoming +4917655501234.
        XCTAssertEqual(normalise("+4917655501234", .presented, plan),
                       NormalisedNumber(e164: "+4917655501234", category: .mobile, form: .e164,
                                        nationalNumber: "17655501234"))
        // cdr_133_basic.txt line 8 (10006): incoming +4930555088888.
        XCTAssertEqual(normalise("+4930555088888", .presented, plan).category, .local)
        // cdr_129.txt line 4 (20002): 0017185550100 read as outside line 0 + 0171 mobile (see the report:
        // the fixture may have meant +1 718 555 0100).
        XCTAssertEqual(normalise("0017185550100", .dialled, plan),
                       NormalisedNumber(e164: "+4917185550100", category: .mobile, form: .national,
                                        nationalNumber: "17185550100"))
        // cdr_bridge_legs.txt line 4 (95002): calling b00105401001, called 5559000 (a route pattern).
        XCTAssertEqual(normalise("b00105401001", .dialled, plan).category, .internal)
        XCTAssertEqual(normalise("5559000", .dialled, plan), NormalisedNumber(category: .unknown, form: .unrecognised))
    }

    func testUnify() {
        let plan = TestPlans.unify
        // osbiz_pipe_calls.txt line 1: ext 101, number 0305550123, LCR number 0105305550123.
        XCTAssertEqual(normalise("101", .internal, plan).internalKey, "ber-osbiz/101")
        XCTAssertEqual(normalise("0305550123", .dialled, plan),
                       NormalisedNumber(e164: "+49305550123", category: .local, form: .national,
                                        nationalNumber: "305550123"))
        XCTAssertEqual(normalise("0105305550123", .dialled, plan),
                       NormalisedNumber(e164: "+495550123", category: .national, form: .national,
                                        nationalNumber: "5550123", callByCallPrefix: "01053"))
        // osbiz_pipe_calls.txt line 2: incoming 01765550123.
        XCTAssertEqual(normalise("01765550123", .presented, plan).e164, "+491765550123")
        // osbiz_pipe_calls.txt line 19: masked outgoing 030555????; line 20: masked incoming 0176555????.
        XCTAssertEqual(normalise("030555????", .dialled, plan).maskedE164, "+4930555XXXX")
        XCTAssertEqual(normalise("0176555????", .presented, plan),
                       NormalisedNumber(category: .mobile, form: .national, isMasked: true,
                                        maskedE164: "+49176555XXXX", nationalNumber: "176555XXXX"))
        // unify_malformed.txt line 9 (#8): number 03055ABC.
        XCTAssertEqual(normalise("03055ABC", .dialled, plan), NormalisedNumber(category: .unknown, form: .unrecognised))
    }

    func testInnovaphone() {
        let plan = TestPlans.innovaphone
        // calls.xml line 1: object e164 201.
        XCTAssertEqual(normalise("201", .internal, plan),
                       NormalisedNumber(category: .internal, form: .extension, internalKey: "lab/201"))
        // calls.xml line 53: incoming 004989555010 from the trunk.
        XCTAssertEqual(normalise("004989555010", .presented, plan),
                       NormalisedNumber(e164: "+4989555010", category: .national, form: .international,
                                        nationalNumber: "89555010"))
        // calls.xml line 34: user 201 dialled 000305550100 = trunk 0 + 00305550100, which the German
        // plan reads as international +30 555 0100 (see the report: probably meant as Berlin).
        XCTAssertEqual(normalise("000305550100", .dialled, plan),
                       NormalisedNumber(e164: "+305550100", category: .international, form: .international))
        // calls.xml line 234: masked caller 0891234XXXX.
        XCTAssertEqual(normalise("0891234XXXX", .presented, plan),
                       NormalisedNumber(category: .national, form: .national, isMasked: true,
                                        maskedE164: "+49891234XXXX", nationalNumber: "891234XXXX"))
    }

    func testSwyx() {
        let plan = TestPlans.swyx
        // swyx_cdr.txt line 2 (1001): 201 → +4930555010.
        XCTAssertEqual(normalise("201", .internal, plan).internalKey, "swyx/201")
        XCTAssertEqual(normalise("+4930555010", .dialled, plan),
                       NormalisedNumber(e164: "+4930555010", category: .local, form: .e164, nationalNumber: "30555010"))
        // swyx_cdr.txt line 8 (1007): withheld caller (empty).
        XCTAssertTrue(normalise("", .presented, plan).isWithheld)
        // swyx_cdr.txt line 19 (1018): forwarded to +491705550052.
        XCTAssertEqual(normalise("+491705550052", .dialled, plan).category, .mobile)
        // swyx_cdr.txt line 24 (1023): masked caller +4930555XXX; line 25 (1024): fully masked XXX.
        XCTAssertEqual(normalise("+4930555XXX", .presented, plan),
                       NormalisedNumber(category: .local, form: .e164, isMasked: true, maskedE164: "+4930555XXX",
                                        nationalNumber: "30555XXX"))
        XCTAssertEqual(normalise("XXX", .dialled, plan),
                       NormalisedNumber(category: .unknown, form: .unrecognised, isMasked: true))
        // swyx_cdr.txt line 22 (1021): conference room 800.
        XCTAssertEqual(normalise("800", .dialled, plan).internalKey, "swyx/800")
    }
}
