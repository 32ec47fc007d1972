/*
 * fields.c — reading single fields of a line: UTF-8 check, UTC times, whole seconds.
 * Pure functions of their arguments: no state, no allocation.
 */
#include <string.h>

#include "cminimal.h"

int cm_valid_utf8(const uint8_t *p, size_t n) {
    size_t i = 0;
    while (i < n) {
        uint8_t c = p[i];
        if (c < 0x80) { i++; continue; }
        size_t extra;
        uint32_t min;
        uint32_t cp;
        if ((c & 0xE0) == 0xC0) { extra = 1; min = 0x80; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { extra = 2; min = 0x800; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { extra = 3; min = 0x10000; cp = c & 0x07; }
        else return 0;
        if (n - i <= extra) return 0;
        for (size_t k = 1; k <= extra; k++) {
            uint8_t d = p[i + k];
            if ((d & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (d & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
        i += extra + 1;
    }
    return 1;
}

/* Reads `count` digits at p into *out; 0 if one is not a digit. */
static int digits(const uint8_t *p, size_t count, int64_t *out) {
    int64_t v = 0;
    for (size_t i = 0; i < count; i++) {
        if (p[i] < '0' || p[i] > '9') return 0;
        v = v * 10 + (p[i] - '0');
    }
    *out = v;
    return 1;
}

static int is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* Days from 1970-01-01 to the given civil date (proleptic Gregorian, y >= 1970). */
static int64_t days_since_epoch(int64_t y, int64_t m, int64_t d) {
    static const int64_t before_month[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
    int64_t days = 0;
    /* Whole years: 365 each plus the leap days between 1970 and y (exclusive). */
    int64_t years = y - 1970;
    int64_t leaps = ((y - 1) / 4 - 1969 / 4) - ((y - 1) / 100 - 1969 / 100) + ((y - 1) / 400 - 1969 / 400);
    days = years * 365 + leaps;
    days += before_month[m - 1] + (m > 2 && is_leap(y) ? 1 : 0);
    return days + d - 1;
}

int cm_parse_utc(cm_slice s, int64_t *seconds) {
    /* 2025-03-03T08:15:00Z: 20 bytes. */
    const uint8_t *p = s.ptr;
    if (s.len != 20 || p[4] != '-' || p[7] != '-' || p[10] != 'T' || p[13] != ':' || p[16] != ':' || p[19] != 'Z')
        return 0;
    int64_t y, mo, d, h, mi, se;
    if (!digits(p, 4, &y) || !digits(p + 5, 2, &mo) || !digits(p + 8, 2, &d) || !digits(p + 11, 2, &h) ||
        !digits(p + 14, 2, &mi) || !digits(p + 17, 2, &se))
        return 0;
    static const int64_t month_days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (y < 1970 || mo < 1 || mo > 12 || h > 23 || mi > 59 || se > 59) return 0;
    int64_t last = month_days[mo - 1] + (mo == 2 && is_leap(y) ? 1 : 0);
    if (d < 1 || d > last) return 0;
    *seconds = days_since_epoch(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
    return 1;
}

int cm_parse_seconds(cm_slice s, int64_t *value) {
    if (s.len == 0 || s.len > 6) return 0;
    return digits(s.ptr, s.len, value);
}

int cm_equals(cm_slice s, const char *text) {
    size_t n = strlen(text);
    return s.len == n && (n == 0 || memcmp(s.ptr, text, n) == 0);
}
