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
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/outfile.h"
#include "cli.h"
#include "cli/progress.h"
#include "footprint/appraise.h"
#include "footprint/load.h"
#include "footprint/robust.h"
#include "footprint/solve.h"
#include "footprint/sweep.h"
#include "footprint/variant.h"
#include "report/html/html_report.h"
#include "report/robust_report.h"
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

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static bool stop_was_requested(void *ctx)
{
    (void)ctx;
    return stop_requested != 0;
}

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
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double elapsed =
        (double)(now.tv_sec - p->start.tv_sec) + 1e-9 * (double)(now.tv_nsec - p->start.tv_nsec);
    double rate = elapsed > 0 ? (double)done / elapsed : 0;
    double left = rate > 0 ? (double)(total - done) / rate : 0;
    fpt_cli_progress_line(p, done == total,
                          "%zu of %zu scenarios, %.0f a second, about %.0f s left", done, total,
                          rate, left);
}

/* ---- writing ------------------------------------------------------------------------------- */

static fpt_status make_dir(const char *dir, fpt_error *err)
{
    if (mkdir(dir, 0755) == 0 || errno == EEXIST) {
        struct stat st;
        if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) {
            return FPT_OK;
        }
    }
    int saved = errno;
    char missing[FPT_CLI_PATH_MAX];
    if (saved == ENOENT && fpt_outfile_missing_dir(dir, missing, sizeof missing)) {
        return fpt_error_set(err, FPT_EIO, dir, 0,
                             "cannot create the output directory '%s': the directory '%s' does "
                             "not exist (create it first)",
                             dir, missing);
    }
    return fpt_error_set(err, FPT_EIO, dir, 0, "cannot create the output directory '%s': %s", dir,
                         strerror(saved));
}

typedef fpt_status (*render_fn)(const fpt_sweep_report_input *, char **, size_t *, fpt_error *);

static fpt_status emit(render_fn render, const fpt_sweep_report_input *in, const char *dir,
                       const char *name, fpt_error *err)
{
    char *text = NULL;
    size_t len = 0;
    FPT_TRY(render(in, &text, &len, err));
    fpt_status st = FPT_OK;
    if (dir == NULL) {
        if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) {
            st = fpt_error_set(err, FPT_EIO, NULL, 0, "cannot write to standard output");
        }
    } else {
        size_t n = strlen(dir) + strlen(name) + 2;
        char *path = malloc(n);
        st = path == NULL ? FPT_ENOMEM : FPT_OK;
        if (path != NULL) {
            snprintf(path, n, "%s/%s", dir, name);
            st = fpt_write_atomic(path, text, len, err);
        }
        free(path);
    }
    free(text);
    return st;
}

/*
 * Lock the output directory against another footprint command writing it (docs/cli.md
 * "Outputs"): an advisory flock(2) on the directory itself, so nothing is added to it, taken
 * without waiting and let go when *fd is closed. A second writer is refused, not queued: two
 * runs into one directory are a mistake to report, not to serialise.
 */
static fpt_status lock_dir(const char *dir, int *fd, fpt_error *err)
{
    *fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (*fd < 0) {
        return fpt_error_set(err, FPT_EIO, dir, 0, "cannot open the output directory '%s': %s", dir,
                             strerror(errno));
    }
    if (flock(*fd, LOCK_EX | LOCK_NB) == 0) {
        return FPT_OK;
    }
    int saved = errno;
    close(*fd);
    *fd = -1;
    if (saved == EWOULDBLOCK) {
        return fpt_error_set(err, FPT_EIO, dir, 0,
                             "another command is writing the output directory '%s' (expected one "
                             "writer at a time: wait for it, or give another --output)",
                             dir);
    }
    return fpt_error_set(err, FPT_EIO, dir, 0, "cannot lock the output directory '%s': %s", dir,
                         strerror(saved));
}

static fpt_status write_files(const sweep_args *args, const fpt_sweep_report_input *in,
                              fpt_error *err);

/* The outputs, with the directory locked while its files are written. */
static fpt_status write_outputs(const sweep_args *args, const fpt_sweep_report_input *in,
                                fpt_error *err)
{
    int fd = -1;
    if (args->output != NULL) {
        FPT_TRY(make_dir(args->output, err));
        FPT_TRY(lock_dir(args->output, &fd, err));
    }
    fpt_status st = write_files(args, in, err);
    if (fd >= 0) {
        close(fd);
    }
    return st;
}

/* CSV to a directory: scenarios.csv, summary.csv, infeasible.csv (and robust.csv), rounded
 * for reading, with provenance.json and sweep.json, the exact record --resume and merge read
 * back; to stdout: the summary. JSON: one file. */
static fpt_status write_files(const sweep_args *args, const fpt_sweep_report_input *in,
                              fpt_error *err)
{
    if (args->xlsx) {
        return emit(fpt_xlsx_render_sweep, in, args->output, "sweep.xlsx", err);
    }
    if (args->json) {
        return emit(fpt_sweep_render_json, in, args->output, "sweep.json", err);
    }
    if (args->output != NULL) {
        FPT_TRY(emit(fpt_sweep_render_json, in, args->output, "sweep.json", err));
        FPT_TRY(emit(fpt_sweep_render_provenance_json, in, args->output, "provenance.json", err));
        FPT_TRY(emit(fpt_sweep_render_scenarios_csv, in, args->output, "scenarios.csv", err));
        FPT_TRY(emit(fpt_sweep_render_infeasible_csv, in, args->output, "infeasible.csv", err));
    }
    if (args->output != NULL && in->robust != NULL) {
        FPT_TRY(emit(fpt_sweep_render_robust_csv, in, args->output, "robust.csv", err));
    }
    return emit(fpt_sweep_render_summary_csv, in, args->output, "summary.csv", err);
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

/* --resume: does the output directory already hold results (sweep.json, in either format)? */
static bool output_exists(const sweep_args *args)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/sweep.json", args->output);
    return access(path, F_OK) == 0;
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

static int run_loaded(const sweep_args *args, const fpt_model *m, const fpt_scenario *s)
{
    fpt_error err = {0};
    fpt_provenance prov;
    fpt_sweep_run *run = NULL;
    fpt_cli_progress prog = args->progress;
    fpt_sweep_options o = args->sweep;
    o.cancelled = stop_was_requested;
    if (prog.on) {
        o.progress = show_progress;
        o.progress_ctx = &prog;
    }
    install_signals();
    fpt_status st = check_rows(args, s, &err);
    if (st == FPT_OK) {
        st = fpt_provenance_fill(&prov, m, s, &o.solve, &err);
    }
    if (st == FPT_OK) {
        st = fpt_sweep_run_prepare(m, s, &run, &err);
    }
    fpt_sweep_report_input in = {.model = m, .scenario = s, .run = run, .provenance = &prov};
    if (st == FPT_OK && args->resume && output_exists(args)) {
        st = fpt_sweep_read_dir(args->output, &in, run, &err);
    }
    bool root = true;
    if (st == FPT_OK) {
#ifdef FPT_MPI
        st = fpt_sweep_mpi_run(m, s, &o, run, &root, &err);
#else
        st = fpt_sweep_resume(m, s, &o, run, &err);
#endif
    }
    fpt_cli_progress_end(&prog);
    if (!root) { /* rank 0 writes what every rank solved */
        fpt_sweep_run_free(run);
        return st == FPT_OK ? FPT_EXIT_OPTIMAL : fpt_cli_exit_for_status(st);
    }
    fpt_robust *robust = NULL;
    if (st == FPT_OK && !stop_requested) {
        st = find_robust(args, m, s, run, &robust, &err);
        in.robust = robust;
    }
    bool writing = st == FPT_OK;
    if (writing) {
        st = write_outputs(args, &in, &err);
    }
    if (st == FPT_OK && !stop_requested) {
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
    } else if (stop_requested && args->xlsx) { /* a workbook is not read back by --resume */
        fprintf(stderr,
                "footprint: interrupted; the workbook holds the %zu scenarios finished; run "
                "the sweep again for all of them\n",
                run->n_done);
        code = FPT_EXIT_INTERRUPTED;
    } else if (stop_requested) {
        fprintf(stderr,
                "footprint: interrupted; the scenarios finished are written (%zu this run); "
                "run again with --resume to finish the rest\n",
                run->n_done);
        code = FPT_EXIT_INTERRUPTED;
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
    if (writing) {
        st = write_outputs(args, &in, &err);
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
