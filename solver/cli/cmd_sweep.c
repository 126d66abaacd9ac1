/* SPDX-License-Identifier: MIT */
/*
 * footprint sweep: solve every scenario a scenario file stands for (sweep axes × Monte
 * Carlo samples) in parallel, then write per-scenario results, a per-function summary, the
 * infeasible scenarios by reason and the provenance stamp (docs/cli.md "sweep"), with --report
 * the HTML report, and one line on standard error counting plans and infeasible scenarios.
 *
 * footprint merge reads the outputs of a sweep's shards back and writes exactly what one
 * run would have written.
 *
 * SIGINT and SIGTERM stop the sweep cleanly: no new scenario starts, the finished ones are
 * written out, and the exit status says it was interrupted. A progress line goes to stderr
 * only when stderr is a terminal. An output directory is locked while its files are written, so
 * that two commands writing one directory never leave files of both.
 */
#define _DEFAULT_SOURCE /* flock(2), which the output directory's lock needs */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cli/progress.h"
#include "cli/sweep_output.h"
#include "footprint/appraise.h"
#include "footprint/load.h"
#include "footprint/robust.h"
#include "footprint/solve.h"
#include "footprint/sweep.h"
#include "footprint/variant.h"
#include "report/html/html_report.h"
#include "report/robust_report.h"
#include "report/sweep_journal.h"
#include "report/sweep_read.h"
#include "report/sweep_report.h"
#include "report/xlsx.h"

#ifdef FPT_MPI
#    include "run/sweep_mpi.h"
#endif

typedef struct sweep_args {
    const char *model;
    const char *scenario;
    const char *const *inputs; /* merge: the shard directories (borrowed from argv) */
    size_t n_inputs;
    const char *output;
    const char *report;
    bool json;
    bool xlsx; /* a workbook, DIR/sweep.xlsx; shards are read as they were written */
    bool resume;
    bool robust;
    double robust_share;
    fpt_sweep_options sweep;
    fpt_cli_progress progress; /* started at parse: on, off, terminal or not */
} sweep_args;

/* --format xlsx: a workbook needs --output, and cannot be read back by --resume or merge. */
static bool check_workbook(fpt_cli_command_id cmd, const fpt_cli_args *a, const sweep_args *args,
                           int *code)
{
    if (args->resume || fpt_cli_given(a, FPT_CLI_OPT_SHARD)) {
        *code = fpt_cli_command_error(cmd,
                                      "--format xlsx is not read back by %s: write csv or json, "
                                      "then make the workbook with footprint merge --format xlsx",
                                      args->resume ? "--resume" : "merge (so not for --shard)");
        return false;
    }
    *code = fpt_cli_check_workbook_output(cmd, a, FPT_CLI_OPT_OUTPUT_DIR);
    return *code == FPT_EXIT_OPTIMAL;
}

/* The command line into args; false with *code set after help or a usage error. */
static bool parse_args(int argc, char **argv, sweep_args *args, bool merge, int *code)
{
    fpt_cli_command_id cmd = merge ? FPT_CLI_CMD_MERGE : FPT_CLI_CMD_SWEEP;
    fpt_cli_args a;
    if (!fpt_cli_parse(argc, argv, cmd, &a, code)) {
        return false;
    }
    memset(args, 0, sizeof *args);
    fpt_sweep_options_init(&args->sweep);
    args->model = a.positional[0];
    args->scenario = a.positional[1];
    args->inputs = (const char *const *)a.positional + 2;
    args->n_inputs = a.n_positional - 2;
    for (size_t i = 0; i < args->n_inputs; i++) {
        if (fpt_cli_is_stdin(args->inputs[i])) {
            *code = fpt_cli_command_error(cmd, "a shard directory cannot be '-' (standard "
                                               "input): give the directory a shard wrote");
            return false;
        }
    }
    args->output = fpt_cli_text(&a, FPT_CLI_OPT_OUTPUT_DIR);
    args->report = fpt_cli_text(&a, FPT_CLI_OPT_REPORT);
    const char *format = fpt_cli_text(&a, FPT_CLI_OPT_FORMAT_SWEEP);
    args->json = format != NULL && strcmp(format, "json") == 0;
    args->xlsx = format != NULL && strcmp(format, FPT_XLSX_FORMAT) == 0;
    args->resume = fpt_cli_given(&a, FPT_CLI_OPT_RESUME);
    fpt_cli_progress_start(&args->progress, "sweep", &a);
    fpt_robust_options ro;
    fpt_robust_options_init(&ro);
    args->robust_share = ro.min_share;
    args->robust =
        fpt_cli_given(&a, FPT_CLI_OPT_ROBUST) || fpt_cli_given(&a, FPT_CLI_OPT_ROBUST_SHARE);
    if (fpt_cli_given(&a, FPT_CLI_OPT_ROBUST_SHARE)) {
        args->robust_share = fpt_cli_value_of(&a, FPT_CLI_OPT_ROBUST_SHARE)->number / 100.0;
    }
    if (fpt_cli_given(&a, FPT_CLI_OPT_THREADS)) {
        args->sweep.threads = (int)fpt_cli_value_of(&a, FPT_CLI_OPT_THREADS)->number;
    }
    if (fpt_cli_given(&a, FPT_CLI_OPT_SHARD)) {
        args->sweep.shard_index = fpt_cli_value_of(&a, FPT_CLI_OPT_SHARD)->first - 1;
        args->sweep.shard_count = fpt_cli_value_of(&a, FPT_CLI_OPT_SHARD)->second;
    }
    if (fpt_cli_given(&a, FPT_CLI_OPT_MIP_GAP)) {
        args->sweep.solve.mip_gap = fpt_cli_value_of(&a, FPT_CLI_OPT_MIP_GAP)->number;
    }
    if (args->resume && args->output == NULL) {
        *code = fpt_cli_command_error(cmd, "%s", "--resume needs --output DIR");
        return false;
    }
    return !args->xlsx || check_workbook(cmd, &a, args, code);
}

/* ---- progress ------------------------------------------------------------------------------ */

/* The sweep's fpt_progress_fn: scenarios done, the rate and the time left. */
static void show_progress(size_t done, size_t total, void *ctx)
{
    fpt_cli_progress *p = ctx;
    double elapsed = fpt_cli_progress_elapsed(p);
    double rate = elapsed > 0 ? (double)done / elapsed : 0;
    double left = rate > 0 ? (double)(total - done) / rate : 0;
    fpt_cli_progress_line(p, done == total,
                          "%zu of %zu scenarios, %.0f a second, about %.0f s left", done, total,
                          rate, left);
}

/* ---- writing ------------------------------------------------------------------------------- */

typedef fpt_status (*render_fn)(const fpt_sweep_report_input *, char **, size_t *, fpt_error *);

/* The files of one output, rendered before any is written. */
typedef struct out_set {
    fpt_cli_out_file file[6];
    char *text[6];
    size_t n;
} out_set;

static fpt_status add_file(out_set *set, render_fn render, const fpt_sweep_report_input *in,
                           const char *name, fpt_error *err)
{
    size_t i = set->n;
    FPT_TRY(render(in, &set->text[i], &set->file[i].len, err));
    set->file[i].name = name;
    set->file[i].text = set->text[i];
    set->n++;
    return FPT_OK;
}

static void free_set(out_set *set)
{
    for (size_t i = 0; i < set->n; i++) {
        free(set->text[i]);
    }
}

/* The files of a CSV directory in the order they are renamed into place: sweep.json, which
 * --resume and merge trust, last (docs/cli.md "Interruption and resume"). */
static fpt_status render_set(const sweep_args *args, const fpt_sweep_report_input *in, out_set *set,
                             fpt_error *err)
{
    if (args->xlsx) {
        return add_file(set, fpt_xlsx_render_sweep, in, "sweep.xlsx", err);
    }
    if (!args->json) {
        FPT_TRY(add_file(set, fpt_sweep_render_provenance_json, in, "provenance.json", err));
        FPT_TRY(add_file(set, fpt_sweep_render_scenarios_csv, in, "scenarios.csv", err));
        FPT_TRY(add_file(set, fpt_sweep_render_infeasible_csv, in, "infeasible.csv", err));
        if (in->robust != NULL) {
            FPT_TRY(add_file(set, fpt_sweep_render_robust_csv, in, "robust.csv", err));
        }
        FPT_TRY(add_file(set, fpt_sweep_render_summary_csv, in, "summary.csv", err));
    }
    return add_file(set, fpt_sweep_render_json, in, "sweep.json", err);
}

/* Standard output: the whole JSON, or the summary CSV. */
static fpt_status write_stdout(const sweep_args *args, const fpt_sweep_report_input *in,
                               fpt_error *err)
{
    char *text = NULL;
    size_t len = 0;
    render_fn render = args->json ? fpt_sweep_render_json : fpt_sweep_render_summary_csv;
    FPT_TRY(render(in, &text, &len, err));
    fpt_status st = FPT_OK;
    if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) {
        st = fpt_error_set(err, FPT_EIO, NULL, 0, "cannot write to standard output");
    }
    free(text);
    return st;
}

/* CSV to a directory: scenarios.csv, summary.csv, infeasible.csv (and robust.csv), rounded
 * for reading, with provenance.json and sweep.json, the exact record --resume and merge read
 * back; JSON: sweep.json; a workbook: sweep.xlsx. Written as one set into the directory,
 * which the caller has locked. */
static fpt_status write_outputs(const sweep_args *args, const fpt_sweep_report_input *in,
                                fpt_error *err)
{
    if (args->output == NULL) {
        return write_stdout(args, in, err);
    }
    out_set set = {0};
    fpt_status st = render_set(args, in, &set, err);
    if (st == FPT_OK) {
        st = fpt_cli_sweep_dir_write(args->output, set.file, set.n, err);
    }
    free_set(&set);
    return st;
}

/* The line that ends a sweep or a merge on standard error: scenarios with a plan, infeasible
 * ones by reason. Printing it cannot fail the command. */
static void print_counts(const fpt_sweep_report_input *in)
{
    char *text = NULL;
    size_t len = 0;
    if (fpt_sweep_render_counts(in, &text, &len, NULL) == FPT_OK) {
        fputs(text, stderr);
    }
    free(text);
    text = NULL;
    if (fpt_robust_render_line(in, &text, &len, NULL) == FPT_OK) {
        fputs(text, stderr);
    }
    free(text);
}

/* --robust: the robust plans of the scenarios run (footprint/robust.h); *out stays NULL
 * without it. */
static fpt_status find_robust(const sweep_args *args, const fpt_model *m, const fpt_scenario *s,
                              const fpt_sweep_run *run, fpt_robust **out, fpt_error *err)
{
    if (!args->robust) {
        return FPT_OK;
    }
    fpt_robust_options o;
    fpt_robust_options_init(&o);
    o.min_share = args->robust_share;
    o.threads = args->sweep.threads;
    return fpt_robust_run(m, s, run, &o, out, err);
}

/* --report: the base scenario solved once (its axes and draws ignored) for the table, with
 * the acceptability of the scenarios in the run. */
static fpt_status write_report(const sweep_args *args, const fpt_sweep_report_input *in,
                               fpt_error *err)
{
    if (args->report == NULL) {
        return FPT_OK;
    }
    fpt_appraisal *a = NULL;
    fpt_solution *sol = NULL;
    fpt_status st = fpt_appraisal_build(in->model, in->scenario, &a, err);
    if (st == FPT_OK) {
        st = fpt_solve(a, &args->sweep.solve, &sol, err);
    }
    if (st == FPT_OK) {
        fpt_html_report_input html = {.model = in->model,
                                      .scenario = in->scenario,
                                      .appraisal = a,
                                      .solution = sol,
                                      .sweep = in->run,
                                      .provenance = in->provenance,
                                      .robust = in->robust};
        st = fpt_cli_write_report(&html, args->report, err);
    }
    fpt_solution_free(sol);
    fpt_appraisal_free(a);
    return st;
}

/* ---- the command --------------------------------------------------------------------------- */

/* A workbook's scenarios sheet holds one row per scenario under its header. */
static fpt_status check_rows(const sweep_args *args, const fpt_scenario *s, fpt_error *err)
{
    size_t n = fpt_variant_count(s);
    if (args->xlsx && n > FPT_XLSX_MAX_TABLE_ROWS) {
        return fpt_error_set(err, FPT_EUSAGE, NULL, 0,
                             "--format xlsx: the sweep's %zu scenarios do not fit in a worksheet "
                             "(at most %u rows; write csv or json)",
                             n, FPT_XLSX_MAX_TABLE_ROWS);
    }
    return FPT_OK;
}

/* From here on SIGINT and SIGTERM stop the sweep cleanly (the flag the solves ask). */
static void install_signals(void)
{
    fpt_cli_catch_stop_signals();
}

/* ---- checkpoints --------------------------------------------------------------------------- */

/* The journal of finished chunks (report/sweep_journal.h) and its first failure, which stops
 * the sweep: a run that cannot checkpoint should not go on as if it could. Each thread
 * renders its own chunk's line; the lock serialises the appends. */
typedef struct checkpoint {
    fpt_sweep_journal *journal;
    pthread_mutex_t lock;
    volatile sig_atomic_t failed;
    fpt_error err;       /* the first failure, under the lock */
    long chunks;         /* appended, for FPT_TEST_KILL_AT=chunk:N */
    bool empty;          /* started with no scenario read back */
    bool others_stopped; /* MPI: another rank stopped before the end of its slice */
} checkpoint;

static bool should_stop(void *ctx)
{
    const checkpoint *c = ctx;
    return fpt_cli_stop_requested(NULL) || c->failed != 0;
}

/* Whether the sweep was stopped by a signal, here or (MPI) on another rank. */
static bool stopped(const checkpoint *c)
{
    return fpt_cli_stop_requested(NULL) || c->others_stopped;
}

/* The sweep's fpt_chunk_fn, on the thread that solved the chunk: render its line, then
 * append it under the lock. */
static void on_chunk_done(size_t first, size_t last, void *ctx)
{
    checkpoint *c = ctx;
    if (c->journal == NULL || c->failed) {
        return;
    }
    char *text = NULL;
    size_t len = 0;
    fpt_error err = {0};
    fpt_status st = fpt_sweep_journal_render(c->journal, first, last, &text, &len, &err);
    pthread_mutex_lock(&c->lock);
    if (st == FPT_OK && text != NULL && !c->failed) {
        st = fpt_sweep_journal_append(c->journal, first, last, text, len, &err);
        fpt_cli_test_kill_point("chunk", st == FPT_OK ? ++c->chunks : -1);
    }
    if (st != FPT_OK && !c->failed) {
        c->err = err;
        c->failed = 1;
    }
    pthread_mutex_unlock(&c->lock);
    free(text);
}

/* Whether this process writes the output: always, but for the MPI build's ranks after the
 * first, which only solve. */
static bool writes_output(void)
{
#ifdef FPT_MPI
    return fpt_sweep_mpi_is_root();
#else
    return true;
#endif
}

/* Before the sweep: lock the output directory, read back what --resume finds there and start
 * the journal (not for a workbook, which is not read back). *out_failed: the failure is the
 * output's (exit 6). Only the process that writes the output opens it. */
static fpt_status open_output(const sweep_args *args, fpt_sweep_report_input *in,
                              fpt_sweep_run *run, int *dir_fd, checkpoint *ck, bool *out_failed,
                              fpt_error *err)
{
    *out_failed = false;
    if (!writes_output()) {
        install_signals();
        return FPT_OK;
    }
    if (args->output != NULL) {
        *out_failed = true;
        FPT_TRY(fpt_cli_sweep_dir_open(args->output, dir_fd, err));
    }
    *out_failed = false;
    if (args->resume) { /* SIGINT and SIGTERM still end the command here: nothing is written */
        FPT_TRY(fpt_sweep_read_resume(args->output, in, run, err));
    }
    install_signals();
    if (*dir_fd >= 0 && !args->xlsx) {
        *out_failed = true;
        FPT_TRY(fpt_sweep_journal_start(args->output, in, &ck->journal, err));
        ck->empty = run->n_done == 0;
        *out_failed = false;
        fpt_cli_test_kill_point("chunk", 0);
    }
    return FPT_OK;
}

/* Write the outputs into the locked directory, then drop the journal whose scenarios they
 * now hold. */
static fpt_status finish_output(const sweep_args *args, const fpt_sweep_report_input *in,
                                checkpoint *ck, fpt_error *err)
{
    FPT_TRY(write_outputs(args, in, err));
    fpt_sweep_journal *j = ck->journal;
    ck->journal = NULL;
    return j != NULL ? fpt_sweep_journal_finish(j, err) : FPT_OK;
}

/* A run that failed before its journal held anything leaves the directory as it found it. */
static void drop_empty_journal(checkpoint *ck)
{
    if (ck->journal != NULL && ck->empty && ck->chunks == 0) {
        fpt_sweep_journal *j = ck->journal;
        ck->journal = NULL;
        (void)fpt_sweep_journal_finish(j, NULL);
    }
}

static int interrupted(const sweep_args *args, const fpt_sweep_run *run)
{
    if (args->xlsx) { /* a workbook is not read back by --resume */
        fprintf(stderr,
                "footprint: interrupted; the workbook holds the %zu scenarios finished; run "
                "the sweep again for all of them\n",
                run->n_done);
    } else {
        fprintf(stderr,
                "footprint: interrupted; the scenarios finished are written (%zu this run); "
                "run again with --resume to finish the rest\n",
                run->n_done);
    }
    return FPT_EXIT_INTERRUPTED;
}

/* The sweep itself, once the output is open (start: whether it could be): every rank solves,
 * rank 0 writes. */
static fpt_status solve_all(const fpt_model *m, const fpt_scenario *s, const fpt_sweep_options *o,
                            fpt_status start, fpt_sweep_run *run, checkpoint *ck, fpt_error *err)
{
#ifdef FPT_MPI
    return fpt_sweep_mpi_run(m, s, o, start, run, &ck->others_stopped, err); /* all learn start */
#else
    (void)ck;
    return start == FPT_OK ? fpt_sweep_resume(m, s, o, run, err) : start;
#endif
}

static int run_loaded(sweep_args *args, const fpt_model *m, const fpt_scenario *s)
{
    fpt_error err = {0};
    fpt_provenance prov;
    fpt_sweep_run *run = NULL;
    fpt_cli_progress *prog = &args->progress; /* its lock is not to be copied */
    checkpoint ck = {.lock = PTHREAD_MUTEX_INITIALIZER};
    fpt_sweep_options o = args->sweep;
    o.cancelled = should_stop;
    o.cancel_ctx = &ck;
    o.chunk_done = on_chunk_done;
    o.chunk_ctx = &ck;
    o.solve.cancelled = should_stop; /* a signal stops the MIP in progress too */
    o.solve.cancel_ctx = &ck;
    if (prog->on) {
        o.progress = show_progress;
        o.progress_ctx = prog;
    }
    fpt_status st = check_rows(args, s, &err);
    if (st == FPT_OK) {
        st = fpt_provenance_fill(&prov, m, s, &o.solve, &err);
    }
    if (st == FPT_OK) {
        st = fpt_sweep_run_prepare(m, s, &run, &err);
    }
    fpt_sweep_report_input in = {.model = m, .scenario = s, .run = run, .provenance = &prov};
    int dir_fd = -1;
    bool writing = false, root = writes_output();
    if (st == FPT_OK) {
        st = open_output(args, &in, run, &dir_fd, &ck, &writing, &err);
        st = solve_all(m, s, &o, st, run, &ck, &err);
    }
    fpt_cli_progress_end(prog);
    if (st == FPT_OK && ck.failed) {
        err = ck.err;
        st = err.status;
        writing = true;
    }
    if (!root) { /* rank 0 writes what every rank solved */
        fpt_sweep_run_free(run);
        return st == FPT_OK ? FPT_EXIT_OPTIMAL : fpt_cli_exit_for_status(st);
    }
    fpt_robust *robust = NULL;
    if (st == FPT_OK && !stopped(&ck)) {
        st = find_robust(args, m, s, run, &robust, &err);
        in.robust = robust;
    }
    if (st == FPT_OK) {
        writing = true;
        st = finish_output(args, &in, &ck, &err);
    }
    if (st == FPT_OK && !stopped(&ck)) {
        st = write_report(args, &in, &err);
    }
    if (st == FPT_OK) {
        print_counts(&in);
    }
    int code = st == FPT_OK               ? FPT_EXIT_OPTIMAL
               : writing && st == FPT_EIO ? FPT_EXIT_OUTPUT
                                          : fpt_cli_exit_for_status(st);
    if (st != FPT_OK) {
        fpt_cli_print_failure(&(fpt_diags){0}, &err);
        drop_empty_journal(&ck);
    } else if (stopped(&ck)) {
        code = interrupted(args, run);
    }
    fpt_sweep_journal_free(ck.journal);
    if (dir_fd >= 0) {
        close(dir_fd);
    }
    fpt_robust_free(robust);
    fpt_sweep_run_free(run);
    return code;
}

/* Merge: read every shard, insist that together they hold every scenario once, write. */
static int merge_loaded(const sweep_args *args, const fpt_model *m, const fpt_scenario *s)
{
    fpt_error err = {0};
    fpt_provenance prov;
    fpt_sweep_run *run = NULL;
    fpt_status st = check_rows(args, s, &err);
    if (st == FPT_OK) {
        st = fpt_provenance_fill(&prov, m, s, &args->sweep.solve, &err);
    }
    if (st == FPT_OK &&
        fpt_sweep_run_create(fpt_variant_count(s), m->n_functions, s->n_axes, &run) != FPT_OK) {
        st = fpt_error_set(&err, FPT_ENOMEM, NULL, 0, "out of memory merging");
    }
    fpt_sweep_report_input in = {.model = m, .scenario = s, .run = run, .provenance = &prov};
    for (size_t i = 0; st == FPT_OK && i < run->n_scenarios; i++) {
        fpt_variant_axis_values(s, i, &run->axis_values[i * s->n_axes]);
    }
    for (size_t d = 0; st == FPT_OK && d < args->n_inputs; d++) {
        st = fpt_sweep_read_dir(args->inputs[d], &in, run, &err);
    }
    for (size_t i = 0; st == FPT_OK && i < run->n_scenarios; i++) {
        if (!run->results[i].done) {
            st = fpt_error_set(&err, FPT_EINVALID, NULL, 0,
                               "scenario %zu of %zu is in none of the shards (expected every "
                               "shard of the sweep)",
                               i, run->n_scenarios);
        }
    }
    fpt_robust *robust = NULL;
    if (st == FPT_OK) {
        st = find_robust(args, m, s, run, &robust, &err);
        in.robust = robust;
    }
    bool writing = st == FPT_OK;
    int dir_fd = -1;
    if (writing && args->output != NULL) {
        st = fpt_cli_sweep_dir_open(args->output, &dir_fd, &err);
    }
    if (st == FPT_OK) {
        st = write_outputs(args, &in, &err);
    }
    if (dir_fd >= 0) {
        close(dir_fd);
    }
    if (st == FPT_OK) {
        st = write_report(args, &in, &err);
    }
    if (st == FPT_OK) {
        print_counts(&in);
    } else {
        fpt_cli_print_failure(&(fpt_diags){0}, &err);
    }
    fpt_robust_free(robust);
    fpt_sweep_run_free(run);
    if (st == FPT_OK) {
        return FPT_EXIT_OPTIMAL;
    }
    return writing && st == FPT_EIO ? FPT_EXIT_OUTPUT : fpt_cli_exit_for_status(st);
}

static int run_command(int argc, char **argv, bool merge)
{
    sweep_args args;
    int code = FPT_EXIT_OPTIMAL;
    if (!parse_args(argc, argv, &args, merge, &code)) {
        return code;
    }
    fpt_model *m = NULL;
    fpt_scenario *s = NULL;
    code = fpt_cli_load_pair(args.model, args.scenario, &m, &s);
    if (code == FPT_EXIT_OPTIMAL) {
        code = merge ? merge_loaded(&args, m, s) : run_loaded(&args, m, s);
    }
    fpt_scenario_free(s);
    fpt_model_free(m);
    return code;
}

int fpt_cli_sweep(int argc, char **argv)
{
    return run_command(argc, argv, false);
}

int fpt_cli_merge(int argc, char **argv)
{
    return run_command(argc, argv, true);
}
