/*
 * plugin.c — the descriptor, the entry symbol, create and destroy.
 *
 * The only mutable state lives in the tb_parser that create() allocates; the descriptor and every
 * string it points to are static constants, valid for the life of the process.
 */
#include <stdlib.h>
#include <string.h>

#include "cminimal.h"

#define S(literal) { literal, sizeof(literal) - 1 }

/** JSON Schema (draft 2020-12) of the options object. */
#define OPTIONS_SCHEMA                                                                                   \
    "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\","                                   \
    "\"title\":\"C minimal example options\",\"type\":\"object\",\"additionalProperties\":false,"       \
    "\"properties\":{\"node\":{\"type\":\"string\",\"pattern\":\"^[A-Za-z0-9._-]{1,64}$\","            \
    "\"description\":\"Name of the PBX node. When set, correlation ids are node:id instead of id.\"}}}"

static tb_status cm_create(const tb_host *host, const tb_parser_config *config, tb_parser **out) {
    if (out == NULL) return TB_ERR_INVALID_ARGUMENT;
    *out = NULL;
    if (host == NULL || config == NULL) return TB_ERR_INVALID_ARGUMENT;
    /* The version 1.0 callbacks must be there (a newer host has more, never fewer). Compare with
       TB_HOST_V1_0_SIZE, never with sizeof(tb_host): rebuilt against a newer header, sizeof grows
       and the plugin would refuse every older host. Fields added after 1.0 are read only when
       TB_STRUCT_HAS(host, tb_host, field) holds. */
    if (host->struct_size < TB_HOST_V1_0_SIZE || host->emit_records == NULL || host->emit_reject == NULL ||
        host->report_error == NULL)
        return TB_ERR_INVALID_ARGUMENT;
    if (config->struct_size < TB_PARSER_CONFIG_V1_0_SIZE) return TB_ERR_INVALID_ARGUMENT;
    tb_parser *parser = calloc(1, sizeof *parser);
    if (parser == NULL) {
        static const char message[] = "out of memory";
        tb_str key = { NULL, 0 }, text = S(message);
        host->report_error(host, key, text);
        return TB_ERR_INTERNAL;
    }
    parser->host = host;
    char key[32];
    size_t key_len = 0;
    const char *message = "";
    if (!cm_read_options(parser, config->options_json, key, sizeof key, &key_len, &message)) {
        tb_str k = { key, key_len }, m = { message, strlen(message) };
        host->report_error(host, k, m);
        free(parser);
        return TB_ERR_CONFIG;
    }
    *out = parser;
    return TB_OK;
}

static void cm_destroy(tb_parser *parser) { free(parser); }

static const tb_str formats[] = { S("sdk-example-csv") };

static const tb_plugin_descriptor descriptor = {
    .magic = TB_ABI_MAGIC,
    .struct_size = sizeof(tb_plugin_descriptor),
    .abi_major = TB_ABI_MAJOR,
    .abi_minor = TB_ABI_MINOR,
    .min_host_abi_minor = 0,
    .id = S("example.c-minimal"),
    .name = S("SDK example: CSV calls (C)"),
    .vendor = S("Tollbook SDK"),
    .version = S("1.0.0"),
    .description = S("Reads the SDK's example CSV dialect id,start_utc,ring_s,talk_s,direction,calling,called,trunk."),
    .formats = formats,
    .format_count = 1,
    .options_schema = S(OPTIONS_SCHEMA),
    .probe = cm_probe,
    .create = cm_create,
    .feed = cm_feed,
    .destroy = cm_destroy,
};

/* The one exported symbol. Refuses hosts of another ABI major. */
TB_EXPORT const tb_plugin_descriptor *tollbook_plugin_entry(uint16_t host_abi_major, uint16_t host_abi_minor) {
    (void)host_abi_minor; /* we need nothing beyond version 1.0 */
    if (host_abi_major != TB_ABI_MAJOR) return NULL;
    return &descriptor;
}
