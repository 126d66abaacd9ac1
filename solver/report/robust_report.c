/* SPDX-License-Identifier: MIT */
/*
 * The robust plans of a sweep in its outputs (report/robust_report.h): robust.csv with one row
 * per plan — how often it was optimal, the share of scenarios it is feasible in, its expected
 * objective, worst-case and 90th-percentile regret, whether it is recommended, the level of
 * each function — the same in sweep.json with the two recommendations compared, and the line
 * for standard error. The CSV rounds money to the penny and shares to 6 digits; sweep.json
 * keeps every digit.
 */
#include "report/robust_report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "report/report_why.h"

void fpt_robust_money(char *buf, size_t size, double gbp)
{
    fpt_why_money(buf, size, gbp);
}

const char *fpt_robust_recommended(const fpt_robust *r, size_t p)
{
    bool minimax = p == r->minimax, expected = p == r->least_expected;
    return minimax && expected ? "minimax+expected"
           : minimax           ? "minimax"
           : expected          ? "expected"
                               : "";
}

size_t fpt_robust_count_differences(const fpt_robust *r, size_t a, size_t b)
{
    size_t n = 0;
    for (size_t f = 0; f < r->n_functions; f++) {
        n += r->plans[a].level[f] != r->plans[b].level[f];
    }
    return n;
}

/* ---- CSV --------------------------------------------------------------------------------- */

static void write_header(FILE *out, const fpt_sweep_report_input *in)
{
    fputs("plan,optimal_in,first_index,feasible,feasible_share,expected_objective_gbp,"
          "regret_max_gbp,regret_p90_gbp,recommended",
          out);
    for (size_t f = 0; f < in->model->n_functions; f++) {
        fprintf(out, ",%s", in->model->functions[f].id);
    }
    fputc('\n', out);
}

static void write_row(FILE *out, const fpt_sweep_report_input *in, size_t p)
{
    const fpt_robust *r = in->robust;
    const fpt_robust_plan *plan = &r->plans[p];
    fprintf(out, "%zu,%zu,%zu,%zu", p + 1, plan->optimal_in, plan->first, plan->feasible);
    fpt_csv_number(out, plan->feasible_share, FPT_CSV_RATIO);
    fpt_csv_number(out, plan->expected_gbp, FPT_CSV_GBP);
    fpt_csv_number(out, plan->regret_max_gbp, FPT_CSV_GBP);
    fpt_csv_number(out, plan->regret_p90_gbp, FPT_CSV_GBP);
    fprintf(out, ",%s", fpt_robust_recommended(r, p));
    for (size_t f = 0; f < r->n_functions; f++) {
        fprintf(out, ",%s", in->scenario->levels[plan->level[f]].id);
    }
    fputc('\n', out);
}

void fpt_robust_write_csv(FILE *out, const fpt_sweep_report_input *in)
{
    write_header(out, in);
    for (size_t p = 0; p < in->robust->n_plans; p++) {
        write_row(out, in, p);
    }
}

static fpt_status render_with(fpt_status (*fn)(FILE *, const fpt_sweep_report_input *),
                              const fpt_sweep_report_input *in, char **text, size_t *len,
                              fpt_error *err)
{
    FILE *out = fpt_text_open(text, len);
    fpt_status st = out != NULL ? fn(out, in) : FPT_ENOMEM;
    return fpt_text_close(out, st, text, len, "the robust plans", err);
}

/* ---- JSON -------------------------------------------------------------------------------- */

static json_t *real_or_null(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *plan_json(const fpt_sweep_report_input *in, size_t p)
{
    const fpt_robust *r = in->robust;
    const fpt_robust_plan *plan = &r->plans[p];
    json_t *o = json_object(), *levels = json_object();
    for (size_t f = 0; f < r->n_functions; f++) {
        levels = fpt_json_put(levels, in->model->functions[f].id,
                              json_string(in->scenario->levels[plan->level[f]].id));
    }
    o = fpt_json_put(o, "plan", json_integer((json_int_t)(p + 1)));
    o = fpt_json_put(o, "optimal_in", json_integer((json_int_t)plan->optimal_in));
    o = fpt_json_put(o, "first_index", json_integer((json_int_t)plan->first));
    o = fpt_json_put(o, "feasible", json_integer((json_int_t)plan->feasible));
    o = fpt_json_put(o, "feasible_share", real_or_null(plan->feasible_share));
    o = fpt_json_put(o, "expected_objective_gbp", real_or_null(plan->expected_gbp));
    o = fpt_json_put(o, "regret_max_gbp", real_or_null(plan->regret_max_gbp));
    o = fpt_json_put(o, "regret_p90_gbp", real_or_null(plan->regret_p90_gbp));
    o = fpt_json_put(o, "recommended", json_string(fpt_robust_recommended(r, p)));
    return fpt_json_put(o, "levels", levels);
}

static json_t *plan_number(size_t p)
{
    return p == FPT_ROBUST_NONE ? json_null() : json_integer((json_int_t)(p + 1));
}

/* The functions the two recommended plans place differently. */
static json_t *differences_json(const fpt_sweep_report_input *in)
{
    const fpt_robust *r = in->robust;
    json_t *a = json_array();
    if (r->minimax == FPT_ROBUST_NONE || r->least_expected == FPT_ROBUST_NONE) {
        return a;
    }
    for (size_t f = 0; f < r->n_functions; f++) {
        size_t lm = r->plans[r->minimax].level[f], le = r->plans[r->least_expected].level[f];
        if (lm != le) {
            json_t *o = json_object();
            o = fpt_json_put(o, "function", json_string(in->model->functions[f].id));
            o = fpt_json_put(o, "minimax", json_string(in->scenario->levels[lm].id));
            o = fpt_json_put(o, "expected", json_string(in->scenario->levels[le].id));
            a = fpt_json_push(a, o);
        }
    }
    return a;
}

json_t *fpt_robust_json(const fpt_sweep_report_input *in)
{
    const fpt_robust *r = in->robust;
    json_t *o = json_object(), *plans = json_array();
    for (size_t p = 0; p < r->n_plans; p++) {
        plans = fpt_json_push(plans, plan_json(in, p));
    }
    o = fpt_json_put(o, "min_share", real_or_null(r->min_share));
    o = fpt_json_put(o, "scenarios_with_plan", json_integer((json_int_t)r->n_scenarios));
    o = fpt_json_put(o, "distinct_plans", json_integer((json_int_t)r->n_distinct));
    o = fpt_json_put(o, "minimax", plan_number(r->minimax));
    o = fpt_json_put(o, "least_expected", plan_number(r->least_expected));
    o = fpt_json_put(o, "differences", differences_json(in));
    return fpt_json_put(o, "plans", plans);
}

/* ---- the line ---------------------------------------------------------------------------- */

static void describe(FILE *out, const fpt_robust *r, size_t p)
{
    char regret[32], expected[32];
    fpt_robust_money(regret, sizeof regret, r->plans[p].regret_max_gbp);
    fpt_robust_money(expected, sizeof expected, r->plans[p].expected_gbp);
    fprintf(out, "plan %zu (worst-case regret %s, expected objective %s, feasible in %.1f%%)",
            p + 1, regret, expected, 100.0 * r->plans[p].feasible_share);
}

static fpt_status robust_line(FILE *out, const fpt_sweep_report_input *in)
{
    const fpt_robust *r = in->robust;
    if (r == NULL) {
        return FPT_OK;
    }
    fprintf(out, "robust plans, of %zu evaluated in %zu scenarios: ", r->n_plans, r->n_scenarios);
    if (r->minimax == FPT_ROBUST_NONE) {
        fprintf(out, "none is feasible in %.1f%% of them\n", 100.0 * r->min_share);
        return FPT_OK;
    }
    fputs("least worst-case regret ", out);
    describe(out, r, r->minimax);
    if (r->least_expected == r->minimax) {
        fputs(", also the least expected objective\n", out);
        return FPT_OK;
    }
    fputs("; least expected objective ", out);
    describe(out, r, r->least_expected);
    fprintf(out, "; they differ in %zu functions\n",
            fpt_robust_count_differences(r, r->minimax, r->least_expected));
    return FPT_OK;
}

fpt_status fpt_robust_render_line(const fpt_sweep_report_input *in, char **text, size_t *len,
                                  fpt_error *err)
{
    return render_with(robust_line, in, text, len, err);
}
