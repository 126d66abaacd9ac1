/* SPDX-License-Identifier: MIT */
/*
 * Text building for every renderer (base/text.h): FILE streams into memory (open_memstream),
 * RFC 4180 CSV fields, XML escaping, JSON documents through Jansson and numbers with thousands
 * separators. Part of base/, so it knows no model or result; it writes only to the streams it
 * is handed and never prints.
 */
#include "base/text.h"

#include <errno.h>
#include <float.h>
#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

FILE *fpt_text_open(char **text, size_t *len)
{
    *text = NULL;
    *len = 0;
    return open_memstream(text, len);
}

fpt_status fpt_text_close(FILE *out, fpt_status st, char **text, size_t *len, const char *what,
                          fpt_error *err)
{
    if (out == NULL || fclose(out) != 0 || st != FPT_OK) {
        free(*text);
        *text = NULL;
        *len = 0;
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory rendering %s", what);
    }
    return FPT_OK;
}

void fpt_csv_field(FILE *out, const char *text)
{
    if (strpbrk(text, ",\"\n\r") == NULL) {
        fputs(text, out);
        return;
    }
    fputc('"', out);
    for (const char *p = text; *p; p++) {
        if (*p == '"') {
            fputc('"', out);
        }
        fputc(*p, out);
    }
    fputc('"', out);
}

/* ---- the nearest word ---------------------------------------------------------------------- */

enum { MAX_NAME = 64 }; /* longer words get no suggestion */

static size_t min_size(size_t a, size_t b)
{
    return a < b ? a : b;
}

/* Edit distance with adjacent transpositions counting one (optimal string alignment). */
static size_t distance(const char *a, size_t n, const char *b, size_t m)
{
    size_t rows[3][MAX_NAME + 1];
    size_t *before = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= m; j++) {
        prev[j] = j;
    }
    for (size_t i = 1; i <= n; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t d = min_size(prev[j] + 1, cur[j - 1] + 1);
            d = min_size(d, prev[j - 1] + (a[i - 1] != b[j - 1]));
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                d = min_size(d, before[j - 2] + 1);
            }
            cur[j] = d;
        }
        size_t *spare = before;
        before = prev;
        prev = cur;
        cur = spare;
    }
    return prev[m];
}

/* The one candidate that word (at least three letters) begins, or -1. */
static long unique_prefix(const char *word, size_t len, const char *const *cands, size_t n)
{
    long found = -1;
    for (size_t i = 0; len >= 3 && i < n; i++) {
        if (strncmp(cands[i], word, len) == 0) {
            if (found >= 0 && strcmp(cands[found], cands[i]) != 0) {
                return -1;
            }
            found = (long)i;
        }
    }
    return found;
}

long fpt_text_nearest(const char *word, size_t len, const char *const *candidates, size_t n)
{
    if (len == 0 || len > MAX_NAME) {
        return -1;
    }
    long prefix = unique_prefix(word, len, candidates, n);
    if (prefix >= 0) {
        return prefix;
    }
    long best = -1;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        size_t m = strlen(candidates[i]);
        size_t d = m <= MAX_NAME ? distance(word, len, candidates[i], m) : best_d;
        if (d < best_d) {
            best = (long)i;
            best_d = d;
        }
    }
    /* A slip, not another word: at most two edits, and at most half of what was typed. */
    return best >= 0 && best_d <= 2 && 2 * best_d <= len ? best : -1;
}

void fpt_csv_number(FILE *out, double v, fpt_csv_round r)
{
    /* digits after the point ('f') or significant digits ('g') */
    static const struct {
        int digits;
        bool significant;
    } rule[] = {[FPT_CSV_GBP] = {2, false},
                [FPT_CSV_TENTHS] = {1, false},
                [FPT_CSV_WHOLE] = {0, false},
                [FPT_CSV_RATIO] = {6, true},
                [FPT_CSV_VALUE] = {12, true}};
    fputc(',', out);
    if (!isfinite(v)) {
        return;
    }
    char buf[64];
    if (rule[r].significant) {
        snprintf(buf, sizeof buf, "%.*g", rule[r].digits, v);
    } else {
        snprintf(buf, sizeof buf, "%.*f", rule[r].digits, v);
    }
    /* "-0.00" says nothing "0.00" does not; a spreadsheet would show it as a negative. */
    bool negative_zero = buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1);
    fputs(negative_zero ? buf + 1 : buf, out);
}

void fpt_text_escape_xml(FILE *out, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)(text ? text : ""); *p; p++) {
        switch (*p) {
        case '&':
            fputs("&amp;", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        case '\'':
            fputs("&#39;", out);
            break;
        default:
            if (*p >= 0x20 || *p == '\t' || *p == '\n' || *p == '\r') {
                fputc(*p, out);
            }
        }
    }
}

json_t *fpt_json_put(json_t *obj, const char *key, json_t *value)
{
    if (obj == NULL || value == NULL) {
        json_decref(obj);
        json_decref(value);
        return NULL;
    }
    if (json_object_set_new(obj, key, value) != 0) { /* it released value */
        json_decref(obj);
        return NULL;
    }
    return obj;
}

json_t *fpt_json_push(json_t *arr, json_t *value)
{
    if (arr == NULL || value == NULL) {
        json_decref(arr);
        json_decref(value);
        return NULL;
    }
    if (json_array_append_new(arr, value) != 0) {
        json_decref(arr);
        return NULL;
    }
    return arr;
}

fpt_status fpt_json_write(FILE *out, json_t *root)
{
    if (root == NULL) {
        return FPT_ENOMEM;
    }
    int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_REAL_PRECISION(17) | JSON_ENSURE_ASCII);
    fputc('\n', out);
    json_decref(root);
    return rc == 0 ? FPT_OK : FPT_ENOMEM;
}

void fpt_text_grouped(char *buf, size_t size, double value)
{
    char digits[64];
    snprintf(digits, sizeof digits, "%.0f", fabs(value));
    size_t n = strlen(digits), o = 0;
    if (value < 0 && llround(value) != 0 && o + 1 < size) {
        buf[o++] = '-';
    }
    for (size_t i = 0; i < n && o + 2 < size; i++) {
        buf[o++] = digits[i];
        if ((n - i - 1) % 3 == 0 && i + 1 < n) {
            buf[o++] = ',';
        }
    }
    buf[o] = '\0';
}

void fpt_text_path_tidy(const char *path, char *out, size_t size)
{
    /* Segments kept so far, as offsets into out; "." dropped, "x/.." cancelled, a leading
     * ".." (nothing to cancel) kept. */
    size_t len = 0, starts[256], n = 0;
    bool absolute = path[0] == '/';
    out[0] = '\0';
    for (const char *p = path; *p != '\0';) {
        while (*p == '/') {
            p++;
        }
        size_t seg = strcspn(p, "/");
        bool dot = seg == 1 && p[0] == '.', dotdot = seg == 2 && p[0] == '.' && p[1] == '.';
        if (seg == 0 || dot) {
            p += seg;
            continue;
        }
        if (dotdot && n > 0 && strcmp(out + starts[n - 1], "..") != 0) {
            len = starts[--n];
            len -= len > 0 ? 1 : 0; /* the slash before it */
            out[len] = '\0';
        } else if (n < sizeof starts / sizeof starts[0] && len + seg + 2 < size) {
            if (len > 0 || absolute) {
                out[len++] = '/';
            }
            starts[n++] = len;
            memcpy(out + len, p, seg);
            len += seg;
            out[len] = '\0';
        }
        p += seg;
    }
    if (len == 0) {
        snprintf(out, size, "%s", absolute ? "/" : ".");
    }
}

/* Whether text is [+-]digits[.digits][(e|E)[+-]digits] with at least one digit before the
 * exponent: the decimal form, and nothing strtod reads beyond it (hex, NaN, infinity). */
static bool is_decimal(const char *text)
{
    const char *p = text + (*text == '+' || *text == '-');
    size_t digits = strspn(p, "0123456789");
    p += digits;
    if (*p == '.') {
        size_t fraction = strspn(p + 1, "0123456789");
        digits += fraction;
        p += 1 + fraction;
    }
    if (digits == 0) {
        return false;
    }
    if (*p == 'e' || *p == 'E') {
        p += 1 + (p[1] == '+' || p[1] == '-');
        size_t exponent = strspn(p, "0123456789");
        if (exponent == 0) {
            return false;
        }
        p += exponent;
    }
    return *p == '\0';
}

const char *fpt_text_to_double(const char *text, double *out)
{
    if (text[0] == '\0') {
        return "is empty";
    }
    if (!is_decimal(text)) {
        const char *p = text + (*text == '+' || *text == '-');
        bool hex = p[0] == '0' && (p[1] == 'x' || p[1] == 'X');
        return hex ? "is hexadecimal, not decimal" : "is not a decimal number";
    }
    errno = 0;
    double v = strtod(text, NULL);
    if (isinf(v)) {
        return "is too large for a double: it overflows to infinity";
    }
    if (v != 0 && fabs(v) < DBL_MIN) {
        return "is subnormal: too small for a double to hold its precision";
    }
    if (v == 0 && errno == ERANGE) {
        return "underflows to 0: too small for a double";
    }
    *out = v;
    return NULL;
}

/* The length of the UTF-8 sequence at s (at most n bytes), 0 when it is not one. */
static size_t utf8_sequence(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t len = c < 0x80                 ? 1
                 : c >= 0xc2 && c <= 0xdf ? 2
                 : c >= 0xe0 && c <= 0xef ? 3
                 : c >= 0xf0 && c <= 0xf4 ? 4
                                          : 0;
    if (len == 0 || len > n) {
        return 0;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80) {
            return 0;
        }
    }
    /* Overlong three- and four-byte forms, UTF-16 surrogates and past U+10FFFF. */
    if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] > 0x9f) || (c == 0xf0 && s[1] < 0x90) ||
        (c == 0xf4 && s[1] > 0x8f)) {
        return 0;
    }
    return len;
}

bool fpt_text_is_utf8(const char *text, size_t len, size_t *bad)
{
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i < len;) {
        size_t n = utf8_sequence(s + i, len - i);
        if (n == 0) {
            *bad = i;
            return false;
        }
        i += n;
    }
    return true;
}

uint64_t fpt_fnv1a64(uint64_t h, const void *data, size_t len)
{
    const unsigned char *b = data;
    for (size_t i = 0; i < len; i++) {
        h = (h ^ b[i]) * UINT64_C(0x100000001b3);
    }
    return h;
}

void fpt_fnv1a64_hex(uint64_t h, char out[17])
{
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}
