import Store

/// What ``OrgChart/assign(_:_:to:fromMs:toMs:nowMs:)`` did.
public enum AssignmentOutcome: Sendable, Equatable {
    /// The participant already owned the classifier for the whole period.
    case unchanged
    /// The classifier was assigned; `endedOwner` is the participant whose open assignment ended at the start.
    case assigned(endedOwner: Int64?)
}

extension OrgChart {
    /// Checks a classifier value: not empty; extensions as `<site>/<extension>`.
    public static func validate(_ kind: ClassifierKind, _ value: String) throws {
        guard !value.isEmpty, value.trimmingSpaces == value else {
            throw OrgError.invalidClassifier(kind: kind, value: value, reason: "it is empty or has surrounding spaces")
        }
        if kind == .extension {
            let parts = value.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw OrgError.invalidClassifier(kind: kind, value: value,
                                                 reason: "write extensions as <site>/<extension>, e.g. berlin/2001")
            }
        }
    }

    /// Every classifier, ordered by kind and value.
    public func classifiers() throws -> [Classifier] {
        try store.orgClassifiers().compactMap { row in
            ClassifierKind(rawValue: row.kind).map { Classifier(id: row.id, kind: $0, value: row.value) }
        }
    }

    /// Every assignment, ordered by classifier and start.
    public func assignments() throws -> [OrgPeriod] {
        try store.orgAssignments(.all).map(OrgPeriod.init(row:))
    }

    /// The assignments of one participant.
    public func assignments(ofParticipant id: Int64) throws -> [OrgPeriod] {
        try store.orgAssignments(.participant(id)).map(OrgPeriod.init(row:))
    }

    /// The assignments of one classifier, oldest first.
    public func assignments(ofClassifier id: Int64) throws -> [OrgPeriod] {
        try store.orgAssignments(.classifier(id)).map(OrgPeriod.init(row:))
    }

    /// The id of classifier (`kind`, `value`), created when missing (and `create` is set).
    public func classifierID(_ kind: ClassifierKind, _ value: String, create: Bool, nowMs: Int64) throws -> Int64? {
        if let id = try store.orgClassifierID(kind: kind.rawValue, value: value) { return id }
        guard create else { return nil }
        return try store.write { transaction in
            try transaction.insertClassifier(kind: kind.rawValue, value: value, createdMs: nowMs)
        }
    }

    /// Assigns a classifier to participant `participantID` for `[fromMs, toMs)`; calls from `fromMs`
    /// on are allocated to them, earlier calls stay where they were.
    ///
    /// Reassignment: an open assignment of someone else that started before `fromMs` ends at
    /// `fromMs`; one starting exactly at `fromMs` is handed over. The participant's own open
    /// assignment that starts later is extended back to `fromMs` (backdating) when nobody else had
    /// the classifier in between. Any other overlap is refused.
    /// - Throws: ``OrgError/overlappingAssignment(kind:value:from:)``, ``OrgError/emptyPeriod(from:to:)``,
    ///   ``OrgError/invalidClassifier(kind:value:reason:)``.
    @discardableResult
    public func assign(_ kind: ClassifierKind, _ value: String, to participantID: Int64, fromMs: Int64, toMs: Int64? = nil,
                       nowMs: Int64) throws -> AssignmentOutcome {
        try Self.validate(kind, value)
        if let toMs, toMs <= fromMs { throw OrgError.emptyPeriod(from: clock.text(fromMs), to: clock.text(toMs)) }
        return try store.write { transaction in
            try assign(kind, value, to: participantID, fromMs: fromMs, toMs: toMs, nowMs: nowMs, in: transaction)
        }
    }

    private func assign(_ kind: ClassifierKind, _ value: String, to participantID: Int64, fromMs: Int64, toMs: Int64?,
                        nowMs: Int64, in transaction: StoreTransaction) throws -> AssignmentOutcome {
        guard let id = try classifierID(kind, value, create: true, nowMs: nowMs) else { return .unchanged }
        let existing = try assignments(ofClassifier: id).filter { $0.overlaps(from: fromMs, to: toMs) }
        if existing.count == 1, let only = existing.first, only.participantID == participantID, only.fromMs <= fromMs,
           (only.toMs ?? .max) >= (toMs ?? .max) {
            return .unchanged
        }
        // Backdated: the participant's own open assignment starts later and nobody else had the
        // classifier in between: it is extended back.
        if existing.count == 1, let only = existing.first, only.participantID == participantID, only.toMs == nil,
           toMs == nil, only.fromMs > fromMs {
            try transaction.setAssignmentStart(id: only.id, fromMs: fromMs)
            return .assigned(endedOwner: nil)
        }
        var endedOwner: Int64?
        for period in existing {
            if period.toMs == nil, period.fromMs < fromMs, toMs == nil {
                try transaction.endAssignment(id: period.id, atMs: fromMs)
                endedOwner = period.participantID
            } else if period.toMs == nil, period.fromMs == fromMs, existing.count == 1 {
                try transaction.handOverAssignment(id: period.id, to: participantID, toMs: toMs)
                return .assigned(endedOwner: period.participantID)
            } else {
                throw OrgError.overlappingAssignment(kind: kind, value: value, from: clock.text(fromMs))
            }
        }
        try transaction.insertAssignment(classifierID: id, participantID: participantID, fromMs: fromMs, toMs: toMs)
        return .assigned(endedOwner: endedOwner)
    }

    /// Ends the current assignment of a classifier at `atMs`; from then on its calls go to "Other".
    /// - Returns: the participant whose assignment ended.
    /// - Throws: ``OrgError/notAssigned(kind:value:)``, ``OrgError/historyConflict(_:)``.
    @discardableResult
    public func endAssignment(_ kind: ClassifierKind, _ value: String, atMs: Int64) throws -> Int64 {
        try store.write { transaction in try endAssignment(kind, value, atMs: atMs, in: transaction) }
    }

    private func endAssignment(_ kind: ClassifierKind, _ value: String, atMs: Int64, in transaction: StoreTransaction) throws -> Int64 {
        guard let id = try classifierID(kind, value, create: false, nowMs: 0),
              let open = try assignments(ofClassifier: id).last(where: { $0.toMs == nil })
        else { throw OrgError.notAssigned(kind: kind, value: value) }
        guard atMs >= open.fromMs else {
            throw OrgError.historyConflict(
                "\(kind.rawValue) \(value) is assigned from \(clock.text(open.fromMs)); the end must be after that")
        }
        if atMs == open.fromMs {
            // Ended the moment it starts (a same-day correction): it never took effect.
            try transaction.deleteAssignment(id: open.id)
        } else {
            try transaction.endAssignment(id: open.id, atMs: atMs)
        }
        return open.participantID
    }
}
