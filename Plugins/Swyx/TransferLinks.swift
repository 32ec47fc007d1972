/// Groups the CDRs of one transferred call under one correlation id.
///
/// SwyxWare writes one CDR per call id. A leg that a transfer ended names the new call in
/// `TransferredToCallId`; the new call names the legs it joined in `TransferredCallId1/2`. Call ids
/// are only unique per day, so links are followed within the same start date. Every CDR gets a
/// *root*: the root already known for its own id, else for the id in `TransferredToCallId`, else
/// for `TransferredCallId1`, then `TransferredCallId2`, else its own id. The root is then recorded
/// for all of these ids that have none yet. Because CDRs are written when a leg ends, the first
/// leg of a chain is normally seen first, and all legs share its call id as root.
struct TransferLinks {
    /// A call id on a day.
    struct Key: Hashable {
        /// Local day number of the start date.
        var day: Int64
        /// The call id.
        var id: UInt64
    }

    /// Root of every linked id seen so far.
    private var roots: [Key: Key] = [:]
    /// Beyond this many ids the table starts over (bounds memory on endless streams; legs of a
    /// call are written close together).
    private static let capacity = 200_000

    /// The root for a CDR with call id `own` and the given links (nil = no link), and records it.
    mutating func root(own: Key, transferredTo: Key?, joined1: Key?, joined2: Key?) -> Key {
        let root = roots[own] ?? transferredTo.flatMap { roots[$0] } ?? joined1.flatMap { roots[$0] }
            ?? joined2.flatMap { roots[$0] } ?? own
        if transferredTo == nil && joined1 == nil && joined2 == nil && roots[own] == nil { return root }
        if roots.count > TransferLinks.capacity { roots.removeAll(keepingCapacity: true) }
        for key in [own, transferredTo, joined1, joined2] {
            if let key, roots[key] == nil { roots[key] = root }
        }
        return root
    }
}
