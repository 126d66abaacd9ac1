/* SPDX-License-Identifier: MIT */
/*
 * Solves an appraisal's MIP with glp_intopt and reads the answer back into the plain data of
 * footprint/solution.h, once (fpt_solve) or on a solver that keeps its programme warm across
 * a sweep's scenarios (fpt_solver).
 *
 * Three steps, each documented in docs/model.md: the search itself (presolve on, the bound
 * recorded from inside the callback because GLPK exposes it only there); the tie rule (a
 * no-good check for another plan within the tolerance, then lexicographic fixing only if one
 * exists); and, when there is no plan, an elastic re-solve that names the clashing pools and
 * budget with the amounts. glp_mip_status, never GLPK's return code, says whether a plan exists.
 */
#include "footprint/solve.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/glpk_guard.h"
#include "mip/lp.h"
#include "mip/start.h"

enum { MS_PER_S = 1000 };

static const double TIE_REL = 1e-9; /* docs/model.md "Solving and ties" */

/* What one glp_intopt call ended with. */
typedef struct search {
    int rc;                     /* glp_intopt's return code */
    int status;                 /* glp_mip_status */
    double bound;               /* best bound seen in the callback; NAN when never called */
    bool from_lp;               /* warm path: the LP relaxation was integral, so it is the plan */
    const fpt_solve_options *o; /* its cancellation callback, asked from GLPK's */
    bool started;               /* FPT_TEST_HOOKS: the branch and bound was reported begun */
    int node_cap;               /* stop the search past this many nodes; 0 = never */
    bool over_cap;              /* the callback stopped it there */
    const double *start;        /* [1..n] a plan's columns GLPK starts from; NULL: none */
} search;

static const double INTEGRAL_TOL = 1e-9; /* an LP value this close to 0 or 1 is integral */

void fpt_solve_options_init(fpt_solve_options *o)
{
    o->time_limit_s = 0;
    o->mip_gap = 0;
    o->break_ties = true;
    o->start = NULL;
    o->cancelled = NULL;
    o->cancel_ctx = NULL;
}

const char *fpt_result_name(fpt_result r)
{
    switch (r) {
    case FPT_RESULT_OPTIMAL:
        return "optimal";
    case FPT_RESULT_LIMIT:
        return "time limit";
    case FPT_RESULT_INFEASIBLE:
        return "infeasible";
    case FPT_RESULT_NO_PLAN:
        return "no plan";
    case FPT_RESULT_GAP:
        return "gap limit";
    }
    return "unknown";
}

const char *fpt_solver_version(void)
{
    return glp_version();
}

void fpt_solve_thread_exit(void)
{
    glp_free_env();
}

/* GLPK's tm_lim for what is left before lp's deadline (docs/model.md "Time limit"): INT_MAX
 * when there is none, 0 once it has passed, else at least 1 ms. */
static int ms_left(const fpt_lp *lp)
{
#ifdef FPT_TEST_HOOKS
    if (lp->searches_left != NULL && *lp->searches_left == 0) {
        return 0;
    }
#endif
    if (lp->deadline_s <= 0) {
        return INT_MAX;
    }
    double ms = (lp->deadline_s - fpt_clock_s()) * MS_PER_S;
    return ms <= 0 ? 0 : ms >= (double)INT32_MAX ? INT32_MAX : ms < 1 ? 1 : (int)ms;
}

static bool is_cancelled(const fpt_solve_options *o)
{
    return o->cancelled != NULL && o->cancelled(o->cancel_ctx);
}

/* FPT_TEST_HOOKS builds: FPT_TEST_MIP_STARTED=PATH creates PATH when a branch and bound
 * first calls back, so that a test signals a solve known to be inside a search. */
static void report_started(search *s)
{
#ifdef FPT_TEST_HOOKS
    const char *path = getenv("FPT_TEST_MIP_STARTED");
    if (!s->started && path != NULL) {
        FILE *f = fopen(path, "w");
        if (f != NULL) {
            fclose(f);
        }
    }
#endif
    s->started = true;
}

/* GLPK's callback: the bound, and a cancelled solve, or one past its node cap, stopped at once
 * (glp_intopt then returns GLP_ESTOP). */
static void record_bound(glp_tree *tree, void *info)
{
    search *s = info;
    int node = glp_ios_best_node(tree);
    if (node != 0) {
        s->bound = glp_ios_node_bound(tree, node);
    }
    report_started(s);
    int active = 0, current = 0, total = 0;
    glp_ios_tree_size(tree, &active, &current, &total);
    if (glp_ios_reason(tree) == GLP_IHEUR && s->start != NULL) {
        glp_ios_heur_sol(tree, s->start);
        s->start = NULL;
    }
    if (is_cancelled(s->o)) {
        glp_ios_terminate(tree);
    } else if (s->node_cap > 0 && total > s->node_cap) {
        s->over_cap = true;
        glp_ios_terminate(tree);
    }
}

static bool relaxation_is_integral(const fpt_lp *lp)
{
    for (size_t f = 0; f < lp->n_functions; f++) {
        for (size_t l = 0; l < lp->n_levels; l++) {
            double x = glp_get_col_prim(lp->prob, fpt_lp_x(lp, f, l));
            if (fabs(x) > INTEGRAL_TOL && fabs(x - 1) > INTEGRAL_TOL) {
                return false;
            }
        }
    }
    return true;
}

/* Warm path, and every search under a deadline: the LP relaxation by dual simplex from the
 * basis the previous solve left (GLPK's own root LP, inside glp_intopt, ignores tm_lim). It
 * settles the search when the relaxation is infeasible (so is the MIP) or integral (then it
 * is the MIP's optimum), or when the deadline passes first; *ready says whether it is
 * optimal, so glp_intopt may skip presolve. "Infeasible" from the dual simplex is checked by
 * the primal simplex from where it stopped: from the basis an infeasible scenario left, the
 * dual simplex once called a sweep's next scenario infeasible, which had plans (docs/model.md
 * "Solving and ties"). A basis left unusable (singular) is replaced by a fresh one. */
static bool settle_by_relaxation(fpt_lp *lp, search *s, bool *ready)
{
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.meth = GLP_DUALP;
    parm.tm_lim = ms_left(lp);
    int rc = glp_simplex(lp->prob, &parm);
    if (rc == 0 && glp_get_status(lp->prob) == GLP_NOFEAS) {
        parm.meth = GLP_PRIMAL;
        parm.tm_lim = ms_left(lp);
        rc = glp_simplex(lp->prob, &parm);
    }
    if (rc != 0 && rc != GLP_ETMLIM) {
        glp_adv_basis(lp->prob, 0);
        parm.tm_lim = ms_left(lp);
        rc = glp_simplex(lp->prob, &parm);
    }
    if (rc == GLP_ETMLIM) {
        *s = (search){.rc = GLP_ETMLIM, .status = GLP_UNDEF, .bound = NAN};
        return true;
    }
    int status = glp_get_status(lp->prob);
    *ready = rc == 0 && status == GLP_OPT;
    if (rc == 0 && status == GLP_NOFEAS) {
        *s = (search){.rc = 0, .status = GLP_NOFEAS, .bound = NAN};
        return true;
    }
    if (*ready && relaxation_is_integral(lp)) {
        *s = (search){
            .rc = 0, .status = GLP_OPT, .bound = glp_get_obj_val(lp->prob), .from_lp = true};
        return true;
    }
    return false;
}

/* GLPK's tolerances for the tie MIPs (docs/model.md "Solving and ties"), whose objective is
 * each plan's excess over the separable bound: GLPK prunes a node whose bound is within
 * tol_obj x (1 + |incumbent|) of the incumbent (1e-7 by default, far above tau), and takes a
 * point within tol_int of integral (1e-5) for a plan. */
static const double TIE_TOL_OBJ = 1e-12;
static const double TIE_TOL_INT = 1e-9;

/* A search that branches past its cap is begun again with pseudo-cost branching
 * (docs/model.md "Solving and ties"). GLPK's default (Driebeck and Tomlin's heuristic) is
 * quicker on most of them, but on a model whose copies are chained by links of a few
 * strengths it ran one tie MIP to 46,549 nodes and a minute, and a forced solve of the why
 * past ten minutes, where pseudo-costs take a few hundred nodes. A tie MIP, and a search that
 * holds a start plan from its first node (the why's, the weight band's), is capped at 100
 * nodes, any other at 300: with a start, a cap of 300 took the why of that model 11.6 s of CPU
 * and one of 100 8.4 s (50: 7.8 s, but tight-allowance's why 0.86 s instead of 0.72). Of the
 * shipped scenarios' and sweeps' searches only 16 of tight-allowance's why and 9 of the
 * hub-size sweep passed a cap before the why's searches were given starts (uncapped, at most
 * 275 nodes for a tie MIP, 681 for another), costing those two about a tenth more time
 * (bench/README.md "Copies of a function"). */
enum { SHORT_NODE_CAP = 100, PLAIN_NODE_CAP = 300 };

/* The cap of a search under the default branching (short: a tie MIP or one from a start);
 * none for a first search under a deadline, which would lose to the restart the plan it may be
 * stopped with. FPT_TEST_HOOKS builds: FPT_TEST_NODE_CAP=N makes it N for every capped
 * search, so that tests take the begun-again path on small models. */
static int node_cap(const fpt_lp *lp, bool tie, bool short_cap)
{
    if (!tie && lp->deadline_s > 0) {
        return 0;
    }
#ifdef FPT_TEST_HOOKS
    const char *v = getenv("FPT_TEST_NODE_CAP");
    if (v != NULL) {
        return (int)strtol(v, NULL, 10);
    }
#endif
    return tie || short_cap ? SHORT_NODE_CAP : PLAIN_NODE_CAP;
}

/* One glp_intopt with branching technique br_tech: the relaxation first when warm or under a
 * deadline; a tie MIP (tie) with the tie phase's tolerances and no gap; under the default
 * branching, the node cap. */
static void search_with(fpt_lp *lp, const fpt_solve_options *o, bool tie, int br_tech,
                        const double *start, search *s)
{
    bool ready = false;
    if ((lp->warm || lp->deadline_s > 0 || start != NULL) && settle_by_relaxation(lp, s, &ready)) {
        return;
    }
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = ready ? GLP_OFF : GLP_ON; /* presolve off needs an optimal relaxation */
    parm.cb_func = record_bound;
    parm.cb_info = s;
    parm.tm_lim = ms_left(lp);
    parm.mip_gap = tie ? 0.0 : o->mip_gap;
    parm.br_tech = br_tech;
    if (o->start != NULL) { /* the why and the weight band: docs/model.md "Why here" */
        parm.tol_obj = TIE_TOL_OBJ;
    }
    if (tie) {
        parm.tol_obj = TIE_TOL_OBJ;
        parm.tol_int = TIE_TOL_INT;
    }
    s->bound = NAN;
    s->from_lp = false;
    s->o = o;
    s->started = false;
    s->node_cap = br_tech == GLP_BR_DTH ? node_cap(lp, tie, o->start != NULL) : 0;
    s->over_cap = false;
    s->start = ready ? start : NULL;
    s->rc = glp_intopt(lp->prob, &parm);
    s->status = glp_mip_status(lp->prob);
}

/* The incumbent of a search stopped at its node cap, as columns ([1..n]); NULL when it has
 * none (or memory is short: the search begun again then starts from `start`). */
static double *incumbent_columns(const fpt_lp *lp, const search *s)
{
    int n = glp_get_num_cols(lp->prob);
    double *col = s->status == GLP_FEAS ? calloc((size_t)n + 1, sizeof *col) : NULL;
    for (int j = 1; col != NULL && j <= n; j++) {
        col[j] = glp_mip_col_val(lp->prob, j);
    }
    return col;
}

/* One search from `start` (columns, or NULL); one stopped at its node cap is begun again with
 * pseudo-costs, on a scaled programme from the plan it had found. */
static void search_once(fpt_lp *lp, const fpt_solve_options *o, bool tie, const double *start,
                        search *s)
{
    search_with(lp, o, tie, GLP_BR_DTH, start, s);
    if (s->over_cap) {
        double *found = lp->scaled ? incumbent_columns(lp, s) : NULL;
        search_with(lp, o, tie, GLP_BR_PCH, found != NULL ? found : start, s);
        free(found);
    }
}

/* One search, unless the deadline has passed or the solve is cancelled. */
static void run_search(fpt_lp *lp, const fpt_solve_options *o, bool tie, const double *start,
                       search *s)
{
    if (is_cancelled(o)) {
        *s = (search){.rc = GLP_ESTOP, .status = GLP_UNDEF, .bound = NAN};
        return;
    }
    if (ms_left(lp) == 0) { /* the deadline passed: no search starts */
        *s = (search){.rc = GLP_ETMLIM, .status = GLP_UNDEF, .bound = NAN};
        return;
    }
    search_once(lp, o, tie, start, s);
#ifdef FPT_TEST_HOOKS
    if (lp->searches_left != NULL && *lp->searches_left > 0) {
        --*lp->searches_left;
    }
#endif
}

/* The columns of the caller's start plan, improved (mip/start.h); NULL when there is none,
 * or it breaks a row of the programme, or memory is short. */
static double *start_columns(const fpt_lp *lp, const size_t *given)
{
    size_t nf = lp->n_functions;
    int n = glp_get_num_cols(lp->prob);
    size_t *level = given != NULL ? calloc(nf + 1, sizeof *level) : NULL;
    double *col = level != NULL ? calloc((size_t)n + 1, sizeof *col) : NULL;
    bool fits = col != NULL;
    if (fits) {
        memcpy(level, given, nf * sizeof *level);
        fits = fpt_start_improve(lp->a, lp->sym, level) && fpt_lp_plan_columns(lp, level, col);
    }
    free(level);
    if (!fits) {
        free(col);
        return NULL;
    }
    return col;
}

/* The first search, from the caller's start plan when it meets the programme. */
static void run_mip(fpt_lp *lp, const fpt_solve_options *o, search *s)
{
    double *start = start_columns(lp, o->start);
    run_search(lp, o, false, start, s);
    free(start);
}

static bool has_plan(const search *s)
{
    return s->status == GLP_OPT || s->status == GLP_FEAS;
}

static bool is_infeasible(const search *s)
{
    return s->rc == GLP_ENOPFS || s->status == GLP_NOFEAS;
}

static fpt_status check_search(const search *s, fpt_error *err)
{
    if (s->rc == GLP_ESTOP) {
        return fpt_error_set(err, FPT_ECANCELLED, NULL, 0, "the solve was cancelled");
    }
    bool known = s->rc == 0 || s->rc == GLP_ENOPFS || s->rc == GLP_ETMLIM || s->rc == GLP_EMIPGAP;
    if (!known) {
        return fpt_error_set(err, FPT_ESOLVER, NULL, 0,
                             "GLPK's MIP search failed (glp_intopt returned %d)", s->rc);
    }
    return FPT_OK;
}

static void read_levels(const fpt_lp *lp, const search *s, size_t *level)
{
    for (size_t f = 0; f < lp->a->n_functions; f++) {
        level[f] = 0;
        for (size_t l = 0; l < lp->a->n_levels; l++) {
            int col = fpt_lp_x(lp, f, l);
            double x =
                s->from_lp ? glp_get_col_prim(lp->prob, col) : glp_mip_col_val(lp->prob, col);
            if (x > 0.5) {
                level[f] = l;
            }
        }
    }
}

/* The tie phase (docs/model.md "Solving and ties"). Every decision is taken on
 * fpt_appraisal_eval's objective, never on GLPK's. GLPK is asked only "which plan has the
 * least objective", with the plans already judged cut off by no-good rows, the functions
 * already settled fixed and its tolerances tightened (TIE_TOL_*); its objective is each
 * plan's excess over the separable bound Σ_f m_f (m_f the least cost of f's allowed levels),
 * so that its relative tolerances apply to the excess, not to the whole cost. Its answer is
 * believed where the exact objective of the plan it returns lies beyond the line by more than
 * GLPK's pruning tolerance and its own error on that plan (margin()); otherwise the plan is
 * cut off and the question asked again, at most MAX_REFUTED times. */
typedef struct tie_state {
    size_t *best;      /* the plan reported; sol->level */
    size_t *candidate; /* scratch */
    double *floor;     /* [f]: m_f, the least cost among f's allowed levels */
    double z;          /* exact objective of the optimum (of best until the fixing moves it) */
    double tau;        /* tie tolerance */
    double delta;      /* a plan better than z by more than this replaces the best (tau / 1000) */
    double z_other;    /* least exact objective of a judged plan other than best; INFINITY */
    double shift;      /* Σ_f m_f: GLPK's objective is the exact one less this */
    double glpk_obj;   /* GLPK's objective of the last candidate */
    double widen;      /* FPT_TEST_HOOKS: the margin's extra width, in tau; else 0 */
    bool links_free;   /* no column but x has a negative cost: the links term is >= 0 */
    int cutoff_row;    /* GLPK's objective <= z - shift + tau + CUTOFF_REL x max(1, |z|) */
    int first_row;     /* the first no-good row; every row from it on is one */
    int refuted;       /* plans cut off for the current question */
    bool cut;          /* a search stopped at the deadline: the rule was not finished */
    bool capped;       /* a question stopped after MAX_REFUTED refuted plans */
} tie_state;

static const double BETTER_SHARE = 1e-3; /* delta = tau x this */
static const double SUM_SLACK = 1e-12;   /* relative rounding allowed in a sum of cells */
static const double CUTOFF_REL = 1e-6;   /* the cut-off's room beyond tau: 1000 tau */
enum { MAX_REFUTED = 32 };               /* plans cut off per question before it stops */

/* The exact objective of plan; false when the plan breaks a constraint. */
static bool plan_value(const fpt_appraisal *a, const size_t *plan, double *objective)
{
    fpt_plan_eval ev;
    fpt_appraisal_eval(a, plan, &ev, NULL);
    *objective = ev.objective;
    return ev.feasible;
}

static void set_best(tie_state *t, const size_t *plan, double z, size_t n_functions)
{
    memcpy(t->best, plan, n_functions * sizeof *t->best);
    t->z = z;
    t->tau = TIE_REL * fmax(1.0, fabs(z));
    t->delta = BETTER_SHARE * t->tau;
}

/* Delete every row from `first` on (the tie rule's no-goods). */
static fpt_status drop_rows_from(fpt_lp *lp, int first)
{
    int n = glp_get_num_rows(lp->prob) - first + 1;
    if (n <= 0) {
        return FPT_OK;
    }
    int *rows = calloc((size_t)n + 1, sizeof *rows);
    if (rows == NULL) {
        return FPT_ENOMEM;
    }
    for (int i = 1; i <= n; i++) {
        rows[i] = first + i - 1;
    }
    glp_del_rows(lp->prob, n, rows);
    free(rows);
    return FPT_OK;
}

/* Give a row the tie phase adds the scale factor GLPK's equilibration would: a power of two
 * near 1 / (its largest coefficient times its column's scale factor), so that its scaled
 * coefficients are about 1. Rows added after glp_scale_prob() keep a factor of 1, and the
 * cut-off row's coefficients, pounds a year, then dwarf the rest of the basis: GLPK's
 * simplex met singular bases on them and cycled inside one node, beyond the reach of
 * cancellation (docs/model.md "Solving and ties"). A factor changes no feasible set. */
static void scale_added_row(fpt_lp *lp, int row, int len, const int *ind, const double *val)
{
    double largest = 0.0;
    for (int k = 1; k <= len; k++) {
        largest = fmax(largest, fabs(val[k]) * glp_get_sjj(lp->prob, ind[k]));
    }
    if (largest > 0.0 && isfinite(largest)) {
        glp_set_rii(lp->prob, row, ldexp(1.0, -ilogb(largest)));
    }
}

/* Row: Σ_f x[f][level_f] <= F - 1, which cuts off exactly the given plan. */
static fpt_status add_nogood_row(fpt_lp *lp, const size_t *level)
{
    size_t nf = lp->a->n_functions;
    int *ind = calloc(nf + 1, sizeof *ind);
    double *val = calloc(nf + 1, sizeof *val);
    if (ind == NULL || val == NULL) {
        free(ind);
        free(val);
        return FPT_ENOMEM;
    }
    for (size_t f = 0; f < nf; f++) {
        ind[f + 1] = fpt_lp_x(lp, f, level[f]);
        val[f + 1] = 1.0;
    }
    int row = glp_add_rows(lp->prob, 1);
    glp_set_mat_row(lp->prob, row, (int)nf, ind, val);
    glp_set_row_bnds(lp->prob, row, GLP_UP, 0.0, (double)nf - 1.0);
    scale_added_row(lp, row, (int)nf, ind, val);
    free(ind);
    free(val);
    return FPT_OK;
}

static fpt_status out_of_memory(fpt_error *err)
{
    return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory applying the tie rule");
}

/* GLPK's objective becomes the excess over the separable bound: x[f][l] costs c_fl - m_f
 * (every plan has Σ_l x_fl = 1), the links' columns keep theirs. Records m_f and whether the
 * links term can be negative. */
static void shift_objective(fpt_lp *lp, tie_state *t)
{
    const fpt_appraisal *a = lp->a;
    t->shift = 0;
    for (size_t f = 0; f < a->n_functions; f++) {
        double m = INFINITY;
        for (size_t l = 0; l < a->n_levels; l++) {
            const fpt_cell *c = fpt_appraisal_cell(a, f, l);
            m = c->allowed ? fmin(m, c->objective) : m;
        }
        t->floor[f] = isfinite(m) ? m : 0.0;
        t->shift += t->floor[f];
        for (size_t l = 0; l < a->n_levels; l++) {
            int col = fpt_lp_x(lp, f, l);
            glp_set_obj_coef(lp->prob, col, fpt_lp_x_cost(lp, f, l) - t->floor[f]);
        }
    }
    t->links_free = true;
    int x_last = fpt_lp_x(lp, a->n_functions - 1, a->n_levels - 1);
    for (int j = 1; j <= glp_get_num_cols(lp->prob); j++) {
        bool is_x = j >= lp->x_first && j <= x_last;
        t->links_free &= is_x || glp_get_obj_coef(lp->prob, j) >= 0.0;
    }
}

/* Row: GLPK's objective (the excess) <= the best plan's + tau + a room of 1000 tau. It only
 * spares GLPK the plans far beyond the line: every plan within tau, or within the margin
 * beyond it, lies 1000 tau inside it, far past GLPK's feasibility tolerance on the row. */
static fpt_status add_cutoff_row(fpt_lp *lp, tie_state *t)
{
    int n = glp_get_num_cols(lp->prob);
    int *ind = calloc((size_t)n + 1, sizeof *ind);
    double *val = calloc((size_t)n + 1, sizeof *val);
    if (ind == NULL || val == NULL) {
        free(ind);
        free(val);
        return FPT_ENOMEM;
    }
    int len = 0;
    for (int j = 1; j <= n; j++) {
        double c = glp_get_obj_coef(lp->prob, j);
        if (c != 0.0) {
            len++;
            ind[len] = j;
            val[len] = c;
        }
    }
    t->cutoff_row = glp_add_rows(lp->prob, 1);
    glp_set_mat_row(lp->prob, t->cutoff_row, len, ind, val);
    scale_added_row(lp, t->cutoff_row, len, ind, val);
    free(ind);
    free(val);
    return FPT_OK;
}

static void set_cutoff(fpt_lp *lp, const tie_state *t)
{
    double room = t->tau + CUTOFF_REL * fmax(1.0, fabs(t->z));
    glp_set_row_bnds(lp->prob, t->cutoff_row, GLP_UP, 0.0, (t->z - t->shift) + room);
}

/* How far beyond the line a plan's exact objective z must lie for GLPK's "this is the least"
 * to be believed: GLPK's pruning tolerance at its objective, plus twice the difference
 * between GLPK's objective and the exact one of the plan it returned. */
static double margin(const tie_state *t, double z)
{
    double eps = TIE_TOL_OBJ * (1.0 + fabs(t->glpk_obj));
    return eps + 2.0 * fabs((z - t->shift) - t->glpk_obj) + t->widen * t->tau;
}

/* FPT_TEST_HOOKS builds: FPT_TEST_TIE_MARGIN=K widens the margin by K tau, so that tests
 * reach the cut-off-and-ask-again path, which GLPK's answers leave untouched on every test
 * model. Otherwise 0. */
static double test_margin_widen(void)
{
#ifdef FPT_TEST_HOOKS
    const char *v = getenv("FPT_TEST_TIE_MARGIN");
    return v != NULL ? strtod(v, NULL) : 0.0;
#else
    return 0.0;
#endif
}

/* Solve the current tie MIP; *found says whether it returned a plan (in t->candidate). A
 * search stopped by the deadline sets t->cut and finds nothing. */
static fpt_status solve_candidate(fpt_lp *lp, const fpt_solve_options *o, tie_state *t, bool *found,
                                  fpt_error *err)
{
    search s;
    run_search(lp, o, true, NULL, &s);
    FPT_TRY(check_search(&s, err));
    t->cut |= s.rc == GLP_ETMLIM;
    *found = !t->cut && !is_infeasible(&s) && has_plan(&s); /* on GLP_ENOPFS the status of
                                                             the last plan can remain */
    if (*found) {
        read_levels(lp, &s, t->candidate);
        t->glpk_obj = s.from_lp ? glp_get_obj_val(lp->prob) : glp_mip_obj_val(lp->prob);
    }
    return FPT_OK;
}

/* Cut off the candidate and ask again, unless the question has refuted MAX_REFUTED plans
 * (then *stop: t->capped). */
static fpt_status refute(fpt_lp *lp, tie_state *t, bool *stop, fpt_error *err)
{
    if (++t->refuted > MAX_REFUTED) {
        t->capped = true;
        *stop = true;
        return FPT_OK;
    }
    return add_nogood_row(lp, t->candidate) == FPT_OK ? FPT_OK : out_of_memory(err);
}

/* The least plan other than those cut off is the candidate, of exact objective zc: a better
 * one replaces the best (which stays cut off, and is a tie if within tau of it), and *more
 * says whether to ask again, for a plan within tau of the new best. */
static fpt_status take_better(fpt_lp *lp, tie_state *t, double zc, bool *more, fpt_error *err)
{
    t->z_other = fmin(t->z_other, t->z);
    set_best(t, t->candidate, zc, lp->a->n_functions);
    set_cutoff(lp, t);
    *more = t->z_other > t->z + t->tau;
    if (*more && add_nogood_row(lp, t->best) != FPT_OK) {
        return out_of_memory(err);
    }
    return FPT_OK;
}

/* Certify the optimum and settle whether another plan lies within tau of it: GLPK's least
 * plan other than the best (and those refuted) decides. */
static fpt_status find_tie(fpt_lp *lp, const fpt_solve_options *o, tie_state *t, bool *tied,
                           fpt_error *err)
{
    const fpt_appraisal *a = lp->a;
    if (add_nogood_row(lp, t->best) != FPT_OK) {
        return out_of_memory(err);
    }
    t->refuted = 0;
    bool more = true;
    while (more && !t->cut) {
        bool found = false;
        double zc = 0;
        FPT_TRY(solve_candidate(lp, o, t, &found, err));
        bool feasible = found && plan_value(a, t->candidate, &zc);
        if (!found) {
            more = false;
        } else if (feasible && zc < t->z - t->delta) {
            FPT_TRY(take_better(lp, t, zc, &more, err));
        } else if (feasible && (zc <= t->z + t->tau || zc > t->z + t->tau + margin(t, zc))) {
            t->z_other = fmin(t->z_other, zc);
            more = false;
        } else {
            bool stop = false;
            t->z_other = feasible ? fmin(t->z_other, zc) : t->z_other;
            FPT_TRY(refute(lp, t, &stop, err));
            more = !stop;
        }
    }
    *tied = t->z_other <= t->z + t->tau;
    return FPT_OK;
}

/* A lower bound on the exact objective of every plan with f at level l, the functions before
 * f at their settled levels: the cells' costs alone (the links term is >= 0), or -INFINITY
 * when a link can cost less than nothing. */
static double least_with(const fpt_appraisal *a, const tie_state *t, size_t f, size_t l)
{
    if (!t->links_free) {
        return -INFINITY;
    }
    double total = fpt_appraisal_cell(a, f, l)->objective;
    for (size_t g = 0; g < a->n_functions; g++) {
        total += g < f ? fpt_appraisal_cell(a, g, t->best[g])->objective : g > f ? t->floor[g] : 0;
    }
    return total;
}

/* Whether the best plan with f moved to l alone is within tau; if so it becomes the best. */
static bool swap_fits(const fpt_appraisal *a, tie_state *t, size_t f, size_t l)
{
    double zc = 0;
    memcpy(t->candidate, t->best, a->n_functions * sizeof *t->best);
    t->candidate[f] = l;
    if (plan_value(a, t->candidate, &zc) && zc <= t->z + t->tau) {
        memcpy(t->best, t->candidate, a->n_functions * sizeof *t->best);
        return true;
    }
    return false;
}

/* Bounds of x[f][*]: only level `only` open, or (only = n_levels) every allowed level. */
static void open_levels(fpt_lp *lp, size_t f, size_t only)
{
    const fpt_appraisal *a = lp->a;
    for (size_t l = 0; l < a->n_levels; l++) {
        bool open = fpt_appraisal_cell(a, f, l)->allowed && (only == a->n_levels || l == only);
        glp_set_col_bnds(lp->prob, fpt_lp_x(lp, f, l), open ? GLP_DB : GLP_FX, 0.0,
                         open ? 1.0 : 0.0);
    }
}

/* Ask GLPK for the least plan with f at l: *fits when one lies within tau of z (it becomes
 * the best); otherwise no plan with f at l does, to GLPK's tolerances (margin()). */
static fpt_status level_fits(fpt_lp *lp, const fpt_solve_options *o, tie_state *t, size_t f,
                             size_t l, bool *fits, fpt_error *err)
{
    const fpt_appraisal *a = lp->a;
    open_levels(lp, f, l);
    t->refuted = 0;
    for (bool more = true; more && !t->cut;) {
        bool found = false;
        double zc = 0;
        FPT_TRY(solve_candidate(lp, o, t, &found, err));
        bool feasible = found && plan_value(a, t->candidate, &zc);
        *fits = feasible && zc <= t->z + t->tau;
        more = found && !*fits && (!feasible || zc <= t->z + t->tau + margin(t, zc));
        if (more) {
            bool stop = false;
            FPT_TRY(refute(lp, t, &stop, err));
            more = !stop;
        }
    }
    if (*fits) {
        memcpy(t->best, t->candidate, a->n_functions * sizeof *t->best);
    }
    open_levels(lp, f, a->n_levels);
    return drop_rows_from(lp, t->first_row) == FPT_OK ? FPT_OK : out_of_memory(err);
}

/* Move f to its most local level that still admits a plan within tau of z, the functions
 * before it fixed: levels the cells' costs already rule out are skipped, the best plan with
 * f alone moved is tried before GLPK is asked. */
static fpt_status lowest_level(fpt_lp *lp, const fpt_solve_options *o, tie_state *t, size_t f,
                               fpt_error *err)
{
    const fpt_appraisal *a = lp->a;
    for (size_t l = 0; l < t->best[f] && !t->cut; l++) {
        bool fits = false;
        if (!fpt_appraisal_cell(a, f, l)->allowed ||
            least_with(a, t, f, l) > t->z + t->tau + SUM_SLACK * fabs(t->z)) {
            continue;
        }
        if (swap_fits(a, t, f, l)) {
            return FPT_OK;
        }
        FPT_TRY(level_fits(lp, o, t, f, l, &fits, err));
        if (fits) {
            return FPT_OK;
        }
    }
    return FPT_OK;
}

/* Fix functions in file order at their most local level that keeps a plan within tau. */
static fpt_status fix_lexicographically(fpt_lp *lp, const fpt_solve_options *o, tie_state *t,
                                        fpt_error *err)
{
    const fpt_appraisal *a = lp->a;
    if (drop_rows_from(lp, t->first_row) != FPT_OK) {
        return out_of_memory(err);
    }
    for (size_t f = 0; f < a->n_functions && !t->cut; f++) {
        FPT_TRY(lowest_level(lp, o, t, f, err));
        open_levels(lp, f, t->best[f]);
    }
    return FPT_OK;
}

/* docs/model.md "Solving and ties". Changes lp; call last. */
static fpt_status break_ties(fpt_lp *lp, const fpt_solve_options *o, fpt_solution *sol,
                             fpt_error *err)
{
    size_t nf = lp->a->n_functions;
    tie_state t = {.best = sol->level, .z_other = INFINITY, .widen = test_margin_widen()};
    t.candidate = calloc(nf + 1, sizeof *t.candidate);
    t.floor = calloc(nf + 1, sizeof *t.floor);
    if (t.candidate == NULL || t.floor == NULL) {
        free(t.candidate);
        free(t.floor);
        return out_of_memory(err);
    }
    double z = 0;
    plan_value(lp->a, t.best, &z);
    set_best(&t, t.best, z, nf);
    shift_objective(lp, &t);
    if (add_cutoff_row(lp, &t) != FPT_OK) {
        free(t.candidate);
        free(t.floor);
        return out_of_memory(err);
    }
    set_cutoff(lp, &t);
    t.first_row = t.cutoff_row + 1;
    bool tied = false;
    fpt_status st = find_tie(lp, o, &t, &tied, err);
    if (st == FPT_OK && !tied && !t.cut && fpt_symmetry_tie_in_plan(lp->sym, t.best)) {
        /* docs/model.md "Copies of a function": the ordering rows hide the plan with two copies
         * swapped, tied with this one; this one, the copies in level order, is the rule's. */
        sol->tied = true;
    } else if (st == FPT_OK && tied) {
        sol->tied = true;
        st = fix_lexicographically(lp, o, &t, err);
    }
    if (t.cut) { /* docs/model.md "Time limit": optimal within tau, but the rule is unfinished */
        sol->result = FPT_RESULT_LIMIT;
    }
    free(t.candidate);
    free(t.floor);
    return st;
}

static fpt_status alloc_solution(const fpt_appraisal *a, fpt_solution **out)
{
    fpt_solution *sol = calloc(1, sizeof *sol);
    if (sol == NULL) {
        return FPT_ENOMEM;
    }
    sol->n_functions = a->n_functions;
    sol->n_pools = a->n_pools;
    sol->level = calloc(a->n_functions + 1, sizeof *sol->level);
    sol->pool_use = calloc(a->n_pools + 1, sizeof *sol->pool_use);
    sol->clashes = calloc(a->n_functions + a->n_pools + 1, sizeof *sol->clashes);
    sol->bound = NAN;
    sol->gap = NAN;
    if (sol->level == NULL || sol->pool_use == NULL || sol->clashes == NULL) {
        fpt_solution_free(sol);
        return FPT_ENOMEM;
    }
    *out = sol;
    return FPT_OK;
}

void fpt_solution_free(fpt_solution *s)
{
    if (s == NULL) {
        return;
    }
    free(s->level);
    free(s->pool_use);
    free(s->clashes);
    free(s);
}

/* Functions whose locks leave no level: found before any solve. */
static bool find_lock_clashes(const fpt_appraisal *a, fpt_solution *sol)
{
    for (size_t f = 0; f < a->n_functions; f++) {
        bool any = false;
        for (size_t l = 0; l < a->n_levels; l++) {
            any |= fpt_appraisal_cell(a, f, l)->allowed;
        }
        if (!any) {
            sol->clashes[sol->n_clashes++] = (fpt_clash){.kind = FPT_CLASH_LOCKS, .index = f};
        }
    }
    return sol->n_clashes > 0;
}

/* The least a group could use on its own: each function at its lightest allowed level. */
static double least_use(const fpt_appraisal *a, fpt_clash_kind kind, size_t r)
{
    double total = 0;
    for (size_t f = 0; f < a->n_functions; f++) {
        double least = INFINITY;
        for (size_t l = 0; l < a->n_levels; l++) {
            const fpt_cell *c = fpt_appraisal_cell(a, f, l);
            double use =
                kind == FPT_CLASH_BUDGET ? c->running_gbp : fpt_appraisal_scarce(a, f, l, r);
            if (c->allowed && use < least) {
                least = use;
            }
        }
        total += least;
    }
    return total;
}

static bool over(double used, double cap)
{
    return used > cap + 1e-7 * fmax(1.0, fabs(cap));
}

static void add_group_clashes(const fpt_appraisal *a, fpt_solution *sol, const fpt_plan_eval *ev,
                              const double *pool_use)
{
    if (over(ev->running_gbp, a->budget_gbp)) {
        sol->clashes[sol->n_clashes++] = (fpt_clash){
            .kind = FPT_CLASH_BUDGET,
            .needed = ev->running_gbp,
            .available = a->budget_gbp,
            .needed_alone = least_use(a, FPT_CLASH_BUDGET, 0),
        };
    }
    for (size_t r = 0; r < a->n_pools; r++) {
        if (a->pool_limited[r] && over(pool_use[r], a->pool_supply_wte[r])) {
            sol->clashes[sol->n_clashes++] = (fpt_clash){
                .kind = FPT_CLASH_POOL,
                .index = r,
                .needed = pool_use[r],
                .available = a->pool_supply_wte[r],
                .needed_alone = least_use(a, FPT_CLASH_POOL, r),
            };
        }
    }
}

/* docs/model.md "Infeasible scenarios": the elastic re-solve. Stopped by the deadline before
 * it has a plan, it leaves no clash: the explanation was cut short (docs/model.md "Time
 * limit"); with a plan, the clashes are that plan's. */
static fpt_status explain_infeasible(const fpt_appraisal *a, const fpt_solve_options *o,
                                     double deadline_s, long *searches_left, fpt_solution *sol,
                                     fpt_error *err)
{
    fpt_lp *lp = NULL;
    FPT_TRY(fpt_lp_build_in_guard(a, FPT_LP_ELASTIC, &lp, err));
    lp->deadline_s = deadline_s;
    lp->searches_left = searches_left;
    fpt_solve_options plain = *o;
    plain.mip_gap = 0;
    plain.start = NULL; /* the elastic programme's columns are not a plan's */
    search s;
    run_mip(lp, &plain, &s);
    fpt_status st = check_search(&s, err);
    if (st == FPT_OK && !has_plan(&s) && s.rc == GLP_ETMLIM) {
        fpt_lp_free(lp);
        return FPT_OK;
    }
    if (st == FPT_OK && !has_plan(&s)) {
        st = fpt_error_set(err, FPT_EINTERNAL, NULL, 0, "the elastic programme found no plan");
    }
    if (st == FPT_OK) {
        read_levels(lp, &s, sol->level);
        fpt_plan_eval ev;
        fpt_appraisal_eval(a, sol->level, &ev, sol->pool_use);
        add_group_clashes(a, sol, &ev, sol->pool_use);
        if (sol->n_clashes == 0) {
            st = fpt_error_set(err, FPT_EINTERNAL, NULL, 0,
                               "infeasible, but the elastic plan breaks no constraint group");
        }
    }
    fpt_lp_free(lp);
    return st;
}

static void finish_plan(const fpt_appraisal *a, fpt_solution *sol, double bound)
{
    fpt_appraisal_eval(a, sol->level, &sol->eval, sol->pool_use);
    sol->objective = sol->eval.objective;
    sol->bound = sol->result == FPT_RESULT_OPTIMAL || isnan(bound) ? sol->objective
                                                                   : fmin(bound, sol->objective);
    sol->gap = fabs(sol->objective - sol->bound) / fmax(1.0, fabs(sol->objective));
}

static fpt_result plan_result(const search *s)
{
    if (s->rc == 0 && s->status == GLP_OPT) {
        return FPT_RESULT_OPTIMAL;
    }
    return s->rc == GLP_EMIPGAP ? FPT_RESULT_GAP : FPT_RESULT_LIMIT;
}

/* A basis kept across the solves of an fpt_solver: the tie rule's rows come and go, and
 * restoring the statuses of the programme's own rows and columns keeps the warm start. */
typedef struct kept_basis {
    int *row_stat; /* [1..n_rows] */
    int *col_stat; /* [1..n_cols] */
    int n_rows;
    int n_cols;
    bool valid;
} kept_basis;

/* glp_free() aborts on NULL. */
static void free_basis(kept_basis *k)
{
    if (k->row_stat != NULL) {
        glp_free(k->row_stat);
    }
    if (k->col_stat != NULL) {
        glp_free(k->col_stat);
    }
    *k = (kept_basis){0};
}

static void keep_basis(kept_basis *k, const fpt_lp *lp)
{
    int rows = lp->n_base_rows, cols = glp_get_num_cols(lp->prob);
    if (k->n_rows != rows || k->n_cols != cols) {
        free_basis(k);
        k->row_stat = glp_alloc(rows + 1, sizeof *k->row_stat);
        k->col_stat = glp_alloc(cols + 1, sizeof *k->col_stat);
        k->n_rows = rows;
        k->n_cols = cols;
    }
    for (int i = 1; i <= rows; i++) {
        k->row_stat[i] = glp_get_row_stat(lp->prob, i);
    }
    for (int j = 1; j <= cols; j++) {
        k->col_stat[j] = glp_get_col_stat(lp->prob, j);
    }
    k->valid = true;
}

static void restore_basis(const kept_basis *k, fpt_lp *lp)
{
    for (int i = 1; k->valid && i <= k->n_rows; i++) {
        glp_set_row_stat(lp->prob, i, k->row_stat[i]);
    }
    for (int j = 1; k->valid && j <= k->n_cols; j++) {
        glp_set_col_stat(lp->prob, j, k->col_stat[j]);
    }
}

/* The search, the tie rule and the plan's figures, on a built programme. */
static fpt_status solve_on(fpt_lp *lp, const fpt_appraisal *a, const fpt_solve_options *o,
                           fpt_solution *sol, kept_basis *keep, fpt_error *err)
{
    search s;
    run_mip(lp, o, &s);
    if (keep != NULL) {
        keep_basis(keep, lp);
    }
    fpt_status st = check_search(&s, err);
    if (st == FPT_OK && is_infeasible(&s)) {
        sol->result = FPT_RESULT_INFEASIBLE;
    } else if (st == FPT_OK && !has_plan(&s)) {
        sol->result = FPT_RESULT_NO_PLAN;
        sol->bound = s.bound;
    } else if (st == FPT_OK) {
        sol->result = plan_result(&s);
        read_levels(lp, &s, sol->level);
        bool proven = sol->result == FPT_RESULT_OPTIMAL;
        if (proven && o->break_ties) {
            st = break_ties(lp, o, sol, err);
        }
        finish_plan(a, sol, proven ? NAN : s.bound); /* proven: the bound is the optimum */
    }
    return st;
}

static fpt_status solve_plan(const fpt_appraisal *a, const fpt_solve_options *o, double deadline_s,
                             long *searches_left, fpt_solution *sol, fpt_error *err)
{
    fpt_lp *lp = NULL;
    FPT_TRY(fpt_lp_build_in_guard(a, FPT_LP_APPRAISAL, &lp, err));
    lp->deadline_s = deadline_s;
    lp->searches_left = searches_left;
    if (deadline_s > 0 || o->start != NULL) { /* our own root LP (settle_by_relaxation)
                                                  works on it scaled */
        glp_scale_prob(lp->prob, GLP_SF_AUTO);
        lp->scaled = true;
    }
    fpt_status st = solve_on(lp, a, o, sol, NULL, err);
    fpt_lp_free(lp);
    return st;
}

/* ---- a solver reused across scenarios (sweeps) ------------------------------------------ */

struct fpt_solver {
    fpt_lp *lp;       /* the programme of the last shape seen, warm */
    kept_basis basis; /* its basis after the last search, before the tie rule's rows */
};

fpt_status fpt_solver_create(fpt_solver **out, fpt_error *err)
{
    *out = calloc(1, sizeof **out);
    return *out != NULL ? FPT_OK : fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory");
}

void fpt_solver_free(fpt_solver *sv)
{
    if (sv == NULL) {
        return;
    }
    free_basis(&sv->basis);
    fpt_lp_free(sv->lp);
    free(sv);
}

/* Reuse the programme when the shape allows, else build it afresh (and scale it once). */
static fpt_status prepare(fpt_solver *sv, const fpt_appraisal *a, double deadline_s, fpt_error *err)
{
    if (sv->lp != NULL && fpt_lp_update(sv->lp, a)) {
        restore_basis(&sv->basis, sv->lp);
        sv->lp->deadline_s = deadline_s;
        return FPT_OK;
    }
    fpt_lp_free(sv->lp);
    sv->lp = NULL;
    sv->basis.valid = false;
    FPT_TRY(fpt_lp_build_in_guard(a, FPT_LP_APPRAISAL, &sv->lp, err));
    sv->lp->warm = true;
    sv->lp->deadline_s = deadline_s;
    glp_scale_prob(sv->lp->prob, GLP_SF_AUTO);
    sv->lp->scaled = true;
    return FPT_OK;
}

typedef struct solve_call {
    fpt_solver *sv; /* NULL: a one-off solve, presolve on */
    const fpt_appraisal *a;
    const fpt_solve_options *o;
    double deadline_s;  /* CLOCK_MONOTONIC second from o->time_limit_s; 0 = none */
    long searches_left; /* FPT_TEST_HOOKS: see fpt_lp */
    fpt_solution *sol;
} solve_call;

/* FPT_TEST_HOOKS builds: FPT_TEST_DEADLINE_AFTER=N makes the deadline pass after N GLPK
 * searches of a solve (the first search, each tie MIP, the elastic re-solve), so that tests
 * reach each phase's deadline without depending on the clock. Otherwise -1: no such limit. */
static long test_searches_left(void)
{
#ifdef FPT_TEST_HOOKS
    const char *v = getenv("FPT_TEST_DEADLINE_AFTER");
    return v != NULL ? strtol(v, NULL, 10) : -1;
#else
    return -1;
#endif
}

/* Everything that touches GLPK, run inside one guard (base/glpk_guard.h). */
static fpt_status solve_guarded(void *ctx, fpt_error *err)
{
    solve_call *c = ctx;
    fpt_status st;
    if (c->sv == NULL) {
        st = solve_plan(c->a, c->o, c->deadline_s, &c->searches_left, c->sol, err);
    } else {
        FPT_TRY(prepare(c->sv, c->a, c->deadline_s, err));
        c->sv->lp->searches_left = &c->searches_left;
        st = solve_on(c->sv->lp, c->a, c->o, c->sol, &c->sv->basis, err);
    }
    if (st == FPT_OK && c->sol->result == FPT_RESULT_INFEASIBLE) {
        st = explain_infeasible(c->a, c->o, c->deadline_s, &c->searches_left, c->sol, err);
    }
    return st;
}

/* After a GLPK fatal error the thread's environment, and the solver's programme, are gone. */
static void forget_programme(fpt_solver *sv)
{
    if (sv != NULL && sv->lp != NULL) {
        sv->lp->prob = NULL;
        fpt_lp_free(sv->lp);
        sv->lp = NULL;
        sv->basis = (kept_basis){0};
    }
}

static fpt_status solve_entry(fpt_solver *sv, const fpt_appraisal *a, const fpt_solve_options *o,
                              fpt_solution **out, fpt_error *err)
{
    *out = NULL;
    fpt_solution *sol = NULL;
    if (alloc_solution(a, &sol) != FPT_OK) {
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory solving");
    }
    fpt_status st = FPT_OK;
    if (find_lock_clashes(a, sol)) {
        sol->result = FPT_RESULT_INFEASIBLE;
    } else {
        double deadline_s = o->time_limit_s > 0 ? fpt_clock_s() + o->time_limit_s : 0;
        solve_call c = {.sv = sv, .a = a, .o = o, .deadline_s = deadline_s, .sol = sol};
        c.searches_left = test_searches_left();
        st = fpt_glpk_guard(solve_guarded, &c, "solving", err);
        if (st == FPT_EINTERNAL) {
            forget_programme(sv);
        }
    }
    if (st != FPT_OK) {
        fpt_solution_free(sol);
        return st;
    }
    *out = sol;
    return FPT_OK;
}

fpt_status fpt_solve(const fpt_appraisal *a, const fpt_solve_options *o, fpt_solution **out,
                     fpt_error *err)
{
    return solve_entry(NULL, a, o, out, err);
}

fpt_status fpt_solver_solve(fpt_solver *sv, const fpt_appraisal *a, const fpt_solve_options *o,
                            fpt_solution **out, fpt_error *err)
{
    return solve_entry(sv, a, o, out, err);
}
