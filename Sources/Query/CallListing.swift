import Store
import TollbookCore

/// The fields of `tollbook calls` (and of every call export): their stable names and the
/// reference rendering of a stored leg as ``FieldValue``s. ``CallListingWriter`` writes the same
/// bytes for JSON, JSON lines and CSV without building these values.
public enum CallListing {
    /// The stable field names, in output order.
    public static let fields = [
        "id", "source", "connector", "vendor_record_id", "correlation_id", "start", "answer", "end", "ring_seconds",
        "talk_seconds", "direction", "disposition", "calling", "called", "original_called", "connected",
        "redirecting", "extension", "remote", "trunk", "device", "hunt_group", "account_code", "project_code",
        "cause", "cause_text", "charge_units", "charge_minor", "charge_currency", "leg_kind", "flags",
        "remote_e164", "remote_category", "rating_status", "pricing", "cost", "cost_minor", "currency", "provider", "zone",
        "destination", "unrated_reason", "extension_key", "local_e164", "calling_e164", "calling_category",
        "called_e164", "called_category", "original_called_e164", "original_called_category", "connected_e164",
        "connected_category", "redirecting_e164", "redirecting_category",
        "remote_device", "pin", "source_offset", "source_length", "extra", "tariff_version", "bands", "increments",
        "previous_cost_minor", "category", "protected_class",
    ]

    /// The values of `stored`, in the order of ``fields``.
    public static func values(of stored: StoredCall) -> [FieldValue] {
        let call = stored.call
        let parties = call.parties
        func text(_ value: String) -> FieldValue { .text(value) }
        return [
            .integer(stored.id), text(stored.source), text(stored.connector), text(call.vendorRecordID),
            text(call.correlationID), text(UTCTimestamp.iso8601(milliseconds: call.startMs)),
            call.answerMs.map { text(UTCTimestamp.iso8601(milliseconds: $0)) } ?? .null,
            text(UTCTimestamp.iso8601(milliseconds: call.endMs)), .seconds(call.ringMs), .seconds(call.talkMs),
            text(call.direction.rawValue), text(call.disposition.rawValue), text(parties.calling), text(parties.called),
            text(parties.originalCalled), text(parties.connected), text(parties.redirecting), text(parties.extension),
            text(parties.remote), text(call.trunk), text(call.device), text(call.huntGroup), text(parties.accountCode),
            text(parties.projectCode), call.cause.map(FieldValue.integer) ?? .null, text(call.causeText),
            call.chargeUnits.map(FieldValue.integer) ?? .null, call.chargeMinor.map(FieldValue.integer) ?? .null,
            text(call.chargeCurrency), text(call.legKind.rawValue), .list(call.flags.names),
        ] + pricingValues(call.pricing) + [
            text(call.remoteDevice), text(parties.pin), .integer(Int64(call.sourceOffset)), .integer(Int64(call.sourceLength)),
            .object(call.extra.map { (key: $0.key, value: $0.value) }),
            call.pricing.map { $0.tariffVersion.isEmpty ? .null : .text($0.tariffVersion) } ?? .null,
            call.pricing.map { $0.bands.isEmpty ? .null : .text($0.bands) } ?? .null,
            call.pricing.map { $0.increments.isEmpty ? .null : .text($0.increments) } ?? .null,
            call.pricing?.previousCostMinor.map(FieldValue.integer) ?? .null,
            text(stored.category.rawValue), stored.protectedClass.map(FieldValue.text) ?? .null,
        ]
    }

    /// The pricing fields: `null` while the call was not rated.
    public static func pricingValues(_ pricing: CallPricing?) -> [FieldValue] {
        guard let pricing else { return Array(repeating: .null, count: 23) }
        func text(_ value: String) -> FieldValue { value.isEmpty ? .null : .text(value) }
        let numbers = pricing.numbers
        return [
            text(pricing.remoteE164), text(pricing.remoteCategory), .text(pricing.status.rawValue),
            .text(pricing.pricing.rawValue),
            pricing.costMinor.map { .text(MoneyFormat.decimal(minor: $0, currency: pricing.currency)) } ?? .null,
            pricing.costMinor.map(FieldValue.integer) ?? .null, text(pricing.currency), text(pricing.provider),
            text(pricing.zone), text(pricing.destination), text(pricing.unratedReason), text(pricing.extensionKey),
            text(pricing.localE164),
        ] + [numbers.calling, numbers.called, numbers.originalCalled, numbers.connected, numbers.redirecting]
            .flatMap { [text($0.e164), text($0.category)] }
    }

}
