/* SPDX-License-Identifier: MIT */
/*
 * Sweeps and Monte Carlo (docs/formats.md, docs/cli.md "sweep"): axis decoding, the tie rule
 * inside a sweep, byte-identical outputs at 1, 2 and 4 threads, shards that partition the
 * scenarios, any scenario recomputed alone, weight draws on the simplex, rating draws that
 * follow their probabilities, summaries that add up, a stop request honoured, and infeasible
 * scenarios that carry the clashes a solve of them alone gives, counted by reason.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "footprint/appraise.h"
#include "footprint/load.h"
#include "footprint/solve.h"
#include "footprint/sweep.h"
#include "footprint/variant.h"
#include "report/sweep_report.h"

#define DATA    FPT_TEST_DATA
#define ENGLAND FPT_SOURCE_DIR "/models/england2013.xml"

typedef struct loaded {
    fpt_model *model;
    fpt_scenario *scenario;
    char model_path[512];
    char scenario_path[512];
} loaded;

static void setup(void)
{
    fpt_xml_init();
}

static void teardown(void)
{
    fpt_solve_thread_exit();
    fpt_xml_cleanup();
}

TestSuite(sweep, .init = setup, .fini = teardown);

static loaded load_pair(const char *model_path, const char *scenario_path)
{
    loaded l = {0};
    fpt_diags d = {0};
    fpt_error err = {0};
    snprintf(l.model_path, sizeof l.model_path, "%s", model_path);
    snprintf(l.scenario_path, sizeof l.scenario_path, "%s", scenario_path);
    cr_assert_eq(fpt_model_load(model_path, &l.model, &d, &err), FPT_OK, "%s", err.message);
    cr_assert_eq(fpt_scenario_load(scenario_path, l.model, &l.scenario, &d, &err), FPT_OK,
                 "%s:%ld: %s", err.file, err.line, err.message);
    fpt_diags_clear(&d);
    return l;
}

static void free_pair(loaded *l)
{
    fpt_scenario_free(l->scenario);
    fpt_model_free(l->model);
}

static fpt_sweep_run *run_with(const loaded *l, int threads, size_t shard, size_t shards)
{
    fpt_sweep_options o;
    fpt_sweep_options_init(&o);
    o.threads = threads;
    o.shard_index = shard;
    o.shard_count = shards;
    fpt_sweep_run *run = NULL;
    fpt_error err = {0};
    cr_assert_eq(fpt_sweep_run_all(l->model, l->scenario, &o, &run, &err), FPT_OK, "%s",
                 err.message);
    return run;
}

/* Scenarios CSV, summary CSV and JSON, concatenated. */
static char *render_all(const loaded *l, const fpt_sweep_run *run)
{
    fpt_provenance prov;
    fpt_solve_options so;
    fpt_solve_options_init(&so);
    fpt_error err = {0};
    cr_assert_eq(fpt_provenance_fill(&prov, l->model, l->scenario, &so, &err), FPT_OK);
    fpt_sweep_report_input in = {
        .model = l->model, .scenario = l->scenario, .run = run, .provenance = &prov};
    char *a = NULL, *b = NULL, *c = NULL, *d = NULL;
    size_t na = 0, nb = 0, nc = 0, nd = 0;
    cr_assert_eq(fpt_sweep_render_scenarios_csv(&in, &a, &na, &err), FPT_OK);
    cr_assert_eq(fpt_sweep_render_summary_csv(&in, &b, &nb, &err), FPT_OK);
    cr_assert_eq(fpt_sweep_render_json(&in, &c, &nc, &err), FPT_OK);
    cr_assert_eq(fpt_sweep_render_infeasible_csv(&in, &d, &nd, &err), FPT_OK);
    char *all = malloc(na + nb + nc + nd + 1);
    cr_assert_not_null(all);
    memcpy(all, a, na);
    memcpy(all + na, b, nb);
    memcpy(all + na + nb, c, nc);
    memcpy(all + na + nb + nc, d, nd);
    all[na + nb + nc + nd] = '\0';
    free(a);
    free(b);
    free(c);
    free(d);
    return all;
}

Test(sweep, axes_decode_with_the_last_varying_fastest)
{
    loaded l = load_pair(DATA "/twins-model.xml", DATA "/twins-sweep.xml");
    cr_assert_eq(fpt_variant_count(l.scenario), 6);
    double v[2];
    fpt_variant_axis_values(l.scenario, 0, v);
    cr_expect(v[0] == 1 && v[1] == 3);
    fpt_variant_axis_values(l.scenario, 4, v);
    cr_expect(v[0] == 10 && v[1] == 5.5);
    fpt_variant_axis_values(l.scenario, 5, v);
    cr_expect(v[0] == 10 && v[1] == 100);
    free_pair(&l);
}

Test(sweep, exact_tie_between_twins_goes_to_the_first_function_local)
{
    loaded l = load_pair(DATA "/twins-model.xml", DATA "/twins-sweep.xml");
    fpt_sweep_run *run = run_with(&l, 2, 0, 1);
    /* index 4: weight 10, supply 5.5 — one twin local, the tie rule says the first. */
    const fpt_sweep_result *r = &run->results[4];
    cr_assert(fpt_sweep_result_has_plan(r));
    cr_expect(r->tied, "the mixed plans tie exactly");
    cr_expect_eq(r->level[0], 0);
    cr_expect_eq(r->level[1], 1);
    cr_expect_eq(r->function_cost_gbp[0], 904000.0);
    /* index 3 (supply 3): only both national; index 5 (supply 100): both local. */
    cr_expect(!run->results[3].tied && run->results[3].level[0] == 1 &&
              run->results[3].level[1] == 1);
    cr_expect(!run->results[5].tied && run->results[5].level[0] == 0 &&
              run->results[5].level[1] == 0);
    fpt_sweep_run_free(run);
    free_pair(&l);
}

static void expect_same_at_thread_counts(const char *model, const char *scenario)
{
    loaded l = load_pair(model, scenario);
    fpt_sweep_run *one = run_with(&l, 1, 0, 1);
    char *base = render_all(&l, one);
    fpt_sweep_run_free(one);
    int threads[] = {2, 4};
    for (size_t t = 0; t < 2; t++) {
        fpt_sweep_run *run = run_with(&l, threads[t], 0, 1);
        char *text = render_all(&l, run);
        cr_expect_str_eq(text, base, "%s differs at %d threads", scenario, threads[t]);
        free(text);
        fpt_sweep_run_free(run);
    }
    free(base);
    free_pair(&l);
}

Test(sweep, ties_sweep_is_byte_identical_at_1_2_4_threads)
{
    expect_same_at_thread_counts(DATA "/twins-model.xml", DATA "/twins-sweep.xml");
}

Test(sweep, monte_carlo_is_byte_identical_at_1_2_4_threads)
{
    expect_same_at_thread_counts(ENGLAND, DATA "/mc-small.xml");
}

Test(sweep, infeasible_reasons_are_byte_identical_at_1_2_4_threads)
{
    expect_same_at_thread_counts(ENGLAND, DATA "/mc-infeasible.xml");
}

/* Solve scenario i of l alone, as the sweep makes it. */
static fpt_solution *solve_alone(const loaded *l, size_t i)
{
    fpt_perturbation p;
    cr_assert_eq(fpt_perturbation_init(&p, l->model->n_functions), FPT_OK);
    fpt_scenario *v = NULL;
    fpt_diags d = {0};
    fpt_error err = {0};
    cr_assert_eq(fpt_variant_make(l->model, l->scenario, i, &v, &p, &d), FPT_OK);
    fpt_appraisal *a = NULL;
    fpt_solution *sol = NULL;
    fpt_solve_options o;
    fpt_solve_options_init(&o);
    cr_assert_eq(fpt_appraisal_build_perturbed(l->model, v, &p, &a, &err), FPT_OK);
    cr_assert_eq(fpt_solve(a, &o, &sol, &err), FPT_OK);
    fpt_appraisal_free(a);
    fpt_scenario_free(v);
    fpt_perturbation_free(&p);
    fpt_diags_clear(&d);
    return sol;
}

static bool same_clash(const fpt_clash *a, const fpt_clash *b)
{
    double tol = 1e-9 * fmax(1.0, fabs(a->available));
    return a->kind == b->kind && a->index == b->index && fabs(a->needed - b->needed) <= tol &&
           a->available == b->available && fabs(a->needed_alone - b->needed_alone) <= tol;
}

Test(sweep, an_infeasible_scenario_carries_the_clashes_solving_it_alone_gives)
{
    loaded l = load_pair(ENGLAND, DATA "/mc-infeasible.xml");
    fpt_sweep_run *run = run_with(&l, 2, 0, 1);
    size_t infeasible = 0;
    for (size_t i = 0; i < run->n_scenarios; i++) {
        const fpt_sweep_result *r = &run->results[i];
        cr_expect_eq(r->n_clashes > 0, fpt_sweep_result_is_infeasible(r), "scenario %zu", i);
        if (!fpt_sweep_result_is_infeasible(r)) {
            continue;
        }
        infeasible++;
        fpt_solution *sol = solve_alone(&l, i);
        cr_assert_eq(sol->result, FPT_RESULT_INFEASIBLE, "scenario %zu", i);
        cr_assert_eq(sol->n_clashes, r->n_clashes, "scenario %zu", i);
        for (size_t c = 0; c < r->n_clashes; c++) {
            cr_expect(same_clash(&sol->clashes[c], &r->clashes[c]), "scenario %zu clash %zu", i, c);
        }
        fpt_solution_free(sol);
    }
    cr_expect_geq(infeasible, 10, "infeasible scenarios: %zu", infeasible);
    fpt_sweep_run_free(run);
    free_pair(&l);
}

/* A run of six results: three infeasible on the budget, two on pool 1, one on both; one plan. */
static fpt_sweep_run *reasons_run(void)
{
    fpt_sweep_run *run = NULL;
    cr_assert_eq(fpt_sweep_run_create(7, 1, 0, &run), FPT_OK);
    const fpt_clash budget = {.kind = FPT_CLASH_BUDGET, .needed = 2, .available = 1};
    const fpt_clash pool = {.kind = FPT_CLASH_POOL, .index = 1, .needed = 5, .available = 4};
    const fpt_clash both[] = {budget, pool};
    const int which[7] = {1, 0, 2, 3, 1, 1, 2}; /* 0 plan, 1 budget, 2 pool, 3 both */
    for (size_t i = 0; i < 7; i++) {
        fpt_sweep_result *r = &run->results[i];
        r->done = true;
        r->result = which[i] == 0 ? FPT_RESULT_OPTIMAL : FPT_RESULT_INFEASIBLE;
        const fpt_clash *c = which[i] == 1 ? &budget : which[i] == 2 ? &pool : both;
        size_t n = which[i] == 0 ? 0 : which[i] == 3 ? 2 : 1;
        cr_assert_eq(fpt_sweep_result_set_clashes(r, c, n), FPT_OK);
    }
    return run;
}

Test(sweep, infeasible_scenarios_are_counted_by_reason_most_first)
{
    fpt_sweep_run *run = reasons_run();
    fpt_infeasible_reason *reasons = NULL;
    size_t n = 0;
    cr_assert_eq(fpt_sweep_infeasible_reasons(run, &reasons, &n), FPT_OK);
    cr_assert_eq(n, 3);
    cr_expect(reasons[0].scenarios == 3 && reasons[0].first == 0 && reasons[0].n_clashes == 1 &&
              reasons[0].clashes[0].kind == FPT_CLASH_BUDGET);
    cr_expect(reasons[1].scenarios == 2 && reasons[1].first == 2 &&
              reasons[1].clashes[0].kind == FPT_CLASH_POOL);
    cr_expect(reasons[2].scenarios == 1 && reasons[2].first == 3 && reasons[2].n_clashes == 2);
    free(reasons);
    run->results[6].done = false; /* only scenarios run count: pool and both now tie at 1 */
    cr_assert_eq(fpt_sweep_infeasible_reasons(run, &reasons, &n), FPT_OK);
    cr_assert_eq(n, 3);
    cr_expect(reasons[1].scenarios == 1 && reasons[1].first == 2 &&
                  reasons[1].clashes[0].kind == FPT_CLASH_POOL,
              "the earlier first scenario breaks the tie");
    cr_expect(reasons[2].scenarios == 1 && reasons[2].first == 3);
    free(reasons);
    fpt_sweep_run_free(run);
}

Test(sweep, shards_partition_the_scenarios_and_agree_with_one_run)
{
    loaded l = load_pair(ENGLAND, DATA "/mc-small.xml");
    fpt_sweep_run *whole = run_with(&l, 2, 0, 1);
    size_t n = whole->n_scenarios, seen = 0;
    for (size_t k = 0; k < 3; k++) {
        fpt_sweep_run *part = run_with(&l, 1, k, 3);
        for (size_t i = 0; i < n; i++) {
            const fpt_sweep_result *p = &part->results[i], *w = &whole->results[i];
            if (!p->done) {
                continue;
            }
            seen++;
            cr_expect_eq(p->result, w->result, "scenario %zu", i);
            cr_expect_eq(p->objective, w->objective, "scenario %zu", i);
            cr_expect_arr_eq(p->level, w->level, l.model->n_functions * sizeof *p->level);
        }
        fpt_sweep_run_free(part);
    }
    cr_expect_eq(seen, n, "every scenario in exactly one shard (%zu of %zu)", seen, n);
    fpt_sweep_run_free(whole);
    free_pair(&l);
}

Test(sweep, any_scenario_recomputed_alone_matches_the_sweep)
{
    loaded l = load_pair(ENGLAND, DATA "/mc-small.xml");
    fpt_sweep_run *run = run_with(&l, 2, 0, 1);
    size_t picks[] = {0, 7, 23, 39};
    for (size_t j = 0; j < 4; j++) {
        size_t i = picks[j];
        fpt_perturbation p;
        cr_assert_eq(fpt_perturbation_init(&p, l.model->n_functions), FPT_OK);
        fpt_scenario *v = NULL;
        fpt_diags d = {0};
        fpt_error err = {0};
        cr_assert_eq(fpt_variant_make(l.model, l.scenario, i, &v, &p, &d), FPT_OK);
        fpt_appraisal *a = NULL;
        fpt_solution *sol = NULL;
        fpt_solve_options o;
        fpt_solve_options_init(&o);
        cr_assert_eq(fpt_appraisal_build_perturbed(l.model, v, &p, &a, &err), FPT_OK);
        cr_assert_eq(fpt_solve(a, &o, &sol, &err), FPT_OK);
        cr_expect_eq(sol->result, run->results[i].result, "scenario %zu", i);
        if (sol->result == FPT_RESULT_OPTIMAL) {
            cr_expect_eq(sol->objective, run->results[i].objective, "scenario %zu", i);
        }
        fpt_solution_free(sol);
        fpt_appraisal_free(a);
        fpt_scenario_free(v);
        fpt_perturbation_free(&p);
        fpt_diags_clear(&d);
    }
    fpt_sweep_run_free(run);
    free_pair(&l);
}

Test(sweep, weight_draws_lie_on_the_simplex_scaled_to_the_base_sum)
{
    loaded l = load_pair(ENGLAND, DATA "/mc-small.xml");
    double first = -1;
    bool varied = false;
    for (size_t i = 0; i < fpt_variant_count(l.scenario); i++) {
        fpt_scenario *v = NULL;
        fpt_diags d = {0};
        cr_assert_eq(fpt_variant_make(l.model, l.scenario, i, &v, NULL, &d), FPT_OK);
        double sum = 0;
        for (int k = 0; k < FPT_N_CRITERIA; k++) {
            cr_expect(v->weight[k] >= 0);
            sum += v->weight[k];
        }
        cr_expect(fabs(sum - 8.0) < 1e-12, "weights of scenario %zu sum to %.17g", i, sum);
        varied |= first >= 0 && v->weight[0] != first;
        first = v->weight[0];
        fpt_scenario_free(v);
        fpt_diags_clear(&d);
    }
    cr_expect(varied, "the draws differ between scenarios");
    free_pair(&l);
}

Test(sweep, rating_draws_follow_their_probabilities)
{
    loaded l = load_pair(ENGLAND, DATA "/mc-small.xml");
    fpt_perturbation p;
    cr_assert_eq(fpt_perturbation_init(&p, l.model->n_functions), FPT_OK);
    size_t up = 0, down = 0, total = 0;
    for (size_t i = 0; i < fpt_variant_count(l.scenario); i++) {
        fpt_scenario *v = NULL;
        fpt_diags d = {0};
        cr_assert_eq(fpt_variant_make(l.model, l.scenario, i, &v, &p, &d), FPT_OK);
        for (size_t f = 0; f < l.model->n_functions; f++) {
            for (int k = 0; k < FPT_N_CRITERIA; k++) {
                int delta = p.rating_delta[f * FPT_N_CRITERIA + (size_t)k];
                cr_expect(k != FPT_K_LINKS || delta == 0, "links never drawn");
                up += delta > 0;
                down += delta < 0;
                total += k != FPT_K_LINKS;
            }
            cr_expect(p.staff_factor[f] >= 0.8 && p.staff_factor[f] <= 1.2);
            cr_expect(p.salary_factor[f] >= 0.8 && p.salary_factor[f] <= 1.2);
        }
        fpt_scenario_free(v);
        fpt_diags_clear(&d);
    }
    /* 40 scenarios x 31 functions x 7 criteria = 8680 draws at p = 0.15 each way: a 4.5
     * standard-deviation band is [0.132, 0.168]. */
    double pu = (double)up / (double)total, pd = (double)down / (double)total;
    cr_expect(pu > 0.132 && pu < 0.168, "up share %f", pu);
    cr_expect(pd > 0.132 && pd < 0.168, "down share %f", pd);
    fpt_perturbation_free(&p);
    free_pair(&l);
}

static bool always(void *ctx)
{
    int *asked = ctx;
    (*asked)++;
    return true;
}

Test(sweep, a_stop_request_starts_no_scenario)
{
    loaded l = load_pair(DATA "/twins-model.xml", DATA "/twins-sweep.xml");
    int asked = 0;
    fpt_sweep_options o;
    fpt_sweep_options_init(&o);
    o.threads = 1;
    o.cancelled = always;
    o.cancel_ctx = &asked;
    fpt_sweep_run *run = NULL;
    fpt_error err = {0};
    cr_assert_eq(fpt_sweep_run_all(l.model, l.scenario, &o, &run, &err), FPT_OK);
    cr_expect_eq(run->n_done, 0);
    cr_expect_eq((size_t)asked, run->n_scenarios, "asked once before each scenario");
    for (size_t i = 0; i < run->n_scenarios; i++) {
        cr_expect(!run->results[i].done);
    }
    fpt_sweep_run_free(run);
    free_pair(&l);
}

Test(sweep, summary_shares_add_up_to_one_per_function)
{
    loaded l = load_pair(ENGLAND, DATA "/mc-small.xml");
    fpt_sweep_run *run = run_with(&l, 2, 0, 1);
    char *text = render_all(&l, run);
    char *summary = strstr(text, "function,scenarios_with_plan");
    cr_assert_not_null(summary);
    size_t rows = 0;
    for (char *line = strchr(summary, '\n') + 1; line && strncmp(line, "plan,", 5) != 0;
         line = strchr(line, '\n') + 1, rows++) {
        char *p = strchr(line, ',') + 1; /* scenarios_with_plan */
        p = strchr(p, ',') + 1;
        double sum = 0;
        for (size_t lv = 0; lv < l.scenario->n_levels; lv++) {
            sum += strtod(p, &p);
            p++;
        }
        /* each share written to 6 significant digits (docs/formats.md "CSV outputs") */
        double rounding = 5e-7 * (double)l.scenario->n_levels;
        cr_expect(fabs(sum - 1) <= rounding, "row %zu shares sum to %.17g", rows, sum);
    }
    cr_expect_eq(rows, l.model->n_functions);
    free(text);
    fpt_sweep_run_free(run);
    free_pair(&l);
}

Test(sweep, a_level_axis_naming_no_level_is_an_internal_error_not_bad_input)
{
    loaded l = load_pair(ENGLAND, FPT_SOURCE_DIR "/scenarios/sweep-hub-size.xml");
    cr_assert(l.scenario->n_axes >= 1);
    fpt_axis *axis = &l.scenario->axes[0]; /* level.hub.unit-population */
    cr_assert_eq(axis->kind, FPT_AXIS_LEVEL_POPULATION);
    free(axis->name); /* the level validation resolved, replaced by one that does not exist */
    axis->name = strdup("no-such-level");
    cr_assert_not_null(axis->name);
    fpt_scenario *v = NULL;
    fpt_diags d = {0};
    cr_expect_eq(fpt_variant_make(l.model, l.scenario, 0, &v, NULL, &d), FPT_EINTERNAL);
    cr_expect_null(v);
    fpt_diags_clear(&d);
    free_pair(&l);
}
