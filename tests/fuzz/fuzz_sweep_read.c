/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for reading sweep outputs back (solver/report/sweep_read.c,
 * tests/fuzz/README.md), as merge and sweep --resume do: each input is written as the
 * sweep.json of a shard directory of the twins sweep (tests/data/twins-model.xml,
 * twins-sweep.xml; the only file they read back, whatever the sweep's format) and read into
 * a fresh run each time. A crash, a sanitizer report, a leak, or an answer outside the
 * reader's contract (a refusal other than bad input, or a row accepted with a number that is
 * not finite) is a finding. Seeds: tests/data/twins-out.json and the corpus's sweep cases.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "footprint/load.h"
#include "footprint/solve.h"
#include "footprint/variant.h"
#include "report/sweep_read.h"
#include "report/sweep_report.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Process-wide by necessity: libFuzzer calls the target with no context argument. */
static char dir[64];
static fpt_model *model;
static fpt_scenario *scenario;
static fpt_provenance provenance;

static void clean_up(void)
{
    char path[128];
    snprintf(path, sizeof path, "%s/sweep.json", dir);
    unlink(path);
    rmdir(dir);
    fpt_scenario_free(scenario);
    fpt_model_free(model);
    fpt_xml_cleanup();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fpt_xml_init();
    snprintf(dir, sizeof dir, "/tmp/fpt-fuzz-sweep-%ld", (long)getpid());
    fpt_solve_options o;
    fpt_solve_options_init(&o);
    if (mkdir(dir, 0700) != 0 ||
        fpt_model_load(FPT_TEST_DATA "/twins-model.xml", &model, NULL, NULL) != FPT_OK ||
        fpt_scenario_load(FPT_TEST_DATA "/twins-sweep.xml", model, &scenario, NULL, NULL) !=
            FPT_OK ||
        fpt_provenance_fill(&provenance, model, scenario, &o, NULL) != FPT_OK) {
        fprintf(stderr, "fuzz_sweep_read: cannot set up the twins sweep\n");
        exit(1);
    }
    atexit(clean_up);
    return 0;
}

/* Every number of an accepted row is finite (the strict reader's promise). */
static void check_run(const fpt_sweep_run *run)
{
    for (size_t i = 0; i < run->n_scenarios; i++) {
        const fpt_sweep_result *r = &run->results[i];
        bool finite = isfinite(r->population) && isfinite(r->objective) && isfinite(r->cost_gbp);
        if (r->done && !finite) {
            abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[128];
    snprintf(path, sizeof path, "%s/sweep.json", dir);
    FILE *fp = fopen(path, "wb");
    if (fp == NULL || fwrite(data, 1, size, fp) != size || fclose(fp) != 0) {
        abort(); /* the harness itself is broken: stop rather than fuzz nothing */
    }
    fpt_sweep_run *run = NULL;
    if (fpt_sweep_run_create(fpt_variant_count(scenario), model->n_functions, scenario->n_axes,
                             &run) != FPT_OK) {
        unlink(path);
        return 0;
    }
    for (size_t i = 0; i < run->n_scenarios; i++) {
        fpt_variant_axis_values(scenario, i, &run->axis_values[i * scenario->n_axes]);
    }
    fpt_sweep_report_input in = {
        .model = model, .scenario = scenario, .run = run, .provenance = &provenance};
    fpt_error err = {0};
    fpt_status st = fpt_sweep_read_dir(dir, &in, run, &err);
    if (st != FPT_OK && st != FPT_EINVALID && st != FPT_EIO && st != FPT_ENOMEM) {
        abort(); /* a read back refuses input as bad input, nothing else */
    }
    if (st == FPT_OK) {
        check_run(run);
    }
    fpt_sweep_run_free(run);
    unlink(path);
    return 0;
}
