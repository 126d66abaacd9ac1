/* SPDX-License-Identifier: MIT */
/*
 * The MPI driver (run/sweep_mpi.h). Each rank runs fpt_sweep_resume on sub-shard
 * (shard × size + rank) of (shards × size): those slices tile the user's shard chunk by
 * chunk. Finished results are packed into a flat byte record each, gathered to rank 0 with
 * MPI_Gatherv and unpacked into its run in index order. Never prints.
 */
#include "run/sweep_mpi.h"

#include <mpi.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A packed result: index, then the fixed fields, then per-function levels and costs. */
typedef struct packed_head {
    uint64_t index;
    int32_t status;
    int32_t result;
    int32_t tied;
    int32_t pad;
    double objective, gap, cost_gbp, setup_gbp, population;
    double weight[FPT_N_CRITERIA];
    char message[256];
} packed_head;

static size_t record_size(size_t n_functions)
{
    return sizeof(packed_head) + n_functions * (sizeof(uint32_t) + sizeof(double));
}

static void pack(const fpt_sweep_result *r, size_t index, size_t nf, unsigned char *out)
{
    packed_head h = {.index = index,
                     .status = r->status,
                     .result = (int32_t)r->result,
                     .tied = r->tied,
                     .objective = r->objective,
                     .gap = r->gap,
                     .cost_gbp = r->cost_gbp,
                     .setup_gbp = r->setup_gbp,
                     .population = r->population};
    memcpy(h.weight, r->weight, sizeof h.weight);
    memcpy(h.message, r->message, sizeof h.message);
    memcpy(out, &h, sizeof h);
    out += sizeof h;
    for (size_t f = 0; f < nf; f++) {
        uint32_t level = (uint32_t)r->level[f];
        memcpy(out, &level, sizeof level);
        out += sizeof level;
        memcpy(out, &r->function_cost_gbp[f], sizeof(double));
        out += sizeof(double);
    }
}

static void unpack(const unsigned char *in, size_t nf, fpt_sweep_run *run)
{
    packed_head h;
    memcpy(&h, in, sizeof h);
    in += sizeof h;
    fpt_sweep_result *r = &run->results[h.index];
    r->done = true;
    r->status = (fpt_status)h.status;
    r->result = (fpt_result)h.result;
    r->tied = h.tied != 0;
    r->objective = h.objective;
    r->gap = h.gap;
    r->cost_gbp = h.cost_gbp;
    r->setup_gbp = h.setup_gbp;
    r->population = h.population;
    memcpy(r->weight, h.weight, sizeof h.weight);
    memcpy(r->message, h.message, sizeof r->message);
    for (size_t f = 0; f < nf; f++) {
        uint32_t level;
        memcpy(&level, in, sizeof level);
        in += sizeof level;
        r->level[f] = level;
        memcpy(&r->function_cost_gbp[f], in, sizeof(double));
        in += sizeof(double);
    }
}

/* This rank's finished results, packed; *n_out records. */
static unsigned char *pack_done(const fpt_sweep_run *run, const bool *mine, int *n_out)
{
    size_t size = record_size(run->n_functions), n = 0;
    for (size_t i = 0; i < run->n_scenarios; i++) {
        n += mine[i] && run->results[i].done;
    }
    unsigned char *buf = malloc(n * size + 1);
    size_t k = 0;
    for (size_t i = 0; buf != NULL && i < run->n_scenarios; i++) {
        if (mine[i] && run->results[i].done) {
            pack(&run->results[i], i, run->n_functions, buf + k++ * size);
        }
    }
    *n_out = (int)n;
    return buf;
}

static fpt_status gather(fpt_sweep_run *run, const bool *mine, int rank, int size, fpt_error *err)
{
    int n = 0, rec = (int)record_size(run->n_functions);
    unsigned char *mine_buf = pack_done(run, mine, &n);
    int *counts = calloc((size_t)size, sizeof *counts),
        *displs = calloc((size_t)size, sizeof *displs);
    fpt_status st = mine_buf && counts && displs ? FPT_OK : FPT_ENOMEM;
    int bytes = n * rec, total = 0;
    if (st == FPT_OK && MPI_Gather(&bytes, 1, MPI_INT, counts, 1, MPI_INT, 0, MPI_COMM_WORLD)) {
        st = FPT_EINTERNAL;
    }
    for (int r = 0; st == FPT_OK && rank == 0 && r < size; r++) {
        displs[r] = total;
        total += counts[r];
    }
    unsigned char *all = rank == 0 && st == FPT_OK ? malloc((size_t)total + 1) : NULL;
    int ready = rank != 0 || all != NULL; /* every rank learns whether rank 0 can receive */
    if (st == FPT_OK && MPI_Bcast(&ready, 1, MPI_INT, 0, MPI_COMM_WORLD) != MPI_SUCCESS) {
        st = FPT_EINTERNAL;
    }
    if (st == FPT_OK && !ready) {
        st = FPT_ENOMEM;
    }
    if (st == FPT_OK && MPI_Gatherv(mine_buf, bytes, MPI_BYTE, all, counts, displs, MPI_BYTE, 0,
                                    MPI_COMM_WORLD) != MPI_SUCCESS) {
        st = FPT_EINTERNAL;
    }
    for (int k = 0; st == FPT_OK && rank == 0 && k < total / rec; k++) {
        unpack(all + (size_t)k * (size_t)rec, run->n_functions, run);
    }
    free(all);
    free(mine_buf);
    free(counts);
    free(displs);
    return st == FPT_OK
               ? FPT_OK
               : fpt_error_set(err, st, NULL, 0, "gathering sweep results over MPI failed");
}

fpt_status fpt_sweep_mpi_run(const fpt_model *m, const fpt_scenario *base,
                             const fpt_sweep_options *o, fpt_sweep_run *run, bool *is_root,
                             fpt_error *err)
{
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    *is_root = rank == 0;
    if (o->shard_count == 0 || o->shard_index >= o->shard_count) { /* before dividing by it */
        return fpt_error_set(err, FPT_EUSAGE, NULL, 0, "shard %zu of %zu does not exist",
                             o->shard_index + 1, o->shard_count);
    }
    fpt_sweep_options mine_o = *o;
    mine_o.shard_index = o->shard_index * (size_t)size + (size_t)rank;
    mine_o.shard_count = o->shard_count * (size_t)size;
    size_t first = 0, last = 0;
    fpt_sweep_shard_range(run->n_scenarios, mine_o.shard_index, mine_o.shard_count, &first, &last);
    bool *mine = calloc(run->n_scenarios + 1, sizeof *mine);
    if (mine == NULL) {
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = first; i < last; i++) {
        mine[i] = !run->results[i].done; /* results read back by --resume stay where they are */
    }
    fpt_status st = fpt_sweep_resume(m, base, &mine_o, run, err);
    if (st == FPT_OK) {
        st = gather(run, mine, rank, size, err);
    }
    free(mine);
    return st;
}
