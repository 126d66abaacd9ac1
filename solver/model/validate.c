/* SPDX-License-Identifier: MIT */
/*
 * Meaning checks (model/validate.h): everything docs/formats.md says about a model or a
 * scenario that its schema cannot, checked on the in-memory structures.
 *
 * Each failed check appends one finding "context: what is wrong (expected …)" with file
 * and line, and checking goes on, so a user sees every problem in one run. Along the way
 * references are resolved into the index fields and scenario levels are given their unit
 * counts (N_l) and sorted by unit population. No XML, no I/O, no global state.
 */
#include "model/validate.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"

enum { MAX_ID_LEN = 64 };

/* Unit counts beyond this are certainly a mistake, and keep N_l well inside a long. */
static const double MAX_UNITS = 1e12;

/*
 * The largest value any number of a model or scenario may take (docs/formats.md "Numbers"):
 * far beyond any real salary, population or weight, yet small enough that the products the
 * appraisal forms of several such values (docs/model.md M1-M13: at most six factors) stay
 * far inside a double, so no coefficient overflows to infinity.
 */
static const double MAX_VALUE = 1e12;

/* The smallest non-zero value, for the same reason: 1e-12 is below any real figure. */
static const double MIN_VALUE = 1e-12;

/* The smallest discount rate told apart from 0: below it 1 + rho rounds to 1 in M11. */
static const double MIN_RATE = 1e-6;

/* A shares-sum-to-one tolerance (docs/formats.md "draws"). */
static const double SHARE_TOLERANCE = 1e-9;

typedef struct checker {
    fpt_diags *d;
    const char *file;
    fpt_status status; /* FPT_OK, FPT_EINVALID after a finding, FPT_ENOMEM */
} checker;

/* An allowed interval for a number, with the words that describe it in messages. */
typedef struct range {
    double lo, hi;
    bool lo_open, hi_open;
    const char *text;
} range;

static const range POSITIVE = {0, INFINITY, true, false, "a finite number > 0"};
static const range NON_NEGATIVE = {0, INFINITY, false, false, "a finite number >= 0"};
static const range SHARE = {0, 1, true, false, "a finite number in (0, 1]"};
static const range AT_LEAST_ONE = {1, INFINITY, false, false, "a finite number >= 1"};
static const range RATE = {0, 1, false, true, "a finite number in [0, 1)"};
static const range MONTHS = {0, 120, false, false, "a finite number of months in [0, 120]"};

/* docs/formats.md "Calibration parameters", indexed by criterion. */
static const range PARAMETER_RANGE[FPT_N_CRITERIA] = {
    {0, INFINITY, false, false, "a finite number >= 0"},
    {0, INFINITY, false, false, "a finite number >= 0"},
    {0, INFINITY, false, false, "a finite number >= 0"},
    {0, 1, false, false, "a finite number in [0, 1]"},
    {0, INFINITY, false, false, "a finite number >= 0"},
    {0, 1, true, false, "a finite number in (0, 1]"},
    {0, INFINITY, false, false, "a finite number >= 0"},
    {0, INFINITY, false, false, "a finite number >= 0"},
};

static void find(checker *c, long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void find(checker *c, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fpt_diags_note(c->d, &c->status, c->file, line, fmt, ap);
    va_end(ap);
}

static const char *str(const char *s)
{
    return s != NULL ? s : "";
}

/* Format x for a message: "%g", or the XSD spelling of a non-finite value. */
static const char *num(char *buf, size_t size, double x)
{
    if (isnan(x)) {
        return "NaN";
    }
    if (isinf(x)) {
        return x > 0 ? "INF" : "-INF";
    }
    snprintf(buf, size, "%g", x);
    return buf;
}

static bool in_range(double x, const range *r)
{
    if (!isfinite(x)) {
        return false;
    }
    bool lo_ok = r->lo_open ? x > r->lo : x >= r->lo;
    bool hi_ok = r->hi_open ? x < r->hi : x <= r->hi;
    return lo_ok && hi_ok;
}

/* ---- did you mean ------------------------------------------------------------------------ */

static const char *function_id_at(const fpt_model *m, size_t i)
{
    return m->functions[i].id;
}

static const char *pool_id_at(const fpt_model *m, size_t i)
{
    return m->pools[i].id;
}

/* "; did you mean 'bi-data'?" into buf when id looks like a slip of one of the n ids that at
 * gives; "" otherwise (or when out of memory: a suggestion is a courtesy). */
static void suggest(const fpt_model *m, const char *(*at)(const fpt_model *, size_t), size_t n,
                    const char *id, char *buf, size_t size)
{
    buf[0] = '\0';
    const char **ids = id != NULL && n > 0 ? calloc(n, sizeof *ids) : NULL;
    if (ids == NULL) {
        return;
    }
    for (size_t i = 0; i < n; i++) {
        ids[i] = at(m, i) != NULL ? at(m, i) : "";
    }
    long k = fpt_text_nearest(id, strlen(id), ids, n);
    if (k >= 0) {
        snprintf(buf, size, "; did you mean '%s'?", ids[k]);
    }
    free(ids);
}

/*
 * Check x against r; what names the number with its context ("function 'a': share …"). A
 * range open upwards still stops at MAX_VALUE, and a value other than 0 is at least MIN_VALUE.
 */
static bool check_number(checker *c, long line, const char *what, double x, const range *r)
{
    char buf[32];
    if (!in_range(x, r)) {
        find(c, line, "%s is %s (expected %s)", what, num(buf, sizeof buf, x), r->text);
        return false;
    }
    if (x > MAX_VALUE) {
        find(c, line,
             "%s is %s, too large (expected at most 1e+12, so that the appraisal's products "
             "stay finite)",
             what, num(buf, sizeof buf, x));
        return false;
    }
    if (x > 0 && x < MIN_VALUE) {
        find(c, line,
             "%s is %s, too small (expected %sat least 1e-12, so that the appraisal's products "
             "neither underflow nor defeat the solver's scaling)",
             what, num(buf, sizeof buf, x), r->lo_open ? "" : "0 or ");
        return false;
    }
    return true;
}

static bool is_int_in(double x, double lo, double hi)
{
    return isfinite(x) && x == floor(x) && x >= lo && x <= hi;
}

static bool is_id(const char *s)
{
    if (s == NULL || s[0] == '\0' || s[0] == '-' || strlen(s) > MAX_ID_LEN) {
        return false;
    }
    for (const char *p = s; *p != '\0'; p++) {
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')) {
            return false;
        }
    }
    return true;
}

static void check_id(checker *c, long line, const char *what, const char *id)
{
    if (!is_id(id)) {
        find(c, line,
             "%s id '%s' is not a valid identifier (expected [a-z0-9][a-z0-9-]*, "
             "at most %d characters)",
             what, str(id), MAX_ID_LEN);
    }
}

/* Whether a required text is missing: NULL, empty or only white space. */
static bool is_blank(const char *s)
{
    for (; s != NULL && *s != '\0'; s++) {
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') {
            return false;
        }
    }
    return true;
}

static bool same(const char *a, const char *b)
{
    return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/*
 * docs/model.md M9: the link term takes link-share from the calibration table at each link's
 * strength, a property of the pair, so a per-function link-share means nothing.
 */
static const char LINK_SHARE_NOTE[] =
    "link-share cannot be overridden for one function (expected no override or set of "
    "link-share: the link term takes it from the calibration table at each link's strength, "
    "docs/model.md M9; change the link's strength with link.<function> instead)";

/* ---- model ---------------------------------------------------------------------------- */

static void check_monotone(checker *c, int k, const fpt_calibration *t)
{
    bool decreasing = k == FPT_K_SCALE; /* stronger economies of scale: smaller β */
    for (int r = 1; r < FPT_N_RATINGS; r++) {
        double step = t->value[r] - t->value[r - 1];
        if (decreasing ? step > 0 : step < 0) {
            find(c, t->line,
                 "calibration table for '%s' %s from %g at rating %d to %g at "
                 "rating %d (expected %s values, so that a higher rating acts in the "
                 "criterion's direction)",
                 fpt_criterion_id(k), decreasing ? "rises" : "falls", t->value[r - 1], r - 1,
                 t->value[r], r, decreasing ? "non-increasing" : "non-decreasing");
            return;
        }
    }
}

static void check_calibration(checker *c, const fpt_model *m)
{
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        const fpt_calibration *t = &m->calibration[k];
        if (!t->present) {
            find(c, m->calibration_line,
                 "calibration: no table for criterion '%s' (expected "
                 "exactly one <table> per criterion, eight in all)",
                 fpt_criterion_id(k));
            continue;
        }
        bool ok = true;
        for (int r = 0; r < FPT_N_RATINGS; r++) {
            char what[128];
            snprintf(what, sizeof what, "calibration table for '%s': %s at rating %d",
                     fpt_criterion_id(k), fpt_parameter_id(k), r);
            ok = check_number(c, t->line, what, t->value[r], &PARAMETER_RANGE[k]) && ok;
        }
        if (ok) {
            check_monotone(c, k, t);
        }
    }
}

static void check_pools(checker *c, const fpt_model *m)
{
    for (size_t p = 0; p < m->n_pools; p++) {
        const fpt_pool *pool = &m->pools[p];
        check_id(c, pool->line, "skill pool", pool->id);
        char what[128];
        snprintf(what, sizeof what, "skill pool '%s': supply-wte", str(pool->id));
        if (pool->default_limited) {
            check_number(c, pool->line, what, pool->default_supply_wte, &NON_NEGATIVE);
        }
        snprintf(what, sizeof what, "skill pool '%s': premium-gbp", str(pool->id));
        check_number(c, pool->line, what, pool->default_premium_gbp, &NON_NEGATIVE);
        for (size_t q = 0; q < p; q++) {
            if (same(m->pools[q].id, pool->id)) {
                find(c, pool->line,
                     "skill pool id '%s' is used twice (expected unique pool "
                     "ids; the first is at line %ld)",
                     str(pool->id), m->pools[q].line);
                break;
            }
        }
    }
}

static void check_function_head(checker *c, const fpt_model *m, size_t f)
{
    const fpt_function *fn = &m->functions[f];
    check_id(c, fn->line, "function", fn->id);
    for (size_t g = 0; g < f; g++) {
        if (same(m->functions[g].id, fn->id)) {
            find(c, fn->line,
                 "function id '%s' is used twice (expected unique function ids; "
                 "the first is at line %ld)",
                 str(fn->id), m->functions[g].line);
            break;
        }
    }
    if (fpt_category_from_id(fn->category) < 0) {
        find(c, fn->line,
             "function '%s': category '%s' is unknown (expected one of the seven "
             "categories of docs/formats.md)",
             str(fn->id), str(fn->category));
    }
    char what[160];
    snprintf(what, sizeof what, "function '%s': staff per-100k", str(fn->id));
    check_number(c, fn->staff_line, what, fn->staff_per_100k, &POSITIVE);
    snprintf(what, sizeof what, "function '%s': staff salary-gbp", str(fn->id));
    check_number(c, fn->staff_line, what, fn->salary_gbp, &POSITIVE);
}

static void check_ratings(checker *c, const fpt_function *fn)
{
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        if (!fn->rating_present[k]) {
            find(c, fn->line,
                 "function '%s': no rating for '%s' (expected exactly one "
                 "<rating> per criterion, eight in all)",
                 str(fn->id), fpt_criterion_id(k));
        } else if (fn->rating[k] < 0 || fn->rating[k] >= FPT_N_RATINGS) {
            find(c, fn->rating_line[k],
                 "function '%s': rating for '%s' is %d (expected an "
                 "integer 0..4)",
                 str(fn->id), fpt_criterion_id(k), fn->rating[k]);
        } else if (is_blank(fn->rationale[k])) {
            find(c, fn->rating_line[k],
                 "function '%s': rating for '%s' has no rationale "
                 "(expected a one-line reason as the element's text)",
                 str(fn->id), fpt_criterion_id(k));
        }
    }
}

static void check_draw(checker *c, const fpt_model *m, fpt_function *fn, size_t i)
{
    fpt_draw *draw = &fn->draws[i];
    long p = fpt_model_find_pool(m, draw->pool_id);
    if (p < 0) {
        char hint[128];
        suggest(m, pool_id_at, m->n_pools, draw->pool_id, hint, sizeof hint);
        find(c, draw->line,
             "function '%s': draws on unknown pool '%s' (expected the id of a "
             "<pool> in <skill-pools>%s)",
             str(fn->id), str(draw->pool_id), hint);
    } else {
        draw->pool = (size_t)p;
    }
    for (size_t j = 0; j < i; j++) {
        if (same(fn->draws[j].pool_id, draw->pool_id)) {
            find(c, draw->line,
                 "function '%s': draws on pool '%s' twice (expected one "
                 "<draws> per pool; the first is at line %ld)",
                 str(fn->id), str(draw->pool_id), fn->draws[j].line);
            break;
        }
    }
    char what[160];
    snprintf(what, sizeof what, "function '%s': share drawn from '%s'", str(fn->id),
             str(draw->pool_id));
    check_number(c, draw->line, what, draw->share, &SHARE);
}

static void check_draws(checker *c, const fpt_model *m, fpt_function *fn)
{
    double sum = 0;
    for (size_t i = 0; i < fn->n_draws; i++) {
        check_draw(c, m, fn, i);
        sum += fn->draws[i].share;
    }
    if (fn->n_draws > 0 && isfinite(sum) && fabs(sum - 1) > SHARE_TOLERANCE) {
        find(c, fn->draws[0].line,
             "function '%s': the shares drawn from skill pools sum to "
             "%.12g (expected 1)",
             str(fn->id), sum);
    }
    int scarcity = fn->rating[FPT_K_SCARCITY];
    if (fn->n_draws == 0 && fn->rating_present[FPT_K_SCARCITY] && scarcity > 0) {
        find(c, fn->rating_line[FPT_K_SCARCITY],
             "function '%s': scarcity rating is %d but the "
             "function draws on no skill pool (expected at least one <draws> when the scarcity "
             "rating is above 0)",
             str(fn->id), scarcity);
    }
}

static void check_overrides(checker *c, const fpt_function *fn)
{
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        const fpt_override *o = &fn->override[k];
        if (!o->present) {
            continue;
        }
        char what[160];
        snprintf(what, sizeof what, "function '%s': override of '%s'", str(fn->id),
                 fpt_parameter_id(k));
        if (k == FPT_K_LINKS) {
            find(c, o->line, "function '%s': %s", str(fn->id), LINK_SHARE_NOTE);
            continue;
        }
        check_number(c, o->line, what, o->value, &PARAMETER_RANGE[k]);
        if (is_blank(o->source)) {
            find(c, o->line,
                 "function '%s': override of '%s' has no source (expected a seed "
                 "citation or a marked judgement)",
                 str(fn->id), fpt_parameter_id(k));
        }
    }
}

static void check_functions(checker *c, fpt_model *m)
{
    if (m->n_functions == 0) {
        find(c, m->line, "model '%s' has no functions (expected at least one <function>)",
             str(m->id));
    }
    for (size_t f = 0; f < m->n_functions; f++) {
        check_function_head(c, m, f);
        check_ratings(c, &m->functions[f]);
        check_draws(c, m, &m->functions[f]);
        check_overrides(c, &m->functions[f]);
    }
}

/* Resolve one end of a link; returns false when it names no function. */
static bool resolve_end(checker *c, const fpt_model *m, const fpt_link *ln, const char *id,
                        size_t *out)
{
    long f = fpt_model_find_function(m, id);
    if (f < 0) {
        char hint[128];
        suggest(m, function_id_at, m->n_functions, id, hint, sizeof hint);
        find(c, ln->line,
             "link from '%s' to '%s': unknown function '%s' (expected the id of a "
             "<function>%s)",
             str(ln->from_id), str(ln->to_id), str(id), hint);
        return false;
    }
    *out = (size_t)f;
    return true;
}

static bool same_pair(const fpt_link *a, const fpt_link *b)
{
    return (a->from == b->from && a->to == b->to) || (a->from == b->to && a->to == b->from);
}

/* Returns whether the link is usable for the links-rating check. */
static bool check_link(checker *c, fpt_model *m, size_t i, bool *ok)
{
    fpt_link *ln = &m->links[i];
    bool from_ok = resolve_end(c, m, ln, ln->from_id, &ln->from);
    bool to_ok = resolve_end(c, m, ln, ln->to_id, &ln->to);
    ok[i] = from_ok && to_ok;
    if (ok[i] && ln->from == ln->to) {
        find(c, ln->line,
             "link from '%s' to '%s': a function cannot link to itself (expected "
             "two different functions)",
             str(ln->from_id), str(ln->to_id));
        ok[i] = false;
    }
    if (ln->strength < 1 || ln->strength > 4) {
        find(c, ln->line, "link from '%s' to '%s': strength is %d (expected an integer 1..4)",
             str(ln->from_id), str(ln->to_id), ln->strength);
        ok[i] = false;
    }
    for (size_t j = 0; ok[i] && j < i; j++) {
        if (ok[j] && same_pair(&m->links[j], ln)) {
            find(c, ln->line,
                 "link between '%s' and '%s' is given twice (expected each pair "
                 "at most once; the first is at line %ld)",
                 str(ln->from_id), str(ln->to_id), m->links[j].line);
            break;
        }
    }
    return ok[i];
}

/* docs/formats.md: the links rating equals the strongest link the function takes part in. */
static void check_links_rating(checker *c, const fpt_model *m, const bool *ok)
{
    for (size_t f = 0; f < m->n_functions; f++) {
        const fpt_function *fn = &m->functions[f];
        int rating = fn->rating[FPT_K_LINKS];
        if (!fn->rating_present[FPT_K_LINKS] || rating < 0 || rating > 4) {
            continue;
        }
        int strongest = 0;
        for (size_t i = 0; i < m->n_links; i++) {
            const fpt_link *ln = &m->links[i];
            if (ok[i] && (ln->from == f || ln->to == f) && ln->strength > strongest) {
                strongest = ln->strength;
            }
        }
        if (rating != strongest) {
            find(c, fn->rating_line[FPT_K_LINKS],
                 "function '%s': links rating is %d but its "
                 "strongest link has strength %d (expected the links rating to equal its "
                 "strongest link, 0 when it has none)",
                 str(fn->id), rating, strongest);
        }
    }
}

static void check_links(checker *c, fpt_model *m)
{
    bool *ok = calloc(m->n_links + 1, sizeof *ok);
    if (ok == NULL) {
        c->status = FPT_ENOMEM;
        return;
    }
    for (size_t i = 0; i < m->n_links; i++) {
        check_link(c, m, i, ok);
    }
    check_links_rating(c, m, ok);
    free(ok);
}

fpt_status fpt_model_validate(fpt_model *m, fpt_diags *d)
{
    checker c = {.d = d, .file = m->file};
    check_id(&c, m->line, "model", m->id);
    check_calibration(&c, m);
    check_pools(&c, m);
    check_functions(&c, m);
    check_links(&c, m);
    return c.status;
}

/* ---- scenario on its own --------------------------------------------------------------- */

/* Pop: the total, or the sum of the areas; returns whether it is usable. */
static bool check_population(checker *c, fpt_scenario *s)
{
    if (s->geography != NULL) {
        return s->population > 0; /* from the CCGs; realunits.c reported any problem */
    }
    if (!s->population_from_areas) {
        return check_number(c, s->population_line, "population total", s->population, &POSITIVE);
    }
    bool ok = s->n_areas > 0;
    double sum = 0;
    for (size_t i = 0; i < s->n_areas; i++) {
        const fpt_area *area = &s->areas[i];
        char what[128];
        snprintf(what, sizeof what, "area '%s': population", str(area->id));
        check_id(c, area->line, "area", area->id);
        ok = check_number(c, area->line, what, area->population, &POSITIVE) && ok;
        for (size_t j = 0; j < i; j++) {
            if (same(s->areas[j].id, area->id)) {
                find(c, area->line,
                     "area id '%s' is used twice (expected unique area ids; the "
                     "first is at line %ld)",
                     str(area->id), s->areas[j].line);
                break;
            }
        }
        sum += area->population;
    }
    s->population = sum;
    return ok && check_number(c, s->population_line, "population total", sum, &POSITIVE);
}

/* N_l from the level's definition (docs/formats.md "levels"); returns 0 when impossible. */
static long count_units(checker *c, const fpt_level *lv, double pop, bool pop_ok)
{
    char buf[32];
    if (lv->kind == FPT_LEVEL_BY_UNITS) {
        if (!is_int_in(lv->spec, 1, MAX_UNITS)) {
            find(c, lv->line, "level '%s': units is %s (expected a positive integer)", str(lv->id),
                 num(buf, sizeof buf, lv->spec));
            return 0;
        }
        return (long)lv->spec;
    }
    char what[128];
    snprintf(what, sizeof what, "level '%s': unit-population", str(lv->id));
    if (!check_number(c, lv->line, what, lv->spec, &POSITIVE) || !pop_ok) {
        return 0;
    }
    double n = pop / lv->spec;
    if (n > MAX_UNITS) {
        find(c, lv->line,
             "level '%s': unit-population %g gives %g units (expected at most "
             "10^12 units)",
             str(lv->id), lv->spec, n);
        return 0;
    }
    long rounded = lround(n);
    return rounded > 1 ? rounded : 1; /* N_l = max(1, round(Pop / P_l)) */
}

/* Stable insertion sort by unit population, smallest (local) first; L is small. */
static void sort_levels(fpt_scenario *s)
{
    for (size_t i = 1; i < s->n_levels; i++) {
        fpt_level key = s->levels[i];
        size_t j = i;
        while (j > 0 && s->levels[j - 1].unit_pop > key.unit_pop) {
            s->levels[j] = s->levels[j - 1];
            j--;
        }
        s->levels[j] = key;
    }
}

static void check_level_ids(checker *c, const fpt_scenario *s)
{
    for (size_t l = 0; l < s->n_levels; l++) {
        const fpt_level *lv = &s->levels[l];
        check_id(c, lv->line, "level", lv->id);
        for (size_t j = 0; j < l; j++) {
            if (same(s->levels[j].id, lv->id)) {
                find(c, lv->line,
                     "level id '%s' is used twice (expected unique level ids; the "
                     "first is at line %ld)",
                     str(lv->id), s->levels[j].line);
                break;
            }
        }
    }
}

static void check_levels(checker *c, fpt_scenario *s, bool pop_ok)
{
    if (s->n_levels < 2) {
        find(c, s->levels_line, "the scenario has %zu level%s (expected at least two)", s->n_levels,
             s->n_levels == 1 ? "" : "s");
    }
    check_level_ids(c, s);
    bool all_ok = pop_ok;
    for (size_t l = 0; l < s->n_levels; l++) {
        fpt_level *lv = &s->levels[l];
        if (s->geography != NULL) {
            all_ok = all_ok && lv->n_units > 0; /* counted from the CCGs by realunits.c */
            continue;
        }
        lv->n_units = count_units(c, lv, s->population, pop_ok);
        lv->unit_pop = lv->n_units > 0 ? s->population / (double)lv->n_units : 0;
        all_ok = all_ok && lv->n_units > 0;
    }
    if (!all_ok) {
        return;
    }
    sort_levels(s);
    for (size_t l = 1; l < s->n_levels; l++) {
        const fpt_level *a = &s->levels[l - 1], *b = &s->levels[l];
        if (a->n_units == b->n_units) {
            const fpt_level *later = a->line > b->line ? a : b;
            find(c, later->line,
                 "levels '%s' and '%s' both have %ld units (expected a "
                 "different unit count for each level)",
                 str(a->id), str(b->id), a->n_units);
        } else if (s->geography != NULL && b->distance_km < a->distance_km) {
            find(c, b->line,
                 "level '%s' has fewer, larger units than level '%s' but its people are "
                 "nearer their centres (%.1f km against %.1f km; expected the distance to grow "
                 "with the size of the units, docs/model.md \"Real units\")",
                 str(b->id), str(a->id), b->distance_km, a->distance_km);
        }
    }
}

static void check_finance(checker *c, const fpt_scenario *s)
{
    long line = s->finance_line;
    check_number(c, line, "finance allowance-per-head-gbp", s->allowance_per_head_gbp,
                 &NON_NEGATIVE);
    check_number(c, line, "finance support-share", s->support_share, &SHARE);
    check_number(c, line, "finance horizon-years", s->horizon_years, &AT_LEAST_ONE);
    if (in_range(s->discount_rate, &RATE) && s->discount_rate > 0 && s->discount_rate < MIN_RATE) {
        find(c, line,
             "finance discount-rate is %g, too small to tell from 0 (expected 0 or a rate of at "
             "least 1e-06)",
             s->discount_rate);
    } else {
        check_number(c, line, "finance discount-rate", s->discount_rate, &RATE);
    }
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        char what[64];
        snprintf(what, sizeof what, "weight for '%s'", fpt_criterion_id(k));
        check_number(c, s->weights_line, what, s->weight[k], &NON_NEGATIVE);
    }
}

static void check_supplies(checker *c, const fpt_scenario *s)
{
    for (size_t i = 0; i < s->n_supplies; i++) {
        const fpt_supply *sp = &s->supplies[i];
        char what[128];
        if (sp->limited) {
            snprintf(what, sizeof what, "skill-supply for '%s': supply-wte", str(sp->pool_id));
            check_number(c, sp->line, what, sp->supply_wte, &NON_NEGATIVE);
        }
        snprintf(what, sizeof what, "skill-supply for '%s': premium-gbp", str(sp->pool_id));
        check_number(c, sp->line, what, sp->premium_gbp, &NON_NEGATIVE);
        for (size_t j = 0; j < i; j++) {
            if (same(s->supplies[j].pool_id, sp->pool_id)) {
                find(c, sp->line,
                     "skill-supply for pool '%s' is given twice (expected at most "
                     "one per pool; the first is at line %ld)",
                     str(sp->pool_id), s->supplies[j].line);
                break;
            }
        }
    }
}

static bool has_prefix(const char *s, const char *prefix, const char **rest)
{
    size_t n = strlen(prefix);
    if (s == NULL || strncmp(s, prefix, n) != 0) {
        return false;
    }
    *rest = s + n;
    return true;
}

/* "a, b, c": the scenario's level ids, for messages about unknown levels. */
static void list_levels(const fpt_scenario *s, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t l = 0; l < s->n_levels && used < size; l++) {
        int n = snprintf(buf + used, size - used, "%s%s", l > 0 ? ", " : "", str(s->levels[l].id));
        used += n > 0 ? (size_t)n : 0;
    }
}

static void check_locks(checker *c, fpt_scenario *s)
{
    for (size_t i = 0; i < s->n_locks; i++) {
        fpt_lock *lock = &s->locks[i];
        long l = fpt_scenario_find_level(s, lock->level_id);
        if (l >= 0) {
            lock->level = (size_t)l;
            continue;
        }
        char levels[256];
        list_levels(s, levels, sizeof levels);
        find(c, lock->line,
             "lock of '%s': unknown level '%s' (expected one of this "
             "scenario's levels: %s)",
             str(lock->function_id), str(lock->level_id), levels);
    }
}

/* Parse set->field into kind and k (docs/formats.md "set"); returns false after a finding. */
static bool parse_field(checker *c, fpt_set *set)
{
    const char *rest = NULL;
    set->k = -1;
    if (has_prefix(set->field, "rating.", &rest)) {
        set->kind = FPT_SET_RATING;
        set->k = fpt_criterion_from_id(rest);
    } else if (has_prefix(set->field, "parameter.", &rest)) {
        set->kind = FPT_SET_PARAMETER;
        set->k = fpt_criterion_from_parameter(rest);
    } else if (has_prefix(set->field, "link.", &rest)) {
        set->kind = FPT_SET_LINK;
        set->k = FPT_K_LINKS;
        return true;
    } else if (same(set->field, "staff.per-100k") || same(set->field, "staff.salary-gbp")) {
        set->kind = same(set->field, "staff.per-100k") ? FPT_SET_STAFF_PER_100K : FPT_SET_SALARY;
        return true;
    } else {
        find(c, set->line,
             "set on '%s': unknown field '%s' (expected rating.<criterion>, "
             "staff.per-100k, staff.salary-gbp, parameter.<parameter> or link.<function>)",
             str(set->function_id), str(set->field));
        return false;
    }
    if (set->k < 0) {
        find(c, set->line, "set on '%s': field '%s' names no %s (expected one of docs/formats.md)",
             str(set->function_id), str(set->field),
             set->kind == FPT_SET_RATING ? "criterion" : "parameter");
        return false;
    }
    if (set->kind == FPT_SET_PARAMETER && set->k == FPT_K_LINKS) {
        find(c, set->line, "set on '%s': %s", str(set->function_id), LINK_SHARE_NOTE);
        return false;
    }
    if (set->kind == FPT_SET_RATING && set->k == FPT_K_LINKS) {
        find(c, set->line,
             "set on '%s': field 'rating.links' is not settable (expected a change "
             "to the links instead: link.<function>)",
             str(set->function_id));
        return false;
    }
    return true;
}

static void check_set_value(checker *c, const fpt_set *set)
{
    char what[192], buf[32];
    snprintf(what, sizeof what, "set on '%s': %s", str(set->function_id), str(set->field));
    switch (set->kind) {
    case FPT_SET_RATING:
    case FPT_SET_LINK:
        if (!is_int_in(set->value, 0, 4)) {
            find(c, set->line, "%s is %s (expected an integer 0..4)", what,
                 num(buf, sizeof buf, set->value));
        }
        break;
    case FPT_SET_STAFF_PER_100K:
    case FPT_SET_SALARY:
        check_number(c, set->line, what, set->value, &POSITIVE);
        break;
    case FPT_SET_PARAMETER:
        check_number(c, set->line, what, set->value, &PARAMETER_RANGE[set->k]);
        break;
    }
}

static void check_sets(checker *c, fpt_scenario *s)
{
    for (size_t i = 0; i < s->n_sets; i++) {
        fpt_set *set = &s->sets[i];
        if (parse_field(c, set)) {
            check_set_value(c, set);
        }
        for (size_t j = 0; j < i; j++) {
            const fpt_set *other = &s->sets[j];
            if (same(other->function_id, set->function_id) && same(other->field, set->field)) {
                find(c, set->line,
                     "set on '%s': field '%s' is set twice (expected at most one "
                     "set per function and field; the first is at line %ld)",
                     str(set->function_id), str(set->field), other->line);
                break;
            }
        }
    }
}

/* A transition cost's months and basis: a cited public source or a marked judgement. */
static void check_transition_cost(checker *c, const char *name, const fpt_transition_cost *t)
{
    const char *rest = NULL;
    char what[64];
    if (!t->present) {
        return;
    }
    snprintf(what, sizeof what, "transition %s: months", name);
    check_number(c, t->line, what, t->months, &MONTHS);
    if (!(has_prefix(t->basis, "source:", &rest) || has_prefix(t->basis, "judgement:", &rest)) ||
        is_blank(rest)) {
        find(c, t->line,
             "transition %s: basis '%s' (expected \"source: …\" citing a public source, or "
             "\"judgement: …\" saying why)",
             name, str(t->basis));
    }
}

/* Each <current> names a level of this scenario, and each function at most once. */
static void check_current(checker *c, fpt_scenario *s)
{
    fpt_transition *t = &s->transition;
    for (size_t i = 0; i < t->n_current; i++) {
        fpt_current *cur = &t->current[i];
        long l = fpt_scenario_find_level(s, cur->level_id);
        if (l >= 0) {
            cur->level = (size_t)l;
        } else {
            char levels[256];
            list_levels(s, levels, sizeof levels);
            find(c, cur->line,
                 "current footprint of '%s': unknown level '%s' (expected one of this "
                 "scenario's levels: %s)",
                 str(cur->function_id), str(cur->level_id), levels);
        }
        for (size_t j = 0; j < i; j++) {
            if (same(t->current[j].function_id, cur->function_id)) {
                find(c, cur->line,
                     "current footprint of '%s' is given twice (expected at most one; the "
                     "first is at line %ld)",
                     str(cur->function_id), t->current[j].line);
                break;
            }
        }
    }
}

static void check_transition(checker *c, fpt_scenario *s)
{
    const fpt_transition *t = &s->transition;
    check_number(c, t->weight_line != 0 ? t->weight_line : s->weights_line,
                 "weight for 'transition'", t->weight, &NON_NEGATIVE);
    check_transition_cost(c, "redundancy", &t->redundancy);
    check_transition_cost(c, "double-running", &t->double_running);
    check_transition_cost(c, "productivity-loss", &t->productivity);
    check_current(c, s);
}

fpt_status fpt_scenario_validate_self(fpt_scenario *s, fpt_diags *d)
{
    checker c = {.d = d, .file = s->file};
    check_id(&c, s->line, "scenario", s->id);
    bool pop_ok = check_population(&c, s);
    check_levels(&c, s, pop_ok);
    check_finance(&c, s);
    check_supplies(&c, s);
    check_locks(&c, s);
    check_sets(&c, s);
    check_transition(&c, s);
    return c.status;
}

/* ---- scenario against a model -------------------------------------------------------- */

/* Resolve a function id; what says who refers to it. */
static bool resolve_function(checker *c, const fpt_model *m, long line, const char *what,
                             const char *id, size_t *out)
{
    long f = fpt_model_find_function(m, id);
    if (f < 0) {
        char hint[128];
        suggest(m, function_id_at, m->n_functions, id, hint, sizeof hint);
        find(c, line, "%s: unknown function '%s' (expected the id of a function in model '%s'%s)",
             what, str(id), str(m->id), hint);
        return false;
    }
    *out = (size_t)f;
    return true;
}

static void check_set_refs(checker *c, fpt_set *set, const fpt_model *m)
{
    resolve_function(c, m, set->line, "set", set->function_id, &set->function);
    const char *other = NULL;
    if (set->kind != FPT_SET_LINK || !has_prefix(set->field, "link.", &other)) {
        return;
    }
    char what[128];
    snprintf(what, sizeof what, "set on '%s': %s", str(set->function_id), str(set->field));
    if (resolve_function(c, m, set->line, what, other, &set->other) &&
        same(other, set->function_id)) {
        find(c, set->line, "%s links the function to itself (expected another function)", what);
    }
}

/* Whether the scenario names pool p in a skill-supply. */
static bool mentions_pool(const fpt_scenario *s, const fpt_model *m, size_t p)
{
    for (size_t i = 0; i < s->n_supplies; i++) {
        if (same(s->supplies[i].pool_id, m->pools[p].id)) {
            return true;
        }
    }
    return false;
}

/* The model's default supply of every pool with one that the scenario leaves out, added as
 * a supply of the scenario's own (docs/formats.md "Defaults"), so that the appraisal, sweeps
 * and what-ifs all see the same supply. */
static fpt_status add_model_defaults(fpt_scenario *s, const fpt_model *m)
{
    for (size_t p = 0; p < m->n_pools; p++) {
        const fpt_pool *pool = &m->pools[p];
        if (!pool->has_default || mentions_pool(s, m, p)) {
            continue;
        }
        fpt_supply *grown = realloc(s->supplies, (s->n_supplies + 1) * sizeof *grown);
        if (grown == NULL) {
            return FPT_ENOMEM;
        }
        s->supplies = grown;
        grown[s->n_supplies] = (fpt_supply){.pool_id = strdup(pool->id),
                                            .pool = p,
                                            .limited = pool->default_limited,
                                            .supply_wte = pool->default_supply_wte,
                                            .premium_gbp = pool->default_premium_gbp,
                                            .from_model = true};
        if (grown[s->n_supplies].pool_id == NULL) {
            return FPT_ENOMEM;
        }
        s->n_supplies++;
    }
    return FPT_OK;
}

fpt_status fpt_scenario_validate_refs(fpt_scenario *s, const fpt_model *m, fpt_diags *d)
{
    checker c = {.d = d, .file = s->file};
    for (size_t i = 0; i < s->n_supplies; i++) {
        fpt_supply *sp = &s->supplies[i];
        long p = fpt_model_find_pool(m, sp->pool_id);
        if (p < 0) {
            char hint[128];
            suggest(m, pool_id_at, m->n_pools, sp->pool_id, hint, sizeof hint);
            find(&c, sp->line,
                 "skill-supply: unknown pool '%s' (expected the id of a skill pool "
                 "in model '%s'%s)",
                 str(sp->pool_id), str(m->id), hint);
        } else {
            sp->pool = (size_t)p;
        }
    }
    for (size_t i = 0; i < s->n_locks; i++) {
        fpt_lock *lock = &s->locks[i];
        resolve_function(&c, m, lock->line, "lock", lock->function_id, &lock->function);
    }
    for (size_t i = 0; i < s->n_sets; i++) {
        check_set_refs(&c, &s->sets[i], m);
    }
    for (size_t i = 0; i < s->transition.n_current; i++) {
        fpt_current *cur = &s->transition.current[i];
        resolve_function(&c, m, cur->line, "current footprint", cur->function_id, &cur->function);
    }
    if (c.status == FPT_OK) {
        return add_model_defaults(s, m);
    }
    return c.status;
}

/* ---- precedence ---------------------------------------------------------------------------- */

/* What fixes f's parameter for criterion k in s, or NULL: a scenario set, then the model;
 * *file and *line say where. */
static const char *fixed_by(const fpt_scenario *s, const fpt_model *m, size_t f, int k,
                            const char **file, long *line)
{
    for (size_t i = 0; i < s->n_sets; i++) {
        const fpt_set *set = &s->sets[i];
        if (set->kind == FPT_SET_PARAMETER && set->k == k && set->function == f) {
            *file = s->file;
            *line = set->line;
            return "this scenario's set of";
        }
    }
    const fpt_override *o = &m->functions[f].override[k];
    *file = m->file;
    *line = o->line;
    return o->present ? "the model's override of" : NULL;
}

static fpt_status note_rating(const fpt_scenario *s, const fpt_model *m, long line, size_t f, int k,
                              fpt_diags *notes)
{
    const char *file = NULL;
    long at = 0;
    const char *by = fixed_by(s, m, f, k, &file, &at);
    if (by == NULL) {
        return FPT_OK;
    }
    return fpt_diags_add(notes, s->file, line,
                         "set of rating.%s on '%s' has no effect: %s %s at %s:%ld takes "
                         "precedence (a parameter's set, then its override, then its rating, "
                         "docs/model.md \"Precedence\")",
                         fpt_criterion_id(k), str(m->functions[f].id), by, fpt_parameter_id(k),
                         str(file), at);
}

fpt_status fpt_scenario_precedence_notes(const fpt_scenario *s, const fpt_model *m,
                                         fpt_diags *notes)
{
    for (size_t i = 0; i < s->n_sets; i++) {
        const fpt_set *set = &s->sets[i];
        if (set->kind == FPT_SET_RATING && set->k >= 0) {
            FPT_TRY(note_rating(s, m, set->line, set->function, set->k, notes));
        }
    }
    for (size_t a = 0; a < s->n_axes; a++) {
        const fpt_axis *axis = &s->axes[a];
        const char *criterion = NULL;
        long f = axis->kind == FPT_AXIS_SET ? fpt_model_find_function(m, axis->name) : -1;
        int k = f >= 0 && has_prefix(axis->field, "rating.", &criterion)
                    ? fpt_criterion_from_id(criterion)
                    : -1;
        if (k >= 0) {
            FPT_TRY(note_rating(s, m, axis->line, (size_t)f, k, notes));
        }
    }
    return FPT_OK;
}
