/* SPDX-License-Identifier: MIT */
/*
 * The MPI driver (run/sweep_mpi.h). Each rank runs fpt_sweep_resume on sub-shard
 * (shard × size + rank) of (shards × size): those slices tile the user's shard chunk by
 * chunk. Finished results are packed into a flat byte record each (an infeasible one with its
 * clashes), gathered to rank 0 with MPI_Gatherv and unpacked into its run in index order.
 * Never prints.
 */
#include "run/sweep_mpi.h"

#include <mpi.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A packed result: index, then the fixed fields, then per-function levels and costs, then
 * room for the most clashes a scenario can have (a function's locks each, a pool each, the
 * budget), of which n_clashes are used. */
typedef struct packed_head {
    uint64_t index;
    int32_t status;
    int32_t result;
    int32_t tied;
    int32_t n_clashes;
    double objective, gap, cost_gbp, setup_gbp, population;
    double weight[FPT_N_CRITERIA];
    char message[256];
} packed_head;

typedef struct packed_clash {
    int32_t kind;
    uint32_t index;
    double needed, available, needed_alone;
} packed_clash;

/* The shape of a record: the run's functions and the room for clashes. */
typedef struct record_shape {
    size_t n_functions;
    size_t max_clashes;
} record_shape;

static size_t record_size(const record_shape *shape)
{
    return sizeof(packed_head) + shape->n_functions * (sizeof(uint32_t) + sizeof(double)) +
           shape->max_clashes * sizeof(packed_clash);
}

static void pack_clashes(const fpt_sweep_result *r, unsigned char *out)
{
    for (size_t i = 0; i < r->n_clashes; i++) {
        const fpt_clash *c = &r->clashes[i];
        packed_clash p = {.kind = (int32_t)c->kind,
                          .index = (uint32_t)c->index,
                          .needed = c->needed,
                          .available = c->available,
                          .needed_alone = c->needed_alone};
        memcpy(out + i * sizeof p, &p, sizeof p);
    }
}

static void pack(const fpt_sweep_result *r, size_t index, const record_shape *shape,
                 unsigned char *out)
{
    size_t nf = shape->n_functions;
    packed_head h = {.index = index,
                     .status = r->status,
                     .result = (int32_t)r->result,
                     .tied = r->tied,
                     .n_clashes = (int32_t)r->n_clashes,
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
    pack_clashes(r, out);
}

/* Unpack n clashes into r; false when out of memory. */
static bool unpack_clashes(const unsigned char *in, size_t n, fpt_sweep_result *r)
{
    fpt_clash *c = calloc(n + 1, sizeof *c);
    for (size_t i = 0; c != NULL && i < n; i++) {
        packed_clash p;
        memcpy(&p, in + i * sizeof p, sizeof p);
        c[i] = (fpt_clash){.kind = (fpt_clash_kind)p.kind,
                           .index = p.index,
                           .needed = p.needed,
                           .available = p.available,
                           .needed_alone = p.needed_alone};
    }
    bool ok = c != NULL && fpt_sweep_result_set_clashes(r, c, n) == FPT_OK;
    free(c);
    return ok;
}

static bool unpack(const unsigned char *in, size_t nf, fpt_sweep_run *run)
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
    return unpack_clashes(in, (size_t)h.n_clashes, r);
}

/* This rank's finished results, packed; *n_out records. */
static unsigned char *pack_done(const fpt_sweep_run *run, const record_shape *shape,
                                const bool *mine, int *n_out)
{
    size_t size = record_size(shape), n = 0;
    for (size_t i = 0; i < run->n_scenarios; i++) {
        n += mine[i] && run->results[i].done;
    }
    unsigned char *buf = malloc(n * size + 1);
    size_t k = 0;
    for (size_t i = 0; buf != NULL && i < run->n_scenarios; i++) {
        if (mine[i] && run->results[i].done) {
            pack(&run->results[i], i, shape, buf + k++ * size);
        }
    }
    *n_out = (int)n;
    return buf;
}

static fpt_status gather(fpt_sweep_run *run, const record_shape *shape, const bool *mine, int rank,
                         int size, fpt_error *err)
{
    int n = 0, rec = (int)record_size(shape);
    unsigned char *mine_buf = pack_done(run, shape, mine, &n);
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
        if (!unpack(all + (size_t)k * (size_t)rec, run->n_functions, run)) {
            st = FPT_ENOMEM;
        }
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
    record_shape shape = {.n_functions = run->n_functions,
                          .max_clashes = m->n_functions + m->n_pools + 1};
    if (st == FPT_OK) {
        st = gather(run, &shape, mine, rank, size, err);
    }
    free(mine);
    return st;
}
