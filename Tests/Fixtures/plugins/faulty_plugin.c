/*
 * A deliberately faulty connector plugin in plain C, for the crash-isolation tests. It reads one
 * record per '\n'-terminated line:
 *     id;start;end;calling;called        (times in epoch seconds UTC; a call answered at start)
 * Blank lines and lines starting with '#' are skipped. A line that contains one of these markers
 * makes the plugin misbehave while parsing it:
 *     CRASH     writes through a NULL pointer (SIGSEGV)
 *     HANG      loops forever
 *     OOM       allocates and touches memory until malloc fails, then aborts
 *     GARBAGE   hands over a string with a wild pointer and a huge length
 *     BADUTF8   hands over a device name that is not valid UTF-8 (the record is still valid)
 *     BADSIZE   hands over the record with struct_size 8 (breaks the contract)
 *     NOISE     writes garbage to stdout (the record is still valid)
 *     ERRINTERNAL / ERRUNSUPPORTED / ERRINVALID / ERRABORTED / ERRCONFIG
 *               reports "failing on purpose" and returns TB_ERR_INTERNAL / TB_ERR_UNSUPPORTED /
 *               TB_ERR_INVALID_ARGUMENT / TB_ERR_ABORTED / TB_ERR_CONFIG from feed (records of
 *               earlier lines of the same call are handed over first)
 *     OVERCONSUME  claims to have consumed one byte more than it was given (breaks the contract)
 *     BACKSPAN  hands over a reject whose span lies before the window (breaks the contract)
 *
 * The marker words are signals to this plugin, not part of the numbers: the calling and called
 * numbers handed over are the leading digits of their fields (a number field must be a dial string).
 *
 * Compile-time switches:
 *   -DFAULTY_NEEDS_HEADER   the input must start with the line "#HEADER v1": before it, every
 *                           line is rejected as malformed (parser state that a restarted worker
 *                           must get back by replaying the stream)
 *   -DFAULTY_FLAG_FILE=\"p\"  a line with FLAKY crashes only while the file p does not exist (the
 *                           crash creates it): a failure that does not repeat; a line with
 *                           SECONDCRASH parses fine while p does not exist (and creates it) and
 *                           crashes once it does: a record whose replay crashes
 */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tollbook_plugin.h"

#define S(literal) { literal, sizeof(literal) - 1 }

struct tb_parser {
    const tb_host *host;
    int seen_header;
    tb_record batch[64];
    uint32_t count;
};

static int contains(const uint8_t *p, size_t n, const char *needle) {
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++) if (memcmp(p + i, needle, m) == 0) return 1;
    return 0;
}

/* The length of the run of digits at the start of p[0..n). */
static size_t leading_digits(const uint8_t *p, size_t n) {
    size_t i = 0;
    while (i < n && p[i] >= '0' && p[i] <= '9') i++;
    return i;
}

static int64_t to_int(const uint8_t *p, size_t n, int *ok) {
    int64_t v = 0;
    if (n == 0 || n > 12) *ok = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9') { *ok = 0; return 0; }
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

static tb_status flush(tb_parser *parser) {
    if (parser->count == 0) return TB_OK;
    tb_status status = parser->host->emit_records(parser->host, parser->batch, parser->count, sizeof(tb_record));
    parser->count = 0;
    return status;
}

static tb_status reject(tb_parser *parser, int32_t reason, uint64_t offset, uint64_t length, const char *message) {
    tb_status status = flush(parser);
    if (status != TB_OK) return status;
    tb_reject r;
    memset(&r, 0, sizeof r);
    r.struct_size = sizeof r;
    r.reason = reason;
    r.source_offset = offset;
    r.source_length = length;
    r.message.ptr = message;
    r.message.len = strlen(message);
    return parser->host->emit_reject(parser->host, &r);
}

static void misbehave(const uint8_t *line, size_t len) {
#ifdef FAULTY_FLAG_FILE
    if (contains(line, len, "SECONDCRASH")) {
        if (access(FAULTY_FLAG_FILE, F_OK) == 0) *(volatile int *)0 = 1;
        int fd = open(FAULTY_FLAG_FILE, O_CREAT | O_WRONLY, 0600);
        if (fd >= 0) close(fd);
        return;
    }
#endif
    if (contains(line, len, "CRASH")) *(volatile int *)0 = 1;
#ifdef FAULTY_FLAG_FILE
    if (contains(line, len, "FLAKY") && access(FAULTY_FLAG_FILE, F_OK) != 0) {
        int fd = open(FAULTY_FLAG_FILE, O_CREAT | O_WRONLY, 0600);
        if (fd >= 0) close(fd);
        *(volatile int *)0 = 1;
    }
#endif
    if (contains(line, len, "HANG")) {
        volatile int spinning = 1;
        while (spinning) {}
    }
    if (contains(line, len, "OOM")) {
        for (;;) {
            char *block = malloc(16 << 20);
            if (!block) abort();
            memset(block, 1, 16 << 20);
        }
    }
    if (contains(line, len, "NOISE")) {
        static const char noise[] = "\x01garbage on stdout\n";
        (void)!write(1, noise, sizeof noise - 1);
    }
}

static tb_status parse_line(tb_parser *parser, const uint8_t *line, size_t len, size_t full, uint64_t offset) {
    if (len > 0 && line[len - 1] == '\r') len--;
#ifdef FAULTY_NEEDS_HEADER
    if (len == 10 && memcmp(line, "#HEADER v1", 10) == 0) {
        parser->seen_header = 1;
        return reject(parser, TB_REJECT_SKIPPED, offset, full, "header");
    }
#endif
    if (len == 0 || line[0] == '#') return reject(parser, TB_REJECT_SKIPPED, offset, full, "comment or blank line");
#ifdef FAULTY_NEEDS_HEADER
    if (!parser->seen_header) return reject(parser, TB_REJECT_MALFORMED, offset, full, "record before the header");
#endif
    misbehave(line, len);
    static const struct { const char *marker; tb_status status; } failures[] = {
        { "ERRINTERNAL", TB_ERR_INTERNAL }, { "ERRUNSUPPORTED", TB_ERR_UNSUPPORTED },
        { "ERRINVALID", TB_ERR_INVALID_ARGUMENT }, { "ERRABORTED", TB_ERR_ABORTED }, { "ERRCONFIG", TB_ERR_CONFIG },
    };
    for (size_t i = 0; i < sizeof failures / sizeof failures[0]; i++) {
        if (contains(line, len, failures[i].marker)) {
            tb_status status = flush(parser);
            if (status != TB_OK) return status;
            static const char key[] = "", message[] = "failing on purpose";
            parser->host->report_error(parser->host, (tb_str){ key, 0 }, (tb_str){ message, sizeof message - 1 });
            return failures[i].status;
        }
    }
    if (contains(line, len, "BACKSPAN") && offset > 0) {
        return reject(parser, TB_REJECT_MALFORMED, 0, 1, "span before the window");
    }
    const uint8_t *field[5];
    size_t flen[5];
    size_t n = 0, start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || line[i] == ';') {
            if (n == 5) return reject(parser, TB_REJECT_MALFORMED, offset, full, "more than 5 fields");
            field[n] = line + start;
            flen[n] = i - start;
            n++;
            start = i + 1;
        }
    }
    if (n != 5) return reject(parser, TB_REJECT_MALFORMED, offset, full, "expected 5 fields");
    int ok = 1;
    int64_t begin = to_int(field[1], flen[1], &ok), end = to_int(field[2], flen[2], &ok);
    if (!ok || end < begin) return reject(parser, TB_REJECT_OUT_OF_RANGE, offset, full, "bad times");
    if (flen[0] == 0) return reject(parser, TB_REJECT_MISSING_FIELD, offset, full, "empty id");
    tb_record *r = &parser->batch[parser->count++];
    memset(r, 0, sizeof *r);
    r->struct_size = sizeof *r;
    if (contains(line, len, "BADSIZE")) r->struct_size = 8;
    r->source_offset = offset;
    r->source_length = full;
    r->vendor_record_id.ptr = (const char *)field[0];
    r->vendor_record_id.len = flen[0];
    r->correlation_id = r->vendor_record_id;
    r->time_basis = TB_TIME_UTC;
    r->start_us = begin * 1000000;
    r->answer_us = begin * 1000000;
    r->end_us = end * 1000000;
    r->ring_ms = TB_INT_ABSENT;
    r->talk_ms = TB_INT_ABSENT;
    r->calling.ptr = (const char *)field[3];
    r->calling.len = leading_digits(field[3], flen[3]);
    if (contains(line, len, "BADUTF8")) {
        static const char invalid[] = "\xff\xfe" "12";
        r->device.ptr = invalid;
        r->device.len = 4;
    }
    if (contains(line, len, "GARBAGE")) {
        r->calling.ptr = (const char *)(uintptr_t)16;
        r->calling.len = (size_t)1 << 40;
    }
    r->called.ptr = (const char *)field[4];
    r->called.len = leading_digits(field[4], flen[4]);
    r->direction = TB_DIRECTION_INTERNAL;
    r->disposition = TB_DISPOSITION_ANSWERED;
    r->cause = TB_INT_ABSENT;
    r->charge_units = TB_INT_ABSENT;
    r->charge_minor = TB_INT_ABSENT;
    if (parser->count == 64) return flush(parser);
    return TB_OK;
}

static tb_status faulty_create(const tb_host *host, const tb_parser_config *config, tb_parser **out) {
    (void)config;
    *out = NULL;
    tb_parser *parser = calloc(1, sizeof *parser);
    if (!parser) return TB_ERR_INTERNAL;
    parser->host = host;
    *out = parser;
    return TB_OK;
}

static tb_status faulty_feed(tb_parser *parser, const uint8_t *data, size_t len, uint64_t offset, uint32_t flags,
                             size_t *consumed) {
    size_t pos = 0;
    tb_status status = TB_OK;
    while (pos < len && status == TB_OK) {
        const uint8_t *nl = memchr(data + pos, '\n', len - pos);
        if (!nl && !(flags & TB_FEED_END_OF_INPUT)) break;
        size_t end = nl ? (size_t)(nl - data) : len;
        size_t full = (nl ? end + 1 : end) - pos;
        status = parse_line(parser, data + pos, end - pos, full, offset + pos);
        pos += full;
    }
    if (status == TB_OK) status = flush(parser);
    *consumed = pos;
    if (status == TB_OK && contains(data, len, "OVERCONSUME")) *consumed = len + 1;
    return status;
}

static void faulty_destroy(tb_parser *parser) { free(parser); }

static const tb_str formats[] = { S("test-faulty") };

static const tb_plugin_descriptor descriptor = {
    .magic = TB_ABI_MAGIC,
    .struct_size = sizeof(tb_plugin_descriptor),
    .abi_major = TB_ABI_MAJOR,
    .abi_minor = TB_ABI_MINOR,
    .min_host_abi_minor = 0,
    .id = S("test.faulty"),
    .name = S("Faulty test format"),
    .vendor = S("Tollbook tests"),
    .version = S("0.1.0"),
    .description = S("Reads id;start;end;calling;called lines and misbehaves on marker words."),
    .formats = formats,
    .format_count = 1,
    .options_schema = S("{\"type\":\"object\"}"),
    .probe = NULL,
    .create = faulty_create,
    .feed = faulty_feed,
    .destroy = faulty_destroy,
};

TB_EXPORT const tb_plugin_descriptor *tollbook_plugin_entry(uint16_t host_major, uint16_t host_minor) {
    (void)host_major;
    (void)host_minor;
    return &descriptor;
}
