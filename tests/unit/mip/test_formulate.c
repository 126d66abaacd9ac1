/* SPDX-License-Identifier: MIT */
/*
 * The programme formulate.c hands to GLPK (docs/model.md M12–M14), read back row by row and
 * column by column on a two-function, two-level model worked by hand: the counts, the
 * bounds and kinds, the objective, the link-gap rows, the affordability and pool rows; locks
 * as column bounds; the elastic shape's slacks; the cumulative link rows over three levels;
 * a non-finite appraisal refused; and the LP and MPS files GLPK reads back into the same
 * programme (the same counts and the same optimum).
 *
 * THE MODEL. Population 400,000; levels l0 4 units (P = 100,000) and l1 1 unit (P =
 * 400,000), so g = 0, 1 (M2). Calibration: shares .1 .2 .3 .4 by rating (knowledge,
 * visibility, link, scarce), min-team 0 1 2 4 8, scale 1 .9 .75 .5 .25, duplication
 * 0 .5 1 2 4, development 0 1 2 3 4. Pool p0 premium £2,000 per scarce WTE.
 *
 * f0: a = 1, w = £40,000, knowledge 2 (.2), scarcity 2 (σ = .2, all from p0), else 0 (β = 1).
 *   S0 = 1 × 4 × 40,000 = £160,000; b = 1, 4 WTE per unit, WTE 4 at both levels.
 *   l0: T4 = .2 × 4 × 2,000 = 1,600; T6 = 4 × 40,000 = 160,000; running 161,600; objective
 *       161,600; scarce 0.8 WTE.
 *   l1: T1 = .2 × 1 × 160,000 = 32,000; T4 = 1,600; T6 = 160,000; running 161,600; objective
 *       193,600; scarce 0.8 WTE.
 * f1: a = 2, w = £50,000, scale 3 (β = .5), duplication 2 (d = 1), else 0. S1 = £400,000;
 *   b = 2 × (P/100k)^.5 = 2, 4.
 *   l0: T6 = 4 × 2 × 50,000 = 400,000; T7 = 4 × 1 × 50,000 = 200,000; running = objective =
 *       600,000.
 *   l1: T6 = 1 × 4 × 50,000 = 200,000; T7 = 50,000; running = objective = 250,000.
 * Link f0–f1, strength 3: coefficient .3 × min(160,000, 400,000) = 48,000 (M9); its y column
 *   costs w3 × 48,000 × (g(l1) − g(l0)) = 48,000 (M12).
 * Budget £700,000 (M14); pool p0 limited to 1.5 WTE (M13).
 *
 * The programme: columns x(f0,l0), x(f0,l1), x(f1,l0), x(f1,l1) (binary) and y (≥ 0); rows:
 * two assignment rows (= 1), two link rows y − x(f0,l1) + x(f1,l1) ≥ 0 and
 * y + x(f0,l1) − x(f1,l1) ≥ 0, the budget row 161,600 161,600 600,000 250,000 ≤ 700,000 and
 * the pool row 0.8 0.8 0 0 ≤ 1.5 (zero coefficients are not stored). Six rows, five
 * columns. Its optimum: f1 at l1 (250,000 beats 600,000); f0 at l0 costs 161,600 + the
 * link's 48,000 = 209,600 against 193,600 at l1, so (l1, l1) at 443,600, within the budget
 * (411,600) and the pool (0.8).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <glpk.h>

#include "builder.h"
#include "mip/lp.h"

static const double CALIBRATION[FPT_N_CRITERIA][FPT_N_RATINGS] = {
    {0, 0.1, 0.2, 0.3, 0.4}, {0, 0.1, 0.2, 0.3, 0.4}, {0, 0.1, 0.2, 0.3, 0.4},
    {0, 0.1, 0.2, 0.3, 0.4}, {0, 1, 2, 4, 8},         {1, 0.9, 0.75, 0.5, 0.25},
    {0, 0.5, 1, 2, 4},       {0, 1, 2, 3, 4},
};

typedef struct fixture {
    fpt_model *m;
    fpt_scenario *s;
    fpt_appraisal *a;
    fpt_lp *lp;
} fixture;

static fpt_model *hand_model(void)
{
    fpt_model *m = fpt_test_model_new(2, 1);
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        fpt_test_model_calibrate(m, k, CALIBRATION[k]);
    }
    fpt_test_model_staff(m, 0, 1, 40000);
    fpt_test_model_staff(m, 1, 2, 50000);
    const int r0[FPT_N_CRITERIA] = {2, 0, 0, 2, 0, 0, 0, 0};
    const int r1[FPT_N_CRITERIA] = {0, 0, 0, 0, 0, 3, 2, 0};
    fpt_test_model_ratings(m, 0, r0);
    fpt_test_model_ratings(m, 1, r1);
    fpt_test_model_add_draw(m, 0, 0, 1.0);
    fpt_test_model_add_link(m, 0, 1, 3);
    return m;
}

static fpt_scenario *hand_scenario(const fpt_model *m, bool pool_limited)
{
    const long units[2] = {4, 1};
    fpt_scenario *s = fpt_test_scenario_new(m, 400000, units, 2);
    fpt_test_scenario_budget(s, 700000);
    fpt_test_scenario_supply(s, 0, pool_limited, 1.5, 2000);
    return s;
}

static void build(fixture *fx, fpt_lp_kind kind)
{
    fx->a = fpt_test_appraise(fx->m, fx->s);
    fpt_error err = {0};
    cr_assert(eq(int, fpt_lp_build(fx->a, kind, &fx->lp, &err), FPT_OK), "%s", err.message);
}

static fixture hand(bool pool_limited, fpt_lp_kind kind)
{
    glp_term_out(GLP_OFF);
    fixture fx = {.m = hand_model()};
    fx.s = hand_scenario(fx.m, pool_limited);
    build(&fx, kind);
    return fx;
}

static void release(fixture *fx)
{
    fpt_lp_free(fx->lp);
    fpt_appraisal_free(fx->a);
    fpt_scenario_free(fx->s);
    fpt_model_free(fx->m);
}

static bool near(double got, double want)
{
    return fabs(got - want) <= 1e-9 * fmax(1.0, fabs(want));
}

/* Row r's coefficient on column col (0 when the row does not hold it). */
static double coef(glp_prob *p, int row, int col)
{
    int n = glp_get_num_cols(p);
    int *ind = calloc((size_t)n + 1, sizeof *ind);
    double *val = calloc((size_t)n + 1, sizeof *val);
    cr_assert(ind != NULL && val != NULL);
    int len = glp_get_mat_row(p, row, ind, val);
    double v = 0;
    for (int i = 1; i <= len; i++) {
        v = ind[i] == col ? val[i] : v;
    }
    free(ind);
    free(val);
    return v;
}

/* ---- shape ----------------------------------------------------------------------------- */

Test(formulate, two_functions_two_levels_make_six_rows_and_five_columns)
{
    fixture fx = hand(true, FPT_LP_APPRAISAL);
    glp_prob *p = fx.lp->prob;
    cr_expect(eq(int, glp_get_num_cols(p), 5));
    cr_expect(eq(int, glp_get_num_rows(p), 6));
    cr_expect(eq(int, glp_get_num_bin(p), 4));
    cr_expect(eq(int, glp_get_num_int(p), 4));
    cr_expect(eq(int, glp_get_obj_dir(p), GLP_MIN));
    cr_expect(eq(int, fpt_lp_x(fx.lp, 1, 0), fx.lp->x_first + 2));
    cr_expect(eq(int, fx.lp->y_first, fx.lp->x_first + 4));
    /* stored non-zeros: assignment 2 × 2, link rows 2 × 3, budget 4, pool 2 */
    cr_expect(eq(int, glp_get_num_nz(p), 16));
    release(&fx);
}

Test(formulate, an_unlimited_pool_has_no_row)
{
    fixture fx = hand(false, FPT_LP_APPRAISAL);
    cr_expect(eq(int, glp_get_num_rows(fx.lp->prob), 5));
    cr_expect(eq(int, fx.lp->pool_row[0], 0));
    release(&fx);
}

Test(formulate, columns_are_binary_x_and_nonnegative_y)
{
    fixture fx = hand(true, FPT_LP_APPRAISAL);
    glp_prob *p = fx.lp->prob;
    for (size_t f = 0; f < 2; f++) {
        for (size_t l = 0; l < 2; l++) {
            int x = fpt_lp_x(fx.lp, f, l);
            cr_expect(eq(int, glp_get_col_kind(p, x), GLP_BV), "x(%zu,%zu)", f, l);
            cr_expect(eq(int, glp_get_col_type(p, x), GLP_DB));
            cr_expect(eq(dbl, glp_get_col_lb(p, x), 0));
            cr_expect(eq(dbl, glp_get_col_ub(p, x), 1));
        }
    }
    int y = fx.lp->y_first;
    cr_expect(eq(int, glp_get_col_kind(p, y), GLP_CV));
    cr_expect(eq(int, glp_get_col_type(p, y), GLP_LO));
    cr_expect(eq(dbl, glp_get_col_lb(p, y), 0));
    release(&fx);
}

/* ---- M12: the objective and the link rows ----------------------------------------------- */

Test(formulate, the_objective_holds_the_hand_worked_costs)
{
    fixture fx = hand(true, FPT_LP_APPRAISAL);
    glp_prob *p = fx.lp->prob;
    const double x_cost[2][2] = {{161600, 193600}, {600000, 250000}};
    for (size_t f = 0; f < 2; f++) {
        for (size_t l = 0; l < 2; l++) {
            double c = glp_get_obj_coef(p, fpt_lp_x(fx.lp, f, l));
            cr_expect(near(c, x_cost[f][l]), "x(%zu,%zu) costs %g", f, l, c);
            cr_expect(near(fpt_lp_x_cost(fx.lp, f, l), x_cost[f][l]));
        }
    }
    cr_expect(near(glp_get_obj_coef(p, fx.lp->y_first), 48000));
    cr_expect(eq(dbl, glp_get_obj_coef(p, 0), 0), "no constant term");
    release(&fx);
}

Test(formulate, a_link_weight_scales_the_y_cost_only)
{
    glp_term_out(GLP_OFF);
    fixture fx = {.m = hand_model()};
    fx.s = hand_scenario(fx.m, true);
    fx.s->weight[FPT_K_LINKS] = 2.5;
    build(&fx, FPT_LP_APPRAISAL);
    cr_expect(near(glp_get_obj_coef(fx.lp->prob, fx.lp->y_first), 2.5 * 48000));
    cr_expect(near(glp_get_obj_coef(fx.lp->prob, fpt_lp_x(fx.lp, 0, 1)), 193600));
    release(&fx);
}

Test(formulate, assignment_rows_say_one_level_each)
{
    fixture fx = hand(true, FPT_LP_APPRAISAL);
    glp_prob *p = fx.lp->prob;
    for (int f = 0; f < 2; f++) {
        int row = 1 + f;
        cr_expect(eq(int, glp_get_row_type(p, row), GLP_FX));
        cr_expect(eq(dbl, glp_get_row_lb(p, row), 1));
        for (size_t g = 0; g < 2; g++) {
            for (size_t l = 0; l < 2; l++) {
                double want = g == (size_t)f ? 1 : 0;
                cr_expect(eq(dbl, coef(p, row, fpt_lp_x(fx.lp, g, l)), want));
            }
        }
    }
    release(&fx);
}

/* y ≥ z(f0,1) − z(f1,1) and y ≥ z(f1,1) − z(f0,1), z(f,1) = x(f,1) with two levels. */
Test(formulate, link_rows_bound_the_gap_from_both_sides)
{
    fixture fx = hand(true, FPT_LP_APPRAISAL);
    glp_prob *p = fx.lp->prob;
    int y = fx.lp->y_first, xf = fpt_lp_x(fx.lp, 0, 1), xg = fpt_lp_x(fx.lp, 1, 1);
    const double want[2][3] = {{1, -1, 1}, {1, 1, -1}}; /* y, x(f0,l1), x(f1,l1) */
    for (int i = 0; i < 2; i++) {
        int row = 3 + i;
        cr_expect(eq(int, glp_get_row_type(p, row), GLP_LO));
        cr_expect(eq(dbl, glp_get_row_lb(p, row), 0));
        cr_expect(eq(dbl, coef(p, row, y), want[i][0]), "row %d", row);
        cr_expect(eq(dbl, coef(p, row, xf), want[i][1]), "row %d", row);
        cr_expect(eq(dbl, coef(p, row, xg), want[i][2]), "row %d", row);
        cr_expect(eq(dbl, coef(p, row, fpt_lp_x(fx.lp, 0, 0)), 0), "l0 is below every step");
    }
    release(&fx);
}

/*
 * Three levels (16, 4, 1 units of 1,600,000 people: g = 0, .5, 1). Now S0 = 1 × 16 × 40,000 =
 * 640,000 and S1 = £1,600,000, so the link's coefficient is .3 × 640,000 = 192,000; there is
 * a y column per level step, each costed at the coefficient times its step of g (96,000), and
 * the rows of step 1 hold the cumulative z(f,1) = x(f,1) + x(f,2).
 */
Test(formulate, three_levels_give_cumulative_link_rows)
{
    glp_term_out(GLP_OFF);
    fixture fx = {.m = hand_model()};
    const long units[3] = {16, 4, 1};
    fx.s = fpt_test_scenario_new(fx.m, 1600000, units, 3);
    build(&fx, FPT_LP_APPRAISAL);
    glp_prob *p = fx.lp->prob;
    double c = fx.a->pairs[0].coef_gbp;
    cr_expect(near(c, 192000), "%g", c);
    cr_expect(eq(int, glp_get_num_cols(p), 6 + 2));
    cr_expect(near(glp_get_obj_coef(p, fx.lp->y_first), 96000));
    cr_expect(near(glp_get_obj_coef(p, fx.lp->y_first + 1), 96000));
    int row = 3; /* the first link row: step 1, sign + */
    cr_expect(eq(dbl, coef(p, row, fx.lp->y_first), 1));
    for (size_t l = 0; l < 3; l++) {
        double wf = l >= 1 ? -1 : 0, wg = l >= 1 ? 1 : 0;
        cr_expect(eq(dbl, coef(p, row, fpt_lp_x(fx.lp, 0, l)), wf), "x(f0,l%zu)", l);
        cr_expect(eq(dbl, coef(p, row, fpt_lp_x(fx.lp, 1, l)), wg), "x(f1,l%zu)", l);
    }
    release(&fx);
}

/* ---- M13 and M14 ----------------------------------------------------------------------- */

Test(formulate, the_budget_row_is_m14)
{
    fixture fx = hand(true, FPT_LP_APPRAISAL);
    glp_prob *p = fx.lp->prob;
    int row = fx.lp->budget_row;
    cr_expect(eq(int, row, 5));
    cr_expect(eq(int, glp_get_row_type(p, row), GLP_UP));
    cr_expect(near(glp_get_row_ub(p, row), 700000));
    const double running[2][2] = {{161600, 161600}, {600000, 250000}};
    for (size_t f = 0; f < 2; f++) {
        for (size_t l = 0; l < 2; l++) {
            double v = coef(p, row, fpt_lp_x(fx.lp, f, l));
            cr_expect(near(v, running[f][l]), "x(%zu,%zu): %g", f, l, v);
        }
    }
    cr_expect(eq(dbl, coef(p, row, fx.lp->y_first), 0), "links are not money");
    release(&fx);
}

Test(formulate, the_pool_row_is_m13)
{
    fixture fx = hand(true, FPT_LP_APPRAISAL);
    glp_prob *p = fx.lp->prob;
    int row = fx.lp->pool_row[0];
    cr_expect(eq(int, row, 6));
    cr_expect(eq(int, glp_get_row_type(p, row), GLP_UP));
    cr_expect(near(glp_get_row_ub(p, row), 1.5));
    cr_expect(near(coef(p, row, fpt_lp_x(fx.lp, 0, 0)), 0.8));
    cr_expect(near(coef(p, row, fpt_lp_x(fx.lp, 0, 1)), 0.8));
    int ind[8];
    double val[8];
    cr_expect(eq(int, glp_get_mat_row(p, row, ind, val), 2), "f1 draws on no pool");
    release(&fx);
}

/* ---- locks and the elastic shape ------------------------------------------------------- */

Test(formulate, locks_fix_columns)
{
    glp_term_out(GLP_OFF);
    fixture fx = {.m = hand_model()};
    fx.s = hand_scenario(fx.m, true);
    fpt_test_scenario_lock(fx.s, fx.m, 0, 1, FPT_LOCK_FIX);
    fpt_test_scenario_lock(fx.s, fx.m, 1, 0, FPT_LOCK_FORBID);
    build(&fx, FPT_LP_APPRAISAL);
    glp_prob *p = fx.lp->prob;
    const bool open[2][2] = {{false, true}, {false, true}};
    for (size_t f = 0; f < 2; f++) {
        for (size_t l = 0; l < 2; l++) {
            int x = fpt_lp_x(fx.lp, f, l);
            cr_expect(eq(int, glp_get_col_type(p, x), open[f][l] ? GLP_DB : GLP_FX), "x(%zu,%zu)",
                      f, l);
            cr_expect(eq(dbl, glp_get_col_ub(p, x), open[f][l] ? 1 : 0));
        }
    }
    cr_expect(eq(int, glp_get_num_rows(p), 6), "locks are bounds, not rows");
    release(&fx);
}

/* Slacks: one per group, −1 in its row, costed 1 / capacity; x and y cost nothing. */
Test(formulate, the_elastic_programme_prices_only_the_shortfall)
{
    fixture fx = hand(true, FPT_LP_ELASTIC);
    glp_prob *p = fx.lp->prob;
    cr_expect(eq(int, glp_get_num_cols(p), 7));
    int bs = fx.lp->budget_slack, ps = fx.lp->pool_slack[0];
    cr_assert(gt(int, bs, 0));
    cr_assert(gt(int, ps, 0));
    cr_expect(near(glp_get_obj_coef(p, bs), 1.0 / 700000));
    cr_expect(near(glp_get_obj_coef(p, ps), 1.0 / 1.5));
    cr_expect(eq(dbl, coef(p, fx.lp->budget_row, bs), -1));
    cr_expect(eq(dbl, coef(p, fx.lp->pool_row[0], ps), -1));
    for (size_t f = 0; f < 2; f++) {
        for (size_t l = 0; l < 2; l++) {
            cr_expect(eq(dbl, glp_get_obj_coef(p, fpt_lp_x(fx.lp, f, l)), 0));
        }
    }
    cr_expect(eq(dbl, glp_get_obj_coef(p, fx.lp->y_first), 0));
    release(&fx);
}

Test(formulate, a_non_finite_appraisal_is_refused_before_glpk)
{
    glp_term_out(GLP_OFF);
    fixture fx = {.m = hand_model()};
    fx.s = hand_scenario(fx.m, true);
    fx.a = fpt_test_appraise(fx.m, fx.s);
    fx.a->cells[1].running_gbp = NAN;
    fpt_error err = {0};
    cr_expect(eq(int, fpt_lp_build(fx.a, FPT_LP_APPRAISAL, &fx.lp, &err), FPT_EINTERNAL));
    cr_expect(eq(ptr, fx.lp, NULL));
    cr_expect(ne(ptr, strstr(err.message, "non-finite"), NULL), "%s", err.message);
    release(&fx);
}

/* ---- writing the programme ------------------------------------------------------------- */

static double mip_optimum(glp_prob *p)
{
    glp_iocp o;
    glp_init_iocp(&o);
    o.presolve = GLP_ON;
    o.msg_lev = GLP_MSG_OFF;
    cr_assert(eq(int, glp_intopt(p, &o), 0));
    cr_assert(eq(int, glp_mip_status(p), GLP_OPT));
    return glp_mip_obj_val(p);
}

static glp_prob *read_back(const char *path, fpt_lp_format format)
{
    glp_prob *p = glp_create_prob();
    int rc = format == FPT_LP_MPS ? glp_read_mps(p, GLP_MPS_FILE, NULL, path)
                                  : glp_read_lp(p, NULL, path);
    cr_assert(eq(int, rc, 0), "GLPK cannot read %s back", path);
    return p;
}

/* The file's rows and columns are named after the functions, levels, links and pools
 * (docs/model.md "The programme in a file"): brackets and ids as they are in MPS, parentheses
 * and '_' for '-' in CPLEX LP. */
static void expect_names(glp_prob *p, bool cplex, const fpt_scenario *s)
{
    char want[128];
    const char *l0 = s->levels[0].id, *l1 = s->levels[1].id;
    glp_create_index(p);
    snprintf(want, sizeof want, cplex ? "x(f0,%s)" : "x[f0,%s]", l0);
    cr_expect(ne(int, glp_find_col(p, want), 0), "no column %s", want);
    snprintf(want, sizeof want, cplex ? "y(f0,f1,%s)" : "y[f0,f1,%s]", l1);
    cr_expect(ne(int, glp_find_col(p, want), 0), "no column %s", want);
    cr_expect(ne(int, glp_find_row(p, cplex ? "assign(f1)" : "assign[f1]"), 0));
    snprintf(want, sizeof want, cplex ? "gap_gf(f0,f1,%s)" : "gap_gf[f0,f1,%s]", l1);
    cr_expect(ne(int, glp_find_row(p, want), 0), "no row %s", want);
    cr_expect(ne(int, glp_find_row(p, "budget"), 0));
    cr_expect(ne(int, glp_find_row(p, cplex ? "pool(p0)" : "pool[p0]"), 0));
    for (int j = 1; j <= glp_get_num_cols(p); j++) {
        const char *name = glp_get_col_name(p, j);
        cr_expect(name != NULL && (name[0] == 'x' || name[0] == 'y') &&
                      name[1] == (cplex ? '(' : '['),
                  "column %d is %s", j, name != NULL ? name : "unnamed");
    }
}

static void expect_round_trip(fpt_lp_format format)
{
    fixture fx = hand(true, FPT_LP_APPRAISAL);
    char dir[] = "/tmp/fpt-formulate-XXXXXX";
    cr_assert(ne(ptr, mkdtemp(dir), NULL));
    char path[64];
    snprintf(path, sizeof path, "%s/programme", dir);
    fpt_error err = {0};
    cr_assert(eq(int, fpt_lp_write(fx.lp, fx.m, fx.s, path, format, &err), FPT_OK), "%s",
              err.message);
    glp_prob *p = read_back(path, format);
    expect_names(p, format == FPT_LP_CPLEX, fx.s);
    glp_prob *q = fx.lp->prob;
    cr_expect(eq(int, glp_get_num_rows(p), glp_get_num_rows(q)));
    cr_expect(eq(int, glp_get_num_cols(p), glp_get_num_cols(q)));
    cr_expect(eq(int, glp_get_num_nz(p), glp_get_num_nz(q)));
    cr_expect(eq(int, glp_get_num_bin(p), 4));
    double want = 193600 + 250000; /* (l1, l1): the header's optimum */
    cr_expect(near(mip_optimum(p), want), "read back: %g", glp_mip_obj_val(p));
    cr_expect(near(mip_optimum(q), want), "built: %g", glp_mip_obj_val(q));
    glp_delete_prob(p);
    cr_expect(eq(int, remove(path), 0));
    cr_expect(eq(int, rmdir(dir), 0), "nothing but the file was left in %s", dir);
    release(&fx);
}

Test(formulate, the_lp_file_reads_back_as_the_same_programme)
{
    expect_round_trip(FPT_LP_CPLEX);
}

Test(formulate, the_mps_file_reads_back_as_the_same_programme)
{
    expect_round_trip(FPT_LP_MPS);
}

Test(formulate, an_unwritable_path_is_an_io_error)
{
    fixture fx = hand(true, FPT_LP_APPRAISAL);
    fpt_error err = {0};
    const char *path = "/nonexistent-dir/programme.lp";
    cr_expect(eq(int, fpt_lp_write(fx.lp, fx.m, fx.s, path, FPT_LP_CPLEX, &err), FPT_EIO));
    cr_expect(eq(str, err.file, (char *)path));
    cr_expect(eq(int, glp_get_num_rows(fx.lp->prob), 6), "the programme survives");
    release(&fx);
}
