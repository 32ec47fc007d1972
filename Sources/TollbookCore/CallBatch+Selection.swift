extension CallBatch {
    /// The rows of an unpriced batch that `keep` accepts, with the same text.
    public func selecting(_ keep: (Row) -> Bool) -> CallBatch {
        var selected = CallBatch(reservingRows: count, arenaBytes: arena.count)
        // The whole arena first, at offset 0, so the kept rows' text references stay valid.
        _ = withArena { selected.appendText($0) }
        for row in rows where keep(row) { selected.append(row) }
        return selected
    }
}
