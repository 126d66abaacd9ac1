/* SPDX-License-Identifier: MIT */
/*
 * The parser every command uses, made from the options table (cli/options.h). It splits a
 * command line into options and arguments, checks each value against its row, counts the
 * arguments and the required options, and prints each usage error with what was expected: the
 * nearest name for a mistyped command or option, the commands that take an option given to
 * one that does not. Usage errors exit with FPT_EXIT_USAGE; nothing here reads a file.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "cli/cli.h"
#include "cli/options.h"

enum { MAX_NAME = 64 }; /* longer words get no suggestion */

/* The most shards a sweep is cut into: 2^32 - 1, as a job array's task ids are read. */
static const unsigned long MAX_SHARDS = 4294967295ul;

static const fpt_cli_command TOP_LEVEL = {.name = "footprint", .args = "", .needs = ""};

static const fpt_cli_command *command_of(fpt_cli_command_id cmd)
{
    return cmd == FPT_CLI_TOP ? &TOP_LEVEL : &fpt_cli_commands[cmd];
}

/* ---- messages ------------------------------------------------------------------------------ */

__attribute__((format(printf, 2, 0))) static void report(fpt_cli_command_id cmd, const char *fmt,
                                                         va_list ap)
{
    fputs("footprint: ", stderr);
    vfprintf(stderr, fmt, ap);
    if (cmd == FPT_CLI_TOP) {
        fputs("\nRun 'footprint --help' for usage.\n", stderr);
    } else {
        fprintf(stderr, "\nRun 'footprint %s --help' for usage.\n", fpt_cli_commands[cmd].name);
    }
}

int fpt_cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(FPT_CLI_TOP, fmt, ap);
    va_end(ap);
    return FPT_EXIT_USAGE;
}

int fpt_cli_command_error(fpt_cli_command_id cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(cmd, fmt, ap);
    va_end(ap);
    return FPT_EXIT_USAGE;
}

/* "a, b and c" (or "… or c") into buf. */
static void join(char *buf, size_t size, const char *const *items, size_t n, const char *last)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used < size; i++) {
        const char *sep = i == 0 ? "" : i + 1 < n ? ", " : last;
        int k = snprintf(buf + used, size - used, "%s%s", sep, items[i]);
        used += k > 0 ? (size_t)k : 0;
    }
}

/* The words of a FPT_CLI_WORD row: "table, csv or json". */
static void join_words(char *buf, size_t size, const fpt_cli_option *o)
{
    size_t n = 0;
    while (o->words[n] != NULL) {
        n++;
    }
    join(buf, size, o->words, n, " or ");
}

/* The commands whose bits are set, FPT_CLI_TOP left out: "sweep and size". */
static void join_commands(char *buf, size_t size, unsigned bits)
{
    const char *names[FPT_CLI_N_COMMANDS];
    size_t n = 0;
    for (int c = 0; c < FPT_CLI_N_COMMANDS; c++) {
        if (bits & FPT_CLI_IN(c)) {
            names[n++] = fpt_cli_commands[c].name;
        }
    }
    join(buf, size, names, n, " and ");
}

/* ---- suggestions --------------------------------------------------------------------------- */

const char *fpt_cli_nearest(const char *word, size_t len, const char *const *candidates, size_t n)
{
    long i = fpt_text_nearest(word, len, candidates, n);
    return i >= 0 ? candidates[i] : NULL;
}

int fpt_cli_command_find(const char *name)
{
    for (int c = 0; c < FPT_CLI_N_COMMANDS; c++) {
        if (strcmp(fpt_cli_commands[c].name, name) == 0) {
            return c;
        }
    }
    return -1;
}

int fpt_cli_unknown_command(const char *name)
{
    const char *names[FPT_CLI_N_COMMANDS];
    for (int c = 0; c < FPT_CLI_N_COMMANDS; c++) {
        names[c] = fpt_cli_commands[c].name;
    }
    const char *near = fpt_cli_nearest(name, strlen(name), names, FPT_CLI_N_COMMANDS);
    if (near != NULL) {
        return fpt_cli_usage_error("unknown command '%s' (did you mean '%s'?)", name, near);
    }
    return fpt_cli_usage_error("unknown command '%s'", name);
}

/* ---- finding an option --------------------------------------------------------------------- */

/* The row of cmd named name (len bytes; or with the short letter when len is 0), or -1;
 * *takers: every command (and FPT_CLI_TOP) with a row of that name. */
static int find_option(const char *name, size_t len, char letter, fpt_cli_command_id cmd,
                       unsigned *takers)
{
    int found = -1;
    *takers = 0;
    for (int i = 0; i < FPT_CLI_N_OPTIONS; i++) {
        const fpt_cli_option *o = &fpt_cli_options[i];
        bool match = len > 0 ? strlen(o->name) == len && strncmp(o->name, name, len) == 0
                             : o->short_name != 0 && o->short_name == letter;
        if (match) {
            *takers |= o->commands;
            found = o->commands & FPT_CLI_IN(cmd) ? i : found;
        }
    }
    return found;
}

/* An option some other command takes (typed: as the user wrote it, n bytes). */
static int not_taken(fpt_cli_command_id cmd, const char *typed, int n, unsigned takers)
{
    char names[256];
    join_commands(names, sizeof names, takers);
    if (takers == FPT_CLI_IN(FPT_CLI_TOP)) {
        return fpt_cli_command_error(cmd,
                                     "%s has no option '%.*s' (it goes before any command: "
                                     "footprint %.*s)",
                                     command_of(cmd)->name, n, typed, n, typed);
    }
    if (cmd == FPT_CLI_TOP) {
        return fpt_cli_usage_error("'%.*s' is an option of %s: give it after the command", n, typed,
                                   names);
    }
    return fpt_cli_command_error(cmd, "%s has no option '%.*s' (it is an option of %s)",
                                 fpt_cli_commands[cmd].name, n, typed, names);
}

/* A long option no command has: suggest the nearest of cmd's. */
static int unknown_long(fpt_cli_command_id cmd, const char *name, size_t len)
{
    const char *names[FPT_CLI_N_OPTIONS];
    size_t n = 0;
    for (int i = 0; i < FPT_CLI_N_OPTIONS; i++) {
        if ((fpt_cli_options[i].commands & FPT_CLI_IN(cmd)) && !fpt_cli_options[i].hidden) {
            names[n++] = fpt_cli_options[i].name;
        }
    }
    const char *near = fpt_cli_nearest(name, len, names, n);
    if (near != NULL) {
        return fpt_cli_command_error(cmd, "unknown option '--%.*s' (did you mean '--%s'?)",
                                     (int)len, name, near);
    }
    return fpt_cli_command_error(cmd, "unknown option '--%.*s'", (int)len, name);
}

/* ---- checking a value ---------------------------------------------------------------------- */

/* A finite decimal number filling the whole of text (base/text.h says what else is refused). */
static bool parse_number(const char *text, double *out)
{
    return fpt_text_to_double(text, out) == NULL;
}

static bool is_whole(const char *text, double lo, double hi, double *out)
{
    return parse_number(text, out) && *out >= lo && *out <= hi && *out == floor(*out);
}

/* "A..B" or a single "K", lo <= A <= B <= hi. */
static bool parse_range(const char *text, const fpt_cli_option *o, fpt_cli_value *v)
{
    const char *dots = strstr(text, "..");
    char first[32];
    size_t n = dots != NULL ? (size_t)(dots - text) : strlen(text);
    double a = 0, b = 0;
    if (n == 0 || n >= sizeof first) {
        return false;
    }
    memcpy(first, text, n);
    first[n] = '\0';
    if (!is_whole(first, o->lo, o->hi, &a) ||
        !is_whole(dots != NULL ? dots + 2 : first, o->lo, o->hi, &b) || a > b) {
        return false;
    }
    v->first = (unsigned long)a;
    v->second = (unsigned long)b;
    return true;
}

/* "K/N", 1 <= K <= N. */
/* A whole number 0 … 2^32 − 1 filling the whole of text (NULL: absent). */
static bool env_count(const char *text, unsigned long *out)
{
    char *end = NULL;
    if (text == NULL || text[0] < '0' || text[0] > '9') {
        return false;
    }
    errno = 0;
    *out = strtoul(text, &end, 10);
    return errno == 0 && *end == '\0' && *out <= 0xFFFFFFFFul;
}

/*
 * --shard auto: K/N of the job array task this runs in (docs/cli.md "sweep"). Slurm numbers
 * an array's tasks MIN … MAX (--array=1-8 or 0-7) and says how many there are; SGE says
 * FIRST, LAST and STEPSIZE. Only arrays without gaps are slices of one sweep.
 */
static bool shard_from_environment(unsigned long *k, unsigned long *n)
{
    unsigned long id = 0, lo = 0, hi = 0, count = 0, step = 1;
    if (env_count(getenv("SLURM_ARRAY_TASK_ID"), &id)) {
        bool whole = env_count(getenv("SLURM_ARRAY_TASK_MIN"), &lo) &&
                     env_count(getenv("SLURM_ARRAY_TASK_MAX"), &hi) &&
                     env_count(getenv("SLURM_ARRAY_TASK_COUNT"), &count);
        if (!whole || hi < lo || count != hi - lo + 1 || id < lo || id > hi) {
            return false;
        }
    } else if (env_count(getenv("SGE_TASK_ID"), &id)) {
        if (!env_count(getenv("SGE_TASK_FIRST"), &lo) || !env_count(getenv("SGE_TASK_LAST"), &hi) ||
            (getenv("SGE_TASK_STEPSIZE") != NULL &&
             !env_count(getenv("SGE_TASK_STEPSIZE"), &step)) ||
            step != 1 || hi < lo || id < lo || id > hi) {
            return false;
        }
    } else {
        return false;
    }
    *k = id - lo + 1;
    *n = hi - lo + 1;
    return true;
}

/*
 * One whole number of K/N: digits only, at most MAX_SHARDS (no sign, no wrap past 2^64),
 * then the character end; *rest moves past it.
 */
static bool shard_part(const char *text, char end, unsigned long *out, const char **rest)
{
    size_t digits = strspn(text, "0123456789");
    if (digits == 0 || digits > 10 || text[digits] != end) {
        return false;
    }
    *out = strtoul(text, NULL, 10);
    *rest = text + digits + (end != '\0');
    return *out <= MAX_SHARDS;
}

static bool parse_shard(const char *text, fpt_cli_value *v)
{
    unsigned long k = 0, n = 0;
    if (strcmp(text, "auto") == 0) {
        if (!shard_from_environment(&k, &n)) {
            return false;
        }
    } else if (!shard_part(text, '/', &k, &text) || !shard_part(text, '\0', &n, &text)) {
        return false;
    }
    if (n == 0 || k == 0 || k > n) {
        return false;
    }
    v->first = k;
    v->second = n;
    return true;
}

static int check_word(fpt_cli_args *a, fpt_cli_option_id id, const char *text)
{
    const fpt_cli_option *o = &fpt_cli_options[id];
    size_t n = 0;
    for (; o->words[n] != NULL; n++) {
        if (strcmp(o->words[n], text) == 0) {
            a->values[id].word = n;
            a->values[id].text = text;
            return FPT_EXIT_OPTIMAL;
        }
    }
    char words[256];
    join_words(words, sizeof words, o);
    const char *near = fpt_cli_nearest(text, strlen(text), o->words, n);
    if (near != NULL) {
        return fpt_cli_command_error(a->command,
                                     "unknown %s '%s' (expected %s; did you mean '%s'?)", o->name,
                                     text, words, near);
    }
    return fpt_cli_command_error(a->command, "unknown %s '%s' (expected %s)", o->name, text, words);
}

static int check_value(fpt_cli_args *a, fpt_cli_option_id id, const char *text)
{
    const fpt_cli_option *o = &fpt_cli_options[id];
    fpt_cli_value *v = &a->values[id];
    bool ok = true;
    switch (o->kind) {
    case FPT_CLI_NUMBER:
        ok = parse_number(text, &v->number) && v->number < o->hi &&
             (o->lo_open ? v->number > o->lo : v->number >= o->lo);
        break;
    case FPT_CLI_WHOLE:
        ok = is_whole(text, o->lo, o->hi, &v->number);
        break;
    case FPT_CLI_WORD:
        return check_word(a, id, text);
    case FPT_CLI_SHARD:
        ok = parse_shard(text, v);
        break;
    case FPT_CLI_RANGE:
        ok = parse_range(text, o, v);
        break;
    default:
        break;
    }
    double unused = 0;
    const char *problem = o->kind == FPT_CLI_NUMBER || o->kind == FPT_CLI_WHOLE
                              ? fpt_text_to_double(text, &unused)
                              : NULL;
    if (problem != NULL) {
        return fpt_cli_command_error(a->command, "--%s '%s' %s (expected %s)", o->name, text,
                                     problem, o->expect);
    }
    if (!ok) {
        return fpt_cli_command_error(a->command, "--%s '%s' is not %s", o->name, text, o->expect);
    }
    v->text = text;
    return FPT_EXIT_OPTIMAL;
}

static int take_value(fpt_cli_args *a, fpt_cli_option_id id, const char *text)
{
    const fpt_cli_option *o = &fpt_cli_options[id];
    if (a->values[id].text != NULL) {
        return fpt_cli_command_error(a->command,
                                     "option '--%s' is given twice (it takes one value)", o->name);
    }
    if (text == NULL || text[0] == '\0') {
        char words[256];
        if (o->kind == FPT_CLI_WORD) {
            join_words(words, sizeof words, o);
            return fpt_cli_command_error(a->command, "option '--%s' needs a value: %s", o->name,
                                         words);
        }
        return fpt_cli_command_error(a->command, "option '--%s' needs a value: %s, %s", o->name,
                                     o->arg, o->expect);
    }
    return check_value(a, id, text);
}

/* ---- the words of a command line ----------------------------------------------------------- */

/*
 * An option rather than a value: begins with '-' and is not "-" alone; a word of '-' then a
 * digit or '.' is a value too ("-1", "-1/2": no option begins so), left to its option to
 * refuse with what it expects.
 */
static bool looks_like_option(const char *w)
{
    if (w[0] != '-' || w[1] == '\0') {
        return false;
    }
    return !((w[1] >= '0' && w[1] <= '9') || w[1] == '.');
}

/* The word after argv[*i] as a value, consumed; NULL when there is none. */
static const char *next_value(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc || looks_like_option(argv[*i + 1])) {
        return NULL;
    }
    *i += 1;
    return argv[*i];
}

/* --name, --name=value or --name value. */
static int parse_long(int argc, char **argv, int *i, fpt_cli_args *a)
{
    const char *name = argv[*i] + 2;
    const char *eq = strchr(name, '=');
    size_t len = eq != NULL ? (size_t)(eq - name) : strlen(name);
    unsigned takers = 0;
    int id = find_option(name, len, 0, a->command, &takers);
    if (id < 0 && takers != 0) {
        return not_taken(a->command, argv[*i], (int)(len + 2), takers);
    }
    if (id < 0) {
        return unknown_long(a->command, name, len);
    }
    if (fpt_cli_options[id].kind != FPT_CLI_FLAG) {
        return take_value(a, (fpt_cli_option_id)id,
                          eq != NULL ? eq + 1 : next_value(argc, argv, i));
    }
    if (eq != NULL) {
        return fpt_cli_command_error(a->command, "option '--%s' takes no value",
                                     fpt_cli_options[id].name);
    }
    a->values[id].text = "";
    return FPT_EXIT_OPTIMAL;
}

/* -x, -xvalue, -x value, and flags bundled: -hx. */
static int parse_short(int argc, char **argv, int *i, fpt_cli_args *a)
{
    const char *w = argv[*i];
    for (size_t k = 1; w[k] != '\0'; k++) {
        unsigned takers = 0;
        char typed[3] = {'-', w[k], '\0'};
        int id = find_option(NULL, 0, w[k], a->command, &takers);
        if (id < 0 && takers != 0) {
            return not_taken(a->command, typed, 2, takers);
        }
        if (id < 0) {
            return fpt_cli_command_error(a->command, "unknown option '%s'", typed);
        }
        if (fpt_cli_options[id].kind != FPT_CLI_FLAG) {
            const char *attached = w[k + 1] != '\0' ? &w[k + 1] : NULL;
            return take_value(a, (fpt_cli_option_id)id,
                              attached != NULL ? attached : next_value(argc, argv, i));
        }
        a->values[id].text = "";
        if (id == FPT_CLI_OPT_HELP) {
            break;
        }
    }
    return FPT_EXIT_OPTIMAL;
}

/* An argument, moved down to a->positional[n]: never past the word being read. */
static int add_positional(fpt_cli_args *a, char *word)
{
    const fpt_cli_command *c = command_of(a->command);
    if (a->n_positional >= c->max_args) {
        if (c->args[0] == '\0') {
            return fpt_cli_command_error(a->command, "unexpected argument '%s'", word);
        }
        return fpt_cli_command_error(a->command, "unexpected argument '%s' (%s takes %s)", word,
                                     c->name, c->args);
    }
    a->positional[a->n_positional++] = word;
    return FPT_EXIT_OPTIMAL;
}

/* Enough arguments, at most one of them standard input, and every required option. */
static int check_complete(const fpt_cli_args *a)
{
    const fpt_cli_command *c = command_of(a->command);
    if (a->n_positional < c->min_args) {
        return fpt_cli_command_error(a->command, "%s needs %s", c->name, c->needs);
    }
    size_t n_stdin = 0;
    for (size_t i = 0; c->arg_kind == FPT_CLI_FILE && i < a->n_positional; i++) {
        n_stdin += strcmp(a->positional[i], "-") == 0;
    }
    if (n_stdin > 1) {
        return fpt_cli_command_error(a->command,
                                     "'-' (standard input) is given %zu times: it can be read "
                                     "once, so at most one argument may be '-'",
                                     n_stdin);
    }
    for (int i = 0; i < FPT_CLI_N_OPTIONS; i++) {
        const fpt_cli_option *o = &fpt_cli_options[i];
        if ((o->required & FPT_CLI_IN(a->command)) && a->values[i].text == NULL) {
            return fpt_cli_command_error(a->command, "%s needs --%s %s", c->name, o->name, o->arg);
        }
    }
    return FPT_EXIT_OPTIMAL;
}

static int parse_words(int argc, char **argv, int first, fpt_cli_args *a)
{
    bool options_done = false;
    for (int i = first; i < argc; i++) {
        char *w = argv[i];
        int rc = FPT_EXIT_OPTIMAL;
        if (options_done || w[0] != '-' || w[1] == '\0') {
            rc = add_positional(a, w);
        } else if (strcmp(w, "--") == 0) {
            options_done = true;
        } else if (w[1] == '-') {
            rc = parse_long(argc, argv, &i, a);
        } else {
            rc = parse_short(argc, argv, &i, a);
        }
        if (rc != FPT_EXIT_OPTIMAL || a->values[FPT_CLI_OPT_HELP].text != NULL) {
            return rc;
        }
    }
    return check_complete(a);
}

bool fpt_cli_parse(int argc, char **argv, fpt_cli_command_id cmd, fpt_cli_args *out, int *code)
{
    int first = cmd == FPT_CLI_TOP ? 1 : 2;
    memset(out, 0, sizeof *out);
    out->command = cmd;
    out->positional = argv + first;
    *code = parse_words(argc, argv, first, out);
    if (*code == FPT_EXIT_OPTIMAL && out->values[FPT_CLI_OPT_HELP].text != NULL) {
        if (cmd == FPT_CLI_TOP) {
            fpt_cli_print_usage(stdout);
        } else {
            fpt_cli_print_command_help(stdout, cmd);
        }
        return false;
    }
    return *code == FPT_EXIT_OPTIMAL;
}

bool fpt_cli_given(const fpt_cli_args *a, fpt_cli_option_id id)
{
    return a->values[id].text != NULL;
}

const char *fpt_cli_text(const fpt_cli_args *a, fpt_cli_option_id id)
{
    const char *text = a->values[id].text;
    if (text != NULL && fpt_cli_options[id].dash_is_stdout && strcmp(text, "-") == 0) {
        return NULL;
    }
    return text;
}

const fpt_cli_value *fpt_cli_value_of(const fpt_cli_args *a, fpt_cli_option_id id)
{
    return &a->values[id];
}
