import Query
import TollbookCore

extension ReportData {
    /// The document as one JSON object: `title`, then one member per section key holding its
    /// `title`, `paragraphs` and one array per table key (one object per row, every cell a string).
    public var json: String {
        var text = "{\n  \"title\": " + JSONText.quote(title)
        for section in sections {
            text += ",\n  " + JSONText.quote(section.key) + ": {\n    \"title\": " + JSONText.quote(section.title)
            text += ",\n    \"paragraphs\": [" + section.paragraphs.map(JSONText.quote).joined(separator: ", ") + "]"
            for table in section.tables {
                text += ",\n    " + JSONText.quote(table.key) + ": ["
                text += table.rows.map { row in
                    "\n      {" + zip(table.columns, row).map { JSONText.quote($0) + ": " + JSONText.quote($1) }
                        .joined(separator: ", ") + "}"
                }.joined(separator: ",")
                text += table.rows.isEmpty ? "]" : "\n    ]"
            }
            text += "\n  }"
        }
        return text + "\n}\n"
    }

    /// One table as an RFC 4180 CSV file: a header line, one record per row, CRLF line breaks,
    /// fields quoted when they hold a comma, quote or line break.
    public static func csv(_ table: Table) -> String {
        ([table.columns] + table.rows).map { FieldValue.csvRecord(fields: $0) }.joined()
    }

    /// Everything but the table `excluded` as one RFC 4180 CSV file in long form: the header
    /// `section,table,row,column,value`, then one record per paragraph (table `paragraph`, column
    /// `text`) and per table cell (rows numbered from 1).
    public func informationCSV(excluding excluded: String) -> String {
        var rows: [[String]] = []
        for section in sections {
            for (index, paragraph) in section.paragraphs.enumerated() {
                rows.append([section.key, "paragraph", String(index + 1), "text", paragraph])
            }
            for table in section.tables where table.key != excluded {
                for (index, row) in table.rows.enumerated() {
                    for (column, value) in zip(table.columns, row) {
                        rows.append([section.key, table.key, String(index + 1), column, value])
                    }
                }
            }
        }
        return Self.csv(Table(key: "information", columns: ["section", "table", "row", "column", "value"], rows: rows))
    }
}
