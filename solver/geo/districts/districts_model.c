/* SPDX-License-Identifier: MIT */
/*
 * Districting: the options and the bounds they resolve to against a geography, the
 * instance — populations, great-circle distances, person-km costs and every
 * CCG's neighbours by distance — and the GLPK model G1–G6 over a set of CCG–centre pairs
 * (docs/geography.md "Formulation"). The heuristic, the search and the MPS writer build on
 * these (districts_internal.h).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glpk.h>

#include "base/clock.h"
#include "geo/districts/districts_internal.h"

void fpt_districts_options_init(fpt_districts_options *o)
{
    memset(o, 0, sizeof *o);
    o->target_pop = 5e6;
    o->tolerance = 0.2;
    o->threads = 1;
}

fpt_status fpt_districts_resolve(const fpt_geography *g, const fpt_districts_options *o,
                                 size_t *n_units, double *target_pop, double *pop_min,
                                 double *pop_max, fpt_error *err)
{
    if (!(o->tolerance >= 0 && o->tolerance < 1)) {
        return fpt_error_set(err, FPT_EUSAGE, NULL, 0, "tolerance %g is not in [0, 1)",
                             o->tolerance);
    }
    if (o->n_units == 0 && !(o->target_pop > 0)) {
        return fpt_error_set(err, FPT_EUSAGE, NULL, 0, "%s",
                             "give a number of units or a positive target population");
    }
    double k = o->n_units > 0 ? (double)o->n_units : fmax(1.0, round(g->pop_total / o->target_pop));
    double target = o->n_units > 0 ? g->pop_total / k : o->target_pop;
    if (n_units != NULL) {
        *n_units = (size_t)k;
    }
    if (target_pop != NULL) {
        *target_pop = target;
    }
    if (pop_min != NULL) {
        *pop_min = target * (1 - o->tolerance);
    }
    if (pop_max != NULL) {
        *pop_max = target * (1 + o->tolerance);
    }
    return FPT_OK;
}

/* ---- the instance ------------------------------------------------------------------------ */

void fpt_districts_inst_free(fpt_districts_inst *in)
{
    free(in->pop);
    free(in->dist);
    free(in->cost);
    free(in->near);
}

/* Sort helper for the neighbour lists: by distance from a fixed CCG, then by index. */
typedef struct by_dist {
    double km;
    size_t i;
} by_dist;

static int compare_by_dist(const void *a, const void *b)
{
    const by_dist *x = a, *y = b;
    if (x->km != y->km) {
        return x->km < y->km ? -1 : 1;
    }
    return x->i < y->i ? -1 : (x->i > y->i);
}

static fpt_status build_neighbours(fpt_districts_inst *in)
{
    size_t n = in->n;
    by_dist *row = calloc(n, sizeof *row);
    if (row == NULL) {
        return FPT_ENOMEM;
    }
    for (size_t j = 0; j < n; j++) {
        for (size_t i = 0; i < n; i++) {
            row[i] = (by_dist){in->dist[i * n + j], i};
        }
        qsort(row, n, sizeof *row, compare_by_dist);
        for (size_t r = 0; r < n; r++) {
            in->near[j * n + r] = row[r].i;
        }
    }
    free(row);
    return FPT_OK;
}

void fpt_districts_inst_limit(fpt_districts_inst *in, const fpt_districts_options *o, double start)
{
    in->o = o;
    in->deadline = o->time_limit_s > 0 ? start + o->time_limit_s : INFINITY;
}

fpt_status fpt_districts_inst_init(fpt_districts_inst *in, const fpt_geography *g,
                                   const fpt_districts_options *o, double start, fpt_error *err)
{
    memset(in, 0, sizeof *in);
    size_t n = g->n_ccgs;
    in->n = n;
    fpt_districts_inst_limit(in, o, start);
    in->open_bytes = FPT_OPEN_BYTES;
    in->cuts = true;
    in->first_evals = n <= FPT_FIRST_MAX_CCGS ? FPT_FIRST_EVALS : 0;
    in->cut_rounds = FPT_CUT_ROUNDS;
    in->cluster_rows = true;
    in->cluster_balls = true;
    in->leaf_work = FPT_LEAF_WORK;
    in->units_mip = true;
    FPT_TRY(fpt_districts_resolve(g, o, &in->k, NULL, &in->lo, &in->hi, err));
    in->wide_units = in->k >= FPT_GROUP_WIDE_FROM ? FPT_GROUP_UNITS_WIDE : 0;
    in->pop = calloc(n, sizeof *in->pop);
    in->dist = calloc(n * n, sizeof *in->dist);
    in->cost = calloc(n * n, sizeof *in->cost);
    in->near = calloc(n * n, sizeof *in->near);
    if (in->pop == NULL || in->dist == NULL || in->cost == NULL || in->near == NULL) {
        fpt_districts_inst_free(in);
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory for %zu CCGs", n);
    }
    for (size_t i = 0; i < n; i++) {
        const fpt_ccg *a = &g->ccgs[i];
        in->pop[i] = a->pop;
        for (size_t j = 0; j < n; j++) {
            const fpt_ccg *b = &g->ccgs[j];
            double km =
                i == j ? 0 : fpt_geo_distance_km(a->lat_deg, a->lon_deg, b->lat_deg, b->lon_deg);
            in->dist[i * n + j] = km;
            in->cost[i * n + j] = a->pop * km;
        }
    }
    if (build_neighbours(in) != FPT_OK) {
        fpt_districts_inst_free(in);
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory for %zu CCGs", n);
    }
    return FPT_OK;
}

double fpt_districts_time_left(const fpt_districts_inst *in)
{
    return isinf(in->deadline) ? INFINITY : in->deadline - fpt_clock_s();
}

int fpt_districts_tm_lim(const fpt_districts_inst *in)
{
    return (int)fmax(1, fmin(1e9, ceil(fpt_districts_time_left(in) * 1000)));
}

void fpt_districts_report(const fpt_districts_inst *in, fpt_districts_phase phase, double bound,
                          const fpt_districts_plan *best)
{
    fpt_districts_track *t = in->track;
    if (t == NULL || in->o->progress == NULL) {
        return;
    }
    /* A bound capped at the incumbent of its time stays a bound on the optimum, whatever the
       stage that follows begins from (docs/cli.md "Progress"). */
    double incumbent = best->found ? best->cost : INFINITY;
    t->shown = fmax(t->shown, isfinite(bound) ? fmin(bound, incumbent) : -INFINITY);
    double now = fpt_clock_s();
    if ((int)phase == t->last_phase && now - t->last_report < 0.1) {
        return;
    }
    t->last_report = now;
    t->last_phase = (int)phase;
    t->last_bound = bound;
    fpt_districts_progress p = {.phase = phase, .n_units = in->k, .elapsed_s = now - t->start};
    p.incumbent = incumbent;
    p.bound = isfinite(t->shown) ? fmax(0, fmin(t->shown, p.incumbent)) : 0;
    p.gap = best->found && best->cost > 0 ? (best->cost - p.bound) / best->cost : 1;
    in->o->progress(&p, in->o->progress_ctx);
}

void fpt_districts_report_again(const fpt_districts_inst *in, const fpt_districts_plan *best)
{
    const fpt_districts_track *t = in->track;
    if (t != NULL && t->last_phase >= 0) {
        fpt_districts_report(in, (fpt_districts_phase)t->last_phase, t->last_bound, best);
    }
}

/* ---- the model G1–G6 ---------------------------------------------------------------------- */

void fpt_districts_model_free(fpt_districts_model *m)
{
    if (m->lp != NULL) {
        glp_delete_prob(m->lp);
    }
    free(m->pair);
    free(m->col_of);
    memset(m, 0, sizeof *m);
}

static void add_fixed_rows(const fpt_districts_inst *in, glp_prob *lp)
{
    int n = (int)in->n;
    glp_add_rows(lp, 3 * n + 1);
    for (int i = 1; i <= n; i++) {
        glp_set_row_bnds(lp, i, GLP_FX, 1, 1);             /* G2 */
        glp_set_row_bnds(lp, n + 1 + i, GLP_UP, 0, 0);     /* G4 */
        glp_set_row_bnds(lp, 2 * n + 1 + i, GLP_LO, 0, 0); /* G5 */
    }
    glp_set_row_bnds(lp, n + 1, GLP_FX, (double)in->k, (double)in->k); /* G3 */
}

/* Add the column of pair (i, j): G1 cost and its entries in G2–G5. */
static void add_pair_column(const fpt_districts_inst *in, const fpt_districts_model *m, int col,
                            size_t i, size_t j, bool mip)
{
    glp_prob *lp = m->lp;
    int n = (int)in->n;
    int ind[5];
    double val[5];
    int len = 0;
    double p = in->pop[i] / DISTRICTS_SCALE;
    ind[++len] = (int)i + 1;
    val[len] = 1;
    ind[++len] = n + 2 + (int)j;
    val[len] = i == j ? p - in->hi / DISTRICTS_SCALE : p;
    ind[++len] = 2 * n + 2 + (int)j;
    val[len] = i == j ? p - in->lo / DISTRICTS_SCALE : p;
    if (i == j) {
        ind[++len] = n + 1;
        val[len] = 1;
    }
    glp_set_mat_col(lp, col, len, ind, val);
    glp_set_obj_coef(lp, col, in->cost[i * in->n + j] / DISTRICTS_SCALE);
    glp_set_col_bnds(lp, col, GLP_DB, 0, 1);
    if (mip) {
        glp_set_col_kind(lp, col, GLP_BV);
    }
}

/* Add G6, x_ij ≤ x_jj, for the pair in column col (i ≠ j). */
void fpt_districts_add_link_row(glp_prob *lp, int col, int centre_col)
{
    int row = glp_add_rows(lp, 1);
    int ind[3] = {0, col, centre_col};
    double val[3] = {0, 1, -1};
    glp_set_mat_row(lp, row, 2, ind, val);
    glp_set_row_bnds(lp, row, GLP_UP, 0, 0);
}

/* Build the model over pairs (each i * n + j, ascending); with links, every G6 row too. */
fpt_status fpt_districts_model_build(const fpt_districts_inst *in, const size_t *pairs,
                                     size_t n_pairs, bool mip, bool links, fpt_districts_model *m)
{
    size_t n = in->n;
    memset(m, 0, sizeof *m);
    m->pair = calloc(n * n, sizeof *m->pair);
    m->col_of = calloc(n * n, sizeof *m->col_of);
    if (m->pair == NULL || m->col_of == NULL || n * n > (size_t)INT32_MAX / 2) {
        fpt_districts_model_free(m);
        return FPT_ENOMEM;
    }
    m->n_pairs = n_pairs;
    m->lp = glp_create_prob();
    glp_set_obj_dir(m->lp, GLP_MIN);
    add_fixed_rows(in, m->lp);
    if (n_pairs > 0) {
        glp_add_cols(m->lp, (int)n_pairs);
    }
    for (size_t c = 0; c < n_pairs; c++) {
        m->pair[c] = pairs[c];
        m->col_of[pairs[c]] = (int)c + 1;
        add_pair_column(in, m, (int)c + 1, pairs[c] / n, pairs[c] % n, mip);
    }
    for (size_t c = 0; links && c < n_pairs; c++) {
        size_t i = pairs[c] / n, j = pairs[c] % n;
        if (i != j && m->col_of[j * n + j] != 0) {
            fpt_districts_add_link_row(m->lp, (int)c + 1, m->col_of[j * n + j]);
        }
    }
    return FPT_OK;
}

/* Every CCG–centre pair, ascending (the straightforward model). */
fpt_status fpt_districts_all_pairs(const fpt_districts_inst *in, size_t **pairs, size_t *n_pairs)
{
    size_t n = in->n;
    *pairs = calloc(n * n, sizeof **pairs);
    if (*pairs == NULL) {
        return FPT_ENOMEM;
    }
    for (size_t p = 0; p < n * n; p++) {
        (*pairs)[p] = p;
    }
    *n_pairs = n * n;
    return FPT_OK;
}

/* Append pair (i, j) as a new column. */
void fpt_districts_model_add_pair(const fpt_districts_inst *in, fpt_districts_model *m, size_t i,
                                  size_t j, bool mip)
{
    int col = glp_add_cols(m->lp, 1);
    m->pair[m->n_pairs++] = i * in->n + j;
    m->col_of[i * in->n + j] = col;
    add_pair_column(in, m, col, i, j, mip);
}

/* Whether GLPK's MIP answer keeps every row within its bounds (to 10⁻⁹ of 1 + the bound:
   an integer answer's rows are sums of a few scaled populations). */
static bool mip_rows_hold(glp_prob *lp)
{
    int rows = glp_get_num_rows(lp);
    for (int r = 1; r <= rows; r++) {
        int type = glp_get_row_type(lp, r);
        double v = glp_mip_row_val(lp, r), lb = glp_get_row_lb(lp, r), ub = glp_get_row_ub(lp, r);
        bool has_lb = type == GLP_LO || type == GLP_DB || type == GLP_FX;
        bool has_ub = type == GLP_UP || type == GLP_DB || type == GLP_FX;
        if ((has_lb && v < lb - 1e-9 * (1 + fabs(lb))) ||
            (has_ub && v > ub + 1e-9 * (1 + fabs(ub)))) {
            return false;
        }
    }
    return true;
}

glp_smcp fpt_districts_quiet_simplex(void)
{
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    return parm;
}

glp_iocp fpt_districts_quiet_iocp(const fpt_districts_inst *in)
{
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    if (!isinf(in->deadline)) {
        parm.tm_lim = fpt_districts_tm_lim(in);
    }
    return parm;
}

int fpt_districts_simplex(const fpt_districts_inst *in, glp_prob *lp, glp_smcp *parm)
{
    glp_smcp quiet;
    if (parm == NULL) {
        quiet = fpt_districts_quiet_simplex();
        parm = &quiet;
    }
    if (!isinf(in->deadline)) {
        parm->tm_lim = fpt_districts_tm_lim(in);
    }
    return glp_simplex(lp, parm);
}

int fpt_districts_intopt(const fpt_districts_inst *in, glp_prob *lp, const glp_iocp *parm,
                         int *status)
{
    int rc = glp_intopt(lp, parm);
    *status = glp_mip_status(lp);
    if (parm->presolve != GLP_ON || (*status != GLP_OPT && *status != GLP_FEAS) ||
        mip_rows_hold(lp)) {
        return rc;
    }
    int lp_rc = fpt_districts_simplex(in, lp, NULL);
    if (lp_rc == 0 && glp_get_status(lp) == GLP_NOFEAS) {
        *status = GLP_NOFEAS;
        return GLP_ENOPFS;
    }
    if (lp_rc != 0 || glp_get_status(lp) != GLP_OPT) {
        *status = GLP_UNDEF;
        return lp_rc == GLP_ETMLIM ? GLP_ETMLIM : GLP_EFAIL;
    }
    glp_iocp again = *parm;
    again.presolve = GLP_OFF;
    if (!isinf(in->deadline)) {
        again.tm_lim = fpt_districts_tm_lim(in);
    }
    rc = glp_intopt(lp, &again);
    *status = glp_mip_status(lp);
    return rc;
}

/* Person-km of an assignment (G1). */
double fpt_districts_plan_cost(const fpt_districts_inst *in, const size_t *centre_of)
{
    double sum = 0;
    for (size_t i = 0; i < in->n; i++) {
        sum += in->cost[i * in->n + centre_of[i]];
    }
    return sum;
}
