/* SPDX-License-Identifier: MIT */
/*
 * Paths as a reader would type them (fpt_text_path_tidy): "." dropped, "dir/.." cancelled,
 * slashes made one, a leading ".." kept, and a path longer than the buffer cut, never run
 * past.
 */
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
