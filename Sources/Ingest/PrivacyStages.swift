import Org
import Privacy
import TollbookCore

/// What the privacy stages of a pipeline need: the installation's policy (packages, assignments,
/// protected numbers), the site's category rules and — when some package deletes a field at
/// ingest — who owned which classifier when (read from the org chart once per file or ingest run).
public struct PrivacyIngest: Sendable {
    /// Packages, assignments, protected numbers.
    public var policy: PrivacyPolicy
    /// The site's private prefixes, private PINs and project codes.
    public var categories: CategoryRules
    /// Call owners at their start; `nil` when no package deletes anything (then nobody is looked up).
    public var ownership: CallOwnership?

    /// Creates the settings.
    public init(policy: PrivacyPolicy = .standard, categories: CategoryRules = CategoryRules(), ownership: CallOwnership? = nil) {
        self.policy = policy
        self.categories = categories
        self.ownership = ownership
    }

    /// Whether some package in use deletes a field of some category at ingest (then the owners
    /// of calls must be known: ``ownership``).
    public var needsOwners: Bool {
        CallCategory.allCases.contains { policy.deletesSomewhere(of: $0) }
    }
}

/// Sets every call's category (P1: business, project, private, PIN) from the site's rules, in
/// ``IngestStage/prepare(_:)`` *before* pricing: a private prefix is removed from the dialled
/// number, so the call is normalised and priced as the number it leads to.
public final class CategoryStage: IngestStage {
    private let rules: CategoryRules

    /// A stage applying `rules`.
    public init(rules: CategoryRules) {
        self.rules = rules
    }

    /// `categories`.
    public var name: String { "categories" }

    /// Sets ``CallBatch/Row/category`` of every leg and strips private prefixes.
    public func prepare(_ batch: inout IngestBatch) throws {
        let checksPrefixes = !rules.privatePrefixes.isEmpty
        let checksPINs = !rules.privatePINs.isEmpty
        for index in batch.calls.rows.indices {
            var row = batch.calls.rows[index]
            let hasPIN = checksPINs && row.pin.length > 0
            let dials = checksPrefixes && row.direction != .incoming && row.called.length > 0
            guard hasPIN || dials || row.projectCode.length > 0 else { continue }
            // Read through `batch.calls` itself: a copy held across `setRow` would copy the batch.
            let decision = rules.categorise(dialled: dials ? batch.calls.string(row.called) : "",
                                            pin: hasPIN ? batch.calls.string(row.pin) : "",
                                            projectCode: row.projectCode.length > 0 ? batch.calls.string(row.projectCode) : "")
            guard decision.category != .business || decision.strippedPrefix != nil else { continue }
            row.category = decision.category
            if let prefix = decision.strippedPrefix {
                let count = UInt32(prefix.utf8.count)
                for path in [\CallBatch.Row.called, \.remote, \.originalCalled, \.connected] {
                    let text = row[keyPath: path]
                    guard text.length > count, batch.calls.string(text).hasPrefix(prefix) else { continue }
                    row[keyPath: path].offset += count
                    row[keyPath: path].length -= count
                }
            }
            batch.calls.setRow(row, at: index)
        }
    }
}

/// Protected numbers (P4) and delete-at-ingest (P3), in ``IngestStage/prepare(_:)`` *after*
/// pricing (the price is computed from the number before it goes) and before storing:
///
/// - a call to or from a protected number (any party, raw or E.164) is stored without that number
///   in any column — raw and E.164 party columns other than the local party, the vendor fields
///   and the cause text — and with ``CallBatch/Row/protectedClass`` set to the class's name; its
///   cost, time and duration are stored (the query layer hides time and duration per class);
/// - a field whose action is `delete` in the package in force for the call's owner at its start is
///   removed: `number` as above, `duration` (ring and talk time, answer and end), `time` (the
///   time of day: start, answer and end move to the day's midnight, UTC), `place` (the
///   destination and zone names of the pricing).
public final class PrivacyStage: IngestStage {
    private let settings: PrivacyIngest
    /// Categories for which some package deletes something (no lookup for the others).
    private let deleting: Set<CallCategory>

    /// A stage applying `settings`.
    public init(settings: PrivacyIngest) {
        self.settings = settings
        deleting = Set(CallCategory.allCases.filter { settings.policy.deletesSomewhere(of: $0) })
    }

    /// `privacy`.
    public var name: String { "privacy" }

    /// Replaces protected numbers and deletes what the packages delete.
    public func prepare(_ batch: inout IngestBatch) throws {
        let protected = settings.policy.protected
        for index in batch.calls.rows.indices {
            let row = batch.calls.rows[index]
            if !protected.isEmpty, let found = protectedClass(of: index, in: batch.calls) {
                var changed = row
                changed.protectedClass = batch.calls.appendText(found.name)
                batch.calls.setRow(changed, at: index)
                removeNumbers(at: index, in: &batch.calls)
                continue
            }
            guard !deleting.isEmpty, deleting.contains(row.category) else { continue }
            let package = package(of: index, in: batch.calls)
            if package.action(row.category, .number) == .delete { removeNumbers(at: index, in: &batch.calls) }
            var changed = batch.calls.rows[index]
            if package.action(row.category, .duration) == .delete {
                changed.ringMs = 0
                changed.talkMs = 0
                changed.answerMs = .min
                changed.endMs = changed.startMs
            }
            if package.action(row.category, .time) == .delete {
                let shift = ((changed.startMs % 86_400_000) + 86_400_000) % 86_400_000
                changed.startMs -= shift
                changed.endMs -= shift
                if changed.answerMs != .min { changed.answerMs -= shift }
            }
            batch.calls.setRow(changed, at: index)
            if package.action(row.category, .place) == .delete, batch.calls.isPriced, batch.calls.priced[index].outcome >= 0 {
                var priced = batch.calls.priced[index]
                var outcome = batch.calls.outcomes[Int(priced.outcome)]
                outcome.destination = ""
                outcome.zone = ""
                priced.outcome = batch.calls.intern(outcome)
                batch.calls.setPriced(priced, at: index)
            }
        }
    }

    /// The package in force for the leg's owner at its start.
    private func package(of index: Int, in calls: CallBatch) -> PrivacyPackage {
        let row = calls.rows[index]
        guard let ownership = settings.ownership else { return settings.policy.defaultPackage }
        let extensionKey = calls.isPriced ? calls.string(calls.priced[index].extensionKey) : ""
        let owner = ownership.owner(pin: calls.string(row.pin), accountCode: calls.string(row.accountCode),
                                    extensionKey: extensionKey, device: calls.string(row.device), startMs: row.startMs)
        return settings.policy.package(participantKey: owner.flatMap(ownership.employeeID(of:)),
                                       nodePath: owner.flatMap { ownership.nodePath(of: $0, atMs: row.startMs) },
                                       atMs: row.startMs)
    }

    /// The protected class of any of the leg's numbers (E.164 as priced, raw in international form).
    private func protectedClass(of index: Int, in calls: CallBatch) -> ProtectedClass? {
        let protected = settings.policy.protected
        if calls.isPriced {
            let priced = calls.priced[index]
            for text in [priced.remoteE164, priced.callingE164, priced.calledE164, priced.originalCalledE164,
                         priced.connectedE164, priced.redirectingE164] where text.length > 1 {
                let found = calls.withArena { arena in
                    protected.protectedClass(e164Bytes: UnsafeRawBufferPointer(rebasing: arena[Int(text.offset)..<Int(text.offset + text.length)]))
                }
                if let found { return found }
            }
        }
        let row = calls.rows[index]
        for text in [row.remote, row.called, row.calling, row.originalCalled, row.connected, row.redirecting] where text.length > 2 {
            let first = calls.withArena { $0[Int(text.offset)] }
            guard first == UInt8(ascii: "+") || first == UInt8(ascii: "0") else { continue }
            if let found = protected.protectedClass(raw: calls.string(text)) { return found }
        }
        return nil
    }

    /// Removes every copy of the leg's other-party numbers: raw party columns other than the
    /// local extension, E.164 columns other than the local party's, and their digits in the vendor
    /// fields and the cause text.
    private func removeNumbers(at index: Int, in calls: inout CallBatch) {
        var row = calls.rows[index]
        let local = calls.string(row.extension)
        var removed: [String] = []
        for path in [\CallBatch.Row.calling, \.called, \.originalCalled, \.connected, \.redirecting, \.remote] {
            let text = row[keyPath: path]
            guard text.length > 0 else { continue }
            let value = calls.string(text)
            if !local.isEmpty, value == local { continue }
            removed.append(value)
            row[keyPath: path] = .empty
        }
        if calls.isPriced {
            var priced = calls.priced[index]
            let localE164 = calls.string(priced.localE164)
            if priced.remoteE164.length > 0 { removed.append(calls.string(priced.remoteE164)) }
            priced.remoteE164 = .empty
            for path in [\CallBatch.PricedRow.callingE164, \.calledE164, \.originalCalledE164, \.connectedE164, \.redirectingE164] {
                let text = priced[keyPath: path]
                guard text.length > 0 else { continue }
                let value = calls.string(text)
                if value == localE164 { continue }
                removed.append(value)
                priced[keyPath: path] = .empty
            }
            calls.setPriced(priced, at: index)
        }
        if row.extraJSON.length > 0 {
            let fields = VendorFieldsJSON.decode(calls.string(row.extraJSON))
            let scrubbed = fields.map { ($0.key, NumberScrubbing.removing(removed, from: $0.value)) }
            if !zip(fields, scrubbed).allSatisfy({ $0.value == $1.1 }) {
                row.extraJSON = calls.appendText(JSONText.object(scrubbed))
            }
        }
        if row.causeText.length > 0 {
            let cause = calls.string(row.causeText)
            let scrubbed = NumberScrubbing.removing(removed, from: cause)
            if scrubbed != cause { row.causeText = scrubbed.isEmpty ? .empty : calls.appendText(scrubbed) }
        }
        calls.setRow(row, at: index)
    }
}
