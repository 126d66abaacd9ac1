/* SPDX-License-Identifier: MIT */
/*
 * A program built against an installed footprint: load the shipped default model and
 * scenario from FOOTPRINT_DATA_DIR (the installed share/footprint, given at compile time),
 * appraise and solve them through the public API, and print the status and the objective.
 */
#include <footprint/appraise.h>
#include <footprint/load.h>
#include <footprint/solve.h>
#include <stdio.h>

int main(void)
{
    fpt_diags diags = {0};
    fpt_error err = {0};
    fpt_model *m = NULL;
    fpt_scenario *s = NULL;
    fpt_appraisal *a = NULL;
    fpt_solution *sol = NULL;
    fpt_xml_init();
    fpt_status st = fpt_model_load(FOOTPRINT_DATA_DIR "/models/england2013.xml", &m, &diags, &err);
    if (st == FPT_OK) {
        st = fpt_scenario_load(FOOTPRINT_DATA_DIR "/scenarios/hub5m.xml", m, &s, &diags, &err);
    }
    if (st == FPT_OK) {
        st = fpt_appraisal_build(m, s, &a, &err);
    }
    if (st == FPT_OK) {
        fpt_solve_options options;
        fpt_solve_options_init(&options);
        st = fpt_solve(a, &options, &sol, &err);
    }
    if (st == FPT_OK) {
        printf("status %s\nobjective %.17g\n", fpt_result_name(sol->result), sol->objective);
    } else {
        fprintf(stderr, "consumer: %s: %s\n", err.file, err.message);
    }
    fpt_solution_free(sol);
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_model_free(m);
    fpt_diags_clear(&diags);
    fpt_solve_thread_exit();
    fpt_xml_cleanup();
    return st == FPT_OK ? 0 : 1;
}
