/* SPDX-License-Identifier: MIT */
/*
 * Internal: the mixed-integer programme of docs/model.md (M12–M14) built from an appraisal.
 *
 * An fpt_lp owns one GLPK problem and the maps between appraisal indices (0-based) and
 * GLPK rows and columns (1-based). It is created, solved, read and freed on one thread:
 * GLPK keeps its memory in the creating thread's environment. This header exposes no GLPK
 * type; mip/solve.c reaches the internals through mip/lp.h.
 */
#ifndef FPT_FORMULATE_H
#define FPT_FORMULATE_H

#include <stdbool.h>

#include "footprint/appraise.h"
#include "footprint/error.h"

typedef struct fpt_lp fpt_lp;

/** The two shapes of the programme. */
typedef enum fpt_lp_kind {
    FPT_LP_APPRAISAL = 0, /**< M12–M14: minimise the weighted criteria */
    FPT_LP_ELASTIC = 1    /**< the same rows with a slack per budget/pool group, minimising
                               the total relative shortfall (infeasibility explanations) */
} fpt_lp_kind;

/** File formats for writing the programme out. */
typedef enum fpt_lp_format { FPT_LP_CPLEX = 0, FPT_LP_MPS = 1 } fpt_lp_format;

/**
 * Build the programme for an appraisal.
 * @param a   borrowed; must outlive the fpt_lp
 * @param out OUT: owned by the caller; free with fpt_lp_free() on the same thread
 * @return FPT_OK, FPT_ENOMEM, or FPT_EINTERNAL when the appraisal holds a non-finite
 *         coefficient (GLPK would abort on it) or GLPK stopped on a fatal error (then every
 *         GLPK object of this thread is gone; see base/glpk_guard.h).
 */
fpt_status fpt_lp_build(const fpt_appraisal *a, fpt_lp_kind kind, fpt_lp **out, fpt_error *err);

/** Free a programme. Accepts NULL. Must run on the thread that built it. */
void fpt_lp_free(fpt_lp *lp);

/**
 * Write the programme to path in CPLEX LP or free MPS format, its rows and columns named
 * after m's functions and pools and s's levels (docs/model.md "The programme in a file";
 * m and s are the pair lp's appraisal was built from, borrowed; both NULL: GLPK's R1, C1, …
 * names), by the rule of base/outfile.h:
 * a regular file atomically (a temporary file in the same directory, renamed over it when
 * complete, its mode kept), a FIFO or character device written through, anything else
 * refused. Returns FPT_OK, FPT_EIO,
 * FPT_ENOMEM, or FPT_EINTERNAL when GLPK stopped on a fatal error: then lp keeps no GLPK
 * problem (only fpt_lp_free may be called on it), which is why lp is not const.
 */
fpt_status fpt_lp_write(fpt_lp *lp, const fpt_model *m, const fpt_scenario *s, const char *path,
                        fpt_lp_format format, fpt_error *err);

#endif
