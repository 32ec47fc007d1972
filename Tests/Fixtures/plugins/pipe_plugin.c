/*
 * A small connector plugin in plain C, used by the host tests. It reads lines of the form
 *     id|start|answer|end|calling|called\n      (times in epoch seconds UTC, answer 0 = unanswered)
 * Lines starting with '#' and blank lines are skipped; anything else that does not parse is a reject.
 *
 * Compile-time switches build deliberately broken variants:
 *   -DTEST_ABI_MAJOR=n        report another ABI major
 *   -DTEST_ABI_MINOR=n        report another ABI minor (built against)
 *   -DTEST_MIN_HOST_MINOR=n   require a newer host
 *   -DTEST_BAD_MAGIC          wrong magic number
 *   -DTEST_NO_ENTRY           export no entry symbol (a plain shared library)
 *   -DTEST_SMALL_STRIDE       emit records with a stride smaller than a v1.0 record
 *   -DTEST_END_BEFORE_START   emit every record with end before start
 *   -DTEST_ID=\"x\"           another plugin id
 *   -DTEST_LOCAL_TIME         report times as local wall-clock
 *   -DTEST_DERIVED_START      lines are id|ring_seconds|talk_seconds|end|calling|called (talk 0 =
 *                             unanswered): report only the end and the durations, as Unify does
 *   -DTEST_SMALL_REJECT       emit rejects whose struct_size is 8 bytes below TB_REJECT_V1_0_SIZE
 *   -DTEST_RECORD_OVER_STRIDE emit records whose struct_size is 8 bytes above the record stride
 *   -DTEST_KEEPS_CONFIG       keep the tb_parser_config pointer from create() and copy its
 *                             source_name into every record's `device` during feed()
 *   -DTEST_ABI_1_1            compiled against a simulated "1.1" header (HostTests/ABIGrowthTests):
 *                             fills the tail fields that header adds to every struct and reports in
 *                             each record's extras whether TB_STRUCT_HAS finds the 1.1 host
 *                             callback `emit_metric` and the 1.1 config field `locale`
 *
 * Defects the certification suite (`tollbook plugin certify`) must find, one per switch:
 *   -DCERT_CHUNK_DEPENDENT    treats an unfinished line at the end of a chunk as complete
 *   -DCERT_LOSES_BYTES        consumes comment and blank lines without reporting them as skipped
 *   -DCERT_CRASH_ON_MARKER    crashes (SIGSEGV) on any byte above 0x7f
 *   -DCERT_LEAK               allocates 64 KiB per parser and never frees it
 *   -DCERT_FD_LEAK            opens /dev/null per parser and never closes it
 *   -DCERT_HANG               loops forever on a line longer than 64 KiB
 * (TEST_BAD_MAGIC is the "wrong magic" defect.)
 */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "tollbook_plugin.h"

#ifndef TEST_ABI_MAJOR
#define TEST_ABI_MAJOR TB_ABI_MAJOR
#endif
#ifndef TEST_ABI_MINOR
#define TEST_ABI_MINOR TB_ABI_MINOR
#endif
#ifndef TEST_MIN_HOST_MINOR
#define TEST_MIN_HOST_MINOR 0
#endif
#ifndef TEST_ID
#define TEST_ID "test.pipe"
#endif

#define S(literal) { literal, sizeof(literal) - 1 }

struct tb_parser {
    const tb_host *host;
    const tb_parser_config *config;
    tb_record batch[64];
    uint32_t count;
#ifdef TEST_ABI_1_1
    tb_kv extra[2];
#endif
};

static int is_digits(const uint8_t *p, size_t n) {
    if (n == 0) return 0;
    for (size_t i = 0; i < n; i++) if (p[i] < '0' || p[i] > '9') return 0;
    return 1;
}

static int64_t to_int(const uint8_t *p, size_t n) {
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) v = v * 10 + (p[i] - '0');
    return v;
}

static tb_status flush(tb_parser *parser) {
    if (parser->count == 0) return TB_OK;
    uint32_t stride = sizeof(tb_record);
#ifdef TEST_SMALL_STRIDE
    stride = 16;
#endif
    tb_status status = parser->host->emit_records(parser->host, parser->batch, parser->count, stride);
    parser->count = 0;
    return status;
}

static tb_status reject(tb_parser *parser, int32_t reason, uint64_t offset, uint64_t length, const char *message) {
    tb_reject r;
    memset(&r, 0, sizeof r);
    r.struct_size = sizeof r;
#ifdef TEST_SMALL_REJECT
    r.struct_size = TB_REJECT_V1_0_SIZE - 8;
#endif
#ifdef TEST_ABI_1_1
    r.future_hint.ptr = "1.1 hint";
    r.future_hint.len = 8;
    r.future_count = 0xFFFFFFFFFFFFFFFFu;
#endif
    r.reason = reason;
    r.source_offset = offset;
    r.source_length = length;
    r.message.ptr = message;
    r.message.len = strlen(message);
    return parser->host->emit_reject(parser->host, &r);
}

static tb_status parse_line(tb_parser *parser, const uint8_t *line, size_t len, size_t full, uint64_t offset) {
#ifdef CERT_CRASH_ON_MARKER
    for (size_t i = 0; i < len; i++) if (line[i] > 0x7f) raise(SIGSEGV);
#endif
#ifdef CERT_HANG
    volatile int spinning = len > 65536;
    while (spinning) {}
#endif
#ifdef CERT_LOSES_BYTES
    if (len == 0 || line[0] == '#') return TB_OK;
#endif
    if (len == 0 || line[0] == '#') return reject(parser, TB_REJECT_SKIPPED, offset, full, "comment or blank line");
    const uint8_t *field[6];
    size_t flen[6];
    size_t n = 0, start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || line[i] == '|') {
            if (n == 6) return reject(parser, TB_REJECT_MALFORMED, offset, full, "more than 6 fields");
            field[n] = line + start;
            flen[n] = i - start;
            n++;
            start = i + 1;
        }
    }
    if (n != 6) return reject(parser, TB_REJECT_MALFORMED, offset, full, "expected 6 fields");
    for (int i = 1; i <= 3; i++)
        if (!is_digits(field[i], flen[i]) || flen[i] > 12) return reject(parser, TB_REJECT_OUT_OF_RANGE, offset, full, "time is not a number");
    if (flen[0] == 0) return reject(parser, TB_REJECT_MISSING_FIELD, offset, full, "empty id");
#ifndef TEST_DERIVED_START
    {
        int64_t s = to_int(field[1], flen[1]), a = to_int(field[2], flen[2]), e = to_int(field[3], flen[3]);
        if (e < s || (a && (a < s || a > e))) return reject(parser, TB_REJECT_OUT_OF_RANGE, offset, full, "times out of order");
    }
#endif
    tb_record *r = &parser->batch[parser->count++];
    memset(r, 0, sizeof *r);
    r->struct_size = sizeof *r;
#ifdef TEST_RECORD_OVER_STRIDE
    r->struct_size = sizeof *r + 8;
#endif
    r->source_offset = offset;
    r->source_length = full;
    r->vendor_record_id.ptr = (const char *)field[0];
    r->vendor_record_id.len = flen[0];
    r->correlation_id = r->vendor_record_id;
#ifdef TEST_LOCAL_TIME
    r->time_basis = TB_TIME_LOCAL;
#else
    r->time_basis = TB_TIME_UTC;
#endif
    int64_t answer = to_int(field[2], flen[2]);
    r->start_us = to_int(field[1], flen[1]) * 1000000;
    r->answer_us = answer ? answer * 1000000 : TB_TIME_ABSENT;
    r->end_us = to_int(field[3], flen[3]) * 1000000;
#ifdef TEST_END_BEFORE_START
    r->end_us = r->start_us - 1000000;
#endif
    r->ring_ms = TB_INT_ABSENT;
    r->talk_ms = TB_INT_ABSENT;
#ifdef TEST_DERIVED_START
    r->ring_ms = to_int(field[1], flen[1]) * 1000;
    r->talk_ms = answer ? answer * 1000 : TB_INT_ABSENT;
    r->start_us = TB_TIME_ABSENT;
    r->answer_us = TB_TIME_ABSENT;
#endif
    r->calling.ptr = (const char *)field[4];
    r->calling.len = flen[4];
    r->called.ptr = (const char *)field[5];
    r->called.len = flen[5];
    r->direction = TB_DIRECTION_INTERNAL;
    r->disposition = answer ? TB_DISPOSITION_ANSWERED : TB_DISPOSITION_NO_ANSWER;
    r->cause = TB_INT_ABSENT;
    r->charge_units = TB_INT_ABSENT;
    r->charge_minor = TB_INT_ABSENT;
#ifdef TEST_KEEPS_CONFIG
    r->device = parser->config->source_name;
#endif
#ifdef TEST_ABI_1_1
    r->future_int = -1;
    r->future_text = r->vendor_record_id;
    r->extra = parser->extra;
    r->extra_count = 2;
#endif
    if (parser->count == 64) return flush(parser);
    return TB_OK;
}

static tb_status pipe_create(const tb_host *host, const tb_parser_config *config, tb_parser **out) {
    *out = NULL;
    const char *options = config->options_json.ptr;
    if (config->options_json.len != 2 || !options || options[0] != '{' || options[1] != '}') {
        static const char key[] = "any";
        static const char msg[] = "this plugin takes no options";
        tb_str k = { key, sizeof key - 1 }, m = { msg, sizeof msg - 1 };
        host->report_error(host, k, m);
        return TB_ERR_CONFIG;
    }
    tb_parser *parser = calloc(1, sizeof *parser);
    if (!parser) return TB_ERR_INTERNAL;
#ifdef CERT_LEAK
    void *lost = malloc(64 << 10);
    if (lost) memset(lost, 1, 64 << 10);
#endif
#ifdef CERT_FD_LEAK
    (void)open("/dev/null", O_RDONLY);
#endif
    parser->host = host;
    parser->config = config;
#ifdef TEST_ABI_1_1
    {
        static const tb_str metric_key = S("host_emit_metric"), locale_key = S("config_locale");
        static const tb_str yes = S("present"), no = S("absent");
        int has_metric = TB_STRUCT_HAS(host, tb_host, emit_metric) && host->emit_metric != NULL;
        int has_locale = TB_STRUCT_HAS(config, tb_parser_config, locale);
        parser->extra[0].key = metric_key;
        parser->extra[0].value = has_metric ? yes : no;
        parser->extra[1].key = locale_key;
        parser->extra[1].value = has_locale ? yes : no;
    }
#endif
    *out = parser;
    return TB_OK;
}

static tb_status pipe_feed(tb_parser *parser, const uint8_t *data, size_t len, uint64_t offset, uint32_t flags, size_t *consumed) {
    size_t pos = 0;
    tb_status status = TB_OK;
    while (pos < len && status == TB_OK) {
        const uint8_t *nl = memchr(data + pos, '\n', len - pos);
#ifdef CERT_CHUNK_DEPENDENT
        (void)flags;
#else
        if (!nl && !(flags & TB_FEED_END_OF_INPUT)) break;
#endif
        size_t end = nl ? (size_t)(nl - data) : len;
        size_t full = (nl ? end + 1 : end) - pos;
        status = parse_line(parser, data + pos, end - pos, full, offset + pos);
        pos += full;
    }
    if (status == TB_OK) status = flush(parser);
    *consumed = pos;
    return status;
}

static void pipe_destroy(tb_parser *parser) { free(parser); }

static int32_t pipe_probe(const uint8_t *head, size_t len) {
    return memchr(head, '|', len) ? 80 : 0;
}



#ifndef TEST_NO_ENTRY
static const tb_str formats[] = { S("test-pipe") };

static const tb_plugin_descriptor descriptor = {
#ifdef TEST_BAD_MAGIC
    .magic = 0xDEADBEEFu,
#else
    .magic = TB_ABI_MAGIC,
#endif
#ifdef CERT_WRONG_DESCRIPTOR_SIZE
    .struct_size = sizeof(tb_plugin_descriptor) + 8,  /* claims a layout it does not have */
#else
    .struct_size = sizeof(tb_plugin_descriptor),
#endif
    .abi_major = TEST_ABI_MAJOR,
    .abi_minor = TEST_ABI_MINOR,
    .min_host_abi_minor = TEST_MIN_HOST_MINOR,
    .id = S(TEST_ID),
    .name = S("Pipe test format"),
    .vendor = S("Tollbook tests"),
    .version = S("0.1.0"),
    .description = S("Reads id|start|answer|end|calling|called lines."),
    .formats = formats,
    .format_count = 1,
    .options_schema = S("{\"type\":\"object\",\"additionalProperties\":false}"),
    .probe = pipe_probe,
    .create = pipe_create,
    .feed = pipe_feed,
    .destroy = pipe_destroy,
#ifdef TEST_ABI_1_1
    .future_probe_ex = NULL,
    .future_flags = 0xFFFFFFFFFFFFFFFFu,
#endif
};

TB_EXPORT const tb_plugin_descriptor *tollbook_plugin_entry(uint16_t host_major, uint16_t host_minor) {
    (void)host_major;
    (void)host_minor;
    return &descriptor;
}
#else
/* A plain shared library: the parser functions exist, but no entry symbol exports them as a plugin. */
TB_EXPORT int32_t (*const not_a_plugin_probe)(const uint8_t *, size_t) = pipe_probe;
TB_EXPORT tb_status (*const not_a_plugin_create)(const tb_host *, const tb_parser_config *, tb_parser **) = pipe_create;
TB_EXPORT tb_status (*const not_a_plugin_feed)(tb_parser *, const uint8_t *, size_t, uint64_t, uint32_t, size_t *) = pipe_feed;
TB_EXPORT void (*const not_a_plugin_destroy)(tb_parser *) = pipe_destroy;
#endif
