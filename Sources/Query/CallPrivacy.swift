import Access
import Org
import Privacy
import Store
import TollbookCore

/// The four-eyes unlock hook (P9): which fields of a call a principal may see beyond its privacy
/// package because an unlock for (requester, subject, period, fields) was approved. The query
/// layer asks it for every call it would mask; protected numbers (P4) are never unlocked, whatever
/// it answers. The default, ``NoUnlocks``, lifts nothing.
public protocol PrivacyUnlocks: Sendable {
    /// The fields of the call owned by participant `owner` (`nil`: nobody) starting at `startMs`
    /// that `principal` may see in full.
    func unlockedFields(for principal: Principal, owner: Int64?, startMs: Int64) -> Set<PrivacyField>
}

/// No unlock: every call is shown per its package.
public struct NoUnlocks: PrivacyUnlocks {
    /// Creates the hook.
    public init() {}

    /// Nothing.
    public func unlockedFields(for principal: Principal, owner: Int64?, startMs: Int64) -> Set<PrivacyField> { [] }
}

/// How one call is shown: the package in force for its owner at its start, what that does to each
/// field, and the protected class's label when the call is protected.
public struct CallPrivacy: Sendable, Equatable {
    /// The package's name.
    public var package: String
    /// What is shown of the other party's number: `show`, `mask N` or `hide` (a deleted number is
    /// gone from the store and shows as hidden).
    public var number: FieldAction
    /// Whether ring and talk time, answer and end are shown.
    public var showsDuration: Bool
    /// Whether destination and zone are shown.
    public var showsPlace: Bool
    /// Whether the time of day is shown (the date always is).
    public var showsTime: Bool
    /// `protected: <label>` replaces the number when set.
    public var protectedLabel: String?

    /// Everything shown as stored.
    public static let full = CallPrivacy(package: PrivacyPackage.standardName, number: .show, showsDuration: true,
                                         showsPlace: true, showsTime: true, protectedLabel: nil)

    /// Whether the call is shown as stored.
    public var isFull: Bool {
        number == .show && showsDuration && showsPlace && showsTime && protectedLabel == nil
    }
}

/// Applies the privacy policy to what the query layer returns (P2, P4, P6): the same for every
/// viewer — the call's owner and the database owner included — except for fields an approved
/// unlock (``PrivacyUnlocks``) lifts.
final class PrivacyView {
    let policy: PrivacyPolicy
    let unlocks: any PrivacyUnlocks
    let principal: Principal
    private let chart: () -> OrgChart
    private var ownershipCache: CallOwnership??
    /// Categories every package in use shows in full (no owner lookup for them).
    let fullCategories: Set<CallCategory>

    init(policy: PrivacyPolicy, unlocks: any PrivacyUnlocks, principal: Principal, chart: @escaping () -> OrgChart) {
        self.policy = policy
        self.unlocks = unlocks
        self.principal = principal
        self.chart = chart
        fullCategories = Set(CallCategory.allCases.filter { policy.showsEverythingEverywhere(of: $0) })
    }

    /// Whether a call of `category`, protected or not, is certainly shown in full (the fast path).
    @inline(__always)
    func isCertainlyFull(category: CallCategory, isProtected: Bool) -> Bool {
        !isProtected && fullCategories.contains(category)
    }

    private func ownership() throws -> CallOwnership? {
        if let cached = ownershipCache { return cached }
        let loaded = try CallOwnership(chart: chart())
        ownershipCache = .some(loaded)
        return loaded
    }

    /// How `stored` is shown.
    func privacy(of stored: StoredCall) throws -> CallPrivacy {
        let call = stored.call
        let category = stored.category
        let protectedClass = stored.protectedClass.flatMap { $0.isEmpty ? nil : $0 }
        if protectedClass == nil, fullCategories.contains(category) { return .full }
        var owner: Int64?
        var package = policy.defaultPackage
        if let ownership = try ownership() {
            owner = ownership.owner(pin: call.parties.pin, accountCode: call.parties.accountCode,
                                    extensionKey: call.pricing?.extensionKey ?? "", device: call.device, startMs: call.startMs)
            package = policy.package(participantKey: owner.flatMap(ownership.employeeID(of:)),
                                     nodePath: owner.flatMap { ownership.nodePath(of: $0, atMs: call.startMs) },
                                     atMs: call.startMs)
        }
        // An unlock never reveals anything of a protected call (P4): it is not even asked.
        let unlocked = protectedClass == nil ? unlocks.unlockedFields(for: principal, owner: owner, startMs: call.startMs) : []
        func shows(_ field: PrivacyField) -> Bool {
            unlocked.contains(field) || package.action(category, field) == .show
        }
        var number = package.action(category, .number)
        if number == .delete || unlocked.contains(.number) { number = number == .delete ? .hide : .show }
        var result = CallPrivacy(package: package.name, number: number, showsDuration: shows(.duration),
                                 showsPlace: shows(.place), showsTime: shows(.time), protectedLabel: nil)
        if let protectedClass {
            // Protected numbers are never unlocked; time and duration as the class says.
            let found = policy.protected.protectedClass(named: protectedClass)
            let remoteCategory = call.pricing?.remoteCategory ?? ""
            result.protectedLabel = found?.label ?? protectedClass
            result.number = .hide
            result.showsDuration = result.showsDuration && (found?.duration ?? .hidden).shows(remoteCategory: remoteCategory)
            result.showsTime = result.showsTime && (found?.time ?? .hidden).shows(remoteCategory: remoteCategory)
        }
        return result
    }

    /// `stored` as `privacy` shows it, for the typed API: numbers masked (or `protected: label`,
    /// or empty when hidden), hidden durations 0 (answer `nil`, end = start), hidden times at the
    /// day's midnight (UTC), hidden places empty.
    static func apply(_ privacy: CallPrivacy, to stored: StoredCall) -> StoredCall {
        guard !privacy.isFull else { return stored }
        var result = stored
        var call = stored.call
        let local = call.parties.extension
        let localE164 = call.pricing?.localE164 ?? ""
        var others: [String] = []
        func transform(_ value: String, isLocal: Bool) -> String {
            guard !value.isEmpty, !isLocal else { return value }
            others.append(value)
            switch privacy.number {
            case .show: return value
            case let .mask(digits): return NumberMasking.mask(value, lastDigits: digits)
            case .hide, .delete: return ""
            }
        }
        for path in [\CallParties.calling, \.called, \.originalCalled, \.connected, \.redirecting, \.remote] {
            call.parties[keyPath: path] = transform(call.parties[keyPath: path], isLocal: call.parties[keyPath: path] == local)
        }
        if var pricing = call.pricing {
            pricing.remoteE164 = transform(pricing.remoteE164, isLocal: pricing.remoteE164 == localE164)
            for path in [\PartyNumbers.calling, \.called, \.originalCalled, \.connected, \.redirecting] {
                let e164 = pricing.numbers[keyPath: path].e164
                pricing.numbers[keyPath: path].e164 = transform(e164, isLocal: e164 == localE164)
            }
            if !privacy.showsPlace {
                pricing.destination = ""
                pricing.zone = ""
            }
            call.pricing = pricing
        }
        if let label = privacy.protectedLabel {
            call.parties.remote = "protected: " + label
            switch call.direction {
            case .incoming: call.parties.calling = call.parties.remote
            default: call.parties.called = call.parties.remote
            }
        }
        if privacy.number != .show || privacy.protectedLabel != nil {
            let replace: (String) -> String = { digits in
                if case let .mask(count) = privacy.number, privacy.protectedLabel == nil {
                    return NumberMasking.mask(digits, lastDigits: count)
                }
                return ""
            }
            call.extra = call.extra.map { VendorField(key: $0.key, value: NumberScrubbing.replacing(others, in: $0.value, with: replace)) }
            call.causeText = NumberScrubbing.replacing(others, in: call.causeText, with: replace)
        }
        if !privacy.showsDuration {
            call.ringMs = 0
            call.talkMs = 0
            call.answerMs = nil
            call.endMs = call.startMs
        }
        if !privacy.showsTime {
            let shift = ((call.startMs % 86_400_000) + 86_400_000) % 86_400_000
            call.startMs -= shift
            call.endMs -= shift
            call.answerMs = call.answerMs.map { $0 - shift }
        }
        result.call = call
        return result
    }

    /// The listing values of a call shown per `privacy` (from the masked call of ``apply(_:to:)``):
    /// hidden fields are `null`, a hidden time of day leaves the start's date.
    static func listingValues(of masked: StoredCall, privacy: CallPrivacy) -> [FieldValue] {
        var values = CallListing.values(of: masked)
        guard !privacy.isFull else { return values }
        func set(_ name: String, _ value: FieldValue) {
            if let index = CallListing.fields.firstIndex(of: name) { values[index] = value }
        }
        if !privacy.showsDuration {
            for name in ["answer", "end", "ring_seconds", "talk_seconds"] { set(name, .null) }
        }
        if !privacy.showsTime {
            set("start", .text(String(UTCTimestamp.iso8601(milliseconds: masked.call.startMs).prefix(10))))
            for name in ["answer", "end"] { set(name, .null) }
        }
        if !privacy.showsPlace {
            for name in ["zone", "destination"] { set(name, .null) }
        }
        return values
    }
}
