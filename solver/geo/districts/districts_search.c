/* SPDX-License-Identifier: MIT */
/*
 * Districting: the exact part of the method (docs/geography.md "Method" steps 2–4). The LP
 * relaxation of G1–G6 over every CCG–centre pair, with pairs priced in and linking rows G6
 * generated as needed, gives a bound; every pair whose reduced cost proves it cannot appear
 * in a partition better than the incumbent is removed (G7); GLPK's branch-and-bound solves
 * what is left, presolve off, with MIR cuts, handed the incumbent before branching and told
 * to branch on centres first.
 *
 * fpt_districts_mip() runs these over the pairs the Lagrangian fixing left (districts_branch.c
 * calls it when there is no incumbent, or when its own search over the centres runs long);
 * fpt_districts_solve_plain() is GLPK alone, for comparison, called by districts.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glpk.h>

#include "geo/districts/districts_internal.h"

/* Relative slack on the pruning test G7, far above GLPK's LP tolerances (1e-7). */
#define PRUNE_TOL    1e-6
#define ROOT_NEAREST 25

/* ---- bound and pruning -------------------------------------------------------------------- */

static glp_smcp lp_parm(void)
{
    glp_smcp parm = fpt_districts_quiet_simplex();
    parm.presolve = GLP_OFF;
    return parm;
}

/* Whether the G6 row of column c (pair i ≠ j) is violated at the point x (1-based). */
static bool link_violated(const fpt_districts_inst *in, const fpt_districts_model *m, size_t c,
                          const double *x)
{
    size_t n = in->n, i = m->pair[c] / n, j = m->pair[c] % n;
    int centre_col = m->col_of[j * n + j];
    return i != j && centre_col != 0 && x[c + 1] > x[centre_col] + 1e-7;
}

/* Add every violated G6 row of the current LP point; returns how many. */
static size_t add_violated_links(const fpt_districts_inst *in, fpt_districts_model *m, double *x)
{
    size_t n = in->n, added = 0;
    for (size_t c = 0; c < m->n_pairs; c++) {
        x[c + 1] = glp_get_col_prim(m->lp, (int)c + 1);
    }
    for (size_t c = 0; c < m->n_pairs; c++) {
        if (link_violated(in, m, c, x)) {
            fpt_districts_add_link_row(m->lp, (int)c + 1, m->col_of[(m->pair[c] % n) * (n + 1)]);
            added++;
        }
    }
    return added;
}

/*
 * Reduced cost (scaled) of pair (i, j) at the current duals (G7). For a pair not in the
 * LP its G6 row would be slack at x_ij = 0, so that row's dual is 0.
 */
static double pair_reduced_cost(const fpt_districts_inst *in, const fpt_districts_model *m,
                                size_t i, size_t j)
{
    size_t n = in->n;
    int col = m->col_of[i * n + j];
    if (col != 0) {
        return glp_get_col_dual(m->lp, col);
    }
    double sigma = glp_get_row_dual(m->lp, (int)n + 2 + (int)j) +
                   glp_get_row_dual(m->lp, 2 * (int)n + 2 + (int)j);
    return in->cost[i * n + j] / DISTRICTS_SCALE - glp_get_row_dual(m->lp, (int)i + 1) -
           in->pop[i] / DISTRICTS_SCALE * sigma;
}

/* Price every pair not in the LP and add those with negative reduced cost, or with every
 * true, add them all (a restricted LP that is infeasible has no duals to price with, and
 * its infeasibility proves nothing about the full LP). Returns how many were added. */
static size_t price_pairs(const fpt_districts_inst *in, fpt_districts_model *m, bool every)
{
    size_t n = in->n, added = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            bool may = m->allowed == NULL || m->allowed[i * n + j];
            if (may && m->col_of[i * n + j] == 0 &&
                (every || pair_reduced_cost(in, m, i, j) < -1e-9)) {
                fpt_districts_model_add_pair(in, m, i, j, false);
                added++;
            }
        }
    }
    return added;
}

/* The starting pairs of the root LP: every centre, each CCG's nearest, the incumbent's —
   of those allowed. */
static fpt_status root_model(const fpt_districts_inst *in, const fpt_districts_plan *inc,
                             const unsigned char *allowed, fpt_districts_model *m)
{
    size_t n = in->n;
    size_t *pairs = calloc(n * n, sizeof *pairs);
    bool *use = calloc(n * n, sizeof *use);
    if (pairs == NULL || use == NULL) {
        free(pairs);
        free(use);
        return FPT_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t r = 0; r < n && r < ROOT_NEAREST; r++) {
            use[i * n + in->near[i * n + r]] = true;
        }
        use[i * n + i] = true;
        use[i * n + (inc->found ? inc->centre_of[i] : i)] = true;
    }
    size_t n_pairs = 0;
    for (size_t p = 0; p < n * n; p++) {
        if (use[p] && (allowed == NULL || allowed[p])) {
            pairs[n_pairs++] = p;
        }
    }
    free(use);
    fpt_status st = fpt_districts_model_build(in, pairs, n_pairs, false, false, m);
    free(pairs);
    if (st == FPT_OK) {
        m->allowed = allowed;
    }
    return st;
}

/*
 * Solve the LP relaxation of G1–G6 over every pair: start from the nearest pairs, generate
 * violated G6 rows and price in pairs until neither changes the LP. *status is GLPK's. With
 * a time limit each simplex gets the time left and none starts after the deadline; *complete
 * is false when the deadline stopped the loop (*z is then no bound).
 */
static fpt_status root_lp(const fpt_districts_inst *in, fpt_districts_model *m, int *status,
                          double *z, bool *complete, fpt_error *err)
{
    glp_smcp parm = lp_parm();
    bool limited = !isinf(in->deadline);
    double *x = calloc(in->n * in->n + 1, sizeof *x);
    fpt_status st =
        x == NULL ? fpt_error_set(err, FPT_ENOMEM, NULL, 0, "%s", "out of memory") : FPT_OK;
    *complete = false;
    while (st == FPT_OK) {
        if (limited && fpt_districts_time_left(in) <= 0) {
            break;
        }
        int rc = fpt_districts_simplex(in, m->lp, &parm);
        if (rc == GLP_ETMLIM) {
            break;
        }
        if (rc != 0) {
            st = fpt_error_set(err, FPT_ESOLVER, NULL, 0,
                               "GLPK's simplex failed on the districting LP (code %d)", rc);
            break;
        }
        *status = glp_get_status(m->lp);
        if (*status != GLP_OPT && price_pairs(in, m, true) > 0) {
            parm.meth = GLP_PRIMAL; /* a restricted LP's infeasibility proves nothing */
            continue;
        }
        if (*status != GLP_OPT) {
            *complete = true;
            break;
        }
        if (add_violated_links(in, m, x) > 0) {
            parm.meth = GLP_DUALP;
        } else if (price_pairs(in, m, false) > 0) {
            parm.meth = GLP_PRIMAL;
        } else {
            *complete = true;
            break;
        }
    }
    free(x);
    *z = glp_get_obj_val(m->lp) * DISTRICTS_SCALE;
    return st;
}

/* Whether centre j's x_jj is fixed at 1 (forced open by the Lagrangian fixing): its reduced
   cost then says what lowering it would save, not what raising it from 0 would cost, so the
   G7 test does not apply to it. */
static bool is_forced(const fpt_districts_inst *in, const fpt_districts_model *m, size_t j)
{
    int col = m->col_of[j * in->n + j];
    return col != 0 && glp_get_col_type(m->lp, col) == GLP_FX && glp_get_col_lb(m->lp, col) > 0.5;
}

/*
 * G7: pair (i, j) stays only when z_LP + d_ij ≤ UB (d_ij its reduced cost) and its centre's
 * x_jj does too, or is forced open — any partition using a removed pair costs more than the
 * incumbent. Marks kept[i * n + j].
 */
static void prune_pairs(const fpt_districts_inst *in, const fpt_districts_model *m, double z,
                        double ub, bool *kept)
{
    size_t n = in->n;
    double slack = (ub - z) / DISTRICTS_SCALE + PRUNE_TOL * fabs(ub) / DISTRICTS_SCALE;
    for (size_t j = 0; j < n; j++) {
        bool forced = is_forced(in, m, j);
        bool centre_ok = forced || pair_reduced_cost(in, m, j, j) <= slack;
        for (size_t i = 0; i < n; i++) {
            bool may = m->allowed == NULL || m->allowed[i * n + j];
            bool pair_ok = (i == j && forced) || pair_reduced_cost(in, m, i, j) <= slack;
            kept[i * n + j] = may && centre_ok && pair_ok;
        }
    }
}

/*
 * Turn the root LP into the MIP over the kept pairs, in place: delete the pruned columns
 * (nonbasic at zero, so the basis survives), add the kept pairs the LP never priced in,
 * and make every column binary.
 */
static fpt_status restrict_model(const fpt_districts_inst *in, fpt_districts_model *m,
                                 const bool *kept, size_t *n_kept)
{
    size_t n = in->n, n_del = 0, w = 0;
    int *del = calloc(m->n_pairs + 1, sizeof *del);
    if (del == NULL) {
        return FPT_ENOMEM;
    }
    for (size_t c = 0; c < m->n_pairs; c++) {
        bool basic = glp_get_col_stat(m->lp, (int)c + 1) == GLP_BS;
        if (!kept[m->pair[c]] && !basic) {
            del[++n_del] = (int)c + 1;
            m->col_of[m->pair[c]] = 0;
        } else {
            if (!kept[m->pair[c]]) {
                /* Basic at zero (its centre is closed): fixing keeps the basis valid. */
                glp_set_col_bnds(m->lp, (int)c + 1, GLP_FX, 0, 0);
            }
            m->pair[w++] = m->pair[c];
            m->col_of[m->pair[c]] = (int)w;
        }
    }
    if (n_del > 0) {
        glp_del_cols(m->lp, (int)n_del, del);
    }
    free(del);
    m->n_pairs = w;
    for (size_t p = 0; p < n * n; p++) {
        if (kept[p] && m->col_of[p] == 0) {
            fpt_districts_model_add_pair(in, m, p / n, p % n, false);
        }
    }
    for (size_t c = 0; c < m->n_pairs; c++) {
        if (glp_get_col_type(m->lp, (int)c + 1) != GLP_FX) {
            glp_set_col_kind(m->lp, (int)c + 1, GLP_BV);
        } else {
            glp_set_col_kind(m->lp, (int)c + 1, GLP_IV);
        }
    }
    *n_kept = m->n_pairs;
    return FPT_OK;
}

/* ---- branch-and-bound --------------------------------------------------------------------- */

typedef struct search {
    const fpt_districts_inst *in;
    const fpt_districts_model *m;
    double *x;     /* [1..n_pairs] scratch for the node's LP point */
    double *x_inc; /* [1..n_pairs] the incumbent, or NULL */
    bool given;
    double bound; /* scaled */
    bool have_bound;
    bool centres_first;
} search;

static void record_bound(glp_tree *tree, search *s)
{
    int node = glp_ios_best_node(tree);
    if (node != 0) {
        s->bound = glp_ios_node_bound(tree, node);
        s->have_bound = true;
    }
}

/* Branch on the most fractional centre variable x_jj when there is one (ties: lowest j). */
static void branch_on_centre(glp_tree *tree, const search *s)
{
    size_t n = s->in->n;
    glp_prob *lp = glp_ios_get_prob(tree);
    int best = 0;
    double best_frac = 0;
    for (size_t j = 0; j < n; j++) {
        int col = s->m->col_of[j * n + j];
        if (col == 0 || !glp_ios_can_branch(tree, col)) {
            continue;
        }
        double v = glp_get_col_prim(lp, col);
        double frac = fmin(v, 1 - v);
        if (frac > best_frac + 1e-9) {
            best_frac = frac;
            best = col;
        }
    }
    if (best != 0) {
        glp_ios_branch_upon(tree, best, GLP_NO_BRNCH);
    }
}

/* G6 rows the node's LP violates, as cuts (they only tighten: G4 implies G6 for 0–1 x). */
static void add_link_cuts(glp_tree *tree, search *s)
{
    const fpt_districts_model *m = s->m;
    glp_prob *lp = glp_ios_get_prob(tree);
    size_t n = s->in->n;
    for (size_t c = 0; c < m->n_pairs; c++) {
        s->x[c + 1] = glp_get_col_prim(lp, (int)c + 1);
    }
    for (size_t c = 0; c < m->n_pairs; c++) {
        if (link_violated(s->in, m, c, s->x)) {
            int ind[3] = {0, (int)c + 1, m->col_of[(m->pair[c] % n) * (n + 1)]};
            double val[3] = {0, 1, -1};
            glp_ios_add_row(tree, NULL, GLP_RF_CUT, 0, 2, ind, val, GLP_UP, 0);
        }
    }
}

static void search_callback(glp_tree *tree, void *info)
{
    search *s = info;
    switch (glp_ios_reason(tree)) {
    case GLP_IHEUR:
        if (s->x_inc != NULL && !s->given) {
            s->given = true;
            glp_ios_heur_sol(tree, s->x_inc);
        }
        break;
    case GLP_IBRANCH:
        if (s->centres_first) {
            branch_on_centre(tree, s);
        }
        break;
    case GLP_ICUTGEN:
        if (s->x != NULL) {
            add_link_cuts(tree, s);
        }
        break;
    default:
        break;
    }
    record_bound(tree, s);
}

static glp_iocp search_parm(const fpt_districts_inst *in, search *s, bool presolve)
{
    glp_iocp parm = fpt_districts_quiet_iocp(in);
    parm.presolve = presolve ? GLP_ON : GLP_OFF;
    parm.br_tech = GLP_BR_DTH;
    parm.bt_tech = GLP_BT_BLB;
    /* MIR cuts on the capacity rows G4/G5 close most of the LP gap the linking rows leave
       (docs/geography.md "Method" step 4): 10 hubs of 2013 go from a 0.1% gap after 300 s to
       proven optimal in about a minute. */
    parm.mir_cuts = GLP_ON;
    parm.mip_gap = in->o->mip_gap;
    parm.cb_func = search_callback;
    parm.cb_info = s;
    return parm;
}

/* The incumbent as GLPK column values (1-based), for glp_ios_heur_sol. */
static fpt_status incumbent_values(const fpt_districts_inst *in, const fpt_districts_model *m,
                                   const fpt_districts_plan *inc, double **x)
{
    *x = NULL;
    if (!inc->found) {
        return FPT_OK;
    }
    *x = calloc(m->n_pairs + 1, sizeof **x);
    if (*x == NULL) {
        return FPT_ENOMEM;
    }
    for (size_t i = 0; i < in->n; i++) {
        int col = m->col_of[i * in->n + inc->centre_of[i]];
        if (col == 0) {
            free(*x);
            *x = NULL;
            return FPT_OK; /* cannot happen: G7 keeps the incumbent's pairs */
        }
        (*x)[col] = 1;
    }
    return FPT_OK;
}

/* Read GLPK's MIP answer into out (when it has one). */
static void read_mip(const fpt_districts_inst *in, const fpt_districts_model *m,
                     fpt_districts_plan *out)
{
    int status = glp_mip_status(m->lp);
    if (status != GLP_OPT && status != GLP_FEAS) {
        return;
    }
    for (size_t c = 0; c < m->n_pairs; c++) {
        if (glp_mip_col_val(m->lp, (int)c + 1) > 0.5) {
            out->centre_of[m->pair[c] / in->n] = m->pair[c] % in->n;
        }
    }
    out->cost = fpt_districts_plan_cost(in, out->centre_of);
    out->found = true;
}

static fpt_status run_search(const fpt_districts_inst *in, fpt_districts_model *m, search *s,
                             bool presolve, fpt_districts_plan *best, fpt_districts_outcome *out,
                             fpt_error *err)
{
    glp_iocp parm = search_parm(in, s, presolve);
    int status;
    int rc = fpt_districts_intopt(in, m->lp, &parm, &status);
    if (rc != 0 && rc != GLP_ETMLIM && rc != GLP_EMIPGAP && rc != GLP_ENOPFS && rc != GLP_ENODFS) {
        return fpt_error_set(err, FPT_ESOLVER, NULL, 0,
                             "GLPK's branch-and-bound failed on the districting MIP (code %d)", rc);
    }
    fpt_districts_plan got = {.centre_of = best->centre_of};
    if (status == GLP_OPT || status == GLP_FEAS) {
        read_mip(in, m, &got);
        best->cost = got.cost;
        best->found = true;
    }
    bool proved = rc == 0 && status == GLP_OPT;
    if (rc == GLP_ENOPFS || status == GLP_NOFEAS) {
        out->result = FPT_DISTRICTS_INFEASIBLE;
    } else if (proved || rc == GLP_EMIPGAP) {
        out->result = FPT_DISTRICTS_OPTIMAL;
    } else {
        out->result = best->found ? FPT_DISTRICTS_LIMIT : FPT_DISTRICTS_NO_PARTITION;
    }
    out->bound = proved ? best->cost : (s->have_bound ? s->bound * DISTRICTS_SCALE : 0);
    if (rc == GLP_EMIPGAP && s->have_bound) {
        out->bound = s->bound * DISTRICTS_SCALE;
    }
    return FPT_OK;
}

/* ---- the two solvers ---------------------------------------------------------------------- */

/* GLPK alone on the straightforward model: every pair, every G6 row, presolve on. */
fpt_status fpt_districts_solve_plain(const fpt_districts_inst *in, fpt_districts_plan *best,
                                     fpt_districts_outcome *out, size_t *n_kept, fpt_error *err)
{
    size_t *pairs = NULL, n_pairs = 0;
    fpt_districts_model m;
    if (fpt_districts_all_pairs(in, &pairs, &n_pairs) != FPT_OK ||
        fpt_districts_model_build(in, pairs, n_pairs, true, true, &m) != FPT_OK) {
        free(pairs);
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "%s", "out of memory building the MIP");
    }
    free(pairs);
    *n_kept = n_pairs;
    search s = {.in = in, .m = &m};
    fpt_status st = run_search(in, &m, &s, true, best, out, err);
    fpt_districts_model_free(&m);
    return st;
}

/*
 * The deadline passed before branch-and-bound: the heuristic plan if there is one, with the
 * bound known (person-km; 0 when none), and all pairs counted as kept unless pruning ran.
 */
static void stop_at_limit(const fpt_districts_inst *in, const fpt_districts_plan *best,
                          double bound, fpt_districts_outcome *out, size_t *n_kept)
{
    out->result = best->found ? FPT_DISTRICTS_LIMIT : FPT_DISTRICTS_NO_PARTITION;
    out->bound = best->found ? fmin(bound, best->cost) : bound;
    if (n_kept != NULL) {
        *n_kept = in->n * in->n;
    }
}

/*
 * Step (4): branch-and-bound over the kept pairs, seeded with the incumbent; not begun when
 * the deadline has passed (the result is then the limit's, and the caller adds the bound).
 */
static fpt_status search_kept(const fpt_districts_inst *in, fpt_districts_model *m,
                              fpt_districts_plan *best, fpt_districts_outcome *out, fpt_error *err)
{
    double *x = NULL;
    double *scratch = calloc(m->n_pairs + 1, sizeof *scratch);
    fpt_status st = scratch == NULL ? FPT_ENOMEM : incumbent_values(in, m, best, &x);
    glp_smcp parm = lp_parm();
    int rc = st == FPT_OK ? fpt_districts_simplex(in, m->lp, &parm) : 0;
    if (rc != 0 && rc != GLP_ETMLIM) {
        glp_adv_basis(m->lp, 0);
        rc = fpt_districts_simplex(in, m->lp, &parm);
        if (rc != 0 && rc != GLP_ETMLIM) {
            st = fpt_error_set(err, FPT_ESOLVER, NULL, 0, "%s", "GLPK's simplex failed on the MIP");
        }
    }
    if (st == FPT_OK && rc == GLP_ETMLIM) {
        stop_at_limit(in, best, 0, out, NULL);
    } else if (st == FPT_OK && glp_get_status(m->lp) != GLP_OPT) {
        out->result = best->found ? FPT_DISTRICTS_OPTIMAL : FPT_DISTRICTS_INFEASIBLE;
        out->bound = best->cost;
    } else if (st == FPT_OK && fpt_districts_time_left(in) <= 0) {
        stop_at_limit(in, best, 0, out, NULL);
    } else if (st == FPT_OK) {
        search s = {.in = in, .m = m, .x = scratch, .x_inc = x, .centres_first = true};
        st = run_search(in, m, &s, false, best, out, err);
    }
    free(x);
    free(scratch);
    return st == FPT_ENOMEM ? fpt_error_set(err, st, NULL, 0, "%s", "out of memory") : st;
}

/* Steps (2)–(4) once the heuristic has run: bound, prune, branch. */
static fpt_status bound_and_branch(const fpt_districts_inst *in, fpt_districts_model *m,
                                   fpt_districts_plan *best, fpt_districts_outcome *out,
                                   size_t *n_kept, fpt_error *err)
{
    int status = 0;
    double z = 0;
    bool complete = false;
    FPT_TRY(root_lp(in, m, &status, &z, &complete, err));
    if (!complete) {
        stop_at_limit(in, best, 0, out, n_kept);
        return FPT_OK;
    }
    if (status != GLP_OPT && best->found) {
        out->result = FPT_DISTRICTS_OPTIMAL; /* nothing cheaper than the incumbent is left */
        out->bound = best->cost;
        *n_kept = m->n_pairs;
        return FPT_OK;
    }
    if (status != GLP_OPT) {
        out->result = FPT_DISTRICTS_INFEASIBLE;
        out->lp_infeasible = true;
        return FPT_OK;
    }
    bool *kept = calloc(in->n * in->n, sizeof *kept);
    if (kept == NULL) {
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "%s", "out of memory");
    }
    prune_pairs(in, m, z, best->found ? best->cost : INFINITY, kept);
    fpt_status st = restrict_model(in, m, kept, n_kept);
    free(kept);
    if (st == FPT_OK) {
        st = search_kept(in, m, best, out, err);
    }
    out->bound = fmax(out->bound, fmin(z, best->found ? best->cost : z));
    return st == FPT_ENOMEM ? fpt_error_set(err, st, NULL, 0, "%s", "out of memory") : st;
}

/* ---- over the pairs the Lagrangian fixing left ------------------------------------------- */

/* Fix x_jj = 1 for every centre the bound forced open. */
static void force_centres(const fpt_districts_inst *in, const signed char *state,
                          fpt_districts_model *m)
{
    size_t n = in->n;
    for (size_t j = 0; j < n; j++) {
        int col = m->col_of[j * n + j];
        if (state != NULL && state[j] == FPT_CENTRE_FORCED && col != 0) {
            glp_set_col_bnds(m->lp, col, GLP_FX, 1, 1);
        }
    }
}

fpt_status fpt_districts_mip(const fpt_districts_inst *in, const unsigned char *allowed,
                             const signed char *state, double known, fpt_districts_plan *best,
                             fpt_districts_outcome *out, size_t *n_kept, fpt_error *err)
{
    if (fpt_districts_time_left(in) <= 0) {
        stop_at_limit(in, best, known, out, n_kept);
        return FPT_OK;
    }
    fpt_districts_model m;
    if (root_model(in, best, allowed, &m) != FPT_OK) {
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "%s", "out of memory building the LP");
    }
    force_centres(in, state, &m);
    fpt_districts_report(in, FPT_DISTRICTS_PHASE_SEARCH, known, best);
    fpt_status st = bound_and_branch(in, &m, best, out, n_kept, err);
    fpt_districts_model_free(&m);
    if (st == FPT_OK && out->result != FPT_DISTRICTS_INFEASIBLE) {
        out->bound = fmax(out->bound, best->found ? fmin(known, best->cost) : known);
    }
    return st;
}
