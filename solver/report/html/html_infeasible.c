/* SPDX-License-Identifier: MIT */
/*
 * A sweep's infeasible scenarios in the HTML report (report/html/html_infeasible.h): counts by
 * reason from the sweep's one tally (fpt_sweep_infeasible_reasons), and per axis value the
 * scenarios with a plan and the infeasible ones, the values where some are infeasible marked,
 * so that where along an axis plans stop being feasible reads off the table.
 */
#include "report/html/html_infeasible.h"

#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "report/sweep_report.h"

/* "budget 80, analysts 37" for the scenarios of run. */
static fpt_status write_reason_list(FILE *out, const fpt_html_report_input *in,
                                    const fpt_sweep_run *run)
{
    fpt_infeasible_reason *reasons = NULL;
    size_t n = 0;
    FPT_TRY(fpt_sweep_infeasible_reasons(run, &reasons, &n));
    for (size_t i = 0; i < n; i++) {
        char *name = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&name, &len);
        if (mem != NULL) {
            fpt_sweep_write_reason_short(mem, in->model, reasons[i].clashes, reasons[i].n_clashes);
            fclose(mem);
        }
        fputs(i == 0 ? "" : ", ", out);
        fpt_text_escape_xml(out, name != NULL ? name : "");
        fprintf(out, " %zu", reasons[i].scenarios);
        free(name);
    }
    free(reasons);
    return FPT_OK;
}

static size_t count_infeasible(const fpt_sweep_run *run)
{
    size_t n = 0;
    for (size_t i = 0; i < run->n_scenarios; i++) {
        n += fpt_sweep_result_is_infeasible(&run->results[i]);
    }
    return n;
}

fpt_status fpt_html_write_reasons(FILE *out, const fpt_html_report_input *in)
{
    if (count_infeasible(in->sweep) == 0) {
        return FPT_OK;
    }
    fputs(" (", out);
    FPT_TRY(write_reason_list(out, in, in->sweep));
    fputs(")", out);
    return FPT_OK;
}

/* ---- per axis value ---------------------------------------------------------------------- */

/* The scenarios whose axis a has value v, as a run of borrowed results. */
typedef struct slice {
    fpt_sweep_run run;
    size_t plans;
    size_t infeasible;
} slice;

static void take_slice(const fpt_sweep_run *run, size_t a, double v, slice *s)
{
    s->run.n_scenarios = 0;
    s->plans = s->infeasible = 0;
    for (size_t i = 0; i < run->n_scenarios; i++) {
        const fpt_sweep_result *r = &run->results[i];
        if (r->done && run->axis_values[i * run->n_axes + a] == v) {
            s->run.results[s->run.n_scenarios++] = *r;
            s->plans += fpt_sweep_result_has_plan(r);
            s->infeasible += fpt_sweep_result_is_infeasible(r);
        }
    }
}

/* Whether value i of axis a is the first scenario with that value (values in sweep order). */
static bool first_of_value(const fpt_sweep_run *run, size_t a, size_t i)
{
    for (size_t j = 0; j < i; j++) {
        if (run->axis_values[j * run->n_axes + a] == run->axis_values[i * run->n_axes + a]) {
            return false;
        }
    }
    return true;
}

static fpt_status write_axis_row(FILE *out, const fpt_html_report_input *in, size_t a, double v,
                                 slice *s)
{
    take_slice(in->sweep, a, v, s);
    if (s->run.n_scenarios == 0) {
        return FPT_OK;
    }
    fprintf(out, "<tr%s><td class=\"n\">%.6g</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>",
            s->infeasible > 0 ? " class=\"infeasible\"" : "", v, s->run.n_scenarios, s->plans);
    fprintf(out, "<td class=\"n\">%zu</td><td>", s->infeasible);
    FPT_TRY(write_reason_list(out, in, &s->run));
    fputs("</td></tr>\n", out);
    return FPT_OK;
}

static fpt_status write_axis(FILE *out, const fpt_html_report_input *in, size_t a, slice *s)
{
    const fpt_sweep_run *run = in->sweep;
    fputs("<h3>", out);
    fpt_text_escape_xml(out, in->scenario->axes[a].target);
    fputs("</h3>\n<table class=\"axis-feasibility\">\n<tr><th class=\"n\">Value</th>"
          "<th class=\"n\">Scenarios</th><th class=\"n\">With a plan</th>"
          "<th class=\"n\">Infeasible</th><th>Why</th></tr>\n",
          out);
    for (size_t i = 0; i < run->n_scenarios; i++) {
        if (first_of_value(run, a, i)) {
            FPT_TRY(write_axis_row(out, in, a, run->axis_values[i * run->n_axes + a], s));
        }
    }
    fputs("</table>\n", out);
    return FPT_OK;
}

fpt_status fpt_html_write_axis_feasibility(FILE *out, const fpt_html_report_input *in)
{
    const fpt_sweep_run *run = in->sweep;
    if (run->n_axes == 0 || count_infeasible(run) == 0) {
        return FPT_OK;
    }
    slice s = {.run = *run};
    s.run.results = calloc(run->n_scenarios + 1, sizeof *s.run.results);
    if (s.run.results == NULL) {
        return FPT_ENOMEM;
    }
    fputs("<h3 id=\"feasibility\">Where plans stop being feasible</h3>\n<p>For each value of "
          "each axis, the scenarios run with it, those with a plan, and the infeasible ones by "
          "reason; values with infeasible scenarios are shaded.</p>\n",
          out);
    fpt_status st = FPT_OK;
    for (size_t a = 0; st == FPT_OK && a < run->n_axes; a++) {
        st = write_axis(out, in, a, &s);
    }
    free(s.run.results);
    return st;
}
