/* SPDX-License-Identifier: MIT */
/*
 * Paths as a reader would type them (fpt_text_path_tidy): "." dropped, "dir/.." cancelled,
 * slashes made one, a leading ".." kept, and a path longer than the buffer cut, never run
 * past. Numbers read strictly (fpt_text_to_double: decimal only, finite, not subnormal) and
 * UTF-8 checked to the first bad byte (fpt_text_is_utf8). JSON written to full precision
 * (fpt_json_write).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <criterion/parameterized.h>

#include "base/text.h"

/* Arrays, not pointers: Criterion copies parameters into another process. */
typedef struct tidy_case {
    char in[48];
    char out[48];
} tidy_case;

ParameterizedTestParameters(text, tidy)
{
    static tidy_case cases[] = {
        {"scenarios/../data/ccg2013.csv", "data/ccg2013.csv"},
        {"./a//b/./c", "a/b/c"},
        {"../data/x.csv", "../data/x.csv"},
        {"a/../../b", "../b"},
        {"/work/main/scenarios/../data/x.csv", "/work/main/data/x.csv"},
        {"/..", "/.."},
        {"a/..", "."},
        {".", "."},
        {"/", "/"},
        {"a/b/../../..", ".."},
    };
    return cr_make_param_array(tidy_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(tidy_case *c, text, tidy)
{
    char out[64];
    fpt_text_path_tidy(c->in, out, sizeof out);
    cr_expect(eq(str, out, c->out), "%s", c->in);
}

Test(text, tidy_cuts_a_long_path_inside_the_buffer)
{
    char out[8];
    memset(out, 'x', sizeof out);
    fpt_text_path_tidy("abcdefghijklmnop/q", out, sizeof out);
    cr_expect(memchr(out, '\0', sizeof out) != NULL, "not terminated within the buffer");
}

/* ---- fpt_text_to_double ----------------------------------------------------------------- */

typedef struct number_case {
    char text[32];
    char problem[16]; /* a fragment of the phrase, "" when the text is a number */
    double value;
} number_case;

ParameterizedTestParameters(text, to_double)
{
    static number_case cases[] = {
        {"0", "", 0},
        {"-0", "", 0},
        {"2.5", "", 2.5},
        {".5", "", 0.5},
        {"5.", "", 5},
        {"+1e3", "", 1000},
        {"-1.5E-2", "", -0.015},
        {"1e-300", "", 1e-300},
        {"1.7976931348623157e308", "", 1.7976931348623157e308},
        {"", "is empty", 0},
        {" 1", "not a decimal", 0},
        {"1 ", "not a decimal", 0},
        {"1,5", "not a decimal", 0},
        {"nan", "not a decimal", 0},
        {"NaN", "not a decimal", 0},
        {"inf", "not a decimal", 0},
        {"-Infinity", "not a decimal", 0},
        {"0x10", "hexadecimal", 0},
        {"-0X1p-3", "hexadecimal", 0},
        {"1e", "not a decimal", 0},
        {".", "not a decimal", 0},
        {"e5", "not a decimal", 0},
        {"1e999", "overflows", 0},
        {"-1e999", "overflows", 0},
        {"1e-320", "subnormal", 0},
        {"4.9e-324", "subnormal", 0},
        {"1e-400", "underflows", 0},
    };
    return cr_make_param_array(number_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(number_case *c, text, to_double)
{
    double v = -12345;
    const char *problem = fpt_text_to_double(c->text, &v);
    if (c->problem[0] == '\0') {
        cr_expect(problem == NULL, "'%s': %s", c->text, problem);
        cr_expect(v == c->value, "'%s' read as %.17g", c->text, v);
    } else {
        cr_expect(problem != NULL && strstr(problem, c->problem) != NULL, "'%s': %s", c->text,
                  problem != NULL ? problem : "(accepted)");
        cr_expect(v == -12345, "'%s' set the value although refused", c->text);
    }
}

/* ---- fpt_text_is_utf8 ------------------------------------------------------------------- */

typedef struct utf8_case {
    char bytes[16];
    size_t len;
    long bad; /* the offset of the first bad byte, -1 when all is UTF-8 */
} utf8_case;

ParameterizedTestParameters(text, is_utf8)
{
    static utf8_case cases[] = {
        {"plain", 5, -1},
        {"Ynys M\xc3\xb4n", 9, -1},  /* ô */
        {"\xe2\x82\xac 5", 5, -1},   /* € */
        {"\xf0\x9f\x8f\xa5", 4, -1}, /* U+1F3E5 */
        {"a\0b", 3, -1},             /* NUL is UTF-8; readers refuse it themselves */
        {"caf\xe9", 4, 3},           /* Latin-1 é */
        {"ab\xc3", 3, 2},            /* cut short */
        {"\xc0\xaf", 2, 0},          /* overlong '/' */
        {"\xe0\x80\xaf", 3, 0},      /* overlong, three bytes */
        {"x\xed\xa0\x80", 4, 1},     /* a UTF-16 surrogate */
        {"\xf4\x90\x80\x80", 4, 0},  /* past U+10FFFF */
        {"\xff\xfe"
         "a\0",
         4, 0},           /* UTF-16 little-endian byte-order mark */
        {"ok\x80", 3, 2}, /* a lone continuation byte */
    };
    return cr_make_param_array(utf8_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(utf8_case *c, text, is_utf8)
{
    size_t bad = 99;
    bool ok = fpt_text_is_utf8(c->bytes, c->len, &bad);
    cr_expect(ok == (c->bad < 0), "case at offset %ld", c->bad);
    if (c->bad >= 0) {
        cr_expect(bad == (size_t)c->bad, "first bad byte at %zu, expected %ld", bad, c->bad);
    }
}

/* JSON outputs keep full precision: every real fpt_json_write writes reads back as the same
 * double, including ones 12 significant digits would round (0.1 + 0.2, a penny of £499m). */
Test(text, json_write_reals_read_back_exactly)
{
    const double values[] = {0.1 + 0.2, 499021791.28448135, 1.0 / 3.0, 5e-324,
                             1.7976931348623157e308};
    json_t *arr = json_array();
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        arr = fpt_json_push(arr, json_real(values[i]));
    }
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    cr_assert(out != NULL);
    cr_assert(eq(int, fpt_json_write(out, arr), FPT_OK));
    fclose(out);
    json_t *back = json_loads(text, 0, NULL);
    cr_assert(back != NULL, "not JSON: %s", text);
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        double got = json_number_value(json_array_get(back, i));
        cr_expect(got == values[i], "%.17g written as %.17g in %s", values[i], got, text);
    }
    json_decref(back);
    free(text);
}
