import Access
import Store
import TollbookCore

/// INTERIM (stream wt-p4, until wt-p1's privacy packages are merged; the lead then deletes this
/// file and calls ``UnlockGrants/grant(revealing:owner:startMs:)`` from wt-p1's masking): the seed's
/// default package for the one field four-eyes unlocks are tested on — the external number of
/// `private` and `pin` calls shown with its last five digits masked (`+4930123XXXXX`), to every
/// reader, unless an approved unlock of the reader reveals `number` for the call's owner and start.
struct InterimPackageMask {
    /// Masked trailing digits of private and PIN numbers.
    static let maskedDigits = 5

    /// Whether calls of `category` have their numbers masked.
    @inline(__always)
    static func masks(_ category: CallCategory) -> Bool { category == .private || category == .pin }

    /// Whether a row whose category column holds `bytes` has its numbers masked (no value built).
    @inline(__always)
    static func masks(categoryBytes bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.elementsEqual("private".utf8) || bytes.elementsEqual("pin".utf8)
    }

    /// `stored` as the reader may see it (owner `owner`), and the grant that revealed it, if one did.
    static func present(_ stored: StoredCall, owner: Int64?, grants: UnlockGrants) -> (StoredCall, UnlockGrants.Grant?) {
        guard masks(stored.category) else { return (stored, nil) }
        if stored.protectedClass == nil,
           let grant = grants.grant(revealing: .number, owner: owner, startMs: stored.call.startMs) {
            return (stored, grant)
        }
        var masked = stored
        let parties = stored.call.parties
        let own: Set<String> = [parties.extension, stored.call.pricing?.localE164 ?? ""]
        func hide(_ value: inout String) {
            if !value.isEmpty && !own.contains(value) { value = mask(value) }
        }
        hide(&masked.call.parties.calling)
        hide(&masked.call.parties.called)
        hide(&masked.call.parties.originalCalled)
        hide(&masked.call.parties.connected)
        hide(&masked.call.parties.redirecting)
        hide(&masked.call.parties.remote)
        if var pricing = masked.call.pricing {
            hide(&pricing.remoteE164)
            hide(&pricing.numbers.calling.e164)
            hide(&pricing.numbers.called.e164)
            hide(&pricing.numbers.originalCalled.e164)
            hide(&pricing.numbers.connected.e164)
            hide(&pricing.numbers.redirecting.e164)
            masked.call.pricing = pricing
        }
        return (masked, nil)
    }

    /// `text` with its last ``maskedDigits`` digits replaced by `X` (length kept).
    static func mask(_ text: String) -> String {
        var characters = Array(text)
        var remaining = maskedDigits
        var index = characters.count - 1
        while index >= 0 && remaining > 0 {
            if characters[index].isASCII && characters[index].isNumber {
                characters[index] = "X"
                remaining -= 1
            }
            index -= 1
        }
        return String(characters)
    }
}
