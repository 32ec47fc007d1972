import Host

/// The `corpus.*` checks: correctness on valid sample files.
enum CorpusChecks {
    /// Largest input fed in 1-byte chunks: longer files are cut to their first 64 KiB, at the
    /// last line break inside them (documented in `docs/certification.md`).
    static let oneByteLimit = 64 << 10

    /// `corpus.chunking`: whole vs 1-byte, 7-byte, 4093-byte and two seeded random chunkings.
    static func chunking(_ run: ParseRun, corpus: Corpus, generator: SplitMix64) -> CheckResult {
        var generator = generator
        var compared = 0
        for file in corpus.files {
            let input = cappedForOneByte(file.bytes)
            let plans: [ChunkPlan] = [.fixed(1), .fixed(7), .fixed(4093),
                                      .random(seed: generator.next(), maximum: 64), .random(seed: generator.next(), maximum: 8192)]
            ProgressNote.write("\(file.name): whole")
            let whole = run.parse(input, name: file.name)
            for plan in plans {
                ProgressNote.write("\(file.name): \(plan) chunks")
                let chunked = run.parse(input, name: file.name, plan: plan)
                if let difference = OutcomeComparison.difference(whole, chunked) {
                    let cut = input.count < file.bytes.count ? " (first \(input.count) bytes)" : ""
                    return CheckResult(id: .corpusChunking, status: .failed,
                                       detail: "\(file.name)\(cut): \(plan) chunks differ from whole input: \(difference)")
                }
                compared += 1
            }
        }
        return CheckResult(id: .corpusChunking, status: .passed,
                           detail: "\(corpus.files.count) files identical in whole, 1-byte, 7-byte, 4093-byte and 2 random chunkings (\(compared) comparisons)")
    }

    /// The input for chunking comparisons: the file, or its first 64 KiB cut at a line break.
    static func cappedForOneByte(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count > oneByteLimit else { return bytes }
        let prefix = bytes[0..<oneByteLimit]
        if let newline = prefix.lastIndex(of: UInt8(ascii: "\n")) { return Array(bytes[0...newline]) }
        return Array(prefix)
    }

    /// `corpus.determinism`: two runs in a row, then two parsers alive at once fed alternately
    /// (compared with one parser fed the same chunks).
    static func determinism(_ run: ParseRun, corpus: Corpus) -> CheckResult {
        for file in corpus.files {
            ProgressNote.write("\(file.name): repeated runs")
            let first = run.parse(file.bytes, name: file.name)
            let second = run.parse(file.bytes, name: file.name)
            if let difference = OutcomeComparison.difference(first, second) {
                return CheckResult(id: .corpusDeterminism, status: .failed, detail: "\(file.name): a second run differs: \(difference)")
            }
            ProgressNote.write("\(file.name): two parsers at once")
            // Compared with one parser fed the same 512-byte chunks, so that a chunking defect
            // shows in corpus.chunking only.
            let alone = run.parse(file.bytes, name: file.name, plan: .fixed(512))
            let (a, b) = interleaved(run, file)
            for (label, outcome) in [("first", a), ("second", b)] {
                if let difference = OutcomeComparison.difference(alone, outcome) {
                    return CheckResult(id: .corpusDeterminism, status: .failed,
                                       detail: "\(file.name): the \(label) of two parsers fed alternately differs (shared state?): \(difference)")
                }
            }
        }
        return CheckResult(id: .corpusDeterminism, status: .passed,
                           detail: "\(corpus.files.count) files identical over two runs and with two parsers fed alternately")
    }

    /// Two parsers of the same file, fed alternately in 512-byte chunks.
    private static func interleaved(_ run: ParseRun, _ file: Corpus.File) -> (ParseOutcome, ParseOutcome) {
        var outcomes = [ParseOutcome(), ParseOutcome()]
        let sessions: [ParserSession]
        do {
            sessions = [try run.makeSession(sourceName: file.name), try run.makeSession(sourceName: file.name)]
        } catch {
            outcomes[0].error = "create failed: \(error)"
            return (outcomes[0], outcomes[0])
        }
        let sizes = ChunkPlan.fixed(512).sizes(for: file.bytes.count)
        file.bytes.withUnsafeBytes { buffer in
            var position = 0
            for size in sizes {
                let chunk = UnsafeRawBufferPointer(rebasing: buffer[position..<position + size])
                for which in 0..<2 where outcomes[which].error == nil {
                    do { try sessions[which].feed(chunk) } catch { outcomes[which].error = "\(error)" }
                    ParseRun.collect(sessions[which].takeOutput(), into: &outcomes[which])
                }
                position += size
            }
            for which in 0..<2 where outcomes[which].error == nil {
                do { try sessions[which].finish() } catch { outcomes[which].error = "\(error)" }
                ParseRun.collect(sessions[which].takeOutput(), into: &outcomes[which])
            }
        }
        return (outcomes[0], outcomes[1])
    }

    /// `corpus.byte_accounting`.
    static func byteAccounting(_ run: ParseRun, corpus: Corpus) -> CheckResult {
        var records = 0, rejects = 0, skipped = 0
        for file in corpus.files {
            ProgressNote.write("\(file.name): whole")
            let outcome = run.parse(file.bytes, name: file.name)
            if let error = outcome.error {
                return CheckResult(id: .corpusByteAccounting, status: .failed, detail: "\(file.name): \(error)")
            }
            if let problem = ByteAccounting.problem(in: outcome, size: file.bytes.count) {
                return CheckResult(id: .corpusByteAccounting, status: .failed, detail: "\(file.name): \(problem)")
            }
            records += outcome.records.count
            rejects += outcome.rejects.count
            skipped += outcome.skippedSpans.count
        }
        return CheckResult(id: .corpusByteAccounting, status: .passed,
                           detail: "\(corpus.byteCount) bytes in \(corpus.files.count) files accounted for: \(records) records, \(rejects) rejects, \(skipped) skipped spans")
    }

    /// `corpus.field_sanity`.
    static func fieldSanity(_ run: ParseRun, corpus: Corpus) -> CheckResult {
        var records = 0
        for file in corpus.files {
            ProgressNote.write("\(file.name): whole")
            let outcome = run.parse(file.bytes, name: file.name)
            if let violation = outcome.violations.first {
                return CheckResult(id: .corpusFieldSanity, status: .failed,
                                   detail: "\(file.name): the host refused a record at offset \(violation.sourceOffset): \(violation.message)")
            }
            if let (message, count) = FieldSanity.firstProblem(in: outcome, fileName: file.name, timeZone: run.timeZone) {
                return CheckResult(id: .corpusFieldSanity, status: .failed, detail: "\(message) (\(count) records with problems in this file)")
            }
            records += outcome.records.count
        }
        return CheckResult(id: .corpusFieldSanity, status: .passed,
                           detail: "\(records) records: times ordered, dates plausible, numbers in the allowed alphabet, UTF-8 valid")
    }
}
