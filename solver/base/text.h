/* SPDX-License-Identifier: MIT */
/*
 * Text building shared by every renderer (reports, sweeps, districts, HTML): text rendered
 * into memory through a FILE stream, RFC 4180 CSV fields, XML escaping and JSON documents.
 * Part of base/, below everything that renders; it never prints.
 */
#ifndef FPT_TEXT_H
#define FPT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct json_t; /* Jansson's, for fpt_json_write() */

#include "footprint/error.h"

/**
 * Open a stream that writes into memory; on fpt_text_close() *text receives the NUL-terminated
 * text (caller frees) and *len its length. Returns NULL when out of memory.
 */
FILE *fpt_text_open(char **text, size_t *len);

/**
 * Close a stream from fpt_text_open(). When st (the renderer's status) is not FPT_OK or the
 * stream failed, the text is freed, *text is NULL, and FPT_ENOMEM is recorded in err with a
 * message naming what (e.g. "the report"). Returns FPT_OK or FPT_ENOMEM.
 */
fpt_status fpt_text_close(FILE *out, fpt_status st, char **text, size_t *len, const char *what,
                          fpt_error *err);

/**
 * Write text escaped for XML, HTML and SVG, safe in element content and attribute values
 * alike; control characters other than tab and line breaks are dropped (XML forbids them).
 * NULL writes nothing.
 */
void fpt_text_escape_xml(FILE *out, const char *text);

/**
 * Set obj[key] to value, taking the reference to value. Jansson drops a NULL value (an
 * allocation that failed) or a failed insertion without a trace; here either releases obj and
 * returns NULL, so that a failure anywhere in a document reaches its root and the writer
 * (fpt_json_write) reports out of memory. obj may be NULL: value is released and NULL returned.
 * Use as `o = fpt_json_put(o, "key", json_real(x));`.
 */
struct json_t *fpt_json_put(struct json_t *obj, const char *key, struct json_t *value);

/** As fpt_json_put(), appending value to the array arr. */
struct json_t *fpt_json_push(struct json_t *arr, struct json_t *value);

/** Write a JSON document indented, reals to 17 significant digits (full precision, so each
 * reads back as the same double), ASCII only, and a final newline. Takes the caller's reference to
 * root and releases it (root may be NULL: FPT_ENOMEM). Returns FPT_OK or FPT_ENOMEM. */
fpt_status fpt_json_write(FILE *out, struct json_t *root);

/** The FNV-1a 64 state before any byte: fold bytes in with fpt_fnv1a64(). */
#define FPT_FNV1A64_OFFSET UINT64_C(0xcbf29ce484222325)

/** Return the FNV-1a 64 state h with len bytes of data folded in. Can't fail. */
uint64_t fpt_fnv1a64(uint64_t h, const void *data, size_t len);

/** Write h as 16 lower-case hex digits and a NUL into out (the provenance stamp's form). */
void fpt_fnv1a64_hex(uint64_t h, char out[17]);

/**
 * Format a number rounded to a whole one with thousands separators ("-12,345,678") into
 * buf (at most size bytes, always terminated). Can't fail.
 */
void fpt_text_grouped(char *buf, size_t size, double value);

/** Write a CSV field, quoted (RFC 4180) when it holds a comma, quote or line break. */
void fpt_csv_field(FILE *out, const char *text);

/**
 * Return the index of the candidate nearest to the first len bytes of word by edit distance
 * (adjacent transpositions count one) when it is near enough to be a typing slip — the one
 * candidate that a word of at least three letters begins, else at most two edits and at most
 * half of what was typed — or -1. For "did you mean" in messages. Can't fail.
 */
long fpt_text_nearest(const char *word, size_t len, const char *const *candidates, size_t n);

/** How a number in a CSV output is rounded: to what it means (docs/formats.md "CSV outputs"). */
typedef enum fpt_csv_round {
    FPT_CSV_GBP,    /**< money, to the penny: "%.2f" */
    FPT_CSV_TENTHS, /**< WTE, km and years, to a tenth: "%.1f" */
    FPT_CSV_WHOLE,  /**< people and counts: "%.0f" */
    FPT_CSV_RATIO,  /**< shares, gaps, weights, remoteness, and amounts told apart by less
                         than their rounding (one function's £ a head): 6 significant
                         digits, "%.6g" */
    FPT_CSV_VALUE   /**< a value the user gave (an axis value): 12 significant digits */
} fpt_csv_round;

/**
 * Write a comma, then v rounded as r; nothing after the comma when v is not finite (an empty
 * field). A value that rounds to zero is written without a minus sign. Can't fail.
 */
void fpt_csv_number(FILE *out, double v, fpt_csv_round r);

/**
 * Write path into out (size bytes) with "." segments dropped, "dir/.." cancelled and
 * repeated slashes made one, for showing a path as a reader would type it
 * ("scenarios/../data/ccg2013.csv" becomes "data/ccg2013.csv"). Lexical only: a path
 * through a symbolic link may name another file once tidied, so never open the result.
 * Can't fail; a path longer than out is cut.
 */
void fpt_text_path_tidy(const char *path, char *out, size_t size);

/**
 * Read the whole of text as a decimal number, as every input reader of the project does:
 * optional sign, digits, optional fraction and exponent, nothing before or after. Refused:
 * an empty text, white space, hexadecimal ("0x1p-3"), NaN and infinity in any spelling, a
 * number too large for a double ("1e999") and one so small that it underflows or is
 * subnormal ("1e-320"); 0 in any spelling is accepted.
 * @param out OUT: the value, set only on success
 * @return NULL on success, else a static phrase saying what is wrong, to follow the quoted
 * text in a message ("is hexadecimal, not decimal"; the caller adds what it expected).
 * Can't fail; thread-safe.
 */
const char *fpt_text_to_double(const char *text, double *out);

/**
 * Check that len bytes of text are UTF-8 (no overlong forms, surrogates or code points past
 * U+10FFFF).
 * @param bad OUT: the offset of the first byte of the first bad sequence, when there is one
 * @return whether all of it is UTF-8. Can't fail; thread-safe.
 */
bool fpt_text_is_utf8(const char *text, size_t len, size_t *bad);

#endif
