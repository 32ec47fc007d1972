extension TariffCompiler {
    private static let rowNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "holiday"]

    /// Reads `[bands]`: every weekday minute must be covered exactly once (overlaps are errors,
    /// gaps are warnings: calls there are unrated). Holiday items, if any, must cover the whole day.
    mutating func readBands(_ section: IniDocument.Section, holidays: HolidayCalendar) -> BandTable {
        var names: [String] = []
        var cells = [UInt8](repeating: BandTable.none, count: 8 * BandTable.minutesPerDay)
        for entry in section.entries {
            guard names.count < 200 else {
                error(entry.line, entry.key, "too many bands (at most 200)")
                break
            }
            if entry.key.isEmpty || entry.key.contains("@") || entry.key.contains(" ") {
                error(entry.line, entry.key, "band name must be one word without @")
            }
            let bandIndex = UInt8(names.count)
            names.append(entry.key)
            let items = Self.list(entry.value)
            if items.isEmpty { error(entry.line, entry.key, "band has no time ranges") }
            for itemText in items {
                guard let item = BandItem.parse(itemText) else {
                    error(entry.line, entry.key, "bad time range \"\(itemText)\": expected e.g. Mon-Fri 08:00-18:00 or holiday 00:00-24:00")
                    continue
                }
                for row in item.rows {
                    var overlapReported = false
                    for minute in item.from..<item.to {
                        let index = row * BandTable.minutesPerDay + minute
                        let owner = cells[index]
                        if owner != BandTable.none && !overlapReported {
                            overlapReported = true
                            let other = Int(owner) < names.count ? names[Int(owner)] : "?"
                            error(entry.line, entry.key, "overlaps band \(other) on \(Self.rowNames[row]) at \(Self.clock(minute))")
                        }
                        if owner == BandTable.none { cells[index] = bandIndex }
                    }
                }
            }
        }
        let hasHolidayRow = cells[(BandTable.holidayRow * BandTable.minutesPerDay)..<(8 * BandTable.minutesPerDay)]
            .contains { $0 != BandTable.none }
        for row in 0..<(hasHolidayRow ? 8 : 7) { reportGaps(row: row, cells: cells, line: section.line) }
        if !holidays.isEmpty && !hasHolidayRow && !names.isEmpty {
            warning(section.line, "[bands]", "holidays are listed but no band covers holiday: holidays use their weekday bands")
        }
        return BandTable(names: names, cells: cells, hasHolidayRow: hasHolidayRow)
    }

    private mutating func reportGaps(row: Int, cells: [UInt8], line: Int) {
        var minute = 0
        while minute < BandTable.minutesPerDay {
            guard cells[row * BandTable.minutesPerDay + minute] == BandTable.none else {
                minute += 1
                continue
            }
            var end = minute
            while end < BandTable.minutesPerDay, cells[row * BandTable.minutesPerDay + end] == BandTable.none { end += 1 }
            warning(line, "[bands]", "gap: no band covers \(Self.rowNames[row]) \(Self.clock(minute))-\(Self.clock(end)); calls then are unrated")
            minute = end
        }
    }

    static func clock(_ minute: Int) -> String {
        let hours = minute / 60, minutes = minute % 60
        return (hours < 10 ? "0" : "") + "\(hours):" + (minutes < 10 ? "0" : "") + "\(minutes)"
    }
}
