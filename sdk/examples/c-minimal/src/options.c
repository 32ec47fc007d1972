/*
 * options.c — reads the options object (see OPTIONS_SCHEMA in plugin.c).
 *
 * The host passes a JSON object; `tollbook import --set KEY=VALUE` delivers every value as a JSON
 * string. This plugin has one option, `node`, so a small reader for a flat object of strings is
 * enough. Errors name the key and never repeat the value.
 */
#include <string.h>

#include "cminimal.h"

typedef struct reader {
    const uint8_t *p;
    size_t n;
    size_t i;
} reader;

static void skip_space(reader *r) {
    while (r->i < r->n && (r->p[r->i] == ' ' || r->p[r->i] == '\t' || r->p[r->i] == '\n' || r->p[r->i] == '\r'))
        r->i++;
}

static int hex(uint8_t c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Appends one byte to out (capacity cap); 0 when full. */
static int put(char *out, size_t cap, size_t *len, uint8_t c) {
    if (*len >= cap) return 0;
    out[(*len)++] = (char)c;
    return 1;
}

/*
 * Reads a JSON string at r->i (which must be '"') and decodes it into out. Returns 1 on success,
 * 0 on bad JSON, -1 when the decoded text is longer than cap.
 */
static int read_string(reader *r, char *out, size_t cap, size_t *len) {
    *len = 0;
    if (r->i >= r->n || r->p[r->i] != '"') return 0;
    r->i++;
    int too_long = 0;
    while (r->i < r->n) {
        uint8_t c = r->p[r->i++];
        if (c == '"') return too_long ? -1 : 1;
        if (c < 0x20) return 0;
        if (c != '\\') { if (!put(out, cap, len, c)) too_long = 1; continue; }
        if (r->i >= r->n) return 0;
        uint8_t e = r->p[r->i++];
        uint8_t plain;
        switch (e) {
        case '"': plain = '"'; break;
        case '\\': plain = '\\'; break;
        case '/': plain = '/'; break;
        case 'b': plain = '\b'; break;
        case 'f': plain = '\f'; break;
        case 'n': plain = '\n'; break;
        case 'r': plain = '\r'; break;
        case 't': plain = '\t'; break;
        case 'u': {
            if (r->n - r->i < 4) return 0;
            int cp = 0;
            for (int k = 0; k < 4; k++) {
                int h = hex(r->p[r->i++]);
                if (h < 0) return 0;
                cp = cp * 16 + h;
            }
            /* Option values are short names: code points outside the BMP or surrogates are refused. */
            if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
            uint8_t buf[3];
            size_t k = 0;
            if (cp < 0x80) buf[k++] = (uint8_t)cp;
            else if (cp < 0x800) { buf[k++] = (uint8_t)(0xC0 | (cp >> 6)); buf[k++] = (uint8_t)(0x80 | (cp & 0x3F)); }
            else {
                buf[k++] = (uint8_t)(0xE0 | (cp >> 12));
                buf[k++] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
                buf[k++] = (uint8_t)(0x80 | (cp & 0x3F));
            }
            for (size_t j = 0; j < k; j++) if (!put(out, cap, len, buf[j])) too_long = 1;
            continue;
        }
        default: return 0;
        }
        if (!put(out, cap, len, plain)) too_long = 1;
    }
    return 0;
}

/* Whether a node name uses only letters, digits, '.', '-' and '_'. */
static int valid_node(const char *s, size_t n) {
    if (n == 0) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                 c == '-' || c == '_';
        if (!ok) return 0;
    }
    return 1;
}

int cm_read_options(tb_parser *parser, tb_str json, char *key, size_t key_cap, size_t *key_len,
                    const char **message) {
    static const char not_object[] = "the options are not a JSON object with string values";
    reader r = { (const uint8_t *)json.ptr, json.len, 0 };
    *key_len = 0;
    parser->node_len = 0;
    if (json.len == 0) return 1; /* no options at all: same as {} */
    if (json.ptr == NULL) { *message = not_object; return 0; }
    skip_space(&r);
    if (r.i >= r.n || r.p[r.i] != '{') { *message = not_object; return 0; }
    r.i++;
    skip_space(&r);
    if (r.i < r.n && r.p[r.i] == '}') { r.i++; goto done; }
    for (;;) {
        skip_space(&r);
        /* The key is decoded straight into the caller's buffer, so an unknown one can be named. */
        int got = read_string(&r, key, key_cap, key_len);
        if (got == 0) { *key_len = 0; *message = not_object; return 0; }
        int is_node = got == 1 && *key_len == 4 && memcmp(key, "node", 4) == 0;
        skip_space(&r);
        if (r.i >= r.n || r.p[r.i] != ':') { *message = not_object; return 0; }
        r.i++;
        skip_space(&r);
        if (!is_node) {
            *message = "unknown option; this plugin knows only \"node\"";
            return 0;
        }
        if (r.i >= r.n || r.p[r.i] != '"') { *message = "must be a string"; return 0; }
        got = read_string(&r, parser->node, sizeof parser->node, &parser->node_len);
        if (got == 0) { *key_len = 0; *message = not_object; return 0; }
        if (got < 0 || !valid_node(parser->node, parser->node_len)) {
            *message = "must be 1 to 64 letters, digits, '.', '-' or '_'";
            return 0;
        }
        *key_len = 0;
        skip_space(&r);
        if (r.i < r.n && r.p[r.i] == ',') { r.i++; continue; }
        if (r.i < r.n && r.p[r.i] == '}') { r.i++; break; }
        *message = not_object;
        return 0;
    }
done:
    skip_space(&r);
    if (r.i != r.n) { *message = not_object; return 0; }
    return 1;
}
