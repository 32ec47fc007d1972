/*
 * cminimal.h — internal declarations of the C minimal example plugin.
 *
 * Everything declared here has hidden visibility (the Makefile builds with
 * -fvisibility=hidden); only tollbook_plugin_entry (plugin.c) is exported.
 */
#ifndef CMINIMAL_H
#define CMINIMAL_H

#include <stddef.h>
#include <stdint.h>

#include "tollbook_plugin.h"

/** Records collected before they are handed to the host in one emit_records call. */
#define CM_BATCH 64
/** Longest id (bytes) and longest `node` option (bytes). */
#define CM_MAX_ID 64
#define CM_MAX_NODE 64
/** Room for one correlation id "node:id". */
#define CM_MAX_CORRELATION (CM_MAX_NODE + 1 + CM_MAX_ID)
/** Number of columns of a data line. */
#define CM_COLUMNS 8

/** One parser: everything a source needs. No state is shared between parsers. */
struct tb_parser {
    const tb_host *host;                          /* borrowed until destroy */
    char node[CM_MAX_NODE];                       /* the `node` option, decoded */
    size_t node_len;
    uint32_t count;                               /* records waiting in batch */
    tb_record batch[CM_BATCH];
    char correlation[CM_BATCH][CM_MAX_CORRELATION]; /* storage of batch[i].correlation_id */
};

/** A slice of the input. */
typedef struct cm_slice {
    const uint8_t *ptr;
    size_t len;
} cm_slice;

/* fields.c */
/** Whether the bytes are well-formed UTF-8 (no overlong forms, no surrogates). */
int cm_valid_utf8(const uint8_t *p, size_t n);
/** Parses "YYYY-MM-DDTHH:MM:SSZ" (years 1970-9999) into seconds since the epoch; 0 on failure. */
int cm_parse_utc(cm_slice s, int64_t *seconds);
/** Parses 1 to 6 decimal digits; 0 on failure. */
int cm_parse_seconds(cm_slice s, int64_t *value);
/** Whether the slice equals the NUL-terminated text. */
int cm_equals(cm_slice s, const char *text);

/* options.c */
/**
 * Reads the options object into the parser. On failure writes the offending option's name into
 * key (capacity key_cap, length *key_len; empty when the object itself is unreadable), points
 * *message at static text that never repeats a value, and returns 0.
 */
int cm_read_options(tb_parser *parser, tb_str json, char *key, size_t key_cap, size_t *key_len,
                    const char **message);

/* feed.c */
/** The descriptor's feed function. */
tb_status cm_feed(tb_parser *parser, const uint8_t *data, size_t len, uint64_t stream_offset,
                  uint32_t flags, size_t *consumed);
/** The descriptor's probe function. */
int32_t cm_probe(const uint8_t *head, size_t len);

#endif /* CMINIMAL_H */
