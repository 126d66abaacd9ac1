/* SPDX-License-Identifier: MIT */
/*
 * The why of a plan in reports (report/report_why.h, fpt_report_why_line in
 * footprint/report.h): one line per function for the table and the HTML report — fragile or
 * tied, the next-best level and what it costs, what holds the function, which weight moves
 * it, and which criteria pull it up and down — and the full function × level matrix of terms
 * and prices as CSV columns and JSON. Reads a finished fpt_why; never prints.
 */
#include "report/report_why.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/text.h"

enum { MAX_PULLS = 3 };

/* A criterion is named as a pull when it is at least this share of the strongest pull. */
static const double PULL_SHARE = 0.25;

void fpt_why_money(char *buf, size_t size, double gbp)
{
    double v = fabs(gbp);
    const char *sign = gbp < 0 ? "-" : "";
    if (v < 1e3) {
        snprintf(buf, size, "%s£%.0f", sign, v);
    } else if (v < 1e6) {
        snprintf(buf, size, "%s£%.0fk", sign, v / 1e3);
    } else {
        snprintf(buf, size, "%s£%.2fm", sign, v / 1e6);
    }
}

static void share_text(char *buf, size_t size, double share)
{
    if (share < 0.00005) {
        snprintf(buf, size, "<0.01%%");
    } else {
        snprintf(buf, size, "%.2f%%", 100.0 * share);
    }
}

/* ---- the line ---------------------------------------------------------------------------- */

/* A bounded writer: appends while there is room, and counts what the whole would need. */
typedef struct line {
    char *buf;
    size_t size;
    size_t len;
} line;

static void put(line *ln, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t room = ln->len < ln->size ? ln->size - ln->len : 0;
    int n = vsnprintf(room > 0 ? ln->buf + ln->len : NULL, room, fmt, ap);
    va_end(ap);
    ln->len += n > 0 ? (size_t)n : 0;
}

/* The terms that can pull: the eight criteria, and the transition when there is one. */
static int why_terms(const fpt_why *w)
{
    return w->has_transition ? FPT_N_TERMS : FPT_N_CRITERIA;
}

/* The criteria pulling f towards level `to`, strongest first; returns how many. */
static size_t strongest_pulls(const fpt_why *w, size_t f, size_t to, int *k_out)
{
    double pull[FPT_N_TERMS], top = 0;
    int n_terms = why_terms(w);
    for (int k = 0; k < n_terms; k++) {
        pull[k] = fpt_why_pull(w, f, to, k);
        top = fmax(top, pull[k]);
    }
    size_t n = 0;
    while (n < MAX_PULLS && top > 0) {
        int best = -1;
        for (int k = 0; k < n_terms; k++) {
            if (pull[k] >= PULL_SHARE * top && (best < 0 || pull[k] > pull[best])) {
                best = k;
            }
        }
        if (best < 0) {
            break;
        }
        k_out[n++] = best;
        pull[best] = -INFINITY;
    }
    return n;
}

static void put_pulls(line *ln, const fpt_why *w, size_t f, size_t to, const char *direction)
{
    int k[MAX_PULLS];
    size_t n = strongest_pulls(w, f, to, k);
    for (size_t i = 0; i < n; i++) {
        put(ln, "%s%s", i == 0 ? "; " : i + 1 == n ? " and " : ", ", fpt_term_id(k[i]));
    }
    if (n > 0) {
        put(ln, " pull%s %s", n == 1 ? "s" : "", direction);
    }
}

static void put_next(line *ln, const fpt_report_input *in, const fpt_why_function *fn)
{
    if (fn->next_level == FPT_WHY_NO_LEVEL) {
        put(ln, "%sno other level has a plan", fn->fragile ? "FRAGILE " : "");
        return;
    }
    const char *next = in->scenario->levels[fn->next_level].id;
    if (fn->tied) {
        put(ln, "TIED with %s (as good a plan puts it there; the tie rule chose)", next);
        return;
    }
    char money[32], share[32];
    fpt_why_money(money, sizeof money, fn->margin_gbp);
    share_text(share, sizeof share, fn->margin_share);
    put(ln, "%snext best %s +%s (%s)", fn->fragile ? "FRAGILE " : "", next, money, share);
}

static void put_held(line *ln, const fpt_report_input *in, const fpt_why_function *fn)
{
    if (!fn->held) {
        return;
    }
    char money[32];
    fpt_why_money(money, sizeof money, fn->held_gain_gbp);
    if (fn->held_by == FPT_CLASH_BUDGET) {
        put(ln, "; held by the budget");
    } else if (fn->held_by == FPT_CLASH_POOL) {
        put(ln, "; held by skill pool %s", in->model->pools[fn->held_index].id);
    } else {
        put(ln, "; held by its locks");
    }
    put(ln, " (its terms favour %s by %s)", in->scenario->levels[fn->held_level].id, money);
}

size_t fpt_report_why_line(const fpt_report_input *in, size_t f, char *buf, size_t size)
{
    line ln = {.buf = buf, .size = size};
    if (size > 0) {
        buf[0] = '\0';
    }
    const fpt_why *w = in->why;
    if (w == NULL || f >= w->n_functions) {
        return 0;
    }
    const fpt_why_function *fn = &w->functions[f];
    put_next(&ln, in, fn);
    if (fn->weight_moves) {
        double base = fpt_why_weight(w, fn->weight_k), change = (fn->weight_at - base) / base;
        put(&ln, "; moves to %s if the %s weight %s %.2g%%",
            in->scenario->levels[fn->weight_level].id, fpt_term_id(fn->weight_k),
            change > 0 ? "rises" : "falls", 100.0 * fabs(change));
    }
    put_held(&ln, in, fn);
    if (fn->level + 1 < w->n_levels) {
        put_pulls(&ln, w, f, fn->level + 1, "up");
    }
    if (fn->level > 0) {
        put_pulls(&ln, w, f, fn->level - 1, "down");
    }
    return ln.len;
}

/* ---- CSV --------------------------------------------------------------------------------- */

const char *fpt_why_price_name(fpt_price_kind k)
{
    static const char *const names[] = {"chosen", "plan", "locked", "infeasible", "unsolved"};
    return (size_t)k < sizeof names / sizeof names[0] ? names[k] : "unknown";
}

const char *fpt_why_held_name(const fpt_why_function *fn)
{
    return fn->held_by == FPT_CLASH_BUDGET ? "budget"
           : fn->held_by == FPT_CLASH_POOL ? "pool"
                                           : "locks";
}

void fpt_why_csv_header(FILE *out, const fpt_scenario *s)
{
    fputs("next_best,margin_gbp,margin_share,fragile,fragile_margin,tied,weight_criterion,"
          "weight_at,weight_level,held_by,held_level,held_gain_gbp,why",
          out);
    for (size_t l = 0; l < s->n_levels; l++) {
        const char *id = s->levels[l].id;
        fprintf(out, ",%s.price,%s.price_gbp,%s.own_gbp", id, id, id);
        for (int k = 0; k < FPT_N_CRITERIA; k++) {
            fprintf(out, ",%s.t%d_%s_gbp", id, k + 1, fpt_criterion_id(k));
        }
        if (fpt_scenario_has_transition(s)) {
            fprintf(out, ",%s.t9_transition_gbp", id);
        }
    }
}

/* A comma and v to 2 decimals (money), or nothing after the comma when v is not finite. */
static void put_gbp(FILE *out, double v)
{
    fputc(',', out);
    if (isfinite(v)) {
        fprintf(out, "%.2f", v);
    }
}

/* As put_gbp, with 6 significant digits (shares, weights). */
static void put_ratio(FILE *out, double v)
{
    fputc(',', out);
    if (isfinite(v)) {
        fprintf(out, "%.6g", v);
    }
}

static void csv_flags(FILE *out, const fpt_report_input *in, const fpt_why_function *fn)
{
    const fpt_scenario *s = in->scenario;
    bool next = fn->next_level != FPT_WHY_NO_LEVEL;
    fprintf(out, ",%s", next ? s->levels[fn->next_level].id : "");
    put_gbp(out, next ? fn->margin_gbp : NAN);
    put_ratio(out, next ? fn->margin_share : NAN);
    fprintf(out, ",%s,%s,%s", fn->fragile ? "yes" : "no", fn->fragile_margin ? "yes" : "no",
            fn->tied ? "yes" : "no");
    fprintf(out, ",%s", fn->weight_moves ? fpt_term_id(fn->weight_k) : "");
    put_ratio(out, fn->weight_moves ? fn->weight_at : NAN);
    fprintf(out, ",%s", fn->weight_moves ? s->levels[fn->weight_level].id : "");
    if (fn->held && fn->held_by == FPT_CLASH_POOL) {
        fprintf(out, ",pool:%s", in->model->pools[fn->held_index].id);
    } else {
        fprintf(out, ",%s", fn->held ? fpt_why_held_name(fn) : "");
    }
    fprintf(out, ",%s", fn->held ? s->levels[fn->held_level].id : "");
    put_gbp(out, fn->held ? fn->held_gain_gbp : NAN);
}

static void csv_matrix(FILE *out, const fpt_why *w, size_t f)
{
    for (size_t l = 0; l < w->n_levels; l++) {
        const fpt_why_cell *c = fpt_why_cell_at(w, f, l);
        fprintf(out, ",%s", fpt_why_price_name(c->price_kind));
        put_gbp(out, c->price_gbp);
        put_gbp(out, c->own_gbp);
        for (int k = 0; k < FPT_N_CRITERIA; k++) {
            put_gbp(out, c->term_gbp[k]);
        }
        if (w->has_transition) {
            put_gbp(out, c->transition_gbp);
        }
    }
}

void fpt_why_csv_fields(FILE *out, const fpt_report_input *in, size_t f)
{
    const fpt_why *w = in->why;
    if (w == NULL || f >= w->n_functions) {
        size_t per_level = 3 + FPT_N_CRITERIA + (in->appraisal->has_transition ? 1 : 0);
        size_t n = 13 + in->scenario->n_levels * per_level;
        for (size_t i = 0; i < n; i++) {
            fputc(',', out);
        }
        return;
    }
    csv_flags(out, in, &w->functions[f]);
    char text[512];
    fpt_report_why_line(in, f, text, sizeof text);
    fputc(',', out);
    fpt_csv_field(out, text);
    csv_matrix(out, w, f);
}

/* ---- JSON -------------------------------------------------------------------------------- */

static json_t *real_or_null(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *level_or_null(const fpt_scenario *s, size_t l)
{
    return l < s->n_levels ? json_string(s->levels[l].id) : json_null();
}

void fpt_why_blocked_text(const fpt_report_input *in, size_t f, size_t l, char *buf, size_t size)
{
    const fpt_clash *c = &fpt_why_cell_at(in->why, f, l)->blocked;
    if (c->kind == FPT_CLASH_BUDGET) {
        char need[32], have[32];
        fpt_why_money(need, sizeof need, c->needed);
        fpt_why_money(have, sizeof have, c->available);
        snprintf(buf, size, "the budget: the closest plan costs %s a year against %s", need, have);
    } else if (c->kind == FPT_CLASH_POOL) {
        snprintf(buf, size,
                 "skill pool %s: the closest plan needs %.1f scarce WTE against a supply of %.1f",
                 in->model->pools[c->index].id, c->needed, c->available);
    } else {
        snprintf(buf, size, "its locks");
    }
}

static json_t *terms_json(const double *term)
{
    json_t *o = json_object();
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        o = fpt_json_put(o, fpt_criterion_id(k), real_or_null(term[k]));
    }
    return o;
}

static json_t *cell_json(const fpt_report_input *in, size_t f, size_t l)
{
    const fpt_why_cell *c = fpt_why_cell_at(in->why, f, l);
    json_t *o = json_object();
    o = fpt_json_put(o, "level", json_string(in->scenario->levels[l].id));
    o = fpt_json_put(o, "price", json_string(fpt_why_price_name(c->price_kind)));
    o = fpt_json_put(o, "price_gbp", real_or_null(c->price_gbp));
    o = fpt_json_put(o, "margin_gbp", real_or_null(c->price_gbp - in->why->objective));
    o = fpt_json_put(o, "own_gbp", real_or_null(c->own_gbp));
    o = fpt_json_put(o, "move_gbp", real_or_null(c->move_gbp));
    json_t *terms = terms_json(c->term_gbp);
    if (in->why->has_transition) {
        terms = fpt_json_put(terms, fpt_term_id(FPT_T_TRANSITION), real_or_null(c->transition_gbp));
    }
    o = fpt_json_put(o, "terms_gbp", terms);
    if (c->price_kind == FPT_PRICE_INFEASIBLE) {
        char text[256];
        fpt_why_blocked_text(in, f, l, text, sizeof text);
        o = fpt_json_put(o, "blocked_by", json_string(text));
    }
    return o;
}

/* What each criterion pulls towards a neighbouring level, or null at the end of the scale. */
static json_t *pulls_json(const fpt_why *w, size_t f, long to)
{
    if (to < 0 || (size_t)to >= w->n_levels) {
        return json_null();
    }
    json_t *o = json_object();
    for (int k = 0; k < why_terms(w); k++) {
        o = fpt_json_put(o, fpt_term_id(k), real_or_null(fpt_why_pull(w, f, (size_t)to, k)));
    }
    return o;
}

static json_t *held_json(const fpt_report_input *in, const fpt_why_function *fn)
{
    if (!fn->held) {
        return json_null();
    }
    json_t *o = json_object();
    o = fpt_json_put(o, "by", json_string(fpt_why_held_name(fn)));
    if (fn->held_by == FPT_CLASH_POOL) {
        o = fpt_json_put(o, "pool", json_string(in->model->pools[fn->held_index].id));
    }
    o = fpt_json_put(o, "level", level_or_null(in->scenario, fn->held_level));
    o = fpt_json_put(o, "gain_gbp", real_or_null(fn->held_gain_gbp));
    return o;
}

static json_t *weight_json(const fpt_report_input *in, const fpt_why_function *fn)
{
    if (!fn->weight_moves) {
        return json_null();
    }
    return json_pack("{s:s, s:o, s:o}", "criterion", fpt_term_id(fn->weight_k), "weight",
                     real_or_null(fn->weight_at), "level",
                     level_or_null(in->scenario, fn->weight_level));
}

static json_t *because_json(const fpt_why_function *fn)
{
    json_t *a = json_array();
    if (fn->fragile_margin) {
        a = fpt_json_push(a, json_string("margin"));
    }
    if (fn->weight_moves) {
        a = fpt_json_push(a, json_string("weight"));
    }
    if (fn->tied) {
        a = fpt_json_push(a, json_string("tie"));
    }
    return a;
}

json_t *fpt_why_function_json(const fpt_report_input *in, size_t f)
{
    const fpt_why *w = in->why;
    const fpt_why_function *fn = &w->functions[f];
    bool next = fn->next_level != FPT_WHY_NO_LEVEL;
    char text[512];
    fpt_report_why_line(in, f, text, sizeof text);
    json_t *o = json_object(), *levels = json_array(), *pulls = json_object();
    o = fpt_json_put(o, "text", json_string(text));
    o = fpt_json_put(o, "next_best", level_or_null(in->scenario, fn->next_level));
    o = fpt_json_put(o, "margin_gbp", next ? real_or_null(fn->margin_gbp) : json_null());
    o = fpt_json_put(o, "margin_share", next ? real_or_null(fn->margin_share) : json_null());
    o = fpt_json_put(o, "fragile", json_boolean(fn->fragile));
    o = fpt_json_put(o, "fragile_because", because_json(fn));
    o = fpt_json_put(o, "tied", json_boolean(fn->tied));
    o = fpt_json_put(o, "weight_change", weight_json(in, fn));
    o = fpt_json_put(o, "held", held_json(in, fn));
    pulls = fpt_json_put(pulls, "down", pulls_json(w, f, (long)fn->level - 1));
    pulls = fpt_json_put(pulls, "up", pulls_json(w, f, (long)fn->level + 1));
    o = fpt_json_put(o, "pulls_gbp", pulls);
    for (size_t l = 0; l < w->n_levels; l++) {
        levels = fpt_json_push(levels, cell_json(in, f, l));
    }
    o = fpt_json_put(o, "levels", levels);
    return o;
}

json_t *fpt_why_plan_json(const fpt_report_input *in)
{
    const fpt_why *w = in->why;
    json_t *fragile = json_array();
    for (size_t f = 0; f < w->n_functions; f++) {
        if (w->functions[f].fragile) {
            fragile = fpt_json_push(fragile, json_string(in->model->functions[f].id));
        }
    }
    return json_pack("{s:o, s:o, s:o, s:I, s:o}", "fragile_below_share",
                     real_or_null(w->fragile_below), "weight_band", real_or_null(w->weight_band),
                     "tie_gbp", real_or_null(w->tie_gbp), "solves", (json_int_t)w->solves,
                     "fragile", fragile);
}
