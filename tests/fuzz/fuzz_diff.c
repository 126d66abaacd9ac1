/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for diff's JSON reader (solver/report/diff.c, tests/fuzz/README.md): each
 * input is written to a temporary file and compared with itself and with
 * tests/data/diff-a.json in both orders. A crash, a sanitizer report or a leak is a finding,
 * and so is an answer outside diff's contract: a refusal must be FPT_EINVALID or FPT_EIO with
 * a message, an accepted document compared with itself must show no change.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "footprint/diff.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Process-wide by necessity: libFuzzer calls the target with no context argument. */
static char input_path[64];

static void remove_input(void)
{
    unlink(input_path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    snprintf(input_path, sizeof input_path, "/tmp/fpt-fuzz-diff-%ld.json", (long)getpid());
    atexit(remove_input);
    return 0;
}

static fpt_status compare(const char *a, const char *b, fpt_diff_report *r)
{
    fpt_diff_options o;
    fpt_diff_options_init(&o);
    fpt_error err = {0};
    fpt_status st = fpt_diff_files(a, b, &o, r, &err);
    if (st != FPT_OK && (st != FPT_EINVALID && st != FPT_EIO && st != FPT_ENOMEM)) {
        abort(); /* diff refuses input as bad input, nothing else */
    }
    if (st != FPT_OK && err.message[0] == '\0') {
        abort(); /* a refusal without a reason */
    }
    return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *fp = fopen(input_path, "wb");
    if (fp == NULL || fwrite(data, 1, size, fp) != size || fclose(fp) != 0) {
        abort(); /* the harness itself is broken: stop rather than fuzz nothing */
    }
    fpt_diff_report r;
    if (compare(input_path, input_path, &r) == FPT_OK &&
        (r.exceeded || r.n_status_changes > 0 || r.n_level_changes > 0)) {
        abort(); /* a footprint output differs from itself */
    }
    fpt_diff_report_clear(&r);
    compare(input_path, FPT_TEST_DATA "/diff-a.json", &r);
    fpt_diff_report_clear(&r);
    compare(FPT_TEST_DATA "/diff-a.json", input_path, &r);
    fpt_diff_report_clear(&r);
    return 0;
}
