/* SPDX-License-Identifier: MIT */
/*
 * The MPI driver (run/sweep_mpi.h). Each rank runs fpt_sweep_resume on sub-shard
 * (shard × size + rank) of (shards × size): those slices tile the user's shard chunk by
 * chunk. Rank 0 first tells every rank whether it can go on and which scenarios --resume read
 * back. Every other rank sends each chunk as it finishes it — its results packed into a flat
 * byte record each (an infeasible one with its clashes) — and, when its slice ends, a last
 * message with what it finished outside whole chunks and its status. Rank 0 receives on a
 * thread of its own while it solves its own slice, unpacks each result into its run and hands
 * each chunk to its chunk_done, as if it had solved it. Sends go one at a time (a lock), and
 * rank 0 calls MPI only from the receiving thread until that ends: MPI_THREAD_SERIALIZED.
 * Never prints.
 */
#include "run/sweep_mpi.h"

#include <mpi.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A whole chunk; scenarios finished of a chunk left unfinished; a rank's last message. */
enum { TAG_CHUNK = 1, TAG_PART = 2, TAG_LAST = 3 };

/* A message: the chunk [first, last) (none in a last message), then n_records records; a
 * last message's status and message are the rank's, and stopped says whether it stopped
 * before the end of its slice (SIGINT or SIGTERM). */
typedef struct packed_msg {
    uint64_t first, last, n_records;
    int32_t status;
    int32_t stopped;
    char message[256];
} packed_msg;

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

/* What the ranks of one sweep share. */
typedef struct mpi_sweep {
    fpt_sweep_run *run;
    record_shape shape;
    const fpt_sweep_options *o; /* the caller's: rank 0 hands every chunk to its chunk_done */
    int size;
    /* a rank other than 0: */
    bool *sent;           /* scenarios rank 0 has (read back, or sent) */
    pthread_mutex_t lock; /* one send at a time */
    fpt_status failed;    /* the first send that could not be made (out of memory) */
    /* rank 0: */
    unsigned char *inbox; /* room for the largest message */
    size_t received;      /* results received that were not done before */
    int n_last;           /* last messages received */
    bool stopped;         /* another rank stopped before the end of its slice */
    fpt_status status;    /* the first failure another rank reported */
    int failed_rank;
    char message[256];
} mpi_sweep;

/* The largest message: a chunk's records. */
static size_t max_message(const mpi_sweep *ms)
{
    return sizeof(packed_msg) + FPT_SWEEP_CHUNK * record_size(&ms->shape);
}

/* Send rank 0 the scenarios of [first, last) that are done and not sent yet, as a message
 * tagged tag, and mark them sent; a last message (tag TAG_LAST) carries status and message
 * and no scenario. Any thread, one at a time. */
static void send_records(mpi_sweep *ms, int tag, size_t first, size_t last, fpt_status status,
                         bool stopped, const char *message)
{
    size_t rec = record_size(&ms->shape), n = 0;
    for (size_t i = first; tag != TAG_LAST && i < last; i++) {
        n += ms->run->results[i].done && !ms->sent[i];
    }
    if (tag == TAG_PART && n == 0) {
        return;
    }
    unsigned char head[sizeof(packed_msg)]; /* a message without records needs no memory */
    unsigned char *room = n > 0 ? malloc(sizeof(packed_msg) + n * rec) : NULL;
    unsigned char *buf = n > 0 ? room : head;
    pthread_mutex_lock(&ms->lock);
    if (buf == NULL && ms->failed == FPT_OK) {
        ms->failed = FPT_ENOMEM; /* the scenarios go later, outside chunks (send_rest) */
    }
    if (buf != NULL) {
        packed_msg h = {.first = first,
                        .last = last,
                        .n_records = n,
                        .status = (int32_t)status,
                        .stopped = stopped};
        snprintf(h.message, sizeof h.message, "%s", message);
        memcpy(buf, &h, sizeof h);
        size_t k = 0;
        for (size_t i = first; tag != TAG_LAST && i < last; i++) {
            if (ms->run->results[i].done && !ms->sent[i]) {
                pack(&ms->run->results[i], i, &ms->shape, buf + sizeof h + k++ * rec);
                ms->sent[i] = true;
            }
        }
        MPI_Send(buf, (int)(sizeof h + n * rec), MPI_BYTE, 0, tag, MPI_COMM_WORLD);
    }
    pthread_mutex_unlock(&ms->lock);
    free(room);
}

/* A rank other than 0's fpt_chunk_fn: send the chunk as soon as it is finished. */
static void send_chunk(size_t first, size_t last, void *ctx)
{
    send_records(ctx, TAG_CHUNK, first, last, FPT_OK, false, "");
}

/* A rank other than 0 at the end of its slice [first, last): what it finished outside whole
 * chunks (a stopped sweep's), chunk by chunk, then its status. */
static void send_rest(mpi_sweep *ms, size_t first, size_t last, fpt_status st, bool stopped,
                      const char *message)
{
    for (size_t lo = first; lo < last; lo += FPT_SWEEP_CHUNK) {
        size_t hi = lo + FPT_SWEEP_CHUNK < last ? lo + FPT_SWEEP_CHUNK : last;
        send_records(ms, TAG_PART, lo, hi, FPT_OK, false, "");
    }
    if (st == FPT_OK) {
        st = ms->failed;
        message = st == FPT_OK ? "" : "out of memory for a message to rank 0";
    }
    send_records(ms, TAG_LAST, 0, 0, st, stopped, message);
}

/* Rank 0: take one message's results into the run; a whole chunk goes on to chunk_done. */
static void take_message(mpi_sweep *ms, int source, int tag, int bytes)
{
    packed_msg h;
    memcpy(&h, ms->inbox, sizeof h);
    size_t rec = record_size(&ms->shape);
    for (uint64_t k = 0; k < h.n_records && (size_t)bytes >= sizeof h + (k + 1) * rec; k++) {
        const unsigned char *in = ms->inbox + sizeof h + k * rec;
        uint64_t index;
        memcpy(&index, in, sizeof index);
        if (index >= ms->run->n_scenarios) {
            continue;
        }
        ms->received += !ms->run->results[index].done;
        if (!unpack(in, ms->shape.n_functions, ms->run) && ms->status == FPT_OK) {
            ms->status = FPT_ENOMEM;
            ms->failed_rank = 0;
            snprintf(ms->message, sizeof ms->message, "out of memory for a result");
        }
    }
    if (tag == TAG_CHUNK && ms->o->chunk_done != NULL && h.last <= ms->run->n_scenarios) {
        ms->o->chunk_done((size_t)h.first, (size_t)h.last, ms->o->chunk_ctx);
    }
    if (tag == TAG_LAST) {
        ms->n_last++;
        ms->stopped = ms->stopped || h.stopped != 0;
        if (h.status != FPT_OK && ms->status == FPT_OK) {
            ms->status = (fpt_status)h.status;
            ms->failed_rank = source;
            memcpy(ms->message, h.message, sizeof ms->message);
            ms->message[sizeof ms->message - 1] = '\0';
        }
    }
}

/* Rank 0's receiving thread: every other rank's messages until each has sent its last. */
static void *receive_all(void *ctx)
{
    mpi_sweep *ms = ctx;
    while (ms->n_last < ms->size - 1) {
        MPI_Status s;
        int bytes = 0;
        MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &s);
        MPI_Get_count(&s, MPI_BYTE, &bytes);
        MPI_Recv(ms->inbox, (int)max_message(ms), MPI_BYTE, s.MPI_SOURCE, s.MPI_TAG, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
        take_message(ms, s.MPI_SOURCE, s.MPI_TAG, bytes);
    }
    return NULL;
}

/* Before anyone solves: rank 0 says whether it can go on (start, its status: the output
 * opened, --resume's results read back) and which scenarios it holds already, which the
 * others then skip. Every rank makes room for what it will need. */
static fpt_status share_start(mpi_sweep *ms, fpt_status start, int rank, fpt_error *err)
{
    size_t n = ms->run->n_scenarios;
    int32_t st0 = (int32_t)start;
    MPI_Bcast(&st0, 1, MPI_INT32_T, 0, MPI_COMM_WORLD);
    if (st0 != FPT_OK) {
        return rank == 0 ? start
                         : fpt_error_set(err, (fpt_status)st0, NULL, 0,
                                         "rank 0 could not start the sweep");
    }
    unsigned char *done = malloc(n + 1);
    ms->sent = rank != 0 ? calloc(n + 1, sizeof *ms->sent) : NULL;
    ms->inbox = rank == 0 ? malloc(max_message(ms)) : NULL;
    int ok = done != NULL && (rank == 0 ? ms->inbox != NULL : ms->sent != NULL), all_ok = 0;
    MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    for (size_t i = 0; all_ok && rank == 0 && i < n; i++) {
        done[i] = ms->run->results[i].done;
    }
    for (size_t at = 0; all_ok && at < n; at += (size_t)1 << 30) {
        size_t len = n - at < (size_t)1 << 30 ? n - at : (size_t)1 << 30;
        MPI_Bcast(done + at, (int)len, MPI_BYTE, 0, MPI_COMM_WORLD);
    }
    for (size_t i = 0; all_ok && rank != 0 && i < n; i++) {
        ms->run->results[i].done = done[i] != 0; /* skipped here; rank 0 has them */
        ms->sent[i] = done[i] != 0;
    }
    free(done);
    return all_ok ? FPT_OK
                  : fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory to start the sweep");
}

/* Rank 0: solve its own slice while a thread receives the others'. */
static fpt_status solve_root(const fpt_model *m, const fpt_scenario *base,
                             const fpt_sweep_options *mine_o, mpi_sweep *ms, fpt_error *err)
{
    pthread_t receiver;
    bool receiving = ms->size > 1 && pthread_create(&receiver, NULL, receive_all, ms) == 0;
    if (ms->size > 1 && !receiving) {
        receive_all(ms); /* no thread to be had: receive first, then solve */
    }
    fpt_status st = fpt_sweep_resume(m, base, mine_o, ms->run, err);
    if (receiving) {
        pthread_join(receiver, NULL);
    }
    ms->run->n_done += ms->received;
    if (st == FPT_OK && ms->status != FPT_OK) {
        st = fpt_error_set(err, ms->status, NULL, 0, "MPI rank %d: %s", ms->failed_rank,
                           ms->message);
    }
    return st;
}

/* A rank other than 0: solve its slice, sending each chunk, then the rest and its status. */
static fpt_status solve_other(const fpt_model *m, const fpt_scenario *base,
                              fpt_sweep_options *mine_o, mpi_sweep *ms, fpt_error *err)
{
    mine_o->chunk_done = send_chunk;
    mine_o->chunk_ctx = ms;
    fpt_status st = fpt_sweep_resume(m, base, mine_o, ms->run, err);
    size_t first = 0, last = 0;
    fpt_sweep_shard_range(ms->run->n_scenarios, mine_o->shard_index, mine_o->shard_count, &first,
                          &last);
    bool stopped = mine_o->cancelled != NULL && mine_o->cancelled(mine_o->cancel_ctx);
    send_rest(ms, first, last, st, stopped, st == FPT_OK ? "" : err->message);
    return st;
}

bool fpt_sweep_mpi_is_root(void)
{
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    return rank == 0;
}

fpt_status fpt_sweep_mpi_run(const fpt_model *m, const fpt_scenario *base,
                             const fpt_sweep_options *o, fpt_status start, fpt_sweep_run *run,
                             bool *others_stopped, fpt_error *err)
{
    *others_stopped = false;
    int rank = 0, size = 1, level = MPI_THREAD_SINGLE;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Query_thread(&level);
    if (start != FPT_OK && size == 1) {
        return start;
    }
    if (o->shard_count == 0 || o->shard_index >= o->shard_count) { /* before dividing by it */
        return fpt_error_set(err, FPT_EUSAGE, NULL, 0, "shard %zu of %zu does not exist",
                             o->shard_index + 1, o->shard_count);
    }
    if (size > 1 && level < MPI_THREAD_SERIALIZED) { /* the same library on every rank */
        return rank == 0 && start != FPT_OK
                   ? start
                   : fpt_error_set(err, FPT_EINTERNAL, NULL, 0,
                                   "the MPI library does not allow calls from more than one "
                                   "thread (MPI_THREAD_SERIALIZED)");
    }
    mpi_sweep ms = {
        .run = run,
        .shape = {.n_functions = run->n_functions, .max_clashes = m->n_functions + m->n_pools + 1},
        .o = o,
        .size = size,
        .lock = PTHREAD_MUTEX_INITIALIZER};
    fpt_status st = share_start(&ms, start, rank, err);
    fpt_sweep_options mine_o = *o;
    mine_o.shard_index = o->shard_index * (size_t)size + (size_t)rank;
    mine_o.shard_count = o->shard_count * (size_t)size;
    if (st == FPT_OK) {
        st = rank == 0 ? solve_root(m, base, &mine_o, &ms, err)
                       : solve_other(m, base, &mine_o, &ms, err);
    }
    free(ms.sent);
    free(ms.inbox);
    *others_stopped = ms.stopped;
    return st;
}
