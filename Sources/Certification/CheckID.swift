/// The stable ids of the certification checks, in the order they run. Ids never change meaning;
/// new checks get new ids. See `docs/certification.md`.
public enum CheckID: String, CaseIterable, Sendable, Codable {
    /// The file loads with `RTLD_NOW | RTLD_LOCAL` and exports `tollbook_plugin_entry`, which returns a descriptor.
    case loadEntrySymbol = "load.entry_symbol"
    /// The descriptor starts with `TB_ABI_MAGIC`.
    case loadMagic = "load.magic"
    /// ABI major equals the host's; the minimum host minor is not newer than the host's.
    case loadABIVersion = "load.abi_version"
    /// The descriptor's `struct_size` is a plausible size for its ABI version.
    case loadStructSizes = "load.struct_sizes"
    /// Identity strings, formats, reserved fields, function pointers, probe.
    case loadDescriptor = "load.descriptor"
    /// The options schema is a structurally valid JSON Schema of an object.
    case loadOptionsSchema = "load.options_schema"
    /// Options that break the schema make `create` fail with a message.
    case loadInvalidOptions = "load.invalid_options"
    /// A thousand create / destroy cycles.
    case loadCreateDestroy = "load.create_destroy"
    /// Corpus output is identical for whole, 1-byte, prime-sized and random chunks.
    case corpusChunking = "corpus.chunking"
    /// Corpus output is identical across runs and with two parsers alive at once.
    case corpusDeterminism = "corpus.determinism"
    /// Every corpus byte is in exactly one record, reject or skipped span.
    case corpusByteAccounting = "corpus.byte_accounting"
    /// Corpus records have ordered times, plausible dates, numbers in the allowed alphabet, UTF-8.
    case corpusFieldSanity = "corpus.field_sanity"
    /// Empty input.
    case robustEmpty = "robust.empty"
    /// Megabytes of seeded random bytes.
    case robustRandomBytes = "robust.random_bytes"
    /// Corpus files cut at seeded positions.
    case robustTruncated = "robust.truncated"
    /// Corpus files with seeded mutations.
    case robustMutated = "robust.mutated"
    /// Corpus lines with fields blown up to tens of kilobytes, and a megabyte-long line.
    case robustOverlongFields = "robust.overlong_fields"
    /// Corpus files with invalid UTF-8 sequences inserted.
    case robustInvalidUTF8 = "robust.invalid_utf8"
    /// Resident memory does not grow over repeated runs.
    case resourcesMemoryGrowth = "resources.memory_growth"
    /// No file descriptor or thread is left after destroy.
    case resourcesFDThreadLeak = "resources.fd_thread_leak"
    /// Time per megabyte and peak memory; a throughput below the floor is a warning.
    case resourcesThroughput = "resources.throughput"

    /// The checks whose id equals `selector` or starts with `selector.` (e.g. `robust`).
    /// - Throws: ``CertificationError/unknownCheck(_:)`` when none matches.
    public static func matching(_ selector: String) throws -> [CheckID] {
        let found = allCases.filter { $0.rawValue == selector || $0.rawValue.hasPrefix(selector + ".") }
        guard !found.isEmpty else { throw CertificationError.unknownCheck(selector) }
        return found
    }

    /// Whether the check needs a loadable plugin (every check after the load checks that inspect
    /// the raw descriptor).
    var needsLoadedPlugin: Bool {
        switch self {
        case .loadEntrySymbol, .loadMagic, .loadABIVersion, .loadStructSizes, .loadDescriptor: return false
        default: return true
        }
    }
}
