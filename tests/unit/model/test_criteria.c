/* SPDX-License-Identifier: MIT */
/*
 * The criterion table (model.c): identifiers, parameters and the kind of £ each term is —
 * penalties T1–T3, running cost T4–T7, set-up T8 (docs/model.md M1–M11) — and the appraisal's
 * running cost, which must be exactly the sum of the running terms the table names.
 */
#include <stddef.h>

#include <criterion/criterion.h>

#include "footprint/appraise.h"
#include "footprint/load.h"
#include "footprint/model.h"

#define ENGLAND FPT_SOURCE_DIR "/models/england2013.xml"
#define HUB5M   FPT_SOURCE_DIR "/scenarios/hub5m.xml"

Test(criteria, identifiers_and_parameters_round_trip)
{
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        cr_expect_eq(fpt_criterion_from_id(fpt_criterion_id(k)), k);
        cr_expect_eq(fpt_criterion_from_parameter(fpt_parameter_id(k)), k);
        cr_expect_not_null(fpt_criterion_name(k));
    }
    cr_expect_null(fpt_criterion_id(FPT_N_CRITERIA));
    cr_expect_null(fpt_criterion_id(-1));
    cr_expect_eq(fpt_criterion_from_id("nonsense"), -1);
    cr_expect_eq(fpt_criterion_from_id(NULL), -1);
    cr_expect_eq(fpt_criterion_from_parameter("scale"), -1, "an id is not a parameter");
}

Test(criteria, penalties_running_and_setup_are_the_documented_terms)
{
    static const fpt_term_kind expected[FPT_N_CRITERIA] = {
        FPT_TERM_PENALTY, FPT_TERM_PENALTY, FPT_TERM_PENALTY, FPT_TERM_RUNNING,
        FPT_TERM_RUNNING, FPT_TERM_RUNNING, FPT_TERM_RUNNING, FPT_TERM_SETUP};
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        cr_expect_eq(fpt_criterion_kind(k), expected[k], "criterion %d", k + 1);
        cr_expect_eq(fpt_criterion_is_penalty(k), expected[k] == FPT_TERM_PENALTY);
        cr_expect_eq(fpt_criterion_is_running(k), expected[k] == FPT_TERM_RUNNING);
    }
    cr_expect(!fpt_criterion_is_penalty(FPT_N_CRITERIA));
    cr_expect(!fpt_criterion_is_running(-1));
}

Test(criteria, running_cost_is_the_sum_of_the_running_terms_in_every_cell)
{
    fpt_xml_init();
    fpt_model *m = NULL;
    fpt_scenario *s = NULL;
    fpt_appraisal *a = NULL;
    fpt_diags d = {0};
    fpt_error err = {0};
    cr_assert_eq(fpt_model_load(ENGLAND, &m, &d, &err), FPT_OK, "%s", err.message);
    cr_assert_eq(fpt_scenario_load(HUB5M, m, &s, &d, &err), FPT_OK, "%s", err.message);
    cr_assert_eq(fpt_appraisal_build(m, s, &a, &err), FPT_OK, "%s", err.message);
    size_t cells = 0;
    for (size_t f = 0; f < a->n_functions; f++) {
        for (size_t l = 0; l < a->n_levels; l++) {
            const fpt_cell *c = fpt_appraisal_cell(a, f, l);
            double running = c->term_gbp[FPT_K_SCARCITY] + c->term_gbp[FPT_K_MIN_TEAM] +
                             c->term_gbp[FPT_K_SCALE] + c->term_gbp[FPT_K_DUPLICATION];
            cr_expect_eq(c->running_gbp, running, "function %zu level %zu", f, l);
            cr_expect_gt(c->running_gbp, 0.0);
            cells++;
        }
    }
    cr_expect_eq(cells, 31 * 4, "the default model's 31 functions at 4 levels");
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_model_free(m);
    fpt_diags_clear(&d);
    fpt_xml_cleanup();
}
