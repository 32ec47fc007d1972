/// The `robust.*` checks: hostile input must give rejects, never a crash, hang, error or bogus record.
enum RobustnessChecks {
    /// One input of a robustness check.
    struct Input {
        /// Says which input it is, for the report and for replay ("cdr.txt mutant 3").
        var name: String
        var bytes: [UInt8]
    }

    /// The base inputs: the corpus files, or four seeded synthetic text files without a corpus.
    static func bases(_ corpus: Corpus, _ generator: inout SplitMix64) -> [Input] {
        if !corpus.isEmpty { return corpus.files.map { Input(name: $0.name, bytes: $0.bytes) } }
        return (1...4).map { Input(name: "synthetic text \($0)", bytes: SyntheticInput.lines(&generator, bytes: 16 << 10)) }
    }

    /// Builds the inputs of check `id`.
    static func inputs(for id: CheckID, corpus: Corpus, generator: inout SplitMix64) -> [Input] {
        switch id {
        case .robustEmpty:
            return [Input(name: "empty input", bytes: [])]
        case .robustRandomBytes:
            let sample = corpus.files.flatMap(\.bytes)
            return [
                Input(name: "1 MiB of uniform random bytes", bytes: generator.bytes(1 << 20)),
                Input(name: "1 MiB of random bytes of the corpus alphabet", bytes: SyntheticInput.sameAlphabet(as: sample, &generator, count: 1 << 20)),
                Input(name: "1 MiB of spliced lines", bytes: SyntheticInput.splicedLines(of: corpus.files.map(\.bytes), &generator, count: 1 << 20)),
            ]
        case .robustTruncated:
            var mutator = Mutator(generator: SplitMix64(seed: generator.next()))
            return bases(corpus, &generator).flatMap { base in
                (1...8).map { Input(name: "\(base.name) truncated #\($0)", bytes: mutator.truncate(base.bytes)) }
            }
        case .robustMutated:
            var mutator = Mutator(generator: SplitMix64(seed: generator.next()))
            return bases(corpus, &generator).flatMap { base in
                (1...24).map { Input(name: "\(base.name) mutant #\($0)", bytes: mutator.mutate(base.bytes)) }
            }
        case .robustOverlongFields:
            var inputs = bases(corpus, &generator).prefix(8).flatMap { base in
                (1...2).map { index in
                    var bytes = base.bytes
                    let fill = UInt8(ascii: index == 1 ? "9" : "A")
                    bytes.insert(contentsOf: [UInt8](repeating: fill, count: 64 << 10),
                                 at: fieldBoundary(in: bytes, &generator))
                    return Input(name: "\(base.name) with a 64 KiB field #\(index)", bytes: bytes)
                }
            }
            inputs.append(Input(name: "one 1 MiB line of digits", bytes: [UInt8](repeating: UInt8(ascii: "7"), count: 1 << 20)))
            inputs.append(Input(name: "one 1 MiB field between separators",
                                bytes: Array("a|b,c;".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20) + Array("|,;\n".utf8)))
            return inputs
        case .robustInvalidUTF8:
            return bases(corpus, &generator).flatMap { base in
                (1...4).map { index in
                    var bytes = base.bytes
                    for _ in 0..<8 {
                        let sequence = SyntheticInput.invalidUTF8[generator.int(in: 0...(SyntheticInput.invalidUTF8.count - 1))]
                        bytes.insert(contentsOf: sequence, at: generator.int(in: 0...bytes.count))
                    }
                    return Input(name: "\(base.name) with invalid UTF-8 #\(index)", bytes: bytes)
                }
            }
        default:
            return []
        }
    }

    /// A seeded position just after a separator byte (or anywhere, if there is none).
    private static func fieldBoundary(in bytes: [UInt8], _ generator: inout SplitMix64) -> Int {
        guard !bytes.isEmpty else { return 0 }
        let separators = Set(",|;\t\"<>=".utf8)
        let start = generator.int(in: 0...(bytes.count - 1))
        if let index = bytes[start...].firstIndex(where: separators.contains) { return index + 1 }
        return start
    }

    /// Runs check `id`: every input fed in seeded random chunks; the first finding fails it.
    static func run(_ id: CheckID, _ run: ParseRun, corpus: Corpus, generator: SplitMix64) -> CheckResult {
        var generator = generator
        let inputs = inputs(for: id, corpus: corpus, generator: &generator)
        var records = 0, rejects = 0, bytes = 0
        var invalidText: (first: String, count: Int)?
        for input in inputs {
            ProgressNote.write("\(id.rawValue): \(input.name)")
            let plan: ChunkPlan = input.bytes.count > 256 << 10 ? .random(seed: generator.next(), maximum: 64 << 10)
                : .random(seed: generator.next(), maximum: 4096)
            let outcome = run.parse(input.bytes, name: input.name, plan: plan)
            if let finding = finding(in: outcome, size: input.bytes.count) {
                return CheckResult(id: id, status: .failed, detail: "\(input.name): \(finding)")
            }
            if let invalid = outcome.invalidTextFields.first {
                let first = invalidText?.first ?? "\(input.name): record at offset \(invalid.recordOffset): \(invalid.field)"
                invalidText = (first, (invalidText?.count ?? 0) + outcome.invalidTextFields.count)
            }
            records += outcome.records.count
            rejects += outcome.rejects.count
            bytes += input.bytes.count
        }
        if id == .robustEmpty { return emptyResult(run) }
        if let invalidText {
            return CheckResult(id: id, status: .warning,
                               detail: "\(inputs.count) inputs: no error or violation, but \(invalidText.count) record strings are not valid UTF-8 (the ABI asks for UTF-8; the host repairs it), first: \(invalidText.first)")
        }
        return CheckResult(id: id, status: .passed,
                           detail: "\(inputs.count) inputs (\(bytes) bytes): \(records) records, \(rejects) rejects; no error, violation or bogus record")
    }

    /// What is wrong with the output of hostile input, if anything. Invalid UTF-8 in record
    /// strings is not a failure here (the header lets the host repair it): ``run`` makes it a warning.
    static func finding(in outcome: ParseOutcome, size: Int) -> String? {
        if let error = outcome.error { return "parsing failed instead of rejecting: \(error)" }
        if let violation = outcome.violations.first {
            return "bogus output at offset \(violation.sourceOffset): \(violation.message)"
        }
        if let problem = ByteAccounting.problem(in: outcome, size: size) { return problem }
        return nil
    }

    /// `robust.empty` also feeds a zero-length chunk before the end, and expects no record.
    private static func emptyResult(_ run: ParseRun) -> CheckResult {
        var outcome = ParseOutcome()
        do {
            let session = try run.makeSession(sourceName: "empty")
            try session.feed(UnsafeRawBufferPointer(start: nil, count: 0))
            try session.finish()
            ParseRun.collect(session.takeOutput(), into: &outcome)
        } catch {
            return CheckResult(id: .robustEmpty, status: .failed, detail: "a zero-length feed then the end failed: \(error)")
        }
        if !outcome.records.isEmpty || !outcome.rejects.isEmpty || !outcome.skippedSpans.isEmpty {
            return CheckResult(id: .robustEmpty, status: .failed, detail: "empty input gave output: \(outcome.summary)")
        }
        return CheckResult(id: .robustEmpty, status: .passed, detail: "empty input and a zero-length feed give no output and no error")
    }
}
