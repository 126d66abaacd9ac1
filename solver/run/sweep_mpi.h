/* SPDX-License-Identifier: MIT */
/*
 * Sweeps across machines (build option FPT_MPI): every MPI rank solves its own contiguous
 * slice of chunks — the same slices `--shard` makes — with OpenMP inside, and rank 0 gathers
 * every result, so its outputs are exactly what one process would have written. Only
 * compiled when the project is configured with -DFPT_MPI=ON. Never prints.
 */
#ifndef FPT_SWEEP_MPI_H
#define FPT_SWEEP_MPI_H

#include "footprint/error.h"
#include "footprint/model.h"
#include "footprint/scenario.h"
#include "footprint/sweep.h"

/**
 * Solve the options' shard of base across MPI_COMM_WORLD (already initialised with at least
 * MPI_THREAD_FUNNELED): rank r of R takes sub-slice r of R of that shard. run must be prepared
 * on every rank (fpt_sweep_run_prepare, plus any --resume results); on return rank 0's run
 * holds every rank's results. *is_root says whether this is rank 0.
 * @return FPT_OK, FPT_ENOMEM, FPT_EUSAGE (bad shard), FPT_EINTERNAL (an MPI call failed).
 */
fpt_status fpt_sweep_mpi_run(const fpt_model *m, const fpt_scenario *base,
                             const fpt_sweep_options *o, fpt_sweep_run *run, bool *is_root,
                             fpt_error *err);

#endif
