import TollbookCore

extension IsolatedStreamParser {
    /// Parses `window` (stream offset `base`) around the records that make the worker fail.
    ///
    /// Bisection over the window's line ends (byte positions when it has none): a prefix that
    /// passes is kept (its output is what the fault-free run gives, and the worker goes on from
    /// there); a prefix that fails becomes the new upper bound and costs a restart. When no cut
    /// point is left between the longest passing and the shortest failing prefix, the bytes from
    /// the parser's offset to the end of the failing prefix are the offending record (once its
    /// failure was seen from that offset): quarantined, skipped, and the rest of the window is
    /// tried again.
    func narrow(_ window: UnsafeRawBufferPointer, base: UInt64, isEnd: Bool, cause first: Cause) throws {
        var cause = first
        let cuts = Self.lineCuts(window)
        // The parser is at `cursor`; prefixes up to `passedEnd` passed, the one up to `failingEnd`
        // failed when the parser was at `failedFrom` (-1: not seen from here).
        var cursor = 0, passedEnd = 0, failingEnd = window.count, failedFrom = 0
        try restart(at: base, window: window, base: base)
        /// Feeds `window[cursor..<end]`; on an isolated failure restarts the worker at `cursor`.
        func attempt(_ end: Int) throws -> Bool {
            do {
                let live = try liveWorker()
                let used = try live.consume(UnsafeRawBufferPointer(rebasing: window[cursor..<end]),
                                            isEnd: isEnd && end == window.count)
                collect(from: live)
                cursor += used
                passedEnd = end
                return true
            } catch {
                guard let next = Self.isolated(error) else { throw error }
                cause = next
                failingEnd = end
                failedFrom = cursor
                try restart(at: base + UInt64(cursor), window: window, base: base)
                return false
            }
        }
        while cursor < window.count {
            if quarantinedRecords >= quarantineLimit {
                try quarantine(window, from: cursor, to: window.count, base: base, cause: cause,
                               note: "; \(quarantineLimit) records of this stream were quarantined, so the rest of the window was not narrowed down")
                cursor = window.count
                break
            }
            if let mid = Self.middleCut(cuts, after: max(cursor, passedEnd), before: failingEnd) {
                _ = try attempt(mid)
                continue
            }
            if failedFrom != cursor {
                // The failure was seen from an earlier offset: confirm it from here (a passing
                // attempt means the failure did not repeat, e.g. a timeout under load).
                if try attempt(failingEnd) {
                    if passedEnd == window.count { return }
                    failingEnd = window.count
                    failedFrom = -1
                }
                continue
            }
            try quarantine(window, from: cursor, to: failingEnd, base: base, cause: cause, note: "")
            cursor = failingEnd
            passedEnd = cursor
            failingEnd = window.count
            failedFrom = -1
            guard cursor < window.count else { break }
            if try attempt(window.count) { return }
        }
        // The window ended with a quarantined record: at the end of input, let the parser finish.
        guard isEnd else { return }
        do {
            let live = try liveWorker()
            _ = try live.consume(UnsafeRawBufferPointer(start: nil, count: 0), isEnd: true)
            collect(from: live)
        } catch {
            guard Self.isolated(error) != nil else { throw error }
            worker = nil
        }
    }

    /// Quarantines `window[from..<to]` with the cause and moves the worker's parser past it.
    private func quarantine(_ window: UnsafeRawBufferPointer, from: Int, to: Int, base: UInt64, cause: Cause,
                            note: String) throws {
        let start = base + UInt64(from)
        output.rejects.append(QuarantinedInput(
            reason: cause.reason, sourceOffset: start, raw: Array(window[from..<to]), field: "",
            message: "\(cause.text) while parsing this record\(note)"))
        quarantinedRecords += 1
        quarantined.append(SourceSpan(offset: start, length: UInt64(to - from)))
        try liveWorker().skip(byteCount: UInt64(to - from))
        offset = start + UInt64(to - from)
    }

    /// Starts a new worker and brings its parser to stream offset `target` by replaying the
    /// stream (bytes before `base` from the replay closure, the rest from `window`), skipping
    /// quarantined spans. The replay's output is discarded.
    func restart(at target: UInt64, window: UnsafeRawBufferPointer, base: UInt64) throws {
        worker?.close()
        worker = nil
        workerRestarts += 1
        let live = try startWorker()
        var feeder = ReplayFeeder(worker: live, quarantined: quarantined)
        try replay(min(base, target)) { piece in try feeder.feed(piece) }
        if target > base { try feeder.feed(UnsafeRawBufferPointer(rebasing: window[0..<Int(target - base)])) }
        try feeder.finish(at: target, connector: connector)
        _ = live.takeOutput()
        worker = live
        offset = target
    }

    /// The positions just after each `\n` of `window`, ascending (without the window's end).
    static func lineCuts(_ window: UnsafeRawBufferPointer) -> [Int] {
        var cuts: [Int] = []
        for index in 0..<window.count where window[index] == 0x0A && index + 1 < window.count { cuts.append(index + 1) }
        return cuts
    }

    /// The middle cut point strictly between `low` and `high`: among the line cuts, or (for a
    /// window without line ends) any byte position.
    static func middleCut(_ cuts: [Int], after low: Int, before high: Int) -> Int? {
        guard !cuts.isEmpty else { return high - low >= 2 ? low + (high - low) / 2 : nil }
        let first = firstIndex(cuts) { $0 > low }
        let last = firstIndex(cuts) { $0 >= high } - 1
        guard first <= last else { return nil }
        return cuts[(first + last) / 2]
    }

    /// The first index of the sorted `cuts` whose value satisfies `predicate` (monotonic).
    private static func firstIndex(_ cuts: [Int], where predicate: (Int) -> Bool) -> Int {
        var low = 0, high = cuts.count
        while low < high {
            let mid = (low + high) / 2
            if predicate(cuts[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
