/* SPDX-License-Identifier: MIT */
/*
 * Builds the GLPK problem of docs/model.md from an appraisal: a binary x[f][l] per function
 * and level, a continuous y[e][l] per link and level step (the cumulative-level link gap,
 * exact without big-M), one assignment row per function, two gap rows per link step, the
 * affordability row (M14), a row per limited skill pool (M13) and, where functions are copies of
 * one another (mip/symmetry.c), the rows that order the copies' levels; rewrites it in place for
 * another appraisal of the same shape (sweeps), and writes it out.
 *
 * Everything handed to GLPK is checked finite first: GLPK aborts the process on bad input,
 * and the public entry points run their GLPK calls inside a guard (base/glpk_guard.h) in case
 * a bug gets past that. Writing the problem out follows base/outfile.h: a temporary file
 * renamed over a regular one, a FIFO or device written through, anything else refused.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/glpk_guard.h"
#include "base/outfile.h"
#include "mip/lp.h"

/* 1-based scratch row for glp_set_mat_row. */
typedef struct row_buf {
    int *ind;
    double *val;
    int len;
} row_buf;

/* GLPK-owned, so that a GLPK fatal error (base/glpk_guard.h) frees it with the environment. */
static void row_buf_init(row_buf *b, int n_cols)
{
    b->ind = glp_alloc(n_cols + 1, sizeof *b->ind);
    b->val = glp_alloc(n_cols + 1, sizeof *b->val);
    b->len = 0;
}

static void row_buf_free(row_buf *b)
{
    glp_free(b->ind);
    glp_free(b->val);
}

static void row_buf_push(row_buf *b, int col, double val)
{
    b->len++;
    b->ind[b->len] = col;
    b->val[b->len] = val;
}

static int add_row(glp_prob *p, row_buf *b, int type, double lo, double hi)
{
    int row = glp_add_rows(p, 1);
    glp_set_row_bnds(p, row, type, lo, hi);
    glp_set_mat_row(p, row, b->len, b->ind, b->val);
    b->len = 0;
    return row;
}

double fpt_lp_x_cost(const fpt_lp *lp, size_t f, size_t l)
{
    return fpt_appraisal_cell(lp->a, f, l)->objective;
}

static const double PLAN_FIT_REL = 1e-9; /* a start plan's slack on a bound, relative */

static bool within(double value, int type, double lo, double hi)
{
    double lo_tol = PLAN_FIT_REL * fmax(1.0, fabs(lo)), hi_tol = PLAN_FIT_REL * fmax(1.0, fabs(hi));
    bool above = type == GLP_FR || type == GLP_UP || value >= lo - lo_tol;
    bool below = type == GLP_FR || type == GLP_LO || value <= hi + hi_tol;
    return above && below;
}

static bool columns_fit(glp_prob *p, const double *col)
{
    int n = glp_get_num_cols(p);
    for (int j = 1; j <= n; j++) {
        if (!within(col[j], glp_get_col_type(p, j), glp_get_col_lb(p, j), glp_get_col_ub(p, j))) {
            return false;
        }
    }
    int *ind = calloc((size_t)n + 1, sizeof *ind);
    double *val = calloc((size_t)n + 1, sizeof *val);
    bool fits = ind != NULL && val != NULL;
    for (int i = 1; fits && i <= glp_get_num_rows(p); i++) {
        int len = glp_get_mat_row(p, i, ind, val);
        double activity = 0.0;
        for (int k = 1; k <= len; k++) {
            activity += val[k] * col[ind[k]];
        }
        fits = within(activity, glp_get_row_type(p, i), glp_get_row_lb(p, i), glp_get_row_ub(p, i));
    }
    free(ind);
    free(val);
    return fits;
}

bool fpt_lp_plan_columns(const fpt_lp *lp, const size_t *level, double *col)
{
    size_t nf = lp->n_functions, nl = lp->n_levels;
    size_t n_links = lp->y_first != 0 ? lp->n_pairs : 0; /* pairs with y columns */
    size_t n_cols = nf * nl + n_links * (nl - 1);
    if (lp->kind != FPT_LP_APPRAISAL || (size_t)glp_get_num_cols(lp->prob) != n_cols) {
        return false;
    }
    for (size_t f = 0; f < nf; f++) {
        for (size_t l = 0; l < nl; l++) {
            col[fpt_lp_x(lp, f, l)] = level[f] == l ? 1.0 : 0.0;
        }
    }
    for (size_t e = 0; e < n_links; e++) {
        size_t f = lp->pair_ends[2 * e], g = lp->pair_ends[2 * e + 1];
        for (size_t l = 1; l < nl; l++) {
            double zf = level[f] >= l ? 1.0 : 0.0, zg = level[g] >= l ? 1.0 : 0.0;
            col[lp->y_first + (int)(e * (nl - 1) + l - 1)] = fabs(zf - zg);
        }
    }
    return columns_fit(lp->prob, col);
}

static int count_limited_pools(const fpt_appraisal *a)
{
    int n = 0;
    for (size_t r = 0; r < a->n_pools; r++) {
        n += a->pool_limited[r] ? 1 : 0;
    }
    return n;
}

/* GLPK aborts on non-finite data; an appraisal from validated inputs never has any. */
static bool appraisal_is_finite(const fpt_appraisal *a)
{
    bool ok = isfinite(a->budget_gbp);
    for (size_t i = 0; i < a->n_functions * a->n_levels; i++) {
        ok &= isfinite(a->cells[i].objective) && isfinite(a->cells[i].running_gbp);
        for (size_t r = 0; r < a->n_pools; r++) {
            ok &= isfinite(a->scarce_wte[i * a->n_pools + r]);
        }
    }
    for (size_t e = 0; e < a->n_pairs; e++) {
        ok &= isfinite(a->pairs[e].coef_gbp);
    }
    return ok;
}

static void set_x_column(fpt_lp *lp, size_t f, size_t l)
{
    int col = fpt_lp_x(lp, f, l);
    bool allowed = fpt_appraisal_cell(lp->a, f, l)->allowed;
    glp_set_col_bnds(lp->prob, col, allowed ? GLP_DB : GLP_FX, 0.0, allowed ? 1.0 : 0.0);
    glp_set_obj_coef(lp->prob, col, lp->kind == FPT_LP_APPRAISAL ? fpt_lp_x_cost(lp, f, l) : 0.0);
}

static void add_x_columns(fpt_lp *lp)
{
    const fpt_appraisal *a = lp->a;
    lp->x_first = glp_add_cols(lp->prob, (int)(a->n_functions * a->n_levels));
    for (size_t f = 0; f < a->n_functions; f++) {
        for (size_t l = 0; l < a->n_levels; l++) {
            glp_set_col_kind(lp->prob, fpt_lp_x(lp, f, l), GLP_BV);
            set_x_column(lp, f, l);
        }
    }
}

/* M12's link cost on y[e][l]: the weighted pair coefficient times the remoteness step. */
static void set_y_cost(fpt_lp *lp, size_t e, size_t l)
{
    const fpt_appraisal *a = lp->a;
    int y = lp->y_first + (int)(e * (a->n_levels - 1) + l - 1);
    double step = a->remoteness[l] - a->remoteness[l - 1];
    double cost = a->weight[FPT_K_LINKS] * a->pairs[e].coef_gbp * step;
    glp_set_obj_coef(lp->prob, y, lp->kind == FPT_LP_APPRAISAL ? cost : 0.0);
}

/* y[e][l] >= |z_f,l - z_g,l| for each level step l = 1..L-1 (0-based), costed at M12. */
static void add_links(fpt_lp *lp, row_buf *b)
{
    const fpt_appraisal *a = lp->a;
    size_t nl = a->n_levels;
    if (a->n_pairs == 0 || nl < 2) {
        lp->y_first = 0;
        return;
    }
    lp->y_first = glp_add_cols(lp->prob, (int)(a->n_pairs * (nl - 1)));
    for (size_t e = 0; e < a->n_pairs; e++) {
        const fpt_pair *pair = &a->pairs[e];
        for (size_t l = 1; l < nl; l++) {
            int y = lp->y_first + (int)(e * (nl - 1) + l - 1);
            glp_set_col_bnds(lp->prob, y, GLP_LO, 0.0, 0.0);
            set_y_cost(lp, e, l);
            for (int sign = 1; sign >= -1; sign -= 2) {
                row_buf_push(b, y, 1.0);
                for (size_t m = l; m < nl; m++) {
                    row_buf_push(b, fpt_lp_x(lp, pair->f, m), -sign);
                    row_buf_push(b, fpt_lp_x(lp, pair->g, m), sign);
                }
                add_row(lp->prob, b, GLP_LO, 0.0, 0.0);
            }
        }
    }
}

static void add_assignment_rows(fpt_lp *lp, row_buf *b)
{
    for (size_t f = 0; f < lp->a->n_functions; f++) {
        for (size_t l = 0; l < lp->a->n_levels; l++) {
            row_buf_push(b, fpt_lp_x(lp, f, l), 1.0);
        }
        add_row(lp->prob, b, GLP_FX, 1.0, 1.0);
    }
}

/* In the elastic programme each group row gets a slack costed at 1 / capacity. */
static int add_slack(fpt_lp *lp, row_buf *b, double capacity)
{
    if (lp->kind != FPT_LP_ELASTIC) {
        return 0;
    }
    int col = glp_add_cols(lp->prob, 1);
    glp_set_col_bnds(lp->prob, col, GLP_LO, 0.0, 0.0);
    glp_set_obj_coef(lp->prob, col, 1.0 / fmax(capacity, 1.0));
    row_buf_push(b, col, -1.0);
    return col;
}

/* M14's coefficients: each cell's running cost. */
static void fill_budget(const fpt_lp *lp, row_buf *b)
{
    const fpt_appraisal *a = lp->a;
    for (size_t f = 0; f < a->n_functions; f++) {
        for (size_t l = 0; l < a->n_levels; l++) {
            row_buf_push(b, fpt_lp_x(lp, f, l), fpt_appraisal_cell(a, f, l)->running_gbp);
        }
    }
}

/* M13's coefficients for pool r: each cell's scarce WTE from it. */
static void fill_pool(const fpt_lp *lp, row_buf *b, size_t r)
{
    const fpt_appraisal *a = lp->a;
    for (size_t f = 0; f < a->n_functions; f++) {
        for (size_t l = 0; l < a->n_levels; l++) {
            double wte = fpt_appraisal_scarce(a, f, l, r);
            if (wte != 0.0) {
                row_buf_push(b, fpt_lp_x(lp, f, l), wte);
            }
        }
    }
}

static void add_group_rows(fpt_lp *lp, row_buf *b)
{
    const fpt_appraisal *a = lp->a;
    fill_budget(lp, b);
    lp->budget_slack = add_slack(lp, b, a->budget_gbp);
    lp->budget_row = add_row(lp->prob, b, GLP_UP, 0.0, a->budget_gbp);
    for (size_t r = 0; r < a->n_pools; r++) {
        if (a->pool_limited[r]) {
            fill_pool(lp, b, r);
            lp->pool_slack[r] = add_slack(lp, b, a->pool_supply_wte[r]);
            lp->pool_row[r] = add_row(lp->prob, b, GLP_UP, 0.0, a->pool_supply_wte[r]);
        }
    }
}

/*
 * docs/model.md "Copies of a function": for copies f before g in file order, level(f) <=
 * level(g), written per level step as z_f,l <= z_g,l (the cumulative variables of M12) —
 * the same integer plans as the single row Σ_l l x_f,l <= Σ_l l x_g,l, with a tighter
 * relaxation. The coefficients depend on no appraisal figure, only on which pairs are copies.
 */
static void add_symmetry_rows(fpt_lp *lp, row_buf *b)
{
    const fpt_symmetry *sym = lp->sym;
    size_t n = sym != NULL ? fpt_symmetry_n_functions(sym) : 0, nl = lp->a->n_levels;
    lp->sym_first_row = glp_get_num_rows(lp->prob) + 1;
    for (size_t f = 0; f < n; f++) {
        size_t g = fpt_symmetry_next(sym, f);
        for (size_t l = 1; g < n && l < nl; l++) {
            for (size_t m = l; m < nl; m++) {
                row_buf_push(b, fpt_lp_x(lp, f, m), 1.0);
                row_buf_push(b, fpt_lp_x(lp, g, m), -1.0);
            }
            add_row(lp->prob, b, GLP_UP, 0.0, 0.0);
        }
    }
}

static void build_rows(fpt_lp *lp)
{
    const fpt_appraisal *a = lp->a;
    int n_cols =
        (int)(a->n_functions * a->n_levels + a->n_pairs * a->n_levels) + count_limited_pools(a) + 2;
    row_buf b;
    row_buf_init(&b, n_cols);
    add_x_columns(lp);
    add_assignment_rows(lp, &b);
    add_links(lp, &b);
    add_group_rows(lp, &b);
    add_symmetry_rows(lp, &b);
    row_buf_free(&b);
    lp->n_base_rows = glp_get_num_rows(lp->prob);
}

/* ---- reuse ----------------------------------------------------------------------------- */

static bool keep_shape(fpt_lp *lp, const fpt_appraisal *a)
{
    lp->n_functions = a->n_functions;
    lp->n_levels = a->n_levels;
    lp->n_pools = a->n_pools;
    lp->n_pairs = a->n_pairs;
    lp->pair_ends = calloc(2 * a->n_pairs + 1, sizeof *lp->pair_ends);
    lp->limited = calloc(a->n_pools + 1, sizeof *lp->limited);
    if (lp->pair_ends == NULL || lp->limited == NULL) {
        return false;
    }
    for (size_t e = 0; e < a->n_pairs; e++) {
        lp->pair_ends[2 * e] = a->pairs[e].f;
        lp->pair_ends[2 * e + 1] = a->pairs[e].g;
    }
    for (size_t r = 0; r < a->n_pools; r++) {
        lp->limited[r] = a->pool_limited[r];
    }
    return true;
}

static bool same_shape(const fpt_lp *lp, const fpt_appraisal *a)
{
    bool same = lp->kind == FPT_LP_APPRAISAL && lp->n_functions == a->n_functions &&
                lp->n_levels == a->n_levels && lp->n_pools == a->n_pools &&
                lp->n_pairs == a->n_pairs;
    for (size_t e = 0; same && e < a->n_pairs; e++) {
        same = lp->pair_ends[2 * e] == a->pairs[e].f && lp->pair_ends[2 * e + 1] == a->pairs[e].g;
    }
    for (size_t r = 0; same && r < a->n_pools; r++) {
        same = lp->limited[r] == a->pool_limited[r];
    }
    return same && appraisal_is_finite(a);
}

static void delete_tie_rows(fpt_lp *lp)
{
    int n = glp_get_num_rows(lp->prob) - lp->n_base_rows;
    if (n <= 0) {
        return;
    }
    int *rows = glp_alloc(n + 1, sizeof *rows);
    for (int i = 1; i <= n; i++) {
        rows[i] = lp->n_base_rows + i;
    }
    glp_del_rows(lp->prob, n, rows);
    glp_free(rows);
}

static void refill_rows(fpt_lp *lp)
{
    const fpt_appraisal *a = lp->a;
    row_buf b;
    row_buf_init(&b, (int)(a->n_functions * a->n_levels) + 1);
    fill_budget(lp, &b);
    glp_set_mat_row(lp->prob, lp->budget_row, b.len, b.ind, b.val);
    glp_set_row_bnds(lp->prob, lp->budget_row, GLP_UP, 0.0, a->budget_gbp);
    b.len = 0;
    for (size_t r = 0; r < a->n_pools; r++) {
        if (a->pool_limited[r]) {
            fill_pool(lp, &b, r);
            glp_set_mat_row(lp->prob, lp->pool_row[r], b.len, b.ind, b.val);
            glp_set_row_bnds(lp->prob, lp->pool_row[r], GLP_UP, 0.0, a->pool_supply_wte[r]);
            b.len = 0;
        }
    }
    row_buf_free(&b);
}

/* The ordering rows hold only while the same functions are copies: another appraisal whose
 * copies differ (a sweep varying one copy, a why's forced level) needs a programme built anew.
 * The copies are found in scratch space made with the programme: nothing to allocate here. */
static bool same_copies(fpt_lp *lp, const fpt_appraisal *a)
{
    if (lp->sym == NULL) {
        return true;
    }
    fpt_symmetry_find(lp->sym_check, a);
    return fpt_symmetry_equal(lp->sym, lp->sym_check);
}

bool fpt_lp_update(fpt_lp *lp, const fpt_appraisal *a)
{
    if (!same_shape(lp, a) || !same_copies(lp, a)) {
        return false;
    }
    lp->a = a;
    delete_tie_rows(lp);
    for (size_t f = 0; f < a->n_functions; f++) {
        for (size_t l = 0; l < a->n_levels; l++) {
            set_x_column(lp, f, l);
        }
    }
    for (size_t e = 0; e < a->n_pairs; e++) {
        for (size_t l = 1; l < a->n_levels; l++) {
            set_y_cost(lp, e, l);
        }
    }
    refill_rows(lp);
    return true;
}

/* The GLPK part of a build. It cannot fail other than by a GLPK fatal error (out of memory
 * included), so a guard that returns anything but FPT_OK means lp->prob is gone. */
static fpt_status fill_problem(void *ctx, fpt_error *err)
{
    fpt_lp *lp = ctx;
    (void)err;
    glp_term_out(GLP_OFF); /* GLPK's terminal output is per thread; nothing below cli/ prints */
    lp->prob = glp_create_prob();
    build_rows(lp);
    glp_set_prob_name(lp->prob, lp->kind == FPT_LP_ELASTIC ? "footprint-elastic" : "footprint");
    glp_set_obj_dir(lp->prob, GLP_MIN);
    return FPT_OK;
}

/* Only the appraisal's own programme gets ordering rows: the elastic one's answer is a
 * shortfall plan whose choice among equals the rows could change. */
static fpt_status find_copies(fpt_lp *lp, fpt_error *err)
{
    const fpt_appraisal *a = lp->a;
    if (lp->kind != FPT_LP_APPRAISAL || !fpt_symmetry_wanted()) {
        return FPT_OK;
    }
    FPT_TRY(fpt_symmetry_create(a->n_functions, a->n_pairs, &lp->sym, err));
    FPT_TRY(fpt_symmetry_create(a->n_functions, a->n_pairs, &lp->sym_check, err));
    fpt_symmetry_find(lp->sym, a);
    return FPT_OK;
}

static fpt_status build(const fpt_appraisal *a, fpt_lp_kind kind, bool guarded, fpt_lp **out,
                        fpt_error *err)
{
    *out = NULL;
    if (!appraisal_is_finite(a)) {
        return fpt_error_set(err, FPT_EINTERNAL, NULL, 0,
                             "the appraisal holds a non-finite coefficient");
    }
    fpt_lp *lp = calloc(1, sizeof *lp);
    if (lp == NULL || (lp->pool_row = calloc(a->n_pools + 1, sizeof *lp->pool_row)) == NULL ||
        (lp->pool_slack = calloc(a->n_pools + 1, sizeof *lp->pool_slack)) == NULL) {
        fpt_lp_free(lp);
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory building the programme");
    }
    lp->a = a;
    lp->kind = kind;
    if (!keep_shape(lp, a)) {
        fpt_lp_free(lp);
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory building the programme");
    }
    fpt_status st = find_copies(lp, err);
    if (st != FPT_OK) {
        fpt_lp_free(lp);
        return st;
    }
    if (!guarded) {
        fill_problem(lp, err);
    } else if (fpt_glpk_guard(fill_problem, lp, "building the programme", err) != FPT_OK) {
        lp->prob = NULL; /* freed with GLPK's environment */
        fpt_lp_free(lp);
        return FPT_EINTERNAL;
    }
    *out = lp;
    return FPT_OK;
}

fpt_status fpt_lp_build(const fpt_appraisal *a, fpt_lp_kind kind, fpt_lp **out, fpt_error *err)
{
    return build(a, kind, true, out, err);
}

fpt_status fpt_lp_build_in_guard(const fpt_appraisal *a, fpt_lp_kind kind, fpt_lp **out,
                                 fpt_error *err)
{
    return build(a, kind, false, out, err);
}

void fpt_lp_free(fpt_lp *lp)
{
    if (lp == NULL) {
        return;
    }
    if (lp->prob != NULL) {
        glp_delete_prob(lp->prob);
    }
    free(lp->pool_row);
    free(lp->pool_slack);
    free(lp->pair_ends);
    free(lp->limited);
    fpt_symmetry_free(lp->sym);
    fpt_symmetry_free(lp->sym_check);
    free(lp);
}

/* ---- names, for the files -------------------------------------------------------------- */

/*
 * Rows and columns are named after the model's functions, the scenario's levels, links and
 * pools (docs/model.md "The programme in a file"). Free MPS takes the ids as they are:
 * x[bi-data,hub]. CPLEX LP allows neither brackets nor '-' in a name (GLPK would fall back
 * on r_1, x_1, …), so there the brackets are parentheses and '-' is '_', which no id holds:
 * x(bi_data,hub).
 */
typedef struct namer {
    fpt_lp *lp;
    const fpt_model *m;
    const fpt_scenario *s;
    bool cplex;
} namer;

/* "stem[a,b,c]" from up to three ids (NULL ends them), in the format's characters. */
static void make_name(const namer *n, char *buf, size_t size, const char *stem, const char *a,
                      const char *b, const char *c)
{
    const char *ids[] = {a, b, c};
    size_t at = (size_t)snprintf(buf, size, "%s%c", stem, n->cplex ? '(' : '[');
    for (int i = 0; i < 3 && ids[i] != NULL && at + 2 < size; i++) {
        if (i > 0) {
            buf[at++] = ',';
        }
        for (const char *p = ids[i]; *p != '\0' && at + 2 < size; p++) {
            buf[at++] = n->cplex && *p == '-' ? '_' : *p;
        }
    }
    buf[at++] = n->cplex ? ')' : ']';
    buf[at] = '\0';
}

static const char *function_id(const namer *n, size_t f)
{
    return n->m->functions[f].id;
}

static const char *level_id(const namer *n, size_t l)
{
    return n->s->levels[l].id;
}

static void name_columns(const namer *n)
{
    const fpt_lp *lp = n->lp;
    char name[512];
    for (size_t f = 0; f < lp->n_functions; f++) {
        for (size_t l = 0; l < lp->n_levels; l++) {
            make_name(n, name, sizeof name, "x", function_id(n, f), level_id(n, l), NULL);
            glp_set_col_name(lp->prob, fpt_lp_x(lp, f, l), name);
        }
    }
    for (size_t e = 0; lp->y_first != 0 && e < lp->n_pairs; e++) {
        const char *f = function_id(n, lp->pair_ends[2 * e]);
        const char *g = function_id(n, lp->pair_ends[2 * e + 1]);
        for (size_t l = 1; l < lp->n_levels; l++) {
            make_name(n, name, sizeof name, "y", f, g, level_id(n, l));
            glp_set_col_name(lp->prob, lp->y_first + (int)(e * (lp->n_levels - 1) + l - 1), name);
        }
    }
}

/* sym[f,g,l]: copy f sits at level l or above only if its next copy g does. */
static void name_symmetry_rows(const namer *n)
{
    const fpt_lp *lp = n->lp;
    const fpt_symmetry *sym = lp->sym;
    size_t nf = sym != NULL ? fpt_symmetry_n_functions(sym) : 0;
    char name[512];
    int row = lp->sym_first_row;
    for (size_t f = 0; f < nf; f++) {
        size_t g = fpt_symmetry_next(sym, f);
        for (size_t l = 1; g < nf && l < lp->n_levels; l++) {
            make_name(n, name, sizeof name, "sym", function_id(n, f), function_id(n, g),
                      level_id(n, l));
            glp_set_row_name(lp->prob, row++, name);
        }
    }
}

/* The rows in the order build_rows() adds them: assignment, link gaps, budget, pools, and the
 * copies' ordering rows. */
static void name_rows(const namer *n)
{
    const fpt_lp *lp = n->lp;
    char name[512];
    int row = 1;
    for (size_t f = 0; f < lp->n_functions; f++) {
        make_name(n, name, sizeof name, "assign", function_id(n, f), NULL, NULL);
        glp_set_row_name(lp->prob, row++, name);
    }
    for (size_t e = 0; lp->y_first != 0 && e < lp->n_pairs; e++) {
        const char *f = function_id(n, lp->pair_ends[2 * e]);
        const char *g = function_id(n, lp->pair_ends[2 * e + 1]);
        for (size_t l = 1; l < lp->n_levels; l++) {
            make_name(n, name, sizeof name, "gap_fg", f, g, level_id(n, l));
            glp_set_row_name(lp->prob, row++, name);
            make_name(n, name, sizeof name, "gap_gf", f, g, level_id(n, l));
            glp_set_row_name(lp->prob, row++, name);
        }
    }
    glp_set_row_name(lp->prob, lp->budget_row, "budget");
    name_symmetry_rows(n);
    for (size_t r = 0; r < lp->n_pools; r++) {
        if (lp->pool_row[r] != 0) {
            make_name(n, name, sizeof name, "pool", n->m->pools[r].id, NULL, NULL);
            glp_set_row_name(lp->prob, lp->pool_row[r], name);
        }
        if (lp->kind == FPT_LP_ELASTIC && lp->pool_slack[r] != 0) {
            make_name(n, name, sizeof name, "short", n->m->pools[r].id, NULL, NULL);
            glp_set_col_name(lp->prob, lp->pool_slack[r], name);
        }
    }
    if (lp->kind == FPT_LP_ELASTIC && lp->budget_slack != 0) {
        glp_set_col_name(lp->prob, lp->budget_slack, "short_budget");
    }
    glp_set_obj_name(lp->prob, lp->kind == FPT_LP_ELASTIC ? "shortfall" : "weighted_total");
}

typedef struct write_call {
    fpt_lp *lp;
    const fpt_model *m;
    const fpt_scenario *s;
    const char *path;
    fpt_lp_format format;
} write_call;

static int glpk_write(void *ctx, const char *path)
{
    const write_call *c = ctx;
    return c->format == FPT_LP_MPS ? glp_write_mps(c->lp->prob, GLP_MPS_FILE, NULL, path)
                                   : glp_write_lp(c->lp->prob, NULL, path);
}

/* GLPK writes a private file, checked whole by its last line (GLPK ignores a failed final
 * flush), which then goes to the path by the rule of base/outfile.h. */
static fpt_status write_file(void *ctx, fpt_error *err)
{
    const write_call *c = ctx;
    if (c->m != NULL && c->s != NULL) {
        namer n = {.lp = c->lp, .m = c->m, .s = c->s, .cplex = c->format == FPT_LP_CPLEX};
        name_columns(&n);
        name_rows(&n);
    }
    return fpt_outfile_write_via(c->path, glpk_write, ctx,
                                 c->format == FPT_LP_MPS ? "\nENDATA\n" : "\nEnd\n", err);
}

fpt_status fpt_lp_write(fpt_lp *lp, const fpt_model *m, const fpt_scenario *s, const char *path,
                        fpt_lp_format format, fpt_error *err)
{
    write_call c = {.lp = lp, .m = m, .s = s, .path = path, .format = format};
    fpt_status st = fpt_glpk_guard(write_file, &c, "writing the programme", err);
    if (st == FPT_EINTERNAL) { /* write_file never returns it: GLPK's environment is gone */
        lp->prob = NULL;
    }
    return st;
}
