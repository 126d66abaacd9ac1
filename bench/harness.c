/* SPDX-License-Identifier: MIT */
/*
 * fpt-bench-harness: the nightly benchmark (bench/README.md). Runs each configuration of a
 * config file (one footprint command line each) a given number of times as a child process,
 * and writes Google Benchmark's JSON: one entry per repetition and a median aggregate, each
 * with the answer's fingerprint (status, objective, FNV-1a 64 hash of the assignment or of
 * the whole output). Given a baseline in the same format, it fails when a median is slower
 * by more than the threshold or when any fingerprint differs. Timing lives here, never in
 * the tests.
 */
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "footprint/report.h"
#include "footprint/solve.h"

extern char **environ;

enum { MAX_ARGS = 64, EXIT_OK = 0, EXIT_REGRESSION = 1, EXIT_USAGE = 2, EXIT_FAILED = 3 };

typedef struct options {
    const char *footprint;
    const char *source;
    const char *configs;
    const char *out;
    const char *baseline;
    long repetitions;
    double threshold;
} options;

/* One configuration: a name and the footprint arguments (paths relative to source). */
typedef struct config {
    char line[1024]; /* the config line, cut into words in place */
    char *name;
    char *args[MAX_ARGS];
    int n_args;
} config;

/* What one run of a configuration gave. */
typedef struct run {
    double real_ms;
    double cpu_ms;
    int exit_code;
    char status[32];
    double objective; /* NAN when the output has none */
    uint64_t hash;
} run;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return 1e3 * (double)ts.tv_sec + 1e-6 * (double)ts.tv_nsec;
}

static double children_cpu_ms(void)
{
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    return 1e3 * (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           1e-3 * (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

static uint64_t fnv1a(uint64_t h, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

static const uint64_t FNV_OFFSET = UINT64_C(0xcbf29ce484222325);

/* Cut a config line into words; returns false for comments and blank lines. */
static bool parse_config(config *c)
{
    c->n_args = 0;
    c->name = strtok(c->line, " \t\r\n");
    if (c->name == NULL || c->name[0] == '#') {
        return false;
    }
    for (char *w = strtok(NULL, " \t\r\n"); w != NULL && c->n_args < MAX_ARGS - 2;
         w = strtok(NULL, " \t\r\n")) {
        c->args[c->n_args++] = w;
    }
    return c->n_args > 0;
}

static size_t read_configs(const char *path, config **out)
{
    FILE *fp = fopen(path, "r");
    if (fp == NULL) {
        fprintf(stderr, "fpt-bench-harness: %s: %s\n", path, strerror(errno));
        return 0;
    }
    size_t n = 0, cap = 8;
    config *cs = calloc(cap, sizeof *cs);
    while (cs != NULL && fgets(cs[n].line, sizeof cs[n].line, fp) != NULL) {
        if (parse_config(&cs[n]) && ++n == cap) {
            config *grown = realloc(cs, 2 * cap * sizeof *cs);
            if (grown == NULL) {
                free(cs);
                cs = NULL;
                break;
            }
            cs = grown;
            cap *= 2;
        }
    }
    fclose(fp);
    *out = cs;
    return cs == NULL ? 0 : n;
}

/* Hash "function=level\n" for each assignment, in output order. */
static uint64_t hash_assignments(const json_t *assignments)
{
    uint64_t h = FNV_OFFSET;
    size_t i;
    const json_t *a;
    json_array_foreach(assignments, i, a)
    {
        const char *f = json_string_value(json_object_get(a, "function"));
        const char *l = json_string_value(json_object_get(a, "level"));
        char item[256];
        int len = snprintf(item, sizeof item, "%s=%s\n", f ? f : "", l ? l : "");
        h = fnv1a(h, item, (size_t)len < sizeof item ? (size_t)len : sizeof item - 1);
    }
    return h;
}

/* A solve's JSON gives status, objective and the assignment; anything else (a sweep, a
 * table) is fingerprinted by its exit code and the hash of its whole output. */
static void fingerprint(const char *text, size_t len, run *r)
{
    json_t *doc = json_loadb(text, len, 0, NULL);
    const json_t *status = json_object_get(doc, "status");
    r->objective = NAN;
    if (json_is_string(status)) {
        snprintf(r->status, sizeof r->status, "%s", json_string_value(status));
        const json_t *obj = json_object_get(doc, "objective");
        r->objective = json_is_number(obj) ? json_number_value(obj) : NAN;
        r->hash = hash_assignments(json_object_get(doc, "assignments"));
    } else {
        snprintf(r->status, sizeof r->status, "exit %d", r->exit_code);
        r->hash = fnv1a(FNV_OFFSET, text, len);
    }
    json_decref(doc);
}

static char *slurp(int fd, size_t *len)
{
    off_t size = lseek(fd, 0, SEEK_END);
    char *text = size >= 0 ? malloc((size_t)size + 1) : NULL;
    *len = 0;
    if (text != NULL && lseek(fd, 0, SEEK_SET) == 0) {
        ssize_t got = read(fd, text, (size_t)size);
        *len = got > 0 ? (size_t)got : 0;
        text[*len] = '\0';
    }
    return text;
}

static int spawn_and_wait(const options *o, const config *c, int out_fd, int err_fd)
{
    char *argv[MAX_ARGS + 1] = {(char *)o->footprint};
    memcpy(&argv[1], c->args, (size_t)c->n_args * sizeof *argv);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out_fd, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&fa, err_fd, STDERR_FILENO);
    pid_t pid;
    int rc = posix_spawn(&pid, o->footprint, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    int status = 0;
    if (rc != 0 || waitpid(pid, &status, 0) != pid) {
        return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Run one repetition; false when the command could not run or crashed. */
static bool run_once(const options *o, const config *c, run *r)
{
    char out_path[] = "/tmp/fpt-bench-out-XXXXXX", err_path[] = "/tmp/fpt-bench-err-XXXXXX";
    int out_fd = mkstemp(out_path), err_fd = mkstemp(err_path);
    bool ok = out_fd >= 0 && err_fd >= 0;
    if (ok) {
        double cpu0 = children_cpu_ms(), t0 = now_ms();
        r->exit_code = spawn_and_wait(o, c, out_fd, err_fd);
        r->real_ms = now_ms() - t0;
        r->cpu_ms = children_cpu_ms() - cpu0;
        size_t len = 0;
        char *text = slurp(out_fd, &len);
        fingerprint(text ? text : "", len, r);
        free(text);
        ok = r->exit_code >= 0 && r->exit_code < 64; /* footprint's codes; 70 and signals fail */
        if (!ok) {
            char *msg = slurp(err_fd, &len);
            fprintf(stderr, "fpt-bench-harness: %s: exit %d\n%s", c->name, r->exit_code,
                    msg ? msg : "");
            free(msg);
        }
    }
    for (int i = 0; i < 2; i++) {
        int fd = i == 0 ? out_fd : err_fd;
        if (fd >= 0) {
            close(fd);
            unlink(i == 0 ? out_path : err_path);
        }
    }
    return ok;
}

static int compare_doubles(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, compare_doubles);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static bool same_answer(const run *a, const run *b)
{
    bool same_objective = (isnan(a->objective) && isnan(b->objective)) ||
                          fabs(a->objective - b->objective) <= 1e-9 * fmax(1.0, fabs(b->objective));
    return a->exit_code == b->exit_code && strcmp(a->status, b->status) == 0 && same_objective &&
           a->hash == b->hash;
}

static json_t *entry(const char *name, const run *r, const char *run_type)
{
    char hash[32];
    snprintf(hash, sizeof hash, "%016" PRIx64, r->hash);
    json_t *e = json_pack("{s:s, s:s, s:s, s:i, s:f, s:f, s:s, s:i, s:s, s:s}", "name", name,
                          "run_name", name, "run_type", run_type, "iterations", 1, "real_time",
                          r->real_ms, "cpu_time", r->cpu_ms, "time_unit", "ms", "exit_code",
                          r->exit_code, "status", r->status, "assignment_hash", hash);
    json_object_set_new(e, "objective",
                        isnan(r->objective) ? json_null() : json_real(r->objective));
    return e;
}

/* Run a configuration o->repetitions times; append its entries and return the median run.
 * *stable is false when a repetition gave another answer than the first. */
static bool bench_config(const options *o, const config *c, json_t *list, run *med, bool *stable)
{
    run *runs = calloc((size_t)o->repetitions, sizeof *runs);
    double *real = calloc((size_t)o->repetitions, sizeof *real);
    double *cpu = calloc((size_t)o->repetitions, sizeof *cpu);
    bool ok = runs && real && cpu;
    *stable = true;
    for (long i = 0; ok && i < o->repetitions; i++) {
        ok = run_once(o, c, &runs[i]);
        json_t *e = entry(c->name, &runs[i], "iteration");
        json_object_set_new(e, "repetitions", json_integer(o->repetitions));
        json_object_set_new(e, "repetition_index", json_integer(i));
        json_array_append_new(list, e);
        real[i] = runs[i].real_ms;
        cpu[i] = runs[i].cpu_ms;
        *stable &= same_answer(&runs[i], &runs[0]);
    }
    if (ok) {
        *med = runs[0];
        med->real_ms = median(real, (size_t)o->repetitions);
        med->cpu_ms = median(cpu, (size_t)o->repetitions);
        char agg[512];
        snprintf(agg, sizeof agg, "%s_median", c->name);
        json_t *e = entry(agg, med, "aggregate");
        json_object_set_new(e, "run_name", json_string(c->name));
        json_object_set_new(e, "aggregate_name", json_string("median"));
        json_object_set_new(e, "repetitions", json_integer(o->repetitions));
        json_array_append_new(list, e);
    }
    free(runs);
    free(real);
    free(cpu);
    return ok;
}

/* The baseline's median entry for name, as a run; false when it has none. */
static bool baseline_median(const json_t *baseline, const char *name, run *b)
{
    size_t i;
    const json_t *e;
    json_array_foreach(json_object_get(baseline, "benchmarks"), i, e)
    {
        const char *rn = json_string_value(json_object_get(e, "run_name"));
        const char *agg = json_string_value(json_object_get(e, "aggregate_name"));
        if (rn == NULL || agg == NULL || strcmp(rn, name) != 0 || strcmp(agg, "median") != 0) {
            continue;
        }
        const char *status = json_string_value(json_object_get(e, "status"));
        const char *hash = json_string_value(json_object_get(e, "assignment_hash"));
        const json_t *obj = json_object_get(e, "objective");
        b->real_ms = json_number_value(json_object_get(e, "real_time"));
        b->exit_code = (int)json_integer_value(json_object_get(e, "exit_code"));
        snprintf(b->status, sizeof b->status, "%s", status ? status : "");
        b->objective = json_is_number(obj) ? json_number_value(obj) : NAN;
        b->hash = hash ? strtoull(hash, NULL, 16) : 0;
        return true;
    }
    return false;
}

/* Print one verdict line; returns true when the configuration regressed. */
static bool compare(const options *o, const json_t *baseline, const char *name, const run *now)
{
    run base;
    if (baseline == NULL || !baseline_median(baseline, name, &base)) {
        fprintf(stderr, "%-40s %10.2f ms  new (no baseline)\n", name, now->real_ms);
        return false;
    }
    double change = base.real_ms > 0 ? now->real_ms / base.real_ms - 1.0 : 0.0;
    bool slower = change > o->threshold;
    bool changed = !same_answer(now, &base);
    fprintf(stderr, "%-40s %10.2f ms  %+6.1f%%  %s\n", name, now->real_ms, 100.0 * change,
            changed  ? "FAIL: the answer changed"
            : slower ? "FAIL: slower than the threshold"
                     : "ok");
    if (changed) {
        fprintf(stderr,
                "    was %s, objective %.17g, hash %016" PRIx64 "; now %s, objective %.17g, hash "
                "%016" PRIx64 "\n",
                base.status, base.objective, base.hash, now->status, now->objective, now->hash);
    }
    return slower || changed;
}

static json_t *context(const options *o)
{
    char host[256] = "";
    gethostname(host, sizeof host - 1);
    char date[64] = "";
    time_t t = time(NULL);
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S%z", localtime(&t));
    return json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:I}", "date", date, "host_name", host,
                     "executable", o->footprint, "num_cpus",
                     (json_int_t)sysconf(_SC_NPROCESSORS_ONLN), "library_build_type", "release",
                     "configs", o->configs, "glpk_version", fpt_solver_version(), "repetitions",
                     (json_int_t)o->repetitions);
}

static const char USAGE[] =
    "usage: fpt-bench-harness [--footprint PATH] [--source DIR] [--repetitions N]\n"
    "                         [--out FILE] [--baseline FILE] [--threshold R] CONFIGS\n";

static bool parse_args(int argc, char **argv, options *o)
{
    *o = (options){
        .footprint = "build/footprint", .source = ".", .repetitions = 5, .threshold = 0.10};
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strncmp(argv[i], "--", 2) != 0) {
            o->configs = argv[i];
            continue;
        }
        if (v == NULL) {
            return false;
        }
        i++;
        if (strcmp(argv[i - 1], "--footprint") == 0) {
            o->footprint = v;
        } else if (strcmp(argv[i - 1], "--source") == 0) {
            o->source = v;
        } else if (strcmp(argv[i - 1], "--repetitions") == 0) {
            o->repetitions = strtol(v, NULL, 10);
        } else if (strcmp(argv[i - 1], "--out") == 0) {
            o->out = v;
        } else if (strcmp(argv[i - 1], "--baseline") == 0) {
            o->baseline = v;
        } else if (strcmp(argv[i - 1], "--threshold") == 0) {
            o->threshold = strtod(v, NULL);
        } else {
            return false;
        }
    }
    return o->configs != NULL && o->repetitions >= 1 && o->threshold >= 0;
}

static bool write_results(const options *o, json_t *doc)
{
    char *text = json_dumps(doc, JSON_INDENT(2));
    fpt_error err = {0};
    bool ok = text != NULL;
    if (ok && o->out != NULL) {
        ok = fpt_write_atomic(o->out, text, strlen(text), &err) == FPT_OK;
    } else if (ok) {
        ok = fputs(text, stdout) >= 0 && fputc('\n', stdout) != EOF;
    }
    if (!ok) {
        fprintf(stderr, "fpt-bench-harness: cannot write the results: %s\n", err.message);
    }
    free(text);
    return ok;
}

/* Run every configuration; returns the exit code. */
static int run_all(const options *o, const config *cs, size_t n, const json_t *baseline,
                   json_t *list)
{
    int code = EXIT_OK;
    for (size_t i = 0; i < n; i++) {
        run med;
        bool stable = true;
        if (!bench_config(o, &cs[i], list, &med, &stable)) {
            code = EXIT_FAILED;
            continue;
        }
        if (!stable) {
            fprintf(stderr, "%-40s FAIL: repetitions gave different answers\n", cs[i].name);
            code = code == EXIT_OK ? EXIT_REGRESSION : code;
        }
        if (compare(o, baseline, cs[i].name, &med) && code == EXIT_OK) {
            code = EXIT_REGRESSION;
        }
    }
    return code;
}

int main(int argc, char **argv)
{
    options o;
    if (!parse_args(argc, argv, &o)) {
        fputs(USAGE, stderr);
        return EXIT_USAGE;
    }
    json_t *baseline = NULL;
    if (o.baseline != NULL && (baseline = json_load_file(o.baseline, 0, NULL)) == NULL) {
        fprintf(stderr, "fpt-bench-harness: cannot read the baseline %s\n", o.baseline);
        return EXIT_FAILED;
    }
    char *footprint = realpath(o.footprint, NULL);
    char *cwd = getcwd(NULL, 0); /* --out is relative to where the harness was started */
    config *cs = NULL;
    size_t n = read_configs(o.configs, &cs);
    int code = EXIT_FAILED;
    if (footprint != NULL && cwd != NULL && n > 0 && chdir(o.source) == 0) {
        o.footprint = footprint;
        json_t *doc = json_pack("{s:o, s:[]}", "context", context(&o), "benchmarks");
        code = run_all(&o, cs, n, baseline, json_object_get(doc, "benchmarks"));
        if (chdir(cwd) != 0 || !write_results(&o, doc)) {
            code = EXIT_FAILED;
        }
        json_decref(doc);
    } else {
        fprintf(stderr,
                "fpt-bench-harness: no footprint at %s, no configuration in %s, or no "
                "source directory %s\n",
                o.footprint, o.configs, o.source);
    }
    free(footprint);
    free(cwd);
    free(cs);
    json_decref(baseline);
    return code;
}
