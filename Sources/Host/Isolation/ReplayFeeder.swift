/// Feeds replayed stream bytes to a fresh worker: pieces of any size, bytes the parser did not
/// consume carried over to the next piece, quarantined spans skipped instead of parsed.
struct ReplayFeeder {
    private let worker: WorkerParserSession
    private let quarantined: [SourceSpan]
    private var position: UInt64 = 0
    private var pending: [UInt8] = []
    private var nextSpan = 0

    init(worker: WorkerParserSession, quarantined: [SourceSpan]) {
        self.worker = worker
        self.quarantined = quarantined
    }

    /// Feeds the next piece of the stream.
    mutating func feed(_ piece: UnsafeRawBufferPointer) throws {
        var index = 0
        while index < piece.count {
            while nextSpan < quarantined.count, quarantined[nextSpan].end <= position { nextSpan += 1 }
            let here = UInt64(piece.count - index)
            if nextSpan < quarantined.count, quarantined[nextSpan].offset <= position {
                // Inside a quarantined span: the parser must be exactly at its bytes.
                let count = min(here, quarantined[nextSpan].end - position)
                try requireNothingPending()
                try worker.skip(byteCount: count)
                index += Int(count)
                position += count
                continue
            }
            let limit = nextSpan < quarantined.count ? min(here, quarantined[nextSpan].offset - position) : here
            let part = UnsafeRawBufferPointer(rebasing: piece[index..<index + Int(limit)])
            try parse(part)
            index += Int(limit)
            position += limit
        }
    }

    /// Checks that the parser ended exactly at `target`.
    mutating func finish(at target: UInt64, connector: String) throws {
        guard position == target, pending.isEmpty, worker.consumedBytes == target else {
            throw HostError.contractViolation(
                connector: connector,
                detail: "replaying the stream up to offset \(target) left the parser at \(worker.consumedBytes)")
        }
    }

    private mutating func parse(_ part: UnsafeRawBufferPointer) throws {
        if pending.isEmpty {
            let used = try worker.consume(part, isEnd: false)
            if used < part.count { pending.append(contentsOf: part[used...]) }
        } else {
            pending.append(contentsOf: part)
            let used = try pending.withUnsafeBytes { try worker.consume($0, isEnd: false) }
            pending.removeFirst(used)
        }
        _ = worker.takeOutput()
    }

    private func requireNothingPending() throws {
        guard pending.isEmpty else {
            throw HostError.contractViolation(
                connector: worker.connector,
                detail: "replaying the stream: the parser kept \(pending.count) bytes before a quarantined span at \(position)")
        }
    }
}
