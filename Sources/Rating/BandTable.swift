/// The time bands of a tariff compiled into a table of local minutes: one row per weekday
/// (Monday first) plus one row for holidays, each cell the band index or `none`.
struct BandTable: Sendable {
    /// Marks a minute no band covers.
    static let none: UInt8 = 255
    /// Minutes per day.
    static let minutesPerDay = 1440
    /// Row of the holiday day type.
    static let holidayRow = 7

    /// Band names, indexed by band index.
    let names: [String]
    /// 8 × 1440 band indexes.
    private let cells: [UInt8]
    /// For each cell, the minute (exclusive, 1…1440) at which the run of the same band ends that day.
    private let runEnds: [Int16]
    /// Whether a holiday row was defined; without one, holidays use their weekday.
    let hasHolidayRow: Bool
    /// Whether the whole table is one band (no band can change during a call). Computed once:
    /// rating asks it for every call.
    let isSingleBand: Bool

    /// A table with one band covering the whole week (tariffs without `[bands]`).
    static func allWeek(name: String = "all") -> BandTable {
        BandTable(names: [name], cells: Array(repeating: 0, count: 8 * minutesPerDay), hasHolidayRow: false)
    }

    /// Builds the run-end index from the cells.
    init(names: [String], cells: [UInt8], hasHolidayRow: Bool) {
        self.names = names
        self.cells = cells
        self.hasHolidayRow = hasHolidayRow
        self.isSingleBand = names.count == 1 && !cells.contains(Self.none)
        var ends = [Int16](repeating: Int16(Self.minutesPerDay), count: cells.count)
        for row in 0..<8 {
            let base = row * Self.minutesPerDay
            var end = Self.minutesPerDay
            for minute in stride(from: Self.minutesPerDay - 1, through: 0, by: -1) {
                if minute < Self.minutesPerDay - 1, cells[base + minute] != cells[base + minute + 1] { end = minute + 1 }
                ends[base + minute] = Int16(end)
            }
        }
        self.runEnds = ends
    }

    /// The band index (or `none`) and the end minute of its run, for a row and minute of day.
    @inline(__always)
    func lookup(row: Int, minute: Int) -> (band: UInt8, runEnd: Int) {
        let index = row * Self.minutesPerDay + minute
        return (cells[index], Int(runEnds[index]))
    }
}

/// One item of a band definition: days, or `holiday`, and a time range in local minutes.
struct BandItem: Sendable, Hashable {
    /// Rows (0 = Monday … 6 = Sunday, 7 = holiday).
    var rows: [Int]
    /// Start minute of day, inclusive.
    var from: Int
    /// End minute of day, exclusive (1440 for 24:00).
    var to: Int

    private static let dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// Parses `Mon-Fri 08:00-18:00`, `Sat 00:00-24:00`, `holiday 00:00-24:00`; `nil` if malformed.
    static func parse(_ text: String) -> BandItem? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard words.count == 2 else { return nil }
        var rows: [Int]
        if words[0] == "holiday" {
            rows = [7]
        } else {
            let days = words[0].split(separator: "-")
            guard (1...2).contains(days.count), let first = dayNames.firstIndex(of: String(days[0])),
                  let last = dayNames.firstIndex(of: String(days[days.count - 1])), first <= last else { return nil }
            rows = Array(first...last)
        }
        let times = words[1].split(separator: "-")
        guard times.count == 2, let from = minute(times[0]), let to = minute(times[1]), from < to else { return nil }
        return BandItem(rows: rows, from: from, to: to)
    }

    /// `HH:MM` (00:00…24:00) as minutes.
    private static func minute(_ text: Substring) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
              minute < 60, hour < 24 || (hour == 24 && minute == 0) else { return nil }
        return hour * 60 + minute
    }
}
