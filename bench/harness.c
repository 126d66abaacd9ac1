/* SPDX-License-Identifier: MIT */
/*
 * fpt-bench-harness: the nightly benchmark (bench/README.md). Runs each configuration of a
 * config file (one footprint command line each) a given number of times as a child process,
 * and writes Google Benchmark's JSON: one entry per repetition and a median and a minimum
 * aggregate, each with the answer's fingerprint (status, objective, FNV-1a 64 hash of the
 * assignment or of the output less the fields of how it was reached), and a calibration time
 * of a fixed workload that measures the machine. Given a baseline in the same format, it
 * fails when a configuration is slower than the baseline's by more than the threshold once
 * both are divided by their calibration (CPU times by default: they hardly move when the
 * machine is busy), when any fingerprint differs, and when the baseline holds a configuration
 * the run did not. Timing lives here, never in the tests.
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

#include "base/clock.h"
#include "footprint/report.h"
#include "footprint/solve.h"

extern char **environ;

enum { EXIT_OK = 0, EXIT_REGRESSION = 1, EXIT_USAGE = 2, EXIT_FAILED = 3 };

enum { CALIBRATION_START = 3 }; /* calibration samples before the first configuration */

/* After the start, a calibration sample is taken between two configurations once this long
 * has passed since the last one, so a busy spell during a long run is seen by both. */
static const double CALIBRATION_EVERY_MS = 10e3;

/* A slowdown smaller than this, in calibration units, is noise whatever its ratio: process
 * start-up alone varies by a few milliseconds (bench/README.md "Noise"). */
static const double NOISE_FLOOR_UNITS = 0.05;

typedef struct options {
    const char *footprint;
    const char *source;
    const char *configs;
    const char *out;
    const char *baseline;
    long repetitions;
    double threshold;
    bool real_time; /* compare wall-clock times; by default CPU times (--time) */
} options;

/* One configuration: a name, the exit status it must end with, and the footprint arguments
 * (paths relative to source). Every pointer but line and args points into line. */
typedef struct config {
    char *line;    /* owned: the config line, cut into words in place */
    char **args;   /* owned: args[0] is the program, then the arguments, then NULL */
    size_t n_args; /* arguments, not counting args[0] */
    const char *name;
    int expect_exit;
    size_t line_no;
} config;

typedef struct config_set {
    config *items;
    size_t n;
    size_t cap;
} config_set;

/* What one run of a configuration gave. */
typedef struct run {
    double real_ms;
    double cpu_ms;
    int exit_code;
    char status[32];
    double objective; /* NAN when the output has none */
    uint64_t hash;
} run;

/* The aggregates of a configuration, or of a baseline's entry for it. */
typedef struct summary {
    run min;           /* the fingerprint of the runs, with their least times */
    double med_ms;     /* the median real time */
    double med_cpu_ms; /* the median CPU time */
    bool has_min;      /* a baseline from before minima were recorded has only medians */
} summary;

/* Milliseconds on the monotonic clock (base/clock.h). */
static double now_ms(void)
{
    return 1e3 * fpt_clock_s();
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

/* ---- calibration ------------------------------------------------------------------------ */

static int compare_doubles(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/* The calibration workload: fill 2^18 doubles from a fixed xorshift stream and sort them,
 * four times over; about 0.1 s on the development machine. It uses no footprint code, so a
 * change to footprint can never be divided away. Returns its wall-clock time in ms. */
static double cpu_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return 1e3 * (double)ts.tv_sec + 1e-6 * (double)ts.tv_nsec;
}

static double calibrate_once(double *cpu_ms)
{
    enum { N = 1 << 18, PASSES = 4 };
    double *v = malloc(N * sizeof *v);
    if (v == NULL) {
        return NAN;
    }
    uint64_t x = UINT64_C(88172645463325252);
    volatile double sink = 0;
    double t0 = now_ms(), c0 = cpu_now_ms();
    for (int pass = 0; pass < PASSES; pass++) {
        for (size_t i = 0; i < N; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            v[i] = (double)(x >> 11) * 0x1p-53;
        }
        qsort(v, N, sizeof *v, compare_doubles);
        sink += v[N / 2];
    }
    double t = now_ms() - t0;
    *cpu_ms = cpu_now_ms() - c0;
    free(v);
    (void)sink;
    return t;
}

/* The least calibration time seen so far, how many samples it is the least of, and when the
 * last one was taken. */
typedef struct calibration {
    double min_ms;     /* wall clock */
    double min_cpu_ms; /* CPU time of the harness process */
    long samples;
    double last_ms;
} calibration;

static void calibrate(calibration *c)
{
    double cpu = NAN;
    double t = calibrate_once(&cpu);
    if (!isnan(t) && (c->samples == 0 || t < c->min_ms)) {
        c->min_ms = t;
    }
    if (!isnan(t) && (c->samples == 0 || cpu < c->min_cpu_ms)) {
        c->min_cpu_ms = cpu;
    }
    c->samples++;
    c->last_ms = now_ms();
}

/* ---- the configuration file ------------------------------------------------------------- */

static const char *const SPACE = " \t\r\n";

static size_t count_words(const char *s)
{
    size_t n = 0;
    while (*(s += strspn(s, SPACE)) != '\0') {
        n++;
        s += strcspn(s, SPACE);
    }
    return n;
}

/* Read an optional "exit=N" word; true when w is one (N in 0..255). */
static bool parse_expect(const char *w, int *code)
{
    if (strncmp(w, "exit=", 5) != 0) {
        return false;
    }
    char *end = NULL;
    errno = 0;
    long v = strtol(w + 5, &end, 10);
    *code = end != w + 5 && *end == '\0' && errno == 0 && v >= 0 && v <= 255 ? (int)v : -1;
    return true;
}

/* Cut c->line into words: the name, an optional exit=N, then the arguments. Returns false
 * with a message on stderr when the line is not a configuration. */
static bool cut_config(config *c, const char *path)
{
    size_t words = count_words(c->line);
    c->args = calloc(words + 1, sizeof *c->args);
    if (c->args == NULL) {
        fprintf(stderr, "fpt-bench-harness: out of memory\n");
        return false;
    }
    char *save = NULL;
    c->name = strtok_r(c->line, SPACE, &save);
    char *w = strtok_r(NULL, SPACE, &save);
    c->expect_exit = 0;
    if (w != NULL && parse_expect(w, &c->expect_exit)) {
        w = strtok_r(NULL, SPACE, &save);
    }
    for (; w != NULL; w = strtok_r(NULL, SPACE, &save)) {
        c->args[++c->n_args] = w;
    }
    const char *why = c->expect_exit < 0 ? "exit= needs a status from 0 to 255"
                      : c->n_args == 0   ? "a name needs the command's arguments after it"
                                         : NULL;
    if (why != NULL) {
        fprintf(stderr, "fpt-bench-harness: %s:%zu: %s\n", path, c->line_no, why);
    }
    return why == NULL;
}

static bool is_blank_or_comment(const char *line)
{
    const char *s = line + strspn(line, SPACE);
    return *s == '\0' || *s == '#';
}

static void free_configs(config_set *set)
{
    for (size_t i = 0; i < set->n; i++) {
        free(set->items[i].line);
        free(set->items[i].args);
    }
    free(set->items);
    *set = (config_set){0};
}

static const config *find_config(const config_set *set, const char *name)
{
    for (size_t i = 0; i < set->n; i++) {
        if (strcmp(set->items[i].name, name) == 0) {
            return &set->items[i];
        }
    }
    return NULL;
}

/* Take ownership of line as the next configuration; false (with a message) on a bad line. */
static bool add_config(config_set *set, char *line, size_t line_no, const char *path)
{
    if (set->n == set->cap) {
        size_t cap = set->cap == 0 ? 16 : 2 * set->cap;
        config *grown = realloc(set->items, cap * sizeof *grown);
        if (grown == NULL) {
            free(line);
            fprintf(stderr, "fpt-bench-harness: out of memory\n");
            return false;
        }
        set->items = grown;
        set->cap = cap;
    }
    config *c = &set->items[set->n];
    *c = (config){.line = line, .line_no = line_no};
    bool ok = cut_config(c, path);
    const config *other = ok ? find_config(set, c->name) : NULL;
    if (other != NULL) {
        fprintf(stderr, "fpt-bench-harness: %s:%zu: '%s' is already the name of line %zu\n", path,
                line_no, c->name, other->line_no);
        ok = false;
    }
    set->n++; /* counted even when bad, so that free_configs frees it */
    return ok;
}

/* Read every configuration of path; false (with a message) when the file cannot be read or
 * holds a bad line or none at all. Lines and configurations have no length or count limit. */
static bool read_configs(const char *path, config_set *set)
{
    FILE *fp = fopen(path, "r");
    if (fp == NULL) {
        fprintf(stderr, "fpt-bench-harness: %s: %s\n", path, strerror(errno));
        return false;
    }
    bool ok = true;
    char *line = NULL;
    size_t cap = 0, line_no = 0;
    while (ok && getline(&line, &cap, fp) != -1) {
        line_no++;
        if (!is_blank_or_comment(line)) {
            ok = add_config(set, line, line_no, path);
            line = NULL;
            cap = 0;
        }
    }
    ok = ok && !ferror(fp);
    free(line);
    fclose(fp);
    if (ok && set->n == 0) {
        fprintf(stderr, "fpt-bench-harness: %s: no configuration in it\n", path);
        ok = false;
    }
    return ok;
}

/* ---- running one configuration ---------------------------------------------------------- */

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
        h = fnv1a(h, f ? f : "", f ? strlen(f) : 0);
        h = fnv1a(h, "=", 1);
        h = fnv1a(h, l ? l : "", l ? strlen(l) : 0);
        h = fnv1a(h, "\n", 1);
    }
    return h;
}

/* The fields of a districting's and a sizing's JSON that record how the answer was reached,
   not what it is: the bound and the gap (under GLPK's tolerance once proven), the pairs that
   fixing kept and the heuristic's plan. Every change of speed moves them. (A sweep's
   scenarios' gap goes too: it is the same tolerance's.) */
static const char *const PATH_FIELDS[] = {"bound_person_km", "gap", "pairs_kept",
                                          "heuristic_person_km"};

/* v without PATH_FIELDS, at any depth. */
static void drop_path_fields(json_t *v)
{
    if (json_is_object(v)) {
        for (size_t i = 0; i < sizeof PATH_FIELDS / sizeof *PATH_FIELDS; i++) {
            json_object_del(v, PATH_FIELDS[i]);
        }
        const char *key;
        json_t *child;
        json_object_foreach(v, key, child)
        {
            drop_path_fields(child);
        }
    } else if (json_is_array(v)) {
        size_t i;
        json_t *child;
        json_array_foreach(v, i, child)
        {
            drop_path_fields(child);
        }
    }
}

/* The hash of a JSON output without PATH_FIELDS, its keys sorted and its numbers in full
   (so that only the answer counts), or of the whole text when it is not JSON. */
static uint64_t hash_output(json_t *doc, const char *text, size_t len)
{
    char *canon = NULL;
    if (doc != NULL) {
        drop_path_fields(doc);
        canon = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(17));
    }
    uint64_t h =
        canon != NULL ? fnv1a(FNV_OFFSET, canon, strlen(canon)) : fnv1a(FNV_OFFSET, text, len);
    free(canon);
    return h;
}

/* A solve's JSON (it has "assignments") gives status, objective and the assignment.
 * Anything else is fingerprinted by the hash of its output (hash_output()), with its own
 * "status" when it has one (a districting) and its exit status otherwise (a sweep, a
 * sizing). */
static void fingerprint(const char *text, size_t len, run *r)
{
    json_t *doc = json_loadb(text, len, 0, NULL);
    const json_t *status = json_object_get(doc, "status");
    const json_t *assignments = json_object_get(doc, "assignments");
    r->objective = NAN;
    if (json_is_string(status)) {
        snprintf(r->status, sizeof r->status, "%s", json_string_value(status));
    } else {
        snprintf(r->status, sizeof r->status, "exit %d", r->exit_code);
    }
    if (json_is_array(assignments)) {
        const json_t *obj = json_object_get(doc, "objective");
        r->objective = json_is_number(obj) ? json_number_value(obj) : NAN;
        r->hash = hash_assignments(assignments);
    } else {
        r->hash = hash_output(doc, text, len);
    }
    json_decref(doc);
}

static char *slurp(int fd, size_t *len)
{
    off_t size = lseek(fd, 0, SEEK_END);
    char *text = size >= 0 ? malloc((size_t)size + 1) : NULL;
    *len = 0;
    if (text != NULL && lseek(fd, 0, SEEK_SET) == 0) {
        size_t got = 0;
        ssize_t n = 0;
        while (got < (size_t)size && (n = read(fd, text + got, (size_t)size - got)) > 0) {
            got += (size_t)n;
        }
        *len = got;
        text[got] = '\0';
    }
    return text;
}

/* Run the configuration once with stdout and stderr on the given files; returns its exit
 * status, 128 + the signal that ended it, or -1 when it could not be started. */
static int spawn_and_wait(const options *o, const config *c, int out_fd, int err_fd)
{
    c->args[0] = (char *)o->footprint;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out_fd, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&fa, err_fd, STDERR_FILENO);
    pid_t pid;
    int rc = posix_spawn(&pid, o->footprint, &fa, NULL, c->args, environ);
    posix_spawn_file_actions_destroy(&fa);
    int status = 0;
    if (rc != 0) {
        return -1;
    }
    while (waitpid(pid, &status, 0) != pid) {
        if (errno != EINTR) {
            return -1;
        }
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Say why a run failed, with the start of what it wrote on stderr. */
static void report_failure(const config *c, const run *r, int err_fd)
{
    size_t len = 0;
    char *msg = slurp(err_fd, &len);
    if (r->exit_code < 0) {
        fprintf(stderr, "%-40s FAIL: could not start %s\n", c->name, c->args[0]);
    } else {
        fprintf(stderr, "%-40s FAIL: exit status %d, expected %d\n", c->name, r->exit_code,
                c->expect_exit);
    }
    if (msg != NULL && len > 0) {
        fprintf(stderr, "    %.2000s%s", msg, msg[len - 1] == '\n' ? "" : "\n");
    }
    free(msg);
}

/* Run one repetition; false when the command could not run or ended with another status
 * than the configuration expects. */
static bool run_once(const options *o, const config *c, run *r)
{
    char out_path[] = "/tmp/fpt-bench-out-XXXXXX", err_path[] = "/tmp/fpt-bench-err-XXXXXX";
    int out_fd = mkstemp(out_path), err_fd = mkstemp(err_path);
    *r = (run){.exit_code = -1, .objective = NAN};
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
        ok = r->exit_code == c->expect_exit;
        if (!ok) {
            report_failure(c, r, err_fd);
        }
    } else {
        fprintf(stderr, "fpt-bench-harness: cannot create a file in /tmp: %s\n", strerror(errno));
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

static void append_aggregate(json_t *list, const config *c, const run *r, const char *what,
                             long repetitions)
{
    size_t n = strlen(c->name) + strlen(what) + 2;
    char *agg = malloc(n);
    if (agg == NULL) {
        return;
    }
    snprintf(agg, n, "%s_%s", c->name, what);
    json_t *e = entry(agg, r, "aggregate");
    json_object_set_new(e, "run_name", json_string(c->name));
    json_object_set_new(e, "aggregate_name", json_string(what));
    json_object_set_new(e, "repetitions", json_integer(repetitions));
    json_array_append_new(list, e);
    free(agg);
}

/* The median and minimum of n runs that gave one answer, appended as aggregates. */
static void summarise(const config *c, const run *runs, size_t n, json_t *list, summary *s)
{
    double *real = calloc(n, sizeof *real), *cpu = calloc(n, sizeof *cpu);
    s->min = runs[0];
    for (size_t i = 0; i < n; i++) {
        s->min.real_ms = fmin(s->min.real_ms, runs[i].real_ms);
        s->min.cpu_ms = fmin(s->min.cpu_ms, runs[i].cpu_ms);
        if (real != NULL && cpu != NULL) {
            real[i] = runs[i].real_ms;
            cpu[i] = runs[i].cpu_ms;
        }
    }
    s->has_min = true;
    run med = runs[0];
    if (real != NULL && cpu != NULL) {
        med.real_ms = median(real, n);
        med.cpu_ms = median(cpu, n);
    }
    s->med_ms = med.real_ms;
    s->med_cpu_ms = med.cpu_ms;
    append_aggregate(list, c, &med, "median", (long)n);
    append_aggregate(list, c, &s->min, "min", (long)n);
    free(real);
    free(cpu);
}

/* Run a configuration o->repetitions times and append its entries. Stops at the first run
 * that fails (returns EXIT_FAILED); *stable is false when a repetition gave another answer
 * than the first. */
static int bench_config(const options *o, const config *c, json_t *list, summary *s, bool *stable)
{
    run *runs = calloc((size_t)o->repetitions, sizeof *runs);
    if (runs == NULL) {
        fprintf(stderr, "fpt-bench-harness: out of memory\n");
        return EXIT_FAILED;
    }
    bool ok = true;
    long done = 0;
    *stable = true;
    for (; ok && done < o->repetitions; done++) {
        ok = run_once(o, c, &runs[done]);
        json_t *e = entry(c->name, &runs[done], "iteration");
        json_object_set_new(e, "repetitions", json_integer(o->repetitions));
        json_object_set_new(e, "repetition_index", json_integer(done));
        json_array_append_new(list, e);
        *stable &= same_answer(&runs[done], &runs[0]);
    }
    if (ok) {
        summarise(c, runs, (size_t)done, list, s);
    }
    free(runs);
    return ok ? EXIT_OK : EXIT_FAILED;
}

/* ---- the baseline ----------------------------------------------------------------------- */

/* Read a result entry's time and fingerprint. */
static void read_entry(const json_t *e, run *b)
{
    const char *status = json_string_value(json_object_get(e, "status"));
    const char *hash = json_string_value(json_object_get(e, "assignment_hash"));
    const json_t *obj = json_object_get(e, "objective");
    b->real_ms = json_number_value(json_object_get(e, "real_time"));
    b->cpu_ms = json_number_value(json_object_get(e, "cpu_time"));
    b->exit_code = (int)json_integer_value(json_object_get(e, "exit_code"));
    snprintf(b->status, sizeof b->status, "%s", status ? status : "");
    b->objective = json_is_number(obj) ? json_number_value(obj) : NAN;
    b->hash = hash ? strtoull(hash, NULL, 16) : 0;
}

/* The baseline's aggregates for name; false when it has none. */
static bool baseline_summary(const json_t *baseline, const char *name, summary *s)
{
    bool found = false;
    size_t i;
    const json_t *e;
    *s = (summary){0};
    json_array_foreach(json_object_get(baseline, "benchmarks"), i, e)
    {
        const char *rn = json_string_value(json_object_get(e, "run_name"));
        const char *agg = json_string_value(json_object_get(e, "aggregate_name"));
        if (rn == NULL || agg == NULL || strcmp(rn, name) != 0) {
            continue;
        }
        if (strcmp(agg, "min") == 0) {
            read_entry(e, &s->min);
            s->has_min = found = true;
        } else if (strcmp(agg, "median") == 0) {
            run med;
            read_entry(e, &med);
            s->med_ms = med.real_ms;
            s->med_cpu_ms = med.cpu_ms;
            if (!s->has_min) {
                s->min = med;
            }
            found = true;
        }
    }
    return found;
}

/* A result file's calibration time in ms (wall clock or CPU); NAN when it has none. */
static double calibration_of(const json_t *doc, bool real_time)
{
    const json_t *c = json_object_get(json_object_get(doc, "context"), "calibration");
    const json_t *ms = json_object_get(c, real_time ? "real_time_min" : "cpu_time_min");
    return json_is_number(ms) && json_number_value(ms) > 0 ? json_number_value(ms) : NAN;
}

/* Times compared: each configuration's least time (the median for an old baseline) in units
 * of its own run's calibration when both runs have one, else in ms. */
typedef struct scale {
    double now_cal; /* this run's calibration (ms), NAN when not used */
    double base_cal;
} scale;

static bool slower_than(const options *o, const scale *k, const summary *now, const summary *base,
                        double *change)
{
    double now_t = o->real_time ? (base->has_min ? now->min.real_ms : now->med_ms)
                                : (base->has_min ? now->min.cpu_ms : now->med_cpu_ms);
    double base_t = o->real_time ? (base->has_min ? base->min.real_ms : base->med_ms)
                                 : (base->has_min ? base->min.cpu_ms : base->med_cpu_ms);
    bool normalised = !isnan(k->now_cal) && !isnan(k->base_cal);
    if (normalised) {
        now_t /= k->now_cal;
        base_t /= k->base_cal;
    }
    *change = base_t > 0 ? now_t / base_t - 1.0 : 0.0;
    double floor_t = normalised ? NOISE_FLOOR_UNITS : NOISE_FLOOR_UNITS * 100.0;
    return *change > o->threshold && now_t - base_t > floor_t;
}

/* The time a verdict line shows: the least of the compared kind. */
static double shown_ms(const options *o, const summary *s)
{
    return o->real_time ? s->min.real_ms : s->min.cpu_ms;
}

/* Print one verdict line; returns true when the configuration regressed. */
static bool compare(const options *o, const json_t *baseline, const scale *k, const char *name,
                    const summary *now)
{
    summary base;
    if (baseline == NULL || !baseline_summary(baseline, name, &base)) {
        fprintf(stderr, "%-40s %10.2f ms  new (no baseline)\n", name, shown_ms(o, now));
        return false;
    }
    double change = 0;
    bool slower = slower_than(o, k, now, &base, &change);
    bool changed = !same_answer(&now->min, &base.min);
    fprintf(stderr, "%-40s %10.2f ms  %+6.1f%%  %s\n", name, shown_ms(o, now), 100.0 * change,
            changed  ? "FAIL: the answer changed"
            : slower ? "FAIL: slower than the threshold"
                     : "ok");
    if (changed) {
        fprintf(stderr,
                "    was %s, exit %d, objective %.17g, hash %016" PRIx64 "; now %s, exit %d, "
                "objective %.17g, hash %016" PRIx64 "\n",
                base.min.status, base.min.exit_code, base.min.objective, base.min.hash,
                now->min.status, now->min.exit_code, now->min.objective, now->min.hash);
    }
    return slower || changed;
}

/* Configurations the baseline holds and the run did not; each is a failure. */
static bool missing_from_run(const json_t *baseline, const config_set *set)
{
    bool missing = false;
    size_t i;
    const json_t *e;
    json_array_foreach(json_object_get(baseline, "benchmarks"), i, e)
    {
        const char *rn = json_string_value(json_object_get(e, "run_name"));
        const char *agg = json_string_value(json_object_get(e, "aggregate_name"));
        if (rn != NULL && agg != NULL && strcmp(agg, "median") == 0 &&
            find_config(set, rn) == NULL) {
            fprintf(stderr, "%-40s FAIL: in the baseline but not in this run\n", rn);
            missing = true;
        }
    }
    return missing;
}

/* ---- the command ------------------------------------------------------------------------ */

/* A path as recorded in the results: as given when relative, else only its last part, so
 * that no result names a directory of the machine it was made on. */
static const char *recorded_path(const char *path)
{
    const char *slash = strrchr(path, '/');
    return path[0] == '/' && slash != NULL ? slash + 1 : path;
}

static json_t *context(const options *o, const char *given_footprint)
{
    char host[256] = "";
    gethostname(host, sizeof host - 1);
    char date[64] = "";
    time_t t = time(NULL);
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S%z", localtime(&t));
    return json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:I}", "date", date, "host_name", host,
                     "executable", recorded_path(given_footprint), "num_cpus",
                     (json_int_t)sysconf(_SC_NPROCESSORS_ONLN), "library_build_type", "release",
                     "configs", recorded_path(o->configs), "glpk_version", fpt_solver_version(),
                     "repetitions", (json_int_t)o->repetitions);
}

static void record_calibration(json_t *doc, const calibration *c)
{
    json_t *cal = json_pack("{s:s, s:f, s:f, s:I, s:s}", "workload", "sort 2^18 doubles, 4 passes",
                            "real_time_min", c->min_ms, "cpu_time_min", c->min_cpu_ms, "samples",
                            (json_int_t)c->samples, "time_unit", "ms");
    json_object_set_new(json_object_get(doc, "context"), "calibration", cal);
}

static const char USAGE[] =
    "usage: fpt-bench-harness [--footprint PATH] [--source DIR] [--repetitions N]\n"
    "                         [--out FILE] [--baseline FILE] [--threshold R]\n"
    "                         [--time cpu|real] CONFIGS\n";

static bool parse_number(const char *v, double lo, double hi, double *out)
{
    char *end = NULL;
    errno = 0;
    double d = strtod(v, &end);
    *out = d;
    return end != v && *end == '\0' && errno == 0 && d >= lo && d <= hi;
}

/* Take one "--name value" option; false when the name or the value is not one. */
static bool take_option(options *o, const char *name, const char *v)
{
    double d = 0;
    if (strcmp(name, "--footprint") == 0) {
        o->footprint = v;
    } else if (strcmp(name, "--source") == 0) {
        o->source = v;
    } else if (strcmp(name, "--repetitions") == 0) {
        o->repetitions = parse_number(v, 1, 1e6, &d) && d == floor(d) ? (long)d : 0;
        return o->repetitions > 0;
    } else if (strcmp(name, "--out") == 0) {
        o->out = v;
    } else if (strcmp(name, "--baseline") == 0) {
        o->baseline = v;
    } else if (strcmp(name, "--threshold") == 0) {
        return parse_number(v, 0, 1e6, &o->threshold);
    } else if (strcmp(name, "--time") == 0) {
        o->real_time = strcmp(v, "real") == 0;
        return o->real_time || strcmp(v, "cpu") == 0;
    } else {
        return false;
    }
    return true;
}

static bool parse_args(int argc, char **argv, options *o)
{
    *o = (options){
        .footprint = "build/footprint", .source = ".", .repetitions = 5, .threshold = 0.25};
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "--", 2) != 0) {
            if (o->configs != NULL) {
                return false;
            }
            o->configs = argv[i];
        } else if (i + 1 >= argc || !take_option(o, argv[i], argv[i + 1])) {
            return false;
        } else {
            i++;
        }
    }
    return o->configs != NULL;
}

static bool write_results(const options *o, json_t *doc)
{
    char *text = json_dumps(doc, JSON_INDENT(2));
    fpt_error err = {0};
    bool ok = text != NULL;
    if (ok && o->out != NULL) {
        size_t len = strlen(text);
        text[len] = '\n'; /* json_dumps ends without one; the NUL is not written */
        ok = fpt_write_atomic(o->out, text, len + 1, &err) == FPT_OK;
        text[len] = '\0';
    } else if (ok) {
        ok = fputs(text, stdout) >= 0 && fputc('\n', stdout) != EOF && fflush(stdout) == 0;
    }
    if (!ok) {
        fprintf(stderr, "fpt-bench-harness: cannot write the results: %s\n", err.message);
    }
    free(text);
    return ok;
}

static int worse(int a, int b)
{
    return a == EXIT_FAILED || b == EXIT_FAILED ? EXIT_FAILED : a > b ? a : b;
}

/* Run every configuration; returns the exit code. */
static int run_all(const options *o, const config_set *set, const json_t *baseline, json_t *doc)
{
    json_t *list = json_object_get(doc, "benchmarks");
    calibration cal = {0};
    for (int i = 0; i < CALIBRATION_START; i++) {
        calibrate(&cal);
    }
    summary *sums = calloc(set->n, sizeof *sums);
    bool *done = calloc(set->n, sizeof *done);
    int code = sums != NULL && done != NULL ? EXIT_OK : EXIT_FAILED;
    for (size_t i = 0; sums != NULL && done != NULL && i < set->n; i++) {
        bool stable = true;
        int rc = bench_config(o, &set->items[i], list, &sums[i], &stable);
        code = worse(code, rc);
        done[i] = rc == EXIT_OK;
        if (done[i] && !stable) {
            fprintf(stderr, "%-40s FAIL: repetitions gave different answers\n", set->items[i].name);
            code = worse(code, EXIT_REGRESSION);
        }
        if (now_ms() - cal.last_ms >= CALIBRATION_EVERY_MS) {
            calibrate(&cal);
        }
    }
    calibrate(&cal);
    record_calibration(doc, &cal);
    scale k = {.now_cal = o->real_time ? cal.min_ms : cal.min_cpu_ms,
               .base_cal = calibration_of(baseline, o->real_time)};
    for (size_t i = 0; sums != NULL && done != NULL && i < set->n; i++) {
        if (done[i] && compare(o, baseline, &k, set->items[i].name, &sums[i])) {
            code = worse(code, EXIT_REGRESSION);
        }
    }
    if (baseline != NULL && missing_from_run(baseline, set)) {
        code = worse(code, EXIT_REGRESSION);
    }
    free(sums);
    free(done);
    return code;
}

/* The baseline, or NULL with *ok false when it is given and is not a result file. */
static json_t *load_baseline(const char *path, bool *ok)
{
    *ok = true;
    if (path == NULL) {
        return NULL;
    }
    json_error_t jerr;
    json_t *doc = json_load_file(path, 0, &jerr);
    if (doc == NULL) {
        fprintf(stderr, "fpt-bench-harness: cannot read the baseline %s: %s\n", path, jerr.text);
    } else if (!json_is_array(json_object_get(doc, "benchmarks"))) {
        fprintf(stderr, "fpt-bench-harness: %s is not a result file (no \"benchmarks\" list)\n",
                path);
        json_decref(doc);
        doc = NULL;
    }
    *ok = doc != NULL;
    return doc;
}

/* Run the set from the source directory and write the results; returns the exit code. */
static int run_from_source(options *o, const config_set *set, const json_t *baseline)
{
    const char *given = o->footprint;
    char *footprint = realpath(o->footprint, NULL);
    char *cwd = getcwd(NULL, 0); /* --out is relative to where the harness was started */
    int code = EXIT_FAILED;
    if (footprint == NULL) {
        fprintf(stderr, "fpt-bench-harness: no footprint at %s: %s\n", given, strerror(errno));
    } else if (cwd == NULL || chdir(o->source) != 0) {
        fprintf(stderr, "fpt-bench-harness: cannot enter the source directory %s: %s\n", o->source,
                strerror(errno));
    } else {
        o->footprint = footprint;
        json_t *doc = json_pack("{s:o, s:[]}", "context", context(o, given), "benchmarks");
        code = run_all(o, set, baseline, doc);
        if (chdir(cwd) != 0 || !write_results(o, doc)) {
            code = EXIT_FAILED;
        }
        json_decref(doc);
    }
    free(footprint);
    free(cwd);
    return code;
}

int main(int argc, char **argv)
{
    options o;
    if (!parse_args(argc, argv, &o)) {
        fputs(USAGE, stderr);
        return EXIT_USAGE;
    }
    config_set set = {0};
    if (!read_configs(o.configs, &set)) {
        free_configs(&set);
        return EXIT_USAGE;
    }
    bool ok = true;
    json_t *baseline = load_baseline(o.baseline, &ok);
    int code = ok ? run_from_source(&o, &set, baseline) : EXIT_FAILED;
    free_configs(&set);
    json_decref(baseline);
    return code;
}
