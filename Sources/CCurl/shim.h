/* libcurl (Debian `libcurl4-openssl-dev`). curl_easy_setopt and curl_easy_getinfo are variadic, which
   Swift cannot call: these typed wrappers can be. */
#include <curl/curl.h>

/** Sets a `long` option. */
static inline CURLcode tollbook_curl_set_long(CURL *curl, CURLoption option, long value) {
    return curl_easy_setopt(curl, option, value);
}

/** Sets a string option (libcurl copies it). */
static inline CURLcode tollbook_curl_set_string(CURL *curl, CURLoption option, const char *value) {
    return curl_easy_setopt(curl, option, value);
}

/** Sets a pointer option (WRITEDATA, QUOTE lists). */
static inline CURLcode tollbook_curl_set_pointer(CURL *curl, CURLoption option, void *value) {
    return curl_easy_setopt(curl, option, value);
}

/** The write callback type. */
typedef size_t (*tollbook_curl_write_callback)(char *data, size_t size, size_t count, void *context);

/** Sets CURLOPT_WRITEFUNCTION. */
static inline CURLcode tollbook_curl_set_write_function(CURL *curl, tollbook_curl_write_callback callback) {
    return curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, callback);
}

/** Reads a `long` info value (response code, file time). */
static inline CURLcode tollbook_curl_get_long(CURL *curl, CURLINFO info, long *value) {
    return curl_easy_getinfo(curl, info, value);
}

/** Reads a `curl_off_t` info value (content length). */
static inline CURLcode tollbook_curl_get_off_t(CURL *curl, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(curl, info, value);
}

/** The read callback type (upload data, e.g. an SMTP message). */
typedef size_t (*tollbook_curl_read_callback)(char *buffer, size_t size, size_t count, void *context);

/** Sets CURLOPT_READFUNCTION. */
static inline CURLcode tollbook_curl_set_read_function(CURL *curl, tollbook_curl_read_callback callback) {
    return curl_easy_setopt(curl, CURLOPT_READFUNCTION, callback);
}
