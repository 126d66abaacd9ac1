/* SPDX-License-Identifier: MIT */
/*
 * Sweeps across machines (build option FPT_MPI): every MPI rank solves its own contiguous
 * slice of chunks — the same slices `--shard` makes — with OpenMP inside, and sends rank 0
 * each chunk as it finishes it, so rank 0 can keep the journal of every chunk finished and
 * write outputs exactly as one process would have written them. Only
 * compiled when the project is configured with -DFPT_MPI=ON. Never prints.
 */
#ifndef FPT_SWEEP_MPI_H
#define FPT_SWEEP_MPI_H

#include "footprint/error.h"
#include "footprint/model.h"
#include "footprint/scenario.h"
#include "footprint/sweep.h"

/** Whether this process is MPI rank 0, the one that reads and writes the output. */
bool fpt_sweep_mpi_is_root(void);

/**
 * Solve the options' shard of base across MPI_COMM_WORLD (already initialised with at least
 * MPI_THREAD_SERIALIZED): rank r of R takes sub-slice r of R of that shard. Every rank calls
 * it, even when rank 0 could not start (start, rank 0's status: its output opened and
 * --resume's results read back; the others pass FPT_OK), so that every rank learns it. run
 * must be prepared on every rank (fpt_sweep_run_prepare); rank 0's holds what --resume read
 * back, which the others then skip. Rank 0's o->chunk_done sees every chunk any rank
 * finishes, on rank 0, as soon as its results have arrived there (on a thread of this
 * function's); on return rank 0's run holds every rank's results, its n_done counts them,
 * and *others_stopped says whether another rank stopped before the end of its slice (a
 * signal): the results are then incomplete, as a stopped sweep's are.
 * @return FPT_OK; start (rank 0) or start's status (the others) when rank 0 could not start;
 *         FPT_ENOMEM; FPT_EUSAGE (bad shard); FPT_EINTERNAL (the MPI library allows no
 *         calls from more than one thread); on rank 0, the first failure another rank reports,
 *         named by its rank.
 */
fpt_status fpt_sweep_mpi_run(const fpt_model *m, const fpt_scenario *base,
                             const fpt_sweep_options *o, fpt_status start, fpt_sweep_run *run,
                             bool *others_stopped, fpt_error *err);

#endif
