/* SPDX-License-Identifier: MIT */
/*
 * Internal: what the pieces of the districting solver (footprint/districts.h,
 * docs/geography.md "Method") share. districts_model.c resolves the instance and builds the
 * GLPK model G1–G6 over a set of CCG–centre pairs; districts_heuristic.c finds the incumbent,
 * districts_groups.c improves it by re-solving groups of its units;
 * districts_search.c bounds, prunes and branches; districts.c holds the public entry points,
 * the infeasibility explanations and the partition handed back.
 *
 * Every GLPK object lives and dies inside one public call, on the calling thread, inside its
 * GLPK guard (base/glpk_guard.h), so nothing here guards itself. Not a public header.
 */
#ifndef FPT_DISTRICTS_INTERNAL_H
#define FPT_DISTRICTS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glpk.h>

#include "footprint/districts.h"
#include "footprint/error.h"
#include "footprint/geography.h"

/* GLPK works in millions of people and millions of person-km, so coefficients are near 1. */
#define DISTRICTS_SCALE 1e6

/** The solve's progress reporting: the only state that changes under a const instance. */
typedef struct fpt_districts_track {
    double start;       /**< fpt_clock_s() when the solve began */
    double last_report; /**< when the progress callback was last called */
    int last_phase;     /**< the phase of that call; −1 before any */
    double last_bound;  /**< the bound of that call, person-km */
    double shown;       /**< the greatest bound reported (−INFINITY before any): each holds
                             for the whole solve, so none reported after it is less */
} fpt_districts_track;

/* Without a limit on work, the search over the centres goes before the bound with cuts, for
   FPT_FIRST_EVALS evaluations of the bound at most, on geographies of at most
   FPT_FIRST_MAX_CCGS CCGs: on the 211 of 2013 most K are proven within it in seconds that the
   cuts first take 15–60 s or more to prove. At 500 points a node of the search costs so much
   more that a search first of only some 1.5 billion / (pairs kept) evaluations took K = 25
   from 40 s to 138 s (docs/geography.md "Method" step 3). */
#define FPT_FIRST_EVALS    ((size_t)300000)
#define FPT_FIRST_MAX_CCGS 300
/* Rounds of cuts of the bound with cuts at the root (docs/geography.md "Method" step 3). */
#define FPT_CUT_ROUNDS 50
/* A leaf's GLPK search takes at most this many nodes times its model's rows before the leaf
   is split on a CCG–centre pair instead (docs/geography.md "Method" step 4). A node's LP grows
   with the rows: 0.35 ms a node at 943 rows (2013, 12 units), 1.1 ms at 4,505 (800 points into
   40 units, a leaf that took 249,173 nodes in 269 s without ending). The longest leaves of
   2013 measured, 17,827 and 20,313 nodes of 960 and 943 rows (K = 12, 3.4 and 7.2 s), stay
   within it; at 4,505 rows it stops at 8,879 nodes. */
#define FPT_LEAF_WORK ((size_t)40000000)

/** One instance, resolved: everything reads it and nothing changes it after setup. */
typedef struct fpt_districts_inst {
    size_t n, k;
    double lo, hi;   /**< L, U in people (G4, G5) */
    double *pop;     /**< [i] people */
    double *dist;    /**< [i * n + j] km */
    double *cost;    /**< [i * n + j] person-km, p_i d_ij (G1) */
    size_t *near;    /**< [j * n + r] the CCGs by distance from j, ties by index */
    double deadline; /**< fpt_clock_s() at which the time limit ends; INFINITY: none */
    const fpt_districts_options *o;
    fpt_districts_track *track; /**< NULL: no progress reports */
    size_t open_bytes;          /**< memory for the open nodes of the search over the centres
                                     (FPT_OPEN_BYTES; 0: depth-first from the root) */
    bool centres_alone;         /**< the search over the centres branches on single centres
                                     only, never on a centre's group (the groups of units
                                     re-solved do) */
    bool cuts;                  /**< the bound with cuts on the set-partitioning rows runs
                                     at the root (docs/geography.md "Method" step 3; tests
                                     of the search alone turn it off) */
    size_t first_evals;         /**< without a limit on work, the most evaluations of the
                                     bound the search over the centres takes before the
                                     bound with cuts (FPT_FIRST_EVALS up to
                                     FPT_FIRST_MAX_CCGS CCGs, else 0: the cuts first; tests
                                     set fewer) */
    size_t cut_rounds;          /**< rounds of cuts at most (FPT_CUT_ROUNDS; tests set
                                     fewer) */
    bool cluster_rows;          /**< the bound with cuts adds the rows of the sets no whole
                                     number of units can hold (districts_clusters.c;
                                     tests turn them off to compare) */
    bool cluster_balls;         /**< among those sets, the balls around each CCG, not only
                                     single linkage's clusters (tests turn them off) */
    size_t price_nodes;         /**< nodes a centre's pricing searches in a pass before its
                                     LP bound stands in (0: PRICE_NODES of districts_cuts.c;
                                     tests set fewer) */
    bool units_mip;             /**< after the cuts, the MIP over the units that could be in
                                     a cheaper partition runs (tests of the search after the
                                     cuts turn it off) */
    size_t wide_units;          /**< units of the groups re-solved once after the root
                                     (FPT_GROUP_UNITS_WIDE from K = FPT_GROUP_WIDE_FROM, else
                                     0: none; tests set fewer) */
    size_t leaf_work;           /**< the most nodes times rows a leaf's GLPK search takes
                                     (at least one node) before the leaf is split on a pair
                                     (FPT_LEAF_WORK; 0: no limit; tests set less) */
} fpt_districts_inst;

/** A partition while solving: the centre of each CCG's unit, and its cost in person-km. */
typedef struct fpt_districts_plan {
    size_t *centre_of; /**< [i] */
    double cost;
    bool found;
} fpt_districts_plan;

/**
 * A GLPK problem over a set of CCG–centre pairs. Rows: G2 assignment (1..n), G3 count
 * (n + 1), G4 upper bound (n + 2 + j), G5 lower bound (2n + 2 + j); the linking rows G6
 * follow. Columns are the pairs, in the order given (1-based); col_of maps a pair i * n + j
 * to its column or 0.
 */
typedef struct fpt_districts_model {
    glp_prob *lp;
    size_t n_pairs;
    size_t *pair;                 /**< [c - 1] = i * n + j */
    int *col_of;                  /**< [i * n + j] */
    const unsigned char *allowed; /**< [i * n + j] pairs that may be priced in; NULL: all */
} fpt_districts_model;

/** What a search ended with: the result, the bound in person-km. */
typedef struct fpt_districts_outcome {
    fpt_districts_result result;
    double bound;
    double heuristic;    /**< person-km of the heuristic incumbent; 0 when none */
    double lagrangian;   /**< the root's bound, person-km; −INFINITY when none */
    double first_bound;  /**< what the search before the cuts proved, when it ran and did not
                              end the solve (the root's bound then starts from it), person-km;
                              −INFINITY otherwise */
    size_t carried;      /**< open nodes the search after the cuts went on from, left by the
                              search before them */
    size_t narrowed;     /**< of those taken, the ones closed at once by what the root decided
                              since (a centre forced open there that the node closed, or the
                              reverse) */
    size_t root_forced;  /**< centres the root forced open since, forced on the nodes taken */
    size_t root_closed;  /**< centres the root closed since, closed on the nodes taken */
    size_t nodes;        /**< branch-and-bound nodes over the centres */
    size_t group_nodes;  /**< of them, those branched on a centre's group */
    size_t work;         /**< evaluations of the bound, the work of the groups re-solved
                              (fpt_districts_regroup), and under a limit on work
                              (fpt_districts_options.max_evals) the nodes of the leaves' GLPK
                              searches, counted as that limit counts them */
    size_t leaf_excess;  /**< the most nodes a leaf's GLPK search took past the work left
                              when it began (GLPK stops between nodes, a few at a time) */
    size_t leaves_cut;   /**< leaves whose GLPK search the limit on work stopped */
    size_t leaves_split; /**< leaves split on a CCG–centre pair, their GLPK search past
                              fpt_districts_inst.leaf_work */
    size_t bound_plans;  /**< descents from the centres of the root's ascents that improved the
                              incumbent */
    bool lp_infeasible;
} fpt_districts_outcome;

/* ---- the instance and the model (districts_model.c) ----------------------------------------- */

/**
 * Resolve o against g (fpt_districts_resolve) and fill in: populations, distances, costs and
 * neighbour lists. in->o borrows o.
 * @param start fpt_clock_s() when the public call began: with a time limit, the deadline
 *              is start + o->time_limit_s (docs/geography.md "Time limit")
 * @return FPT_OK, FPT_EUSAGE or FPT_ENOMEM (in then holds nothing to free).
 */
fpt_status fpt_districts_inst_init(fpt_districts_inst *in, const fpt_geography *g,
                                   const fpt_districts_options *o, double start, fpt_error *err);

/** Point in at the options o (which must resolve to its K and bounds), its deadline
    o->time_limit_s after start (a public call's own start). */
void fpt_districts_inst_limit(fpt_districts_inst *in, const fpt_districts_options *o, double start);

/** Free what fpt_districts_inst_init() allocated. */
void fpt_districts_inst_free(fpt_districts_inst *in);

/** Seconds left before in's deadline, ≤ 0 once it has passed; INFINITY without a time limit. */
double fpt_districts_time_left(const fpt_districts_inst *in);

/**
 * A GLPK tm_lim (glp_smcp, glp_iocp) for the time left: milliseconds, at least 1 (so that a
 * phase started just before the deadline still gets a valid limit), at most 10⁹. Only for
 * an instance with a time limit.
 */
int fpt_districts_tm_lim(const fpt_districts_inst *in);

/**
 * Report progress through in->o->progress, if any: always when the phase changed, else at
 * most every tenth of a second. bound in person-km (−INFINITY: none); the incumbent is best's.
 */
void fpt_districts_report(const fpt_districts_inst *in, fpt_districts_phase phase, double bound,
                          const fpt_districts_plan *best);

/** Report best as the incumbent of the phase and bound last reported (nothing before the first
    report), at most every tenth of a second: for steps that run under every phase. */
void fpt_districts_report_again(const fpt_districts_inst *in, const fpt_districts_plan *best);

/** Person-km of an assignment (G1): Σ_i cost[i][centre_of[i]]. */
double fpt_districts_plan_cost(const fpt_districts_inst *in, const size_t *centre_of);

/**
 * Build the model over pairs (each i * n + j, ascending): G2–G5 and a column per pair; with
 * links, every G6 row too; with mip, binary columns.
 * @return FPT_OK or FPT_ENOMEM (m then holds nothing to free).
 */
fpt_status fpt_districts_model_build(const fpt_districts_inst *in, const size_t *pairs,
                                     size_t n_pairs, bool mip, bool links, fpt_districts_model *m);

/** GLPK's simplex parameters: its defaults, messages off. */
glp_smcp fpt_districts_quiet_simplex(void);

/** GLPK's branch-and-bound parameters: its defaults, messages off, and tm_lim the time left
    when there is a limit (so made just before glp_intopt). */
glp_iocp fpt_districts_quiet_iocp(const fpt_districts_inst *in);

/**
 * glp_simplex on a districting LP within the time left, when there is a limit (parm's tm_lim
 * set to it); parm NULL: GLPK's defaults, messages off. @return glp_simplex's code.
 */
int fpt_districts_simplex(const fpt_districts_inst *in, glp_prob *lp, glp_smcp *parm);

/**
 * glp_intopt on a districting MIP, its answer checked. GLPK's MIP presolver can return as
 * optimal a partition that breaks a population row by up to about 10⁻³ of its bound (a unit
 * of 1,363,000 people under U = 1,362,538 on a 28-CCG leaf, where the leaf had no partition).
 * So when presolve was on and the answer breaks any row, the search runs again without it,
 * from the LP relaxation (within the time left), and that answer stands.
 * @param status set to glp_mip_status() of the answer that stands (GLP_NOFEAS when the LP
 *               relaxation has none; GLP_UNDEF when the time ran out before the search again)
 * @return glp_intopt's code for the answer that stands (GLP_ENOPFS or GLP_ETMLIM as above)
 */
int fpt_districts_intopt(const fpt_districts_inst *in, glp_prob *lp, const glp_iocp *parm,
                         int *status);

/** Free a model and zero it. Accepts one already freed. */
void fpt_districts_model_free(fpt_districts_model *m);

/** Append pair (i, j) as a new column (G1 cost, entries in G2–G5; binary with mip). */
void fpt_districts_model_add_pair(const fpt_districts_inst *in, fpt_districts_model *m, size_t i,
                                  size_t j, bool mip);

/** Add G6, x_ij ≤ x_jj, for the pair in column col (i ≠ j) with centre column centre_col. */
void fpt_districts_add_link_row(glp_prob *lp, int col, int centre_col);

/** Every CCG–centre pair, ascending: *pairs owned by the caller. FPT_OK or FPT_ENOMEM. */
fpt_status fpt_districts_all_pairs(const fpt_districts_inst *in, size_t **pairs, size_t *n_pairs);

/* ---- the transportation LP (districts_transport.c) ----------------------------------------- */

/** Workspace for the transportation LP of K fixed centres (min-cost flow in people). */
typedef struct fpt_transport {
    size_t n, k;
    double *flow; /**< [i * k + u] people of CCG i sent to unit u */
    double *low;  /**< [u] people of unit u counted towards L */
    double *up;   /**< [u] people beyond L */
    /* private: [i * k + u] km from CCG i to unit u's centre; potentials, labels and arcs over
       the units and the sink (node k) */
    double *km;
    double *pot, *dist, *arc_km;
    size_t *prev, *arc_ccg, *arc_pos, *pos_of;
    bool *done;
    /* private: [u * n + m] the CCGs that were sent people in unit u (n_in_unit[u] of them,
       listed[i * k + u] set for each; one whose people there have all left may be on it
       still), and the flows a path changed, for keeping the arcs up to date */
    size_t *in_unit, *n_in_unit;
    unsigned char *listed;
    size_t *move_ccg, *move_from, *move_to;
    unsigned char *move_new, *rescan;
} fpt_transport;

/** Allocate for n CCGs and k units. FPT_OK or FPT_ENOMEM (nothing to free). */
fpt_status fpt_transport_init(fpt_transport *tp, size_t n, size_t k);

/** Free; accepts one already freed. */
void fpt_transport_free(fpt_transport *tp);

/**
 * Solve the transportation LP of G1, G2, G4, G5 with the K centres given (each centre wholly
 * in its own unit): flow gets an optimal solution. order and is_centre are scratch of n
 * entries. False when no flow meets the bounds (or, defensively, the path budget ran out).
 */
bool fpt_transport_solve(fpt_transport *tp, const fpt_districts_inst *in, const size_t *centres,
                         size_t *order, unsigned char *is_centre);

/* ---- the heuristic (districts_heuristic.c) -------------------------------------------------- */

/** Workspace of the heuristic for one instance. */
typedef struct fpt_districts_heur {
    const fpt_districts_inst *in;
    size_t *unit_of;    /* [i] unit of each CCG in the allocation at hand */
    size_t *trial;      /* [i] scratch */
    size_t *work;       /* [i] centre of each CCG: the last plan descended to */
    size_t *centres;    /* [u] K + 1 */
    size_t *moved;      /* [u] K + 1, scratch */
    double *load;       /* [u] people */
    double *price;      /* [u] km */
    double *near_km;    /* [i] scratch for seeding */
    double *to_centre;  /* [i * K + u] person-km of CCG i to the centre of unit u, in allocate() */
    double *leave;      /* [i] the least a move of CCG i out of its unit costs, in polish_swaps() */
    size_t *members;    /* [i] scratch: a unit's CCGs */
    size_t *order;      /* [i] scratch for the transportation LP */
    uint64_t *tried;    /* hash set of the centre sets fpt_districts_try_centres() tried */
    uint64_t *solved;   /* hash set of the groups fpt_districts_regroup() solved */
    size_t group_work;  /* the work of those solves (fpt_districts_outcome.work) */
    size_t bound_plans; /* fpt_districts_outcome.bound_plans */
    struct fpt_districts_heur *crew; /* workspaces of the tasks fpt_districts_crew_run() runs
                                        at once, made on first need; n_crew of them */
    size_t n_crew;
    unsigned char *is_centre;
    fpt_transport tp;
} fpt_districts_heur;

/** Allocate for in. FPT_OK or FPT_ENOMEM (nothing to free). */
fpt_status fpt_districts_heur_init(fpt_districts_heur *h, const fpt_districts_inst *in);

/** Free; accepts one already freed. */
void fpt_districts_heur_free(fpt_districts_heur *h);

/**
 * Offer a plan (centre_of of n entries) to best: it replaces best when it costs less, or
 * exactly as much with a lexicographically smaller assignment. True when it did.
 */
bool fpt_districts_plan_offer(const fpt_districts_inst *in, const size_t *centre_of,
                              fpt_districts_plan *best);

/**
 * Step (1): multi-start location–allocation, then centre swaps around the best, offering
 * every feasible plan to best (best->centre_of must hold n entries). With a time limit, the
 * first start's first allocation always runs; every later round, start and swap trial
 * begins only before the deadline. Can't fail:
 * returns FPT_OK (best->found false when nothing feasible was found).
 */
fpt_status fpt_districts_heuristic(fpt_districts_heur *h, fpt_districts_plan *best);

/** Descend from the K centres given (allocation, recentring) and offer the plan to best,
    unless these centres were tried before; true when it replaced best. */
bool fpt_districts_try_centres(fpt_districts_heur *h, const size_t *centres,
                               fpt_districts_plan *best);

/** Whether the K centres given were not tried before (fpt_districts_try_centres()); records
    them. */
bool fpt_districts_centres_new(fpt_districts_heur *h, const size_t *centres);

/** Descend on w from the K centres given, whatever was tried before; true when it found a
    plan, in w->work. Its plan depends on the centres alone, not on w's past. */
bool fpt_districts_descend_from(fpt_districts_heur *w, const size_t *centres);

/** A task of the heuristic computed on workspace w, and its result taken from w: take says
    whether to stop taking. */
typedef void (*fpt_crew_run_fn)(fpt_districts_heur *w, size_t t, void *ctx);
typedef bool (*fpt_crew_take_fn)(fpt_districts_heur *w, size_t t, void *ctx);

/**
 * Tasks 0..count − 1 (at most six), none of them using GLPK: run computes one, take takes its
 * result, in task order, until take says stop. On the solve's threads (o->threads) they run
 * at once, task 0 on h and the others on h's crew; else one after the other on h, each taken
 * before the next runs. A task's result must depend on its number and what it reads alone,
 * so that what is taken is one thread's (docs/geography.md "Determinism").
 */
void fpt_districts_crew_run(fpt_districts_heur *h, size_t count, fpt_crew_run_fn run,
                            fpt_crew_take_fn take, void *ctx);

/** Swap each centre of best with its nearest non-centre CCGs, keeping improvements. */
void fpt_districts_swap_search(fpt_districts_heur *h, fpt_districts_plan *best);

/** Whether key (≠ 0) is in the hash set table of slots entries (0: an empty slot); adds it
    if not. A full table forgets: it answers false and adds nothing. */
bool fpt_districts_seen(uint64_t *table, size_t slots, uint64_t key);

/** Whether key (≠ 0) is in the hash set table, adding nothing. */
bool fpt_districts_known(const uint64_t *table, size_t slots, uint64_t key);

/** The centres of a plan, ascending, into centres (at most cap); returns how many, and fills
    unit_of (n entries) with each CCG's unit. */
size_t fpt_districts_plan_units(const fpt_districts_inst *in, const size_t *centre_of,
                                size_t *centres, size_t cap, size_t *unit_of);

/* ---- re-solving groups of units (districts_groups.c) --------------------------------------- */

/* Units re-solved together: the group of a unit is it and the FPT_GROUP_UNITS − 1 units whose
   centres are nearest its centre (ties: the lower index); FPT_GROUP_UNITS_WIDE of them once,
   when the root's bound has not proven the incumbent, from K = FPT_GROUP_WIDE_FROM, where such
   a group is at most a quarter of the units (docs/geography.md "Method" step 1). */
#define FPT_GROUP_UNITS      6
#define FPT_GROUP_UNITS_WIDE 12
#define FPT_GROUP_WIDE_FROM  (4 * FPT_GROUP_UNITS_WIDE)
/* Groups fpt_districts_regroup() remembers having solved. */
#define FPT_GROUP_SLOTS 4096

/** A districting method as fpt_districts_solve_fast() (below) is one: best may hold a plan
    to start from. */
typedef fpt_status (*fpt_districts_solver)(const fpt_districts_inst *in, fpt_districts_plan *best,
                                           fpt_districts_outcome *out, size_t *n_kept,
                                           fpt_error *err);

/**
 * Re-solve the CCGs of each unit of best and its units − 1 nearest units (by centre) as a
 * districting of their own into units units, by solve (the whole method, passed in by its
 * caller, which this file sits below) under a limit on work, while a pass over the units
 * improves best (at most a few passes); each group's plan replaces its part of best when it
 * costs less. units is at most FPT_GROUP_UNITS_WIDE; nothing below K = 2 units. Can't fail:
 * memory that runs out leaves best as it is.
 */
void fpt_districts_regroup(fpt_districts_heur *h, fpt_districts_plan *best,
                           fpt_districts_solver solve, size_t units);

/**
 * Starts from a plan of k_other = K − 1 units (each unit split in turn) or K + 1 units (each
 * merged away in turn); other k_other are ignored. Offers what it finds to best.
 */
void fpt_districts_try_neighbour(fpt_districts_heur *h, const size_t *centre_of, size_t k_other,
                                 fpt_districts_plan *best);

/* ---- the knapsack subproblem (districts_knapsack.c) ----------------------------------------- */

/**
 * Sort the indices v[0..len) by key[v[.]] ascending, ties by the lesser index: an insertion
 * sort for short runs, a merge sort above (tmp holds len entries) that leaves two halves
 * already in order as they are, so an order nearly sorted costs near O(len). One order for any
 * input, so no qsort, which has no context argument.
 */
void fpt_districts_sort_by_key(const double *key, size_t *v, size_t len, size_t *tmp);

/* Nodes one knapsack may search before its LP bound stands in for its optimum. */
#define FPT_KNAPSACK_NODES 5000

/**
 * Workspace for min Σ a_r x_r subject to lo ≤ Σ w_r x_r ≤ hi, x ∈ {0, 1}: a candidate
 * centre's share of the Lagrangian bound. The caller fills a[0..m) and w[0..m) (m ≤ cap);
 * take[0..m) receives the best set found.
 */
typedef struct fpt_knapsack {
    size_t cap;
    double *a; /**< [r] cost of taking item r (person-km; any sign) */
    double *w; /**< [r] its weight (people, > 0) */
    bool *take;
    size_t node_limit;
    /* private: the moves from the base set, the core sorted, prefix sums per sign */
    double *cost, *step, *ratio;
    size_t *order;
    unsigned char *fixed; /* [r] 0 in the core, 1 settled in, 2 settled out */
    size_t n_sign[2];
    double *sum_w[2], *sum_c[2];
    size_t *path, *best_path, n_best_path;
    bool helps_up, greedy_best;
    size_t brk, fill;
    double mu; /* the LP's price of weight at the last solve or bound: the LP's optimum is
                  Σ_r min(0, a_r + mu w_r) − mu (hi if mu > 0, else lo); 0 when the base
                  set fits or nothing does */
} fpt_knapsack;

/** What fpt_knapsack_solve() found. */
typedef struct fpt_knapsack_result {
    double best;  /**< cost of take[], when found; else INFINITY */
    double lower; /**< a lower bound on the least cost (INFINITY: no set fits) */
    bool found;   /**< a set costing less than the cutoff was found */
    bool exact;   /**< the search ended: best is the least cost below the cutoff (or, with
                       first, found is the answer to "is there one?") */
} fpt_knapsack_result;

/**
 * The knapsack's LP bound alone (found and exact, with take[] filled, when the LP's greedy
 * set is integral). Can't fail.
 */
fpt_knapsack_result fpt_knapsack_bound(fpt_knapsack *ks, size_t m, double lo, double hi);

/** Allocate a workspace for up to cap items. FPT_OK or FPT_ENOMEM (nothing to free). */
fpt_status fpt_knapsack_init(fpt_knapsack *ks, size_t cap);

/** Free a workspace; accepts one already freed. */
void fpt_knapsack_free(fpt_knapsack *ks);

/**
 * Solve the knapsack over items 0..m-1 of ks, looking only for sets costing less than cutoff
 * (INFINITY: any); with first, stop at the first such set. Depth-first branch-and-bound with
 * the LP bound and a node limit (ks->node_limit): when the limit stops it, exact is false and
 * lower is the LP bound. Can't fail (an allocation failure gives lower = -INFINITY).
 */
fpt_knapsack_result fpt_knapsack_solve(fpt_knapsack *ks, size_t m, double lo, double hi,
                                       double cutoff, bool first);

/**
 * The smallest q in (r, n] with w[q] − w[r] ≥ need, w[0..n] non-decreasing and
 * w[n] − w[r] ≥ need > 0: where the knapsack search's LP cover of need ends, over prefix sums
 * of weight. q0 is a guess (any value; the nearer, the fewer steps); the answer is the same.
 */
size_t fpt_knapsack_cover_end(const double *w, size_t r, size_t n, double need, size_t q0);

/* ---- the Lagrangian bound (districts_lagrange.c) ------------------------------------------ */

/* A centre in the Lagrangian bound's choice: forced open first, then by v, ties by index. */
typedef struct fpt_centre_key {
    double v;
    size_t j;
    bool forced;
} fpt_centre_key;

/* A centre's state in the bound and the search: free, forced open or closed; or free or
   closed and of group g (FPT_CENTRE_GROUP0 + g, its negative when closed), at least one of
   whose centres opens. Groups are disjoint; forcing one of its centres open dissolves it. */
#define FPT_CENTRE_FREE   0
#define FPT_CENTRE_FORCED 1
#define FPT_CENTRE_CLOSED (-1)
#define FPT_CENTRE_GROUP0 2
#define FPT_CENTRE_GROUPS (127 - FPT_CENTRE_GROUP0 + 1)

/** Whether a centre of state s is still undecided: free, in a group or not. */
static inline bool fpt_centre_free(signed char s)
{
    return s == FPT_CENTRE_FREE || s >= FPT_CENTRE_GROUP0;
}

/** Whether a centre of state s is closed. */
static inline bool fpt_centre_closed(signed char s)
{
    return s < 0;
}

/* The subgradient's first step factor (Polyak's θ). */
#define FPT_LAGR_THETA0 1.0

/**
 * The Lagrangian relaxation of the assignment rows G2 over the pairs still allowed: its
 * multipliers, the last evaluation (each centre's value and set, the K centres chosen) and
 * the best bound found.
 */
typedef struct fpt_districts_lagr {
    const fpt_districts_inst *in;
    unsigned char *allowed; /**< [i * n + j] pair (i, j) may still be used; whoever changes
                                 it sets dirty */
    signed char *state;     /**< [j] FPT_CENTRE_FREE, FPT_CENTRE_FORCED, … (above) */
    double *lambda;         /**< [i] multipliers, person-km */
    double *best_lambda;    /**< [i] those of the best bound */
    double bound;           /**< best L(λ) found, person-km; −INFINITY before any */
    double *v;              /**< [j] centre j's reduced cost at the last evaluation */
    unsigned char *tier;    /**< [j] how v[j] was found: 0 carried from the last
                                 evaluation, 1 loosely (dual functions of the knapsack's
                                 LP), 2 the LP bound, 3 exactly (or as far as its
                                 knapsack's node limit allowed) */
    unsigned char *member;  /**< [j * n + i] CCG i in centre j's set at the last evaluation */
    size_t *sorted;         /**< [r < n_top] the first K + 1 centres: forced first, then
                                 by v, ties by index (each priced exactly) */
    size_t n_top;
    size_t next;    /**< the best centre not chosen (free), or n */
    size_t *chosen; /**< [c] the K centres of the last evaluation: the forced ones, then
                         by v, ties by index */
    size_t group_rep[FPT_CENTRE_GROUPS]; /**< each group's cheapest centre at the last
                                              evaluation (n: none can open) */
    bool group_used[FPT_CENTRE_GROUPS];  /**< a centre, open or closed, holds the group */
    size_t n_chosen;
    size_t n_evals;       /**< evaluations so far */
    bool partition;       /**< the last ascent met a λ whose relaxed solution (chosen,
                               member) is a partition: optimal where the bound holds */
    bool fix_by_lp;       /**< pair fixing tests a pair by its knapsack's LP bound alone
                               (cheaper, removes less) */
    bool eager;           /**< solve every centre's knapsack exactly (for tests: the bound
                               is the same, only slower) */
    bool fix_by_knapsack; /**< pair fixing tests every pair by its knapsack, no shortcut
                               (for tests: the same pairs go, only slower) */
    size_t pairs_by[3];   /**< pairs fixing has tested, by what settled them: the centre's
                               set with the CCG swapped in, the dual bound, the knapsack */
    double last_value;    /**< L(λ) of the last evaluation */
    /* the ascent's state */
    double theta, mean_pop;
    size_t stall;
    double *dir;    /* [i] the last direction */
    double *y_sum;  /* [j] evaluations since the restart in which centre j was chosen */
    size_t n_avg;   /* evaluations since the restart */
    uint32_t *cand; /* [j * n + r] CCGs i ≠ j with (i, j) allowed: the candidates of j */
    size_t *n_cand; /* [j] */
    bool dirty;     /* allowed changed since the lists were made */
    double *carry; /* [j] a lower bound on centre j's knapsack at last_lambda (−INFINITY: none) */
    double *last_lambda;  /* [i] λ of the last evaluation */
    double *rise;         /* scratch: [i] max(0, λ_i − last_lambda_i) */
    double *mu;           /* [j] the price of weight of centre j's knapsack's LP when last priced */
    unsigned char *hot;   /* [j] priced exactly at the last evaluation: goes straight to its
                             knapsack when it comes first again */
    fpt_centre_key *heap; /* scratch: [r] the centres still to choose from, least first */
    size_t *item;         /* scratch: knapsack item r → CCG */
    uint32_t *set;        /* scratch: [r] the CCGs of the set a centre's pairs are tried with */
    double *g;            /* scratch: the subgradient */
    fpt_knapsack ks;
} fpt_districts_lagr;

/** Allocate for in, every pair allowed, λ = 0. FPT_OK or FPT_ENOMEM (nothing to free). */
fpt_status fpt_districts_lagr_init(fpt_districts_lagr *lg, const fpt_districts_inst *in);

/** Free; accepts one already freed. */
void fpt_districts_lagr_free(fpt_districts_lagr *lg);

/**
 * L(λ) over the allowed pairs and centre states: a lower bound on the person-km of every
 * partition that uses only allowed pairs and respects the states; INFINITY when fewer than K
 * centres can be opened. Fills v, member, sorted and chosen.
 */
double fpt_districts_lagr_eval(fpt_districts_lagr *lg, const double *lambda);

/**
 * Subgradient ascent from lg->lambda towards the target ub (the incumbent's person-km, or
 * INFINITY), ending once the bound reaches goal: at most max_steps evaluations, none after
 * the deadline; a later call goes on where this one stopped. The best λ is kept in best_lambda and
 * its value in bound; the last evaluation's centres are in chosen. Returns the steps taken.
 */
size_t fpt_districts_lagr_ascend(fpt_districts_lagr *lg, double ub, double goal, size_t max_steps);

/** Start the ascent afresh from best_lambda with step factor theta (after fixing or
    branching has changed the problem); the bound is forgotten. */
void fpt_districts_lagr_restart(fpt_districts_lagr *lg, double theta);

/** Whether the ascent has ended: its step has shrunk away, or the bound met the target. */
bool fpt_districts_lagr_converged(const fpt_districts_lagr *lg);

/** Force centre j open (dissolving its group, if any). */
void fpt_districts_lagr_force(fpt_districts_lagr *lg, size_t j);

/** Close centre j (keeping its group, if any) and remove its pairs; returns how many. */
size_t fpt_districts_lagr_close(fpt_districts_lagr *lg, size_t j);

/**
 * Narrow lg to a root's pairs (allowed, [i * n + j]) and its decided centres (state): each of
 * its forced centres forced, each of its closed ones closed, counted into *forced and *closed.
 * False, at the first, when a centre lg forces the root closed, or the reverse: nothing lies
 * in both. lg is then part-narrowed, to be restored or dropped by the caller.
 */
bool fpt_districts_lagr_narrow(fpt_districts_lagr *lg, const unsigned char *allowed,
                               const signed char *state, size_t *forced, size_t *closed);

/**
 * Reduced-cost fixing at best_lambda: close every centre, remove every pair, and force open
 * every centre, whose use (or closing) would lift the bound above ub. No centre's pairs are
 * tested after the deadline (what was removed stays removed). Returns the pairs removed.
 */
size_t fpt_districts_lagr_fix(fpt_districts_lagr *lg, double ub);

/** The CCG–centre pairs still allowed. */
size_t fpt_districts_lagr_pairs(const fpt_districts_lagr *lg);

/* ---- cuts on the set-partitioning rows (districts_cuts.c) ---------------------------------- */

/** The pricing branch-and-bound nodes the root's bound with cuts may take over n CCGs, for
    large units or not (fpt_districts_cut_limits.large). */
size_t fpt_districts_cut_work(size_t n, bool large);

/** Sets of CCGs that no whole number of units can hold (districts_clusters.c): set s is
    members[start[s] .. start[s + 1]); with P its people and k the whole number with
    kU < P < (k + 1)L, out_den[s] = P − kU and in_den[s] = (k + 1)L − P (millions). */
typedef struct fpt_districts_clusters {
    size_t n_sets, *start, *members;
    double *out_den, *in_den;
} fpt_districts_clusters;

/** Whether no whole number of units can hold pop people: kU < pop < (k + 1)L for a whole
    k ≥ 0; then P − kU into *out_den and (k + 1)L − P into *in_den (millions). */
bool fpt_districts_no_whole_units(const fpt_districts_inst *in, double pop, double *out_den,
                                  double *in_den);

/** The clusters of single linkage over in's points that no whole number of units can hold,
    in the order they form (shortest link first). FPT_OK or FPT_ENOMEM (c then empty). */
fpt_status fpt_districts_clusters_find(const fpt_districts_inst *in, fpt_districts_clusters *c);

void fpt_districts_clusters_free(fpt_districts_clusters *c);

/** How far fpt_districts_cut_bound() goes. */
typedef struct fpt_districts_cut_limits {
    double goal;       /**< stop once the bound reaches it (person-km) */
    size_t max_rounds; /**< rounds of cuts after the first round, which has none */
    size_t max_work;   /**< branch-and-bound nodes in pricing, checked between centres */
    double fix_ub;     /**< fix pairs and centres against it (person-km); INFINITY: none */
    bool large;        /**< large units: the knapsack first and the box (districts_cuts.c) */
} fpt_districts_cut_limits;

/** What fpt_districts_cut_bound() reached. */
typedef struct fpt_districts_cut_outcome {
    double bound;    /**< person-km; −INFINITY when no pass priced every centre */
    size_t rounds;   /**< rounds of column generation (the first without cuts) */
    size_t passes;   /**< pricing passes over every centre */
    size_t cuts;     /**< subset-row cuts in the master at the end */
    size_t clusters; /**< cluster rows in the master at the end */
    size_t columns;  /**< units in the master at the end */
    size_t work;     /**< pricing branch-and-bound nodes (districts_knapsack.c's not counted) */
    size_t removed;  /**< pairs the fixing removed (a closed centre's all counted) */
    size_t offered;  /**< times the master's optimum, a partition, improved best */
    bool converged;  /**< the last round's column generation ended (no column priced in) */
    bool tailed;     /**< the rounds stopped as the last raised the bound too little */
    bool foreseen;   /**< ... before its column generation ended: the master's value showed it */
    bool boxed;      /**< the cover rows' duals were held in a box around the multipliers */
} fpt_districts_cut_outcome;

/** The duals of a bound with cuts, kept to fix against better incumbents later. */
typedef struct fpt_districts_cuts fpt_districts_cuts;

/**
 * A lower bound on every partition over lg's allowed pairs that respects its centres' states
 * (groups count as free), from column generation over units with subset-row cuts
 * (docs/geography.md "Method" step 3), within lim, stopping at the deadline; best, a
 * partition, starts the master, and a master whose optimum is a partition offers it to best
 * (lim->goal then falls by what best gained). When it stops below that goal, reduced-cost
 * fixing at the best duals removes from lg the pairs, and closes the centres, that no
 * partition cheaper than lim->fix_ub can use; and with kept not NULL, *kept holds those
 * duals for fpt_districts_cuts_fix() (else NULL). FPT_OK or FPT_ENOMEM.
 */
fpt_status fpt_districts_cut_bound(const fpt_districts_inst *in, fpt_districts_lagr *lg,
                                   fpt_districts_plan *best, const fpt_districts_cut_limits *lim,
                                   fpt_districts_cuts **kept, fpt_districts_cut_outcome *out);

/**
 * The kept duals' bound (person-km) on every partition over lg's pairs that respects its
 * centres' states, as a node of the search over the centres has them: a forced centre pays
 * its least reduced cost, a closed one is passed over (the pairs lg has lost since only raise
 * what is left, so the bound stays valid). INFINITY when fewer than K centres can open.
 */
double fpt_districts_cuts_node_bound(fpt_districts_cuts *c, fpt_districts_lagr *lg);

/** The subset-row cuts a round of the bound with cuts adds at most over n CCGs, for large
    units (lim->large) or not. */
size_t fpt_districts_cuts_a_round(size_t n, bool large);

/** Fix lg again at the kept duals, against ub (person-km); returns the pairs removed. */
size_t fpt_districts_cuts_fix(fpt_districts_cuts *c, fpt_districts_lagr *lg, double ub);

/** What fpt_districts_cuts_solve() did. */
typedef struct fpt_districts_pool_outcome {
    size_t units;  /**< units enumerated */
    size_t nodes;  /**< nodes of the enumeration */
    size_t rows;   /**< the kept cuts and cluster rows among the MIP's rows (those of a dual
                        not zero) */
    double lp;     /**< the MIP's LP optimum (person-km); NAN when it was not solved */
    double bound;  /**< what it proved every partition costs at least (person-km): the MIP's
                        optimum, or the target when none is below it; −INFINITY: nothing */
    bool given;    /**< the incumbent's units were all among them, GLPK's first solution */
    bool overflow; /**< more units than max_cols, or more nodes than max_nodes */
} fpt_districts_pool_outcome;

/**
 * At the kept duals, every unit over lg's allowed pairs that could be in a partition cheaper
 * than target (person-km; its reduced cost within target less the dual bound), at most
 * max_cols of them found within max_nodes nodes; then GLPK's search over those units as a
 * set-partitioning MIP with the kept cuts that bound it (within the time left), its person-km
 * kept below target when that is not above best, best given as its first solution when it is,
 * and its optimum offered to best. Every partition cheaper than target is among the units, so
 * when the search ends, no partition costs less than the lesser of its optimum and target:
 * true then, that bound in out->bound. With target just above best's person-km, the search
 * ending proves the best plan optimal.
 */
bool fpt_districts_cuts_solve(fpt_districts_cuts *c, fpt_districts_lagr *lg,
                              fpt_districts_plan *best, double target, size_t max_cols,
                              size_t max_nodes, fpt_districts_pool_outcome *out);

/** Free what fpt_districts_cut_bound() kept; accepts NULL. */
void fpt_districts_cuts_free(fpt_districts_cuts *c);

/* ---- the open nodes of the search over the centres (districts_open.c) ---------------------- */

/* Memory for the open nodes of one search over the centres; past it the search goes on
   depth-first from the least of them (docs/geography.md "How time and memory grow"). */
#define FPT_OPEN_BYTES ((size_t)256 << 20)

/** What a branch decides: centre j opens or closes; or of j's group (centres near j,
    districts_branch.c), every one closes or at least one opens; or, at a leaf split on pair
    (i, j), CCG i joins centre j's unit or it does not; or nothing (a node a limit stopped the
    search at, kept as it was). */
typedef enum fpt_districts_decision {
    FPT_DECIDE_CLOSE,
    FPT_DECIDE_OPEN,
    FPT_DECIDE_NONE_OF,
    FPT_DECIDE_SOME_OF,
    FPT_DECIDE_PAIR_ONLY,
    FPT_DECIDE_PAIR_NOT,
    FPT_DECIDE_NOTHING
} fpt_districts_decision;

/** An open node: its parent's bound and what the parent left, and the decision on one centre
    (or its group, or one pair) that makes it a child. */
typedef struct fpt_districts_open_node {
    double key;                      /**< the parent's bound, person-km */
    size_t seq;                      /**< creation order: of equal keys the later comes out first */
    size_t depth;                    /**< the node's depth */
    size_t subject;                  /**< the centre decided, or the pair i * n + j */
    fpt_districts_decision decision; /**< what is decided about subject */
    double *lambda;      /**< [i] the parent's best multipliers (one block with the rest) */
    signed char *state;  /**< [j] the parent's centre states */
    unsigned char *bits; /**< bit r: the root's pair root[r] still allowed */
} fpt_districts_open_node;

/** The open nodes, a heap by key. */
typedef struct fpt_districts_open {
    size_t n;
    size_t *root; /**< the pairs allowed when the search began, ascending */
    size_t n_root;
    fpt_districts_open_node *heap;
    size_t count, cap, seq;
    size_t node_bytes; /**< one node's block */
    size_t max_nodes;  /**< nodes that fit in the memory given */
} fpt_districts_open;

/** Record lg's allowed pairs as the root's, with max_bytes for the nodes. FPT_OK or
    FPT_ENOMEM (nothing to free). */
fpt_status fpt_districts_open_init(fpt_districts_open *o, const fpt_districts_lagr *lg,
                                   size_t max_bytes);

/** Free, the nodes left included. */
void fpt_districts_open_free(fpt_districts_open *o);

/** Whether more nodes fit in the memory given. */
bool fpt_districts_open_room(const fpt_districts_open *o, size_t more);

/** Keep lg's state (best multipliers, centre states, allowed pairs) as a node of key and depth
    whose decision about subject is decision. FPT_OK or FPT_ENOMEM (nothing kept). */
fpt_status fpt_districts_open_push(fpt_districts_open *o, const fpt_districts_lagr *lg, double key,
                                   size_t depth, size_t subject, fpt_districts_decision decision);

/** The least key; INFINITY with no node. */
double fpt_districts_open_least(const fpt_districts_open *o);

/** Take out the node of least key (of equal keys the later); false with none. */
bool fpt_districts_open_pop(fpt_districts_open *o, fpt_districts_open_node *out);

/** Put a node taken out back into lg (its decision not applied), and free its block. */
void fpt_districts_open_restore(const fpt_districts_open *o, fpt_districts_open_node *node,
                                fpt_districts_lagr *lg);

/** Free a node's block without putting it back (a node closed by its key alone). */
void fpt_districts_open_drop(fpt_districts_open_node *node);

/* ---- the solvers (districts_search.c) ------------------------------------------------------- */

/**
 * Steps (1)–(4) of the method: the heuristic, the root LP bound, pruning, branch-and-bound.
 * best (centre_of of n entries, found false) receives the best partition; out the result,
 * bound and heuristic value; n_kept the pairs left after pruning (all n² when the deadline
 * passed before pruning). With a time limit, a deadline that passes before branch-and-bound
 * ends the solve there: FPT_DISTRICTS_LIMIT with the heuristic plan and the root LP's bound
 * (0 when the root LP was not solved to the end), or FPT_DISTRICTS_NO_PARTITION without one.
 * @return FPT_OK (infeasibility is a result, not an error), FPT_ENOMEM or FPT_ESOLVER.
 */
fpt_status fpt_districts_solve_fast(const fpt_districts_inst *in, fpt_districts_plan *best,
                                    fpt_districts_outcome *out, size_t *n_kept, fpt_error *err);

/**
 * Steps (3)–(4) with GLPK over the pairs allowed (NULL: all), the centres of state > 0
 * fixed open: root LP with pricing and G6 rows, pruning G7, branch-and-bound. known is a
 * bound already proved (person-km, ≥ 0), kept when GLPK's is lower. As
 * fpt_districts_solve_fast() otherwise.
 */
fpt_status fpt_districts_mip(const fpt_districts_inst *in, const unsigned char *allowed,
                             const signed char *state, double known, fpt_districts_plan *best,
                             fpt_districts_outcome *out, size_t *n_kept, fpt_error *err);

/** A search over the centres that a limit stopped, with all it needs to go on: its
    heuristic's and bound's workspaces, its open nodes and what it has counted. It points to
    the instance and the incumbent it was started with, which must outlive it. */
typedef struct fpt_districts_bnb fpt_districts_bnb;

/**
 * As fpt_districts_solve_fast(); and when the search over the centres stops at a limit with
 * every node it left among its open nodes, and kept is not NULL, *kept receives it (owned;
 * fpt_districts_bnb_free()) to go on with; else *kept is NULL.
 */
fpt_status fpt_districts_solve_kept(const fpt_districts_inst *in, fpt_districts_plan *best,
                                    fpt_districts_outcome *out, size_t *n_kept,
                                    fpt_districts_bnb **kept, fpt_error *err);

/**
 * Go on with the search *kept where it stopped, under the limits of its instance's options as
 * they are now (the limit on work counting from the search's start), its seeds first offered
 * to the incumbent. out, n_kept and the result as fpt_districts_solve_kept(): *kept stays when
 * the search can go on again, else it is freed and NULL.
 */
fpt_status fpt_districts_go_on(fpt_districts_bnb **kept, fpt_districts_outcome *out, size_t *n_kept,
                               fpt_error *err);

/** Free a search kept; accepts NULL. */
void fpt_districts_bnb_free(fpt_districts_bnb *b);

/** GLPK alone on the straightforward model (every pair and G6 row, presolve on); as above. */
fpt_status fpt_districts_solve_plain(const fpt_districts_inst *in, fpt_districts_plan *best,
                                     fpt_districts_outcome *out, size_t *n_kept, fpt_error *err);

#endif
