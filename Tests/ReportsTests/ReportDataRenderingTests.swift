import Reports
import XCTest

/// The neutral report document as JSON and as RFC 4180 CSV (one table per file; the rest in long form).
final class ReportDocumentRenderingTests: XCTestCase {
    private let document = ReportData(title: "T", sections: [
        ReportData.Section(key: "data", title: "2. Data", paragraphs: ["p \"1\""], tables: [
            ReportData.Table(key: "calls", columns: ["call_id", "number"], rows: [["1", "+4930123XXXXX"]]),
        ]),
        ReportData.Section(key: "processing", title: "3. Processing", tables: [
            ReportData.Table(key: "unlock_events", columns: ["purpose"], rows: [["misuse, \"suspected\"\nline 2"]]),
            ReportData.Table(key: "empty", columns: ["a"], rows: []),
        ]),
    ])

    func testJSONHasOneMemberPerSectionAndOneArrayPerTable() {
        XCTAssertEqual(document.json, """
            {
              "title": "T",
              "data": {
                "title": "2. Data",
                "paragraphs": ["p \\"1\\""],
                "calls": [
                  {"call_id": "1", "number": "+4930123XXXXX"}
                ]
              },
              "processing": {
                "title": "3. Processing",
                "paragraphs": [],
                "unlock_events": [
                  {"purpose": "misuse, \\"suspected\\"\\nline 2"}
                ],
                "empty": []
              }
            }

            """)
    }

    func testCSVQuotesPerRFC4180WithCRLF() throws {
        XCTAssertEqual(ReportData.csv(try XCTUnwrap(document.table("calls"))), "call_id,number\r\n1,+4930123XXXXX\r\n")
        XCTAssertEqual(document.informationCSV(excluding: "calls"),
                       "section,table,row,column,value\r\n"
                       + "data,paragraph,1,text,\"p \"\"1\"\"\"\r\n"
                       + "processing,unlock_events,1,purpose,\"misuse, \"\"suspected\"\"\nline 2\"\r\n")
    }
}
