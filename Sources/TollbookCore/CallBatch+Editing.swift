extension CallBatch {
    /// Replaces the leg at `index` (its texts must be in the arena: from this batch's
    /// ``appendText(_:)-…`` or sub-ranges of texts already there). Ingest stages change legs with it.
    public mutating func setRow(_ row: Row, at index: Int) {
        rows[index] = row
    }

    /// Replaces the pricing of the leg at `index` (the batch must be priced).
    public mutating func setPriced(_ row: PricedRow, at index: Int) {
        priced[index] = row
    }
}
