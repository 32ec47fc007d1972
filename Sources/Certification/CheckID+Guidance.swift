/// What each check requires and how a plugin author fixes a failure: appended to every failed,
/// crashed or warning result, and printed verbatim in `sdk/docs/certification.md` (a test keeps
/// the two in agreement).
extension CheckID {
    /// The rule the check enforces, in one sentence.
    public var rule: String {
        switch self {
        case .loadEntrySymbol:
            return "the file loads with dlopen(RTLD_NOW | RTLD_LOCAL) and its tollbook_plugin_entry returns a descriptor"
        case .loadMagic:
            return "the descriptor starts with TB_ABI_MAGIC"
        case .loadABIVersion:
            return "abi_major equals the host's TB_ABI_MAJOR and min_host_abi_minor is neither above the host's minor nor above the plugin's own abi_minor"
        case .loadStructSizes:
            return "the descriptor's struct_size is at least TB_DESCRIPTOR_V1_0_SIZE, at most 4096, and sizeof(tb_plugin_descriptor) of the header the plugin was built with"
        case .loadDescriptor:
            return "the descriptor's strings, formats, reserved fields, functions and probe follow the header"
        case .loadOptionsSchema:
            return "options_schema is a structurally valid JSON Schema of an object"
        case .loadInvalidOptions:
            return "options that break the schema make create() fail with TB_ERR_CONFIG and a report_error message"
        case .loadCreateDestroy:
            return "create() with options {} and destroy() succeed a thousand times in a row"
        case .corpusChunking:
            return "the output is identical however the input is cut into chunks"
        case .corpusDeterminism:
            return "the output is identical across runs and with two parsers alive at once"
        case .corpusByteAccounting:
            return "every input byte lies in exactly one record, reject or skipped span"
        case .corpusFieldSanity:
            return "the host accepts every corpus record, whose times are ordered (start <= answer <= end, in UTC or local time), dates plausible, numbers in the number alphabet and strings valid UTF-8"
        case .robustEmpty:
            return "empty input gives no record, reject, skipped span or error"
        case .robustRandomBytes, .robustTruncated, .robustMutated, .robustOverlongFields:
            return "malformed input becomes rejects: feed() returns TB_OK, every byte is accounted for and the host accepts every record"
        case .robustInvalidUTF8:
            return "invalid UTF-8 in the input becomes rejects or is replaced; record strings are valid UTF-8"
        case .resourcesMemoryGrowth:
            return "resident memory grows by at most 8 MiB over 20 rounds of parsing and create/destroy"
        case .resourcesFDThreadLeak:
            return "no file descriptor or thread is left open after destroy()"
        case .resourcesThroughput:
            return "the plugin parses at least 1 MiB/s"
        }
    }

    /// How to fix a failure of the check (a failing result may carry a more specific hint).
    public var fix: String {
        switch self {
        case .loadEntrySymbol:
            return "link every dependency into the .so (ldd shows what is missing), export tollbook_plugin_entry with TB_EXPORT (C) or @c (Swift), and return the static descriptor when host_abi_major is TB_ABI_MAJOR"
        case .loadMagic:
            return "set descriptor.magic = TB_ABI_MAGIC and return a pointer to the descriptor itself"
        case .loadABIVersion:
            return "set abi_major = TB_ABI_MAJOR, abi_minor = TB_ABI_MINOR of the header you build with, and min_host_abi_minor = 0 unless you need a newer host"
        case .loadStructSizes:
            return "set descriptor.struct_size = sizeof(tb_plugin_descriptor) and build against an unmodified copy of the SDK header"
        case .loadDescriptor:
            return "fill id (lower-case dotted), name, vendor, description, a MAJOR.MINOR.PATCH version and 1 to 64 formats; zero the reserved fields; set create, feed and destroy; keep probe between 0 and 100; return the same descriptor on every entry call"
        case .loadOptionsSchema:
            return "make options_schema a JSON object schema with \"type\": \"object\"; check each keyword the detail names against JSON Schema 2020-12"
        case .loadInvalidOptions:
            return "validate the options object in create(): refuse non-JSON, non-objects, unknown keys (with additionalProperties false) and wrongly typed values, call host->report_error with the key and a message, and return TB_ERR_CONFIG"
        case .loadCreateDestroy:
            return "make create() succeed with options {} (every option needs a default) and free everything in destroy()"
        case .corpusChunking:
            return "parse only complete records: leave an unfinished record at the chunk end unconsumed (*consumed before it) and keep no partial state between feed() calls"
        case .corpusDeterminism:
            return "keep all state in the tb_parser that create() returns: no global or static mutable data, no clock, no randomness"
        case .corpusByteAccounting:
            return "hand every byte over: records for calls, rejects for unreadable input, TB_REJECT_SKIPPED rejects for headers, blank lines and comments; consume everything at TB_FEED_END_OF_INPUT"
        case .corpusFieldSanity:
            return "emit times with start <= answer <= end (for TB_TIME_LOCAL as wall-clock times of the PBX; certify with --timezone set to the corpus's zone), put only a dial string (0-9 + * # and X x ? for masked digits) or a sip:/tel: URI in number fields and names or anything else in remote_device or extras, and hand over valid UTF-8"
        case .robustEmpty:
            return "on empty input and on a zero-length feed(), emit nothing and return TB_OK"
        case .robustRandomBytes, .robustTruncated, .robustMutated, .robustOverlongFields:
            return "never return an error from feed() for bad input: emit a reject for what cannot be read (bounded in size), keep going with the next record, and consume a truncated tail at end of input"
        case .robustInvalidUTF8:
            return "validate or replace invalid UTF-8 before handing strings over, or reject the record"
        case .resourcesMemoryGrowth:
            return "free in destroy() everything create() and feed() allocated; bound caches and buffers"
        case .resourcesFDThreadLeak:
            return "do no I/O and start no threads in a plugin; if you must, close and join them in destroy()"
        case .resourcesThroughput:
            return "profile feed() on the corpus (perf record -- tollbook plugin certify … --check resources.throughput): avoid per-byte allocations and copies, and emit records in batches"
        }
    }

    /// How to fix a crash (signal, timeout or no result) of the check's worker.
    public var crashFix: String {
        "feed() must never crash, hang or exhaust memory on any input: replay with --check \(rawValue) and the seed, "
            + "run the worker under gdb or valgrind, and turn what the plugin cannot read into a reject"
    }
}
