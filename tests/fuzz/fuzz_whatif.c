/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for what-ifs (solver/serve/whatif.c, tests/fuzz/README.md): every input is
 * read as a what-if's JSON and applied to tests/data/tiny-scenario.xml on tiny-model.xml, as
 * POST /api/solve would before solving. A crash, a sanitizer report or a leak is a finding;
 * a refusal with problems is the expected outcome, and an accepted what-if must come with none.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "footprint/load.h"
#include "serve/whatif.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Process-wide by necessity: libFuzzer calls the target with no context argument. */
static fpt_model *tiny_model;
static fpt_scenario *tiny_scenario;

static void free_tiny(void)
{
    fpt_scenario_free(tiny_scenario);
    fpt_model_free(tiny_model);
    fpt_xml_cleanup();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fpt_xml_init();
    if (fpt_model_load(FPT_TEST_DATA "/tiny-model.xml", &tiny_model, NULL, NULL) != FPT_OK ||
        fpt_scenario_load(FPT_TEST_DATA "/tiny-scenario.xml", tiny_model, &tiny_scenario, NULL,
                          NULL) != FPT_OK) {
        fprintf(stderr, "fuzz_whatif: cannot load the tiny model and scenario\n");
        exit(1);
    }
    atexit(free_tiny);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fpt_diags problems = {0};
    fpt_scenario *s = NULL;
    char *summary = NULL;
    fpt_status st = fpt_whatif_apply(tiny_model, tiny_scenario, (const char *)data, size, &s,
                                     &summary, &problems);
    if ((st == FPT_OK) != (s != NULL) || (st == FPT_EINVALID && problems.n == 0) ||
        (st == FPT_OK && problems.n != 0)) {
        abort(); /* the contract of serve/whatif.h broken */
    }
    free(summary);
    fpt_scenario_free(s);
    fpt_diags_clear(&problems);
    return 0;
}
