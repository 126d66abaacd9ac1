/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the model and scenario loaders (tests/fuzz/README.md): every input is
 * loaded as a model and as a scenario against tests/data/tiny-model.xml. The loaders take a
 * path, so the input goes to one temporary file, rewritten each time. A crash, a sanitizer
 * report or a leak is a finding; load failures are the expected outcome.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "footprint/load.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Process-wide by necessity: libFuzzer calls the target with no context argument. */
static char input_path[64];
static fpt_model *tiny_model;

static void remove_input(void)
{
    unlink(input_path);
    fpt_model_free(tiny_model);
    fpt_xml_cleanup();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fpt_xml_init();
    snprintf(input_path, sizeof input_path, "/tmp/fpt-fuzz-%ld.xml", (long)getpid());
    if (fpt_model_load(FPT_TEST_DATA "/tiny-model.xml", &tiny_model, NULL, NULL) != FPT_OK) {
        fprintf(stderr, "fuzz_load: cannot load tiny-model.xml\n");
        exit(1);
    }
    atexit(remove_input);
    return 0;
}

static bool write_input(const uint8_t *data, size_t size)
{
    FILE *fp = fopen(input_path, "wb");
    if (fp == NULL) {
        return false;
    }
    bool ok = fwrite(data, 1, size, fp) == size;
    return fclose(fp) == 0 && ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!write_input(data, size)) {
        abort(); /* the harness itself is broken: stop rather than fuzz nothing */
    }
    fpt_diags diags = {0};
    fpt_error err = {0};
    fpt_model *m = NULL;
    if (fpt_model_load(input_path, &m, &diags, &err) == FPT_OK) {
        fpt_model_free(m);
    }
    fpt_diags_clear(&diags);
    fpt_error_clear(&err);
    fpt_scenario *s = NULL;
    if (fpt_scenario_load(input_path, tiny_model, &s, &diags, &err) == FPT_OK) {
        fpt_scenario_free(s);
    }
    fpt_diags_clear(&diags);
    return 0;
}
