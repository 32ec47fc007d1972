/*
 * feed.c — the line loop: complete lines become records, rejects or skipped spans.
 *
 * Contract (tollbook_plugin.h, section 3): only complete lines (ending in LF) are consumed; the
 * bytes of an unfinished last line are left for the host to present again with the next chunk.
 * At TB_FEED_END_OF_INPUT the rest is consumed too. Every byte of a line, its LF included, lies
 * in exactly one record, reject or skipped span, so the spans tile the input.
 */
#include <string.h>

#include "cminimal.h"

/** The header line of the dialect (skipped wherever it appears). */
static const char header_line[] = "id,start_utc,ring_s,talk_s,direction,calling,called,trunk";

/* Column indexes. */
enum { C_ID, C_START, C_RING, C_TALK, C_DIRECTION, C_CALLING, C_CALLED, C_TRUNK };

static tb_str str_of(cm_slice s) {
    tb_str t = { (const char *)s.ptr, s.len };
    if (s.len == 0) t.ptr = NULL;
    return t;
}

static tb_str text(const char *literal) {
    tb_str t = { literal, strlen(literal) };
    return t;
}

/* Hands the waiting records to the host. */
static tb_status flush(tb_parser *parser) {
    if (parser->count == 0) return TB_OK;
    uint32_t count = parser->count;
    parser->count = 0;
    return parser->host->emit_records(parser->host, parser->batch, count, (uint32_t)sizeof(tb_record));
}

/* Emits a reject (or skipped span) for `length` bytes at `offset`, after the waiting records so the
   host sees everything in input order. */
static tb_status reject(tb_parser *parser, tb_reject_reason reason, uint64_t offset, uint64_t length,
                        const char *field, const char *message) {
    tb_status status = flush(parser);
    if (status != TB_OK) return status;
    tb_reject r;
    memset(&r, 0, sizeof r);
    r.struct_size = (uint32_t)sizeof r;
    r.reason = reason;
    r.source_offset = offset;
    r.source_length = length;
    r.field = text(field);
    r.message = text(message);
    return parser->host->emit_reject(parser->host, &r);
}

/* Splits a line at commas; returns the number of fields (at most CM_COLUMNS + 1, then it stops). */
static size_t split(const uint8_t *line, size_t len, cm_slice *fields) {
    size_t n = 0, start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || line[i] == ',') {
            if (n == CM_COLUMNS) return n + 1;
            fields[n].ptr = line + start;
            fields[n].len = i - start;
            n++;
            start = i + 1;
        }
    }
    return n;
}

/* Turns the text of one line (without LF / CR LF) into a record, a reject or a skipped span.
   `span` is the line's full length in the source, `unterminated` says the input ended without LF. */
static tb_status handle_line(tb_parser *parser, const uint8_t *line, size_t len, uint64_t offset, size_t span,
                             int unterminated) {
    cm_slice whole = { line, len };
    /* A UTF-8 byte order mark at the very start of the source belongs to the first line. */
    if (offset == 0 && len >= 3 && line[0] == 0xEF && line[1] == 0xBB && line[2] == 0xBF) {
        whole.ptr += 3;
        whole.len -= 3;
    }
    if (whole.len == 0) return reject(parser, TB_REJECT_SKIPPED, offset, span, "", "blank line");
    if (whole.ptr[0] == '#') return reject(parser, TB_REJECT_SKIPPED, offset, span, "", "comment line");
    if (cm_equals(whole, header_line)) return reject(parser, TB_REJECT_SKIPPED, offset, span, "", "header line");
    if (!cm_valid_utf8(whole.ptr, whole.len))
        return reject(parser, TB_REJECT_MALFORMED, offset, span, "", "the line is not valid UTF-8");

    cm_slice f[CM_COLUMNS + 1];
    size_t n = split(whole.ptr, whole.len, f);
    if (n != CM_COLUMNS) {
        if (unterminated)
            return reject(parser, TB_REJECT_TRUNCATED, offset, span, "", "the input ended inside a record");
        return reject(parser, TB_REJECT_MALFORMED, offset, span, "", "expected 8 comma-separated fields");
    }
    if (f[C_ID].len == 0) return reject(parser, TB_REJECT_MISSING_FIELD, offset, span, "id", "the id is empty");
    if (f[C_ID].len > CM_MAX_ID)
        return reject(parser, TB_REJECT_OUT_OF_RANGE, offset, span, "id", "the id is longer than 64 bytes");
    int64_t start, ring, talk;
    if (!cm_parse_utc(f[C_START], &start))
        return reject(parser, TB_REJECT_OUT_OF_RANGE, offset, span, "start_utc",
                      "not a UTC time such as 2025-03-03T08:15:00Z");
    if (!cm_parse_seconds(f[C_RING], &ring))
        return reject(parser, TB_REJECT_OUT_OF_RANGE, offset, span, "ring_s", "not a whole number of seconds (0 to 999999)");
    if (!cm_parse_seconds(f[C_TALK], &talk))
        return reject(parser, TB_REJECT_OUT_OF_RANGE, offset, span, "talk_s", "not a whole number of seconds (0 to 999999)");
    tb_direction direction;
    if (cm_equals(f[C_DIRECTION], "in")) direction = TB_DIRECTION_INCOMING;
    else if (cm_equals(f[C_DIRECTION], "out")) direction = TB_DIRECTION_OUTGOING;
    else if (cm_equals(f[C_DIRECTION], "internal")) direction = TB_DIRECTION_INTERNAL;
    else return reject(parser, TB_REJECT_OUT_OF_RANGE, offset, span, "direction", "must be in, out or internal");
    if (f[C_CALLED].len == 0)
        return reject(parser, TB_REJECT_MISSING_FIELD, offset, span, "called", "the called number is empty");

    uint32_t index = parser->count;
    tb_record *r = &parser->batch[index];
    memset(r, 0, sizeof *r);
    r->struct_size = (uint32_t)sizeof *r;
    r->source_offset = offset;
    r->source_length = span;
    r->vendor_record_id = str_of(f[C_ID]);
    /* correlation id: "node:id" with the node option, else the id itself. */
    if (parser->node_len > 0) {
        char *out = parser->correlation[index];
        memcpy(out, parser->node, parser->node_len);
        out[parser->node_len] = ':';
        memcpy(out + parser->node_len + 1, f[C_ID].ptr, f[C_ID].len);
        r->correlation_id.ptr = out;
        r->correlation_id.len = parser->node_len + 1 + f[C_ID].len;
    } else {
        r->correlation_id = r->vendor_record_id;
    }
    r->time_basis = TB_TIME_UTC;
    r->start_us = start * 1000000;
    r->answer_us = talk > 0 ? (start + ring) * 1000000 : TB_TIME_ABSENT;
    r->end_us = (start + ring + talk) * 1000000;
    r->ring_ms = ring * 1000;
    r->talk_ms = talk * 1000;
    r->calling = str_of(f[C_CALLING]);
    r->called = str_of(f[C_CALLED]);
    /* The local party is the called one for incoming calls, else the caller. */
    r->extension = direction == TB_DIRECTION_INCOMING ? r->called : r->calling;
    r->remote = direction == TB_DIRECTION_INCOMING ? r->calling : r->called;
    r->direction = direction;
    r->disposition = talk > 0 ? TB_DISPOSITION_ANSWERED : TB_DISPOSITION_NO_ANSWER;
    r->trunk = str_of(f[C_TRUNK]);
    r->cause = TB_INT_ABSENT;
    r->charge_units = TB_INT_ABSENT;
    r->charge_minor = TB_INT_ABSENT;
    parser->count++;
    return parser->count == CM_BATCH ? flush(parser) : TB_OK;
}

tb_status cm_feed(tb_parser *parser, const uint8_t *data, size_t len, uint64_t stream_offset, uint32_t flags,
                  size_t *consumed) {
    if (consumed == NULL) return TB_ERR_INVALID_ARGUMENT;
    *consumed = 0;
    if (parser == NULL || (data == NULL && len > 0)) return TB_ERR_INVALID_ARGUMENT;
    int end_of_input = (flags & TB_FEED_END_OF_INPUT) != 0;
    size_t pos = 0;
    while (pos < len) {
        const uint8_t *lf = memchr(data + pos, '\n', len - pos);
        if (lf == NULL && !end_of_input) break; /* an unfinished line: the host presents it again */
        size_t line_end = lf ? (size_t)(lf - data) : len;
        size_t next = lf ? line_end + 1 : len;
        size_t text_end = line_end;
        if (text_end > pos && data[text_end - 1] == '\r') text_end--;
        tb_status status = handle_line(parser, data + pos, text_end - pos, stream_offset + pos, next - pos, lf == NULL);
        if (status != TB_OK) {
            /* A host callback refused: stop at once. Records of this line may be lost with the batch;
               the host aborts the import anyway. */
            *consumed = pos;
            return status;
        }
        pos = next;
    }
    tb_status status = flush(parser);
    *consumed = pos;
    return status;
}

int32_t cm_probe(const uint8_t *head, size_t len) {
    if (head == NULL || len == 0) return 0;
    size_t start = (len >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF) ? 3 : 0;
    size_t n = strlen(header_line);
    if (len - start >= n && memcmp(head + start, header_line, n) == 0) return 95;
    /* No header: plausible if the first line has 8 fields and a UTC time in the second. */
    const uint8_t *lf = memchr(head + start, '\n', len - start);
    size_t line_len = (lf ? (size_t)(lf - head) : len) - start;
    if (line_len > 0 && head[start + line_len - 1] == '\r') line_len--;
    cm_slice f[CM_COLUMNS + 1];
    int64_t ignored;
    if (split(head + start, line_len, f) == CM_COLUMNS && cm_parse_utc(f[C_START], &ignored)) return 60;
    return 0;
}
