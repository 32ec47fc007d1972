/*
 * tollbook_plugin.h — the Tollbook connector plugin ABI, version 1.
 *
 * This header is the whole contract between the Tollbook host and a connector plugin. A plugin is
 * a shared object (ELF .so) that turns the bytes a PBX wrote (CDR files, streams) into normalised
 * call records. It may be written in C, Swift, Rust or anything else that exports a C symbol.
 *
 * ---------------------------------------------------------------------------------------------
 * 1. THE ENTRY SYMBOL
 *
 *    A plugin exports exactly one function:
 *
 *        const tb_plugin_descriptor *tollbook_plugin_entry(uint16_t host_abi_major,
 *                                                          uint16_t host_abi_minor);
 *
 *    The host calls it once, right after dlopen(RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE). It must be
 *    fast (no I/O, no threads) and may be called again; it returns the same static descriptor
 *    every time, or NULL if the plugin refuses to run in this host (then nothing else is called).
 *    The host never dlclose()s a plugin.
 *
 * 2. VERSIONING
 *
 *    TB_ABI_MAJOR changes only for a breaking change; TB_ABI_MINOR grows for additive changes
 *    (new fields at the tail of a struct, new enum values, new callbacks at the tail of tb_host).
 *    The host accepts a plugin when
 *      - descriptor->magic == TB_ABI_MAGIC,
 *      - descriptor->abi_major == the host's TB_ABI_MAJOR,
 *      - descriptor->min_host_abi_minor <= the host's TB_ABI_MINOR, and
 *      - descriptor->struct_size >= TB_DESCRIPTOR_V1_0_SIZE.
 *    So a plugin built against an older minor always loads in a newer host, and a plugin built
 *    against a newer minor loads in an older host unless it declares that it needs the newer one.
 *    Every struct starts with (or carries) its size: the reader reads min(struct_size, what it
 *    knows) and treats fields it did not get as zero / absent. Fields are only ever appended.
 *
 *    Growth rules, for both sides:
 *      - The writer sets struct_size to sizeof(the struct) of the header it was compiled with.
 *      - The reader accepts any struct_size of at least the version 1.0 size (TB_*_V1_0_SIZE
 *        below), copies min(struct_size, its own sizeof) bytes and never reads past struct_size.
 *        So the host accepts a smaller (older) record, reject or descriptor than its own, and a
 *        plugin accepts a smaller (older) tb_host or tb_parser_config than its own, as long as
 *        each is at least the 1.0 size.
 *      - A field or callback added after 1.0 is used only when TB_STRUCT_HAS(ptr, type, field)
 *        says the other side's struct contains it; otherwise it counts as zero / absent / NULL.
 *      - Never compare struct_size with your own sizeof: that refuses every older peer.
 *
 * 3. LIFECYCLE
 *
 *        entry → descriptor
 *        descriptor->probe(first bytes)               optional: "can you read this?"
 *        descriptor->create(host, config, &parser)   one parser per input source (file, stream)
 *        descriptor->feed(parser, bytes, ...)        any number of times
 *        descriptor->feed(parser, ..., TB_FEED_END_OF_INPUT)   exactly once, last
 *        descriptor->destroy(parser)                 always, also after an error
 *
 *    feed() gets the next bytes of the source. It parses every *complete* record it finds, hands
 *    them to the host through host->emit_records (in batches, never one call per record), hands
 *    unreadable input to host->emit_reject, and sets *consumed to the number of bytes it has
 *    dealt with. Bytes it did not consume (an incomplete record at the end of the chunk) are
 *    passed again by the host at the start of the next feed() call, followed by new bytes: a
 *    record may therefore span any number of chunks, and the plugin never needs to buffer input.
 *    With TB_FEED_END_OF_INPUT the plugin must consume everything: a truncated last record becomes
 *    a reject (or a record, if the format allows it).
 *
 *    The host holds at most 64 MiB (67108864 bytes) of unconsumed input for one parser. If a
 *    plugin leaves more than that unconsumed (no complete record in 64 MiB), the host stops the
 *    source with a contract violation: a plugin must consume (as a record, reject or skipped span)
 *    anything that cannot become complete, e.g. an over-long line, long before that limit.
 *
 *    After feed() returns an error (any status other than TB_OK), *consumed is unspecified and
 *    the host ignores it (records and rejects handed over before the error may be kept; no
 *    other byte of that call counts as consumed). The host never calls feed() again on that
 *    parser (feed after an error is not allowed): it calls destroy() and treats the rest of the
 *    source as not parsed. A plugin must set *consumed on TB_OK, and need not on an error.
 *
 *    Every byte of the input ends up in exactly one of: a record's span, a reject's span, or a
 *    skipped span (a reject with reason TB_REJECT_SKIPPED: headers, blank lines, comments).
 *    Spans are absolute byte offsets in the source (stream_offset of feed() tells where `data`
 *    starts) and must lie inside the bytes of the current feed() call.
 *
 *    A plugin is deterministic: the same bytes give the same records and rejects, however the
 *    input is cut into chunks. It does no I/O and keeps no global mutable state.
 *
 * 4. OWNERSHIP
 *
 *    - Everything the host passes to the plugin (data, config, host) is borrowed. `data` is valid
 *      only during the feed() call; `host` and `config` stay valid until destroy() returns.
 *    - Everything the plugin passes to a host callback (records, strings, rejects) is borrowed for
 *      the duration of that callback only: the host copies what it keeps before returning. The
 *      plugin may reuse or free that memory as soon as the callback returns.
 *    - The descriptor and every string in it are owned by the plugin and stay valid for the life
 *      of the process.
 *    - Neither side ever frees memory the other side allocated.
 *
 * 5. THREADING
 *
 *    - tollbook_plugin_entry, probe and create are [thread-safe]: they may be called from several
 *      threads at once.
 *    - feed and destroy on one parser are [parser]: the host never calls them concurrently for the
 *      same parser, but successive calls may come from different OS threads. Different parsers
 *      may be used on different threads at the same time, so parsers must not share mutable state.
 *    - Host callbacks are [in-call]: the plugin calls them only from inside create/feed/destroy,
 *      on the calling thread. host->log is also [thread-safe].
 *    - A plugin must not let a C++ exception, a Swift error, or a longjmp cross this boundary.
 *
 * 6. ERRORS
 *
 *    Functions return a tb_status. On an error the plugin first calls host->report_error with a
 *    key path (for configuration errors: the option's name; otherwise empty) and a message, then
 *    returns the status. Messages must not contain personal data (phone numbers, names): say
 *    "column 9 is not a number", not the number itself. Malformed *input* is never an error of
 *    feed(): it is a reject, and parsing goes on with the next record.
 *    If a host callback returns something other than TB_OK, the plugin stops parsing at once and
 *    returns that status from feed().
 *
 *    Statuses of host callbacks: emit_records and emit_reject return TB_OK when the host took the
 *    data, TB_ERR_ABORTED when the host wants parsing to stop (the plugin broke the contract, e.g.
 *    a span outside the chunk or a struct smaller than the 1.0 size, or the source is being
 *    shut down) and TB_ERR_INVALID_ARGUMENT when `host` or the pointer passed is unusable.
 *    No other value is returned by a 1.x host; a plugin treats any non-TB_OK value alike.
 *    report_error and log return nothing and never fail.
 *
 * 7. STRINGS
 *
 *    All strings are UTF-8, passed as pointer + length (tb_str) and not NUL-terminated. An empty
 *    string has len == 0 (ptr may then be NULL). Invalid UTF-8 is replaced by the host.
 * ---------------------------------------------------------------------------------------------
 */
#ifndef TOLLBOOK_PLUGIN_H
#define TOLLBOOK_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Magic number at the start of every descriptor: the bytes "TBP1" read as a little-endian word. */
#define TB_ABI_MAGIC 0x31504254u
/** ABI major version: a plugin with another major is refused. */
#define TB_ABI_MAJOR 1
/** ABI minor version of this header: grows with additive changes only. */
#define TB_ABI_MINOR 0

/** Name of the one symbol a plugin exports. */
#define TB_PLUGIN_ENTRY_SYMBOL "tollbook_plugin_entry"

/** Marks an exported symbol (use it on tollbook_plugin_entry in C plugins). */
#if defined(__GNUC__) || defined(__clang__)
#define TB_EXPORT __attribute__((visibility("default")))
#else
#define TB_EXPORT
#endif

/** A time value that is absent (e.g. the answer time of an unanswered call). */
#define TB_TIME_ABSENT INT64_MIN
/** An integer value that is absent (cause, duration, charge). */
#define TB_INT_ABSENT INT64_MIN

/* ------------------------------------------------------------------------------------------- */
/* Basic types                                                                                  */

/** A UTF-8 string slice: `len` bytes at `ptr`, not NUL-terminated. */
typedef struct tb_str {
    const char *ptr;  /**< first byte; may be NULL when len == 0 */
    size_t len;       /**< length in bytes */
} tb_str;

/** Result of a plugin function. Values are never reused for another meaning. */
typedef int32_t tb_status;
enum {
    TB_OK = 0,                    /**< success */
    TB_ERR_INVALID_ARGUMENT = -1, /**< a NULL pointer or an impossible argument */
    TB_ERR_CONFIG = -2,           /**< the options are invalid (report_error names the key) */
    TB_ERR_UNSUPPORTED = -3,      /**< the input is of a kind this plugin does not read at all */
    TB_ERR_INTERNAL = -4,         /**< a bug or resource failure inside the plugin */
    TB_ERR_ABORTED = -5           /**< the host asked to stop (a callback did not return TB_OK) */
};

/** A key/value pair of strings (vendor-specific extra fields of a record). */
typedef struct tb_kv {
    tb_str key;
    tb_str value;
} tb_kv;

/* ------------------------------------------------------------------------------------------- */
/* The normalised call record                                                                   */

/** Who started the call, seen from the organisation. */
typedef int32_t tb_direction;
enum {
    TB_DIRECTION_UNKNOWN = 0,  /**< the plugin cannot tell */
    TB_DIRECTION_INCOMING = 1, /**< from outside (a trunk or gateway) to the organisation */
    TB_DIRECTION_OUTGOING = 2, /**< from the organisation to outside */
    TB_DIRECTION_INTERNAL = 3  /**< between two parties of the organisation */
};

/** How the call (leg) ended. */
typedef int32_t tb_disposition;
enum {
    TB_DISPOSITION_UNKNOWN = 0,   /**< the plugin cannot tell */
    TB_DISPOSITION_ANSWERED = 1,  /**< the called party answered */
    TB_DISPOSITION_NO_ANSWER = 2, /**< it rang, nobody answered (or the caller gave up) */
    TB_DISPOSITION_BUSY = 3,      /**< the called party was busy */
    TB_DISPOSITION_FAILED = 4,    /**< network or number failure (unallocated number, no circuit) */
    TB_DISPOSITION_REJECTED = 5   /**< the called party or a policy rejected the call */
};

/** How the three times of a record are to be read. */
typedef int32_t tb_time_basis;
enum {
    /** Microseconds since 1970-01-01T00:00:00 UTC. */
    TB_TIME_UTC = 0,
    /** Local wall-clock time of the PBX, counted as microseconds since 1970-01-01T00:00:00 of
        that wall clock. The host converts it with the time zone configured for the source. */
    TB_TIME_LOCAL = 1
};

/** Markers of a record (bits of tb_record.flags). Billing leaves some kinds of legs out. */
enum {
    TB_FLAG_TRANSFERRED = 1u << 0,     /**< this leg was joined or set up by a transfer */
    TB_FLAG_TRANSFER_SPLIT = 1u << 1,  /**< this leg ended because a transfer split it off */
    TB_FLAG_FORWARDED = 1u << 2,       /**< the call was forwarded / redirected before this leg */
    TB_FLAG_CONFERENCE = 1u << 3,      /**< a leg to or from a conference bridge */
    TB_FLAG_RECORDING = 1u << 4,       /**< a built-in-bridge or server recording leg (not a call) */
    TB_FLAG_MONITORING = 1u << 5,      /**< a silent monitoring / barge leg (not a call) */
    TB_FLAG_HUNT_GROUP = 1u << 6,      /**< offered through a hunt group / pilot / queue */
    TB_FLAG_VOICEMAIL = 1u << 7,       /**< answered by voicemail */
    TB_FLAG_TIME_SATURATED = 1u << 8,  /**< a duration or time hit the format's maximum */
    TB_FLAG_CALLBACK = 1u << 9,        /**< a callback / DISA / through-dialling leg */
    TB_FLAG_REMOTE_NETWORK_FORMAT = 1u << 10 /**< `remote` of an outgoing leg is written as the trunk sent it
                                                  to the network (national / international format, no
                                                  outside-line prefix), not as the user dialled it */
};

/**
 * One normalised call detail record: one leg of a call as the PBX wrote it.
 *
 * Number fields (calling, called, original_called, connected, redirecting, extension, remote,
 * hunt_group) hold dialled or presented numbers as the PBX wrote them, and each is one of:
 *   - empty (absent);
 *   - a dial string of the bytes 0-9, '+', '*', '#' and the masking characters 'X', 'x', '?'
 *     (digits a PBX suppressed), nothing else: no spaces, dashes, dots or other letters;
 *   - a URI for a SIP or H.323 party: "sip:", "sips:", "tel:" or "h323:" (any case) followed by
 *     more, or "user@host"; never with white space or control bytes.
 * The host turns dial strings into E.164 with the site's numbering plan. Anything else a PBX
 * writes for a party (a dialplan or user name, a display name) goes in `remote_device` / `device`
 * for the party's endpoint, or in the vendor extras (`extra`), never in a number field. The host
 * quarantines a record with any other number as `malformed` naming the field, and certification's
 * corpus.field_sanity applies the same rule. Legs flagged TB_FLAG_CONFERENCE, TB_FLAG_RECORDING or
 * TB_FLAG_MONITORING are exempt (their parties may be bridge ids such as CUCM's "b00105401001").
 *
 * Absent strings have len == 0, absent integers are TB_INT_ABSENT, absent times TB_TIME_ABSENT.
 * An unanswered call has answer_us == TB_TIME_ABSENT and talk_ms 0 or TB_INT_ABSENT; the host
 * stores its talk time as 0 (never negative, never the ring time). In the end-only form below
 * (start_us absent) an unanswered call must have talk_ms == TB_INT_ABSENT: there talk_ms 0 means
 * answered and released at once.
 */
typedef struct tb_record {
    uint32_t struct_size;          /**< sizeof(tb_record) as the plugin was compiled */
    uint32_t flags;                /**< TB_FLAG_* bits */

    uint64_t source_offset;        /**< absolute offset of the record's first byte in the source */
    uint64_t source_length;        /**< number of source bytes the record came from */

    tb_str vendor_record_id;       /**< unique within the source (CUCM: pkid); required */
    tb_str correlation_id;         /**< same for every leg of one call (CUCM: cluster:node:callId) */

    tb_time_basis time_basis;      /**< TB_TIME_UTC or TB_TIME_LOCAL, for all three times */
    uint32_t reserved0;            /**< zero */
    int64_t start_us;              /**< call (leg) start: seizure / setup received; required,
                                        unless derived (see below) */
    int64_t answer_us;             /**< answer; TB_TIME_ABSENT when never answered */
    int64_t end_us;                /**< release; required */
    /* PBXs that write only the END of a call and its durations (Unify): leave start_us and
       answer_us TB_TIME_ABSENT and give talk_ms (absent when never answered) and ring_ms. The
       host converts end_us first and then derives, in UTC, answer = end - talk_ms and
       start = (answer, else end) - ring_ms, which stays right across daylight-saving changes
       (wall-clock subtraction would not). */

    int64_t ring_ms;               /**< ring / wait time if the PBX says it; else TB_INT_ABSENT */
    int64_t talk_ms;               /**< talk time if the PBX says it; else TB_INT_ABSENT
                                        (the host derives both from the times when absent) */

    tb_str calling;                /**< calling party number (ANI / CLI / caller's extension) */
    tb_str called;                 /**< number finally called (final called party) */
    tb_str original_called;        /**< number originally dialled, before any redirection */
    tb_str connected;              /**< number of the party that answered, if different */
    tb_str redirecting;            /**< last number that redirected (forwarded) the call */
    tb_str extension;              /**< the local party: internal extension this leg belongs to */
    tb_str remote;                 /**< the remote party's number (external for in/outgoing) */

    tb_direction direction;        /**< TB_DIRECTION_* */
    tb_disposition disposition;    /**< TB_DISPOSITION_* */

    tb_str trunk;                  /**< trunk, gateway or route used for an external leg */
    tb_str device;                 /**< the local party's device (phone name, port) */
    tb_str remote_device;          /**< the other side's device, if known */
    tb_str hunt_group;             /**< hunt group, pilot or queue number the call came through */
    tb_str account_code;           /**< account / client-matter code entered for the call */
    tb_str pin;                    /**< PIN / authorisation code used (secret: host may drop it) */
    tb_str project_code;           /**< project code entered for the call */

    int64_t cause;                 /**< disconnect cause (Q.850 where the PBX uses it); absent =
                                        TB_INT_ABSENT */
    tb_str cause_text;             /**< disconnect cause as text, for PBXs that write text */

    int64_t charge_units;          /**< charge units (pulses) reported by the PBX, or absent */
    int64_t charge_minor;          /**< charge amount in minor units (cents), or absent */
    tb_str charge_currency;        /**< ISO 4217 code of charge_minor, if known */

    const tb_kv *extra;            /**< further vendor fields (copied by the host); may be NULL */
    uint32_t extra_count;          /**< number of entries in extra */
    uint32_t reserved1;            /**< zero */
} tb_record;

/* ------------------------------------------------------------------------------------------- */
/* Rejects                                                                                      */

/** Why input was not turned into a record. */
typedef int32_t tb_reject_reason;
enum {
    TB_REJECT_SKIPPED = 0,        /**< not a record and not an error: header, blank line, comment,
                                       a record kind that carries no calls; not quarantined */
    TB_REJECT_MALFORMED = 1,      /**< the bytes do not follow the format (bad quoting, columns) */
    TB_REJECT_MISSING_FIELD = 2,  /**< a required field is empty or absent */
    TB_REJECT_OUT_OF_RANGE = 3,   /**< a field is not a number, a date, or outside its range */
    TB_REJECT_UNSUPPORTED = 4,    /**< a version or variant of the format this plugin cannot read */
    TB_REJECT_TRUNCATED = 5,      /**< the input ended inside a record */
    TB_REJECT_OTHER = 6           /**< anything else; message says what */
};

/** Input the plugin could not (or need not) turn into a record. The host keeps the raw bytes. */
typedef struct tb_reject {
    uint32_t struct_size;         /**< sizeof(tb_reject) as the plugin was compiled */
    tb_reject_reason reason;      /**< TB_REJECT_* */
    uint64_t source_offset;       /**< absolute offset of the first byte */
    uint64_t source_length;       /**< number of bytes */
    tb_str field;                 /**< the offending field's name, if one; may be empty */
    tb_str message;               /**< what is wrong, without personal data */
} tb_reject;

/* ------------------------------------------------------------------------------------------- */
/* The host                                                                                     */

/** Log levels for tb_host.log. */
enum {
    TB_LOG_DEBUG = 0,
    TB_LOG_INFO = 1,
    TB_LOG_WARNING = 2,
    TB_LOG_ERROR = 3
};

/**
 * Services the host offers a parser. Passed to create(); valid until destroy() returns.
 * The plugin must not modify it. The plugin accepts any struct_size >= TB_HOST_V1_0_SIZE (a
 * newer host passes a larger struct; ignore what you do not know) and calls a callback appended
 * in a later minor only when TB_STRUCT_HAS(host, tb_host, callback) holds and it is not NULL.
 */
typedef struct tb_host {
    uint32_t struct_size;         /**< sizeof(tb_host) as the host was compiled */
    uint16_t abi_major;           /**< the host's TB_ABI_MAJOR */
    uint16_t abi_minor;           /**< the host's TB_ABI_MINOR */
    void *host_data;              /**< the host's own context; the plugin must not touch it */

    /** [in-call] Hands over `count` records laid out `record_stride` bytes apart (normally
        sizeof(tb_record)). The host copies them. Returns TB_OK, or a status the plugin must
        return from feed() at once.
        record_stride is the distance in bytes from one record to the next; every record's
        struct_size must be at least TB_RECORD_V1_0_SIZE and at most record_stride (normally
        both are sizeof(tb_record)). The host reads min(struct_size, its own sizeof(tb_record))
        bytes of each record; a stride smaller than TB_RECORD_V1_0_SIZE or a record whose
        struct_size exceeds the stride makes the call return TB_ERR_ABORTED. */
    tb_status (*emit_records)(const struct tb_host *host, const tb_record *records,
                              uint32_t count, uint32_t record_stride);

    /** [in-call] Hands over one reject. The host copies it and the raw bytes it spans. */
    tb_status (*emit_reject)(const struct tb_host *host, const tb_reject *reject);

    /** [in-call] Describes the error that the current call is about to return: `key` names the
        option (for TB_ERR_CONFIG) or is empty; `message` has no personal data. */
    void (*report_error)(const struct tb_host *host, tb_str key, tb_str message);

    /** [thread-safe] A diagnostic line for the host's log (TB_LOG_*), without personal data. */
    void (*log)(const struct tb_host *host, int32_t level, tb_str message);
} tb_host;

/* ------------------------------------------------------------------------------------------- */
/* Parsers                                                                                      */

/** A parser instance; its layout is the plugin's own. */
typedef struct tb_parser tb_parser;

/** Configuration of a new parser. Passed to create(); the host keeps it (and the strings it
    points to) alive and unchanged until destroy() returns, so a parser may keep the pointer. */
typedef struct tb_parser_config {
    uint32_t struct_size;         /**< sizeof(tb_parser_config) as the host was compiled; a plugin
                                       reads only fields TB_STRUCT_HAS says are there */
    uint32_t reserved;            /**< zero */
    tb_str options_json;          /**< a JSON object of options, valid against options_schema;
                                       "{}" when the admin set none */
    tb_str source_name;           /**< the file or stream name (for messages; may hold a
                                       date or node id a plugin may read) */
} tb_parser_config;

/** feed() flag: these are the last bytes of the source. */
#define TB_FEED_END_OF_INPUT 1u

/* ------------------------------------------------------------------------------------------- */
/* The descriptor                                                                               */

/**
 * What a plugin is and how to drive it. Static, owned by the plugin, valid for the life of the
 * process. The host reads magic, struct_size and the versions before anything else.
 */
typedef struct tb_plugin_descriptor {
    uint32_t magic;               /**< TB_ABI_MAGIC */
    uint32_t struct_size;         /**< sizeof(tb_plugin_descriptor) as the plugin was compiled */
    uint16_t abi_major;           /**< TB_ABI_MAJOR the plugin was built against */
    uint16_t abi_minor;           /**< TB_ABI_MINOR the plugin was built against */
    uint16_t min_host_abi_minor;  /**< the oldest host minor the plugin works with (normally 0) */
    uint16_t reserved;            /**< zero */

    tb_str id;                    /**< stable id, lower case, dotted: "cisco.cucm" */
    tb_str name;                  /**< human-readable name: "Cisco CUCM CDR files" */
    tb_str vendor;                /**< who made the plugin */
    tb_str version;               /**< the plugin's own version (semantic versioning) */
    tb_str description;           /**< one or two sentences for admins */
    const tb_str *formats;        /**< the input formats it reads, e.g. "cucm-cdr-flat-file" */
    uint32_t format_count;        /**< number of entries in formats */
    uint32_t reserved2;           /**< zero */
    tb_str options_schema;        /**< a JSON Schema (draft 2020-12) of the options object */

    /** [thread-safe] Optional (may be NULL). Given the first bytes of a source (at most 64 KiB,
        fewer if the source is shorter), says how sure the plugin is that it can read it:
        0 = certainly not, 100 = certainly; 50 = plausible. */
    int32_t (*probe)(const uint8_t *head, size_t len);

    /** [thread-safe] Creates a parser for one source. On failure calls host->report_error,
        leaves *out NULL and returns the error (TB_ERR_CONFIG for bad options). */
    tb_status (*create)(const tb_host *host, const tb_parser_config *config, tb_parser **out);

    /** [parser] Parses the next bytes: `data[0]` is byte `stream_offset` of the source; `flags`
        may hold TB_FEED_END_OF_INPUT. Sets *consumed (0..len; == len at end of input). */
    tb_status (*feed)(tb_parser *parser, const uint8_t *data, size_t len,
                      uint64_t stream_offset, uint32_t flags, size_t *consumed);

    /** [parser] Frees the parser. Always called once per successful create(). */
    void (*destroy)(tb_parser *parser);
} tb_plugin_descriptor;

/* ------------------------------------------------------------------------------------------- */
/* Version 1.0 sizes and the growth test                                                        */

/* Each size is written as "end of the last 1.0 field", so it keeps its value when later minors
   append fields. A reader accepts a struct whose struct_size is at least its V1_0 size. */

/** struct_size of a version 1.0 descriptor: the host refuses smaller ones. */
#define TB_DESCRIPTOR_V1_0_SIZE (offsetof(tb_plugin_descriptor, destroy) + sizeof(void (*)(void)))
/** struct_size of a version 1.0 record: the host refuses records and strides smaller than this. */
#define TB_RECORD_V1_0_SIZE (offsetof(tb_record, reserved1) + sizeof(uint32_t))
/** struct_size of a version 1.0 reject: the host refuses smaller ones. */
#define TB_REJECT_V1_0_SIZE (offsetof(tb_reject, message) + sizeof(tb_str))
/** struct_size of a version 1.0 tb_host: a plugin accepts any host at least this large. */
#define TB_HOST_V1_0_SIZE (offsetof(tb_host, log) + sizeof(void (*)(void)))
/** struct_size of a version 1.0 tb_parser_config: a plugin accepts any config at least this large. */
#define TB_PARSER_CONFIG_V1_0_SIZE (offsetof(tb_parser_config, source_name) + sizeof(tb_str))

/**
 * Whether the struct at `ptr` (of type `type`, written by the other side) contains `field`:
 * its struct_size reaches past the field's end. Use it before touching any field or callback
 * added after version 1.0, e.g. TB_STRUCT_HAS(host, tb_host, some_new_callback). Fields of
 * version 1.0 are always there once struct_size >= the TB_*_V1_0_SIZE of the struct.
 */
#define TB_STRUCT_HAS(ptr, type, field) \
    ((size_t)(ptr)->struct_size >= offsetof(type, field) + sizeof(((const type *)0)->field))

/* The same sizes as functions, for languages that import C functions but not function-like
   macros (Swift): they return exactly the macros above. */
static inline uint32_t tb_descriptor_v1_0_size(void) { return (uint32_t)TB_DESCRIPTOR_V1_0_SIZE; }
static inline uint32_t tb_record_v1_0_size(void) { return (uint32_t)TB_RECORD_V1_0_SIZE; }
static inline uint32_t tb_reject_v1_0_size(void) { return (uint32_t)TB_REJECT_V1_0_SIZE; }
static inline uint32_t tb_host_v1_0_size(void) { return (uint32_t)TB_HOST_V1_0_SIZE; }
static inline uint32_t tb_parser_config_v1_0_size(void) { return (uint32_t)TB_PARSER_CONFIG_V1_0_SIZE; }

/** The entry symbol's type. */
typedef const tb_plugin_descriptor *(*tb_plugin_entry_fn)(uint16_t host_abi_major,
                                                          uint16_t host_abi_minor);

#ifdef __cplusplus
}
#endif

#endif /* TOLLBOOK_PLUGIN_H */
