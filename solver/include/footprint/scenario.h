/* SPDX-License-Identifier: MIT */
/*
 * The in-memory scenario: the population, footprint levels, finance, criteria weights,
 * skill supply, locks and per-scenario overrides of model values (docs/formats.md).
 *
 * Plain data like the model: load/scenario_xml.c fills it, geo/realunits.c makes the real
 * units of a scenario that names a geography, model/validate.c checks it against a model,
 * resolves references and orders the levels by unit population; afterwards it is read-only.
 */
#ifndef FPT_SCENARIO_H
#define FPT_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>

#include "footprint/error.h"
#include "footprint/model.h"

/** How a level was given in the file. */
typedef enum fpt_level_kind {
    FPT_LEVEL_BY_UNITS = 0,     /**< a unit count N_l */
    FPT_LEVEL_BY_POPULATION = 1 /**< a unit population P_l; N_l = max(1, round(Pop / P_l)) */
} fpt_level_kind;

/** How a level's units are made when the scenario names a geography (docs/model.md). */
typedef enum fpt_grouping {
    FPT_GROUPING_NONE = 0,  /**< no geography: N_l equal units of Pop / N_l */
    FPT_GROUPING_CCG,       /**< each CCG is a unit */
    FPT_GROUPING_AREA,      /**< the geography's area column: area teams (2013), STPs (2021) */
    FPT_GROUPING_REGION,    /**< the geography's region column */
    FPT_GROUPING_NATIONAL,  /**< one unit of every CCG */
    FPT_GROUPING_PARTITION, /**< a partition file written by `footprint districts --format csv` */
    FPT_GROUPING_COUNT
} fpt_grouping;

/** One real unit of a grouped level: a set of CCGs around a centre CCG. */
typedef struct fpt_real_unit {
    char *label;      /**< the area or region, or the centre CCG's name */
    char *centre;     /**< code of the centre CCG */
    double pop;       /**< population of its CCGs */
    size_t n_members; /**< CCGs in it */
    double mean_km;   /**< population-weighted mean distance of its CCGs' centroids to the centre */
} fpt_real_unit;

typedef struct fpt_level {
    char *id;
    char *name;
    fpt_level_kind kind;
    double spec;     /**< the units or unit-population figure as written */
    long n_units;    /**< N_l; set by validation (grouped: the number of real units) */
    double unit_pop; /**< Pop / N_l; set by validation */
    long line;
    fpt_grouping grouping; /**< FPT_GROUPING_NONE unless the scenario names a geography */
    char *file;            /**< the partition file, for FPT_GROUPING_PARTITION: as written
                                until the units are made, then the path it was read from */
    fpt_real_unit *units;  /**< [n_units] when grouped, ordered by centre code; else NULL */
    size_t *unit_of;       /**< [CCGs of the geography, by code] index into units, when grouped */
    size_t n_ccgs;         /**< length of unit_of */
    double distance_km; /**< D_l: population-weighted distance of a person to the unit's centre */
    double customers;   /**< c_l: population-weighted geometric mean of CCGs per unit */
} fpt_level;

typedef struct fpt_area {
    char *id;
    double population;
    long line;
} fpt_area;

typedef struct fpt_supply {
    char *pool_id;
    size_t pool;        /**< index into the model's pools; set by validation */
    bool limited;       /**< false: unlimited supply */
    double supply_wte;  /**< when limited */
    double premium_gbp; /**< £ per scarce WTE per year */
    bool premium_given; /**< the file gave premium-gbp; otherwise it is 0 (or the model's) */
    long line;          /**< 0 with from_model */
    bool from_model;    /**< the scenario left the pool out: the model's default (validation
                             adds it; docs/formats.md "Defaults") */
} fpt_supply;

typedef enum fpt_lock_mode { FPT_LOCK_FIX = 0, FPT_LOCK_FORBID = 1 } fpt_lock_mode;

typedef struct fpt_lock {
    char *function_id;
    char *level_id;
    size_t function; /**< set by validation */
    size_t level;    /**< index into the ordered levels; set by validation */
    fpt_lock_mode mode;
    long line;
} fpt_lock;

/** What a <set> changes; parsed from its field by validation. */
typedef enum fpt_set_kind {
    FPT_SET_RATING = 0, /**< rating.<criterion>; criterion in k */
    FPT_SET_STAFF_PER_100K,
    FPT_SET_SALARY,
    FPT_SET_PARAMETER, /**< parameter.<name>; the criterion owning it in k */
    FPT_SET_LINK       /**< link.<function>; the other function in other */
} fpt_set_kind;

typedef struct fpt_set {
    char *function_id;
    char *field;
    double value;
    size_t function;   /**< set by validation */
    fpt_set_kind kind; /**< set by validation */
    int k;             /**< criterion, for RATING and PARAMETER; FPT_K_LINKS for LINK; else -1 */
    size_t other;      /**< other function, for LINK */
    long line;
} fpt_set;

/** What a sweep axis changes; parsed from its target by validation (docs/formats.md). */
typedef enum fpt_axis_kind {
    FPT_AXIS_POPULATION = 0,   /**< population.total */
    FPT_AXIS_POPULATION_SCALE, /**< population.scale: a multiplier on every area or the total */
    FPT_AXIS_LEVEL_UNITS,      /**< level.<id>.units */
    FPT_AXIS_LEVEL_POPULATION, /**< level.<id>.unit-population */
    FPT_AXIS_FINANCE,          /**< finance.<attribute>; which in `index` (0..3, file order) */
    FPT_AXIS_WEIGHT,           /**< weight.<criterion>; criterion in `index` */
    FPT_AXIS_SUPPLY,           /**< supply.<pool>.supply-wte; pool in `index` */
    FPT_AXIS_PREMIUM,          /**< supply.<pool>.premium-gbp; pool in `index` */
    FPT_AXIS_SET               /**< set.<function>.<field>: a scenario <set> */
} fpt_axis_kind;

/** One sweep axis: a target and the values it takes, in file order. */
typedef struct fpt_axis {
    char *target;
    double *values;
    size_t n_values;
    long line;
    fpt_axis_kind kind; /**< set by validation */
    size_t index;       /**< criterion, pool or finance attribute; set by validation */
    char *name;         /**< level id, or the set's function id; set by validation */
    char *field;        /**< the set's field; set by validation */
} fpt_axis;

/** Monte Carlo over a scenario (docs/formats.md "Sweeps and Monte Carlo"). */
typedef struct fpt_montecarlo {
    bool present;
    long samples;       /**< draws per grid point (>= 1) */
    double seed;        /**< base seed, an integer 0 .. 2^53 */
    bool weights;       /**< weights uniform on the simplex, scaled to the base weights' sum */
    double rating_up;   /**< probability that a rating moves up by one */
    double rating_down; /**< probability that a rating moves down by one */
    double cost_spread; /**< staff per 100k and salary each scaled by U(1 − x, 1 + x) */
    long line;
} fpt_montecarlo;

/**
 * One figure of the transition's cost (docs/formats.md "Transition"), in months: of the freed
 * staff's salary per WTE no longer needed (redundancy), of the new units' running cost
 * (double running), or of the new units' staff time (productivity loss).
 */
typedef struct fpt_transition_cost {
    bool present;  /**< the file gave it; otherwise months is 0 */
    double months; /**< ≥ 0 */
    char *basis;   /**< "source: …" (a public source cited) or "judgement: …" */
    long line;
} fpt_transition_cost;

/** Where a function is delivered today, before the plan (a <current> element). */
typedef struct fpt_current {
    char *function_id;
    char *level_id;
    size_t function; /**< set by validation */
    size_t level;    /**< index into the ordered levels; set by validation */
    long line;
} fpt_current;

/**
 * The cost of getting from the current footprint to a plan (docs/model.md M15). Every
 * function not named in current sits today at the most local level; without a <transition>
 * element every cost is 0 and the term vanishes.
 */
typedef struct fpt_transition {
    bool present; /**< the file gave <transition> */
    long line;
    fpt_transition_cost redundancy;     /**< months of salary per WTE no longer needed */
    fpt_transition_cost double_running; /**< months the new units run beside the old */
    fpt_transition_cost productivity;   /**< months of the new units' staff time lost */
    fpt_current *current;
    size_t n_current;
    double weight;    /**< w_T, the term's weight in the objective (default 1) */
    long weight_line; /**< line of <weights> when it gave the weight, else 0 */
} fpt_transition;

typedef struct fpt_scenario {
    char *file;           /**< the path it was loaded from, or "<stdin>" */
    char fnv1a64[17];     /**< FNV-1a 64 of the bytes loaded, hex (the provenance stamp's); "" */
    char *geography;      /**< the geography file as written (relative to file), or NULL */
    char *geography_path; /**< where it was read from; set when the units are made */
    long geography_line;  /**< line of <geography> */
    char *id;
    char *title;
    char *description;
    long line;         /**< line of the <scenario> element */
    double population; /**< Pop: total, or the sum of areas */
    bool population_from_areas;
    fpt_area *areas;
    size_t n_areas;
    long population_line;
    fpt_level *levels; /**< ordered by unit population after validation */
    size_t n_levels;
    bool levels_default; /**< the file gave no <levels>: the four defaults are used */
    long levels_line;    /**< line of <levels>, or 0 for the defaults */
    double allowance_per_head_gbp;
    double support_share;
    double horizon_years;
    double discount_rate;
    long finance_line;
    unsigned finance_given; /**< bit i: the file gave finance attribute i (allowance, support
                                 share, horizon, discount rate); the others keep their default */
    double weight[FPT_N_CRITERIA];
    long weights_line;
    unsigned weights_given; /**< bit k: the file gave criterion k's weight; the others are 1 */
    fpt_supply *supplies;
    size_t n_supplies;
    fpt_lock *locks;
    size_t n_locks;
    fpt_set *sets;
    size_t n_sets;
    fpt_axis *axes; /**< sweep axes, combined as a Cartesian product */
    size_t n_axes;
    fpt_montecarlo mc;
    fpt_transition transition;
} fpt_scenario;

/**
 * Allocate a scenario owning a copy of file, with every default of docs/formats.md filled
 * in: finance (£25, 0.5, 5 years, 3.5%), unit weights and no levels (the loader adds the
 * four default levels when the file gives none). Returns FPT_OK or FPT_ENOMEM.
 */
fpt_status fpt_scenario_create(const char *file, fpt_scenario **out, fpt_error *err);

/**
 * Append the four default levels (local 211 units, hub 5,000,000, sub-national 4 units,
 * national 1 unit) to a scenario that has none. Returns FPT_OK or FPT_ENOMEM.
 */
fpt_status fpt_scenario_add_default_levels(fpt_scenario *s, fpt_error *err);

/** Parse a grouping name ("ccg", "area", "region", "national", "partition"); -1 if unknown. */
int fpt_grouping_from_name(const char *name);

/** The name of a grouping, as written in scenario files. */
const char *fpt_grouping_name(fpt_grouping g);

/** Free the real units of a level (units, unit_of), leaving it ungrouped-in-memory. */
void fpt_level_clear_units(fpt_level *lv);

/**
 * Return the level at which function f < n_functions sits today: its <current> level (the
 * last one given), else 0, the most local. Needs a validated scenario. Can't fail.
 */
size_t fpt_scenario_current_level(const fpt_scenario *s, size_t f);

/**
 * Return whether the scenario gives a <transition> (whatever its costs). When false the
 * transition term is 0 everywhere, every function's current level is the local one, and
 * reports leave the transition out. Can't fail.
 */
bool fpt_scenario_has_transition(const fpt_scenario *s);

/** Return the level index with this id, or -1. */
long fpt_scenario_find_level(const fpt_scenario *s, const char *id);

/**
 * Deep-copy a scenario, resolved indices included. The copy owns everything it points to.
 * Returns FPT_OK or FPT_ENOMEM (then *out is NULL). Thread safe: reads s only.
 */
fpt_status fpt_scenario_copy(const fpt_scenario *s, fpt_scenario **out);

/** Free a scenario and everything it owns. Accepts NULL. */
void fpt_scenario_free(fpt_scenario *s);

#endif
