/* SPDX-License-Identifier: MIT */
/*
 * Weight stability in reports (report/report_stability.h): one table row per criterion with
 * the interval over which the plan is unchanged and the functions that move first on each
 * side; in JSON every function's nearest change below and above, with the level it moves to.
 */
#include "report/report_stability.h"

#include <math.h>
#include <string.h>

#include "base/text.h"

long fpt_stability_nearest(const fpt_criterion_stability *c, size_t n, bool above)
{
    long best = -1;
    for (size_t f = 0; f < n; f++) {
        const fpt_weight_change *w = above ? &c->above[f] : &c->below[f];
        if (!w->found) {
            continue;
        }
        const fpt_weight_change *b = best < 0 ? NULL : above ? &c->above[best] : &c->below[best];
        if (b == NULL || (above ? w->weight < b->weight : w->weight > b->weight)) {
            best = (long)f;
        }
    }
    return best;
}

static void write_change(FILE *out, const fpt_model *m, const fpt_scenario *s,
                         const fpt_criterion_stability *c, bool above)
{
    long f = fpt_stability_nearest(c, m->n_functions, above);
    char text[160] = "none in range";
    if (f >= 0) {
        const fpt_weight_change *w = above ? &c->above[f] : &c->below[f];
        snprintf(text, sizeof text, "%s to %s at %.3g", m->functions[f].id, s->levels[w->level].id,
                 w->weight);
    }
    fprintf(out, above ? " %s" : " %-40s", text);
}

void fpt_stability_write_table(FILE *out, const fpt_model *m, const fpt_scenario *s,
                               const fpt_stability *st)
{
    fprintf(out, "\nWeight stability: each weight searched from 0 to 10 x its base, the others "
                 "fixed; the whole\nplan stays as it is for weights inside the interval (* the "
                 "end of the range searched).\n");
    fprintf(out, "%-16s %7s  %-17s %-40s %s\n", "criterion", "weight", "plan unchanged",
            "first change below", "first change above");
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        const fpt_criterion_stability *c = &st->criterion[k];
        fprintf(out, "%-16s %7.3g", fpt_criterion_id(k), c->base);
        if (c->status != FPT_OK) {
            fprintf(out, " not computed: %s\n", fpt_strerror(c->status));
            continue;
        }
        char interval[64];
        snprintf(interval, sizeof interval, "%.3g%s - %.3g%s", c->plan_lo, c->lo_change ? "" : "*",
                 c->plan_hi, c->hi_change ? "" : "*");
        fprintf(out, " %-17s", interval);
        write_change(out, m, s, c, false);
        write_change(out, m, s, c, true);
        fputc('\n', out);
    }
}

static json_t *change_json(const fpt_scenario *s, const fpt_weight_change *w)
{
    json_t *o = json_object();
    o = fpt_json_put(o, "weight", w->found ? json_real(w->weight) : json_null());
    o = fpt_json_put(o, "level", w->found ? json_string(s->levels[w->level].id) : json_null());
    return o;
}

static json_t *criterion_json(const fpt_model *m, const fpt_scenario *s,
                              const fpt_criterion_stability *c)
{
    json_t *o = json_object(), *functions = json_object();
    o = fpt_json_put(o, "status",
                     json_string(c->status == FPT_OK ? "ok" : fpt_strerror(c->status)));
    o = fpt_json_put(o, "base", json_real(c->base));
    o = fpt_json_put(o, "range_max", json_real(c->range_max));
    if (c->status == FPT_OK) {
        o = fpt_json_put(o, "plan_lo", json_real(c->plan_lo));
        o = fpt_json_put(o, "plan_hi", json_real(c->plan_hi));
        o = fpt_json_put(o, "changes_below", json_boolean(c->lo_change));
        o = fpt_json_put(o, "changes_above", json_boolean(c->hi_change));
        for (size_t f = 0; f < m->n_functions; f++) {
            json_t *fo = json_object();
            fo = fpt_json_put(fo, "below", change_json(s, &c->below[f]));
            fo = fpt_json_put(fo, "above", change_json(s, &c->above[f]));
            functions = fpt_json_put(functions, m->functions[f].id, fo);
        }
        o = fpt_json_put(o, "functions", functions);
    } else {
        json_decref(functions);
    }
    return o;
}

json_t *fpt_stability_json(const fpt_model *m, const fpt_scenario *s, const fpt_stability *st)
{
    json_t *o = json_object();
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        o = fpt_json_put(o, fpt_criterion_id(k), criterion_json(m, s, &st->criterion[k]));
    }
    return o;
}
