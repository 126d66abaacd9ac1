/* SPDX-License-Identifier: MIT */
/*
 * The in-memory model: functions, their ratings and cost figures, skill pools, links and
 * the calibration tables that turn ratings into parameters (docs/model.md, docs/formats.md).
 *
 * A model is plain data. load/model_xml.c fills it from a file, model/validate.c checks it
 * and resolves references (the index fields), and from then on it is read-only and shared by
 * every thread. This module knows nothing of XML or GLPK.
 */
#ifndef FPT_MODEL_H
#define FPT_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "footprint/error.h"

enum {
    FPT_N_CRITERIA = 8, /**< the eight appraisal criteria */
    FPT_N_RATINGS = 5,  /**< ratings 0 (none) .. 4 (very high) */
    FPT_N_CATEGORIES = 7,
    FPT_T_TRANSITION = 8, /**< the transition term's index, numbered after the eight criteria */
    FPT_N_TERMS = 9       /**< the eight criteria's terms and the transition term */
};

/** The eight criteria, in the order of the national option appraisal (k = 0..7). */
typedef enum fpt_criterion {
    FPT_K_KNOWLEDGE = 0, /**< 1 local knowledge of context and business rules */
    FPT_K_VISIBILITY,    /**< 2 visibility and buy-in / relationship management */
    FPT_K_LINKS,         /**< 3 links to other functions */
    FPT_K_SCARCITY,      /**< 4 scarcity of skills available to the NHS */
    FPT_K_MIN_TEAM,      /**< 5 minimum team for expertise / resilience */
    FPT_K_SCALE,         /**< 6 economies of scale */
    FPT_K_DUPLICATION,   /**< 7 duplication and transaction costs */
    FPT_K_DEVELOPMENT    /**< 8 development costs compared to running costs */
} fpt_criterion;

/** A model-file position, kept so that every finding can name file and line. */
typedef struct fpt_where {
    const char *file; /**< borrowed from the owning model or scenario */
    long line;
} fpt_where;

/** One calibration table: the parameter value of criterion k at ratings 0..4. */
typedef struct fpt_calibration {
    double value[FPT_N_RATINGS];
    char *basis;  /**< where the values come from (seed citation or marked judgement) */
    bool present; /**< the file gave this table */
    long line;
} fpt_calibration;

typedef struct fpt_pool {
    char *id;
    char *name;
    char *description;
    long line;
    /** The supply a scenario that leaves the pool out gets (docs/formats.md "Defaults"). */
    bool has_default;           /**< false: such a scenario has the pool unlimited and free */
    bool default_limited;       /**< the model gives supply-wte (else unlimited) */
    double default_supply_wte;  /**< when default_limited */
    double default_premium_gbp; /**< £ per scarce WTE per year; 0 when not given */
} fpt_pool;

/** A function's draw on a skill pool. */
typedef struct fpt_draw {
    char *pool_id;
    size_t pool;  /**< index into model pools; set by validation */
    double share; /**< fraction of the function's scarce staff from this pool */
    long line;
} fpt_draw;

/** A per-function replacement of one calibrated parameter. */
typedef struct fpt_override {
    bool present;
    double value;
    char *source;
    long line;
} fpt_override;

typedef struct fpt_function {
    char *id;
    char *name;
    char *category; /**< one of fpt_category_ids() */
    char *description;
    long line;
    double staff_per_100k; /**< a_f: WTE per 100,000 population at reference scale */
    double salary_gbp;     /**< £ per WTE per year, with on-costs */
    char *staff_basis;
    long staff_line;
    int rating[FPT_N_CRITERIA];
    char *rationale[FPT_N_CRITERIA];
    long rating_line[FPT_N_CRITERIA];
    bool rating_present[FPT_N_CRITERIA];
    fpt_draw *draws;
    size_t n_draws;
    fpt_override
        override[FPT_N_CRITERIA]; /**< indexed by the criterion whose parameter it replaces */
} fpt_function;

/** An undirected link between two functions. */
typedef struct fpt_link {
    char *from_id;
    char *to_id;
    size_t from; /**< function indices; set by validation */
    size_t to;
    int strength; /**< 1..4 */
    char *rationale;
    long line;
} fpt_link;

typedef struct fpt_model {
    char *file;       /**< the path it was loaded from, or "<stdin>" */
    char fnv1a64[17]; /**< FNV-1a 64 of the bytes loaded, hex (the provenance stamp's); "" */
    char *id;
    char *title;
    char *description;
    fpt_calibration calibration[FPT_N_CRITERIA];
    fpt_pool *pools;
    size_t n_pools;
    fpt_function *functions;
    size_t n_functions;
    fpt_link *links;
    size_t n_links;
    long line;             /**< line of the <model> element */
    long calibration_line; /**< line of <calibration>, for findings about missing tables */
} fpt_model;

/** Return the file identifier of criterion k ("local-knowledge", …), or NULL if k is out of range.
 */
const char *fpt_criterion_id(int k);

/** Return the criterion's name as the appraisal wrote it, or NULL if k is out of range. */
const char *fpt_criterion_name(int k);

/**
 * Return the name of criterion k's calibrated parameter ("knowledge-share", …), or NULL if
 * k is out of range.
 */
const char *fpt_parameter_id(int k);

/**
 * What kind of £ a criterion's term is (docs/model.md M1–M11): a penalty values an effect
 * (T1–T3: remoteness, spread, links) and is money nobody spends; running cost (T4–T7) is
 * spent each year and counts against the affordability envelope; set-up (T8) is the
 * annuitised development cost, spent once.
 */
typedef enum fpt_term_kind {
    FPT_TERM_PENALTY = 0,
    FPT_TERM_RUNNING,
    FPT_TERM_SETUP,
    FPT_TERM_TRANSITION /**< the annuitised one-off cost of moving from the current footprint */
} fpt_term_kind;

/** Return the kind of criterion k's term; k must be a criterion (0..FPT_N_CRITERIA-1). */
fpt_term_kind fpt_criterion_kind(int k);

/**
 * Return the identifier of term t: a criterion's (t < FPT_N_CRITERIA) or "transition"
 * (t == FPT_T_TRANSITION, docs/model.md M15); NULL if t is out of range.
 */
const char *fpt_term_id(int t);

/** Return term t's name (a criterion's, or the transition term's), or NULL if out of range. */
const char *fpt_term_name(int t);

/** Return the kind of term t; t must be in 0..FPT_N_TERMS-1 (asserted). */
fpt_term_kind fpt_term_kind_of(int t);

/** Return whether criterion k's term is a penalty (T1–T3); false for any other k. */
bool fpt_criterion_is_penalty(int k);

/** Return whether criterion k's term is running cost, counted against the budget (T4–T7). */
bool fpt_criterion_is_running(int k);

/** Return the criterion index for an identifier, or -1. */
int fpt_criterion_from_id(const char *id);

/** Return the criterion index whose parameter is named id, or -1. */
int fpt_criterion_from_parameter(const char *id);

/** Return the seven category identifiers, in display order; *n receives 7. */
const char *const *fpt_category_ids(size_t *n);

/** Return the index of a category identifier, or -1. */
int fpt_category_from_id(const char *id);

/** Return the function index with this id, or -1 (linear search; model sizes are small). */
long fpt_model_find_function(const fpt_model *m, const char *id);

/** Return the pool index with this id, or -1. */
long fpt_model_find_pool(const fpt_model *m, const char *id);

/** Allocate an empty model owning a copy of file. Returns FPT_OK or FPT_ENOMEM. */
fpt_status fpt_model_create(const char *file, fpt_model **out, fpt_error *err);

/** Free a model and everything it owns. Accepts NULL. */
void fpt_model_free(fpt_model *m);

#endif
