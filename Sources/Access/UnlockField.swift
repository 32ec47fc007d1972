import Foundation

/// What a four-eyes unlock can reveal beyond a person's privacy package (privacy P9). The raw
/// values are the names of `tollbook unlock request --fields` and of the `unlocks.fields` column.
public enum UnlockField: String, Sendable, CaseIterable, Comparable {
    /// The full external number of the subject's calls (never a protected number's).
    case number
    /// The duration of calls whose package hides or rounds it.
    case duration
    /// The place (destination) of calls whose package hides it.
    case place
    /// The time of day of calls whose package hides it.
    case time
    /// Aggregate cells below the minimum group size that contain the subject.
    case belowK = "below_k"
    /// The subject's per-person call list (the requester still needs the subject in scope).
    case personList = "person_list"

    /// Orders fields by name.
    public static func < (lhs: UnlockField, rhs: UnlockField) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Reads a comma-separated list (`number,duration`).
    /// - Throws: ``UnlockError/unknownField(_:)`` naming the first unknown name; ``UnlockError/noFields`` when empty.
    public static func parseList(_ text: String) throws -> [UnlockField] {
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !names.isEmpty else { throw UnlockError.noFields }
        let fields = try names.map { name -> UnlockField in
            guard let field = UnlockField(rawValue: name) else { throw UnlockError.unknownField(name) }
            return field
        }
        return Array(Set(fields)).sorted()
    }
}
