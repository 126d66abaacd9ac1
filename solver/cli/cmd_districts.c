/* SPDX-License-Identifier: MIT */
/*
 * footprint districts: load a geography → partition its CCGs into population-bounded units
 * (districts.h) → print or write the partition (docs/cli.md "districts").
 *
 * Outputs named with --output and --write-mps are written atomically and only once what they
 * depend on exists, so a failed run leaves no file behind. Infeasible bounds are explained
 * on standard error with their numbers, and the output still receives the result.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "footprint/districts.h"
#include "footprint/geography.h"
#include "footprint/report.h"

typedef struct districts_args {
    const char *geography;
    fpt_districts_format format;
    const char *output;
    const char *write_mps;
    bool have_units, have_target;
    fpt_districts_options opt;
} districts_args;

static int parse_count(districts_args *a, const char *val)
{
    double k = 0;
    if (!cli_parse_number(val, 1, &k) || k != floor(k) || k > 1e6) {
        return cli_usage_error("--units '%s' is not a whole number of units from 1", val);
    }
    a->opt.n_units = (size_t)k;
    a->have_units = true;
    return EXIT_OPTIMAL;
}

static int parse_limits(districts_args *a, const char *opt, const char *val)
{
    if (strcmp(opt, "--time-limit") == 0) {
        if (!cli_parse_number(val, 0, &a->opt.time_limit_s) || a->opt.time_limit_s <= 0) {
            return cli_usage_error("--time-limit '%s' is not a positive number of seconds", val);
        }
    } else if (strcmp(opt, "--mip-gap") == 0) {
        if (!cli_parse_number(val, 0, &a->opt.mip_gap) || a->opt.mip_gap >= 1) {
            return cli_usage_error("--mip-gap '%s' is not a number in [0, 1)", val);
        }
    } else {
        return cli_usage_error("unknown option '%s'", opt);
    }
    return EXIT_OPTIMAL;
}

static int parse_option(districts_args *a, const char *opt, const char *val)
{
    if (val == NULL) {
        return cli_usage_error("option '%s' needs a value", opt);
    }
    if (strcmp(opt, "--units") == 0) {
        return parse_count(a, val);
    }
    if (strcmp(opt, "--target-pop") == 0) {
        a->have_target = true;
        if (!cli_parse_number(val, 1, &a->opt.target_pop)) {
            return cli_usage_error("--target-pop '%s' is not a population of at least 1", val);
        }
    } else if (strcmp(opt, "--tolerance") == 0) {
        if (!cli_parse_number(val, 0, &a->opt.tolerance) || a->opt.tolerance >= 1) {
            return cli_usage_error("--tolerance '%s' is not a number in [0, 1)", val);
        }
    } else if (strcmp(opt, "--format") == 0) {
        int fmt = fpt_districts_format_from_name(val);
        if (fmt < 0) {
            return cli_usage_error("unknown format '%s' (expected table, csv, json or svg)", val);
        }
        a->format = (fpt_districts_format)fmt;
    } else if (strcmp(opt, "--output") == 0) {
        a->output = val;
    } else if (strcmp(opt, "--write-mps") == 0) {
        a->write_mps = val;
    } else {
        return parse_limits(a, opt, val);
    }
    return EXIT_OPTIMAL;
}

static int parse_args(int argc, char **argv, districts_args *a)
{
    memset(a, 0, sizeof *a);
    fpt_districts_options_init(&a->opt);
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--plain") == 0) {
            a->opt.plain = true;
        } else if (strncmp(argv[i], "--", 2) == 0) {
            int rc = parse_option(a, argv[i], i + 1 < argc ? argv[i + 1] : NULL);
            if (rc != EXIT_OPTIMAL) {
                return rc;
            }
            i++;
        } else if (a->geography == NULL) {
            a->geography = argv[i];
        } else {
            return cli_usage_error("unexpected argument '%s'", argv[i]);
        }
    }
    if (a->geography == NULL) {
        return cli_usage_error("%s", "districts needs a GEOGRAPHY file");
    }
    if (a->have_units && a->have_target) {
        return cli_usage_error("%s", "give --units or --target-pop, not both");
    }
    if (a->have_units) {
        a->opt.target_pop = 0;
    }
    return EXIT_OPTIMAL;
}

static int exit_for_result(fpt_districts_result r)
{
    switch (r) {
    case FPT_DISTRICTS_OPTIMAL:
        return EXIT_OPTIMAL;
    case FPT_DISTRICTS_LIMIT:
        return EXIT_LIMIT;
    case FPT_DISTRICTS_INFEASIBLE:
        return EXIT_INFEASIBLE;
    case FPT_DISTRICTS_NO_PARTITION:
        return EXIT_SOLVER;
    }
    return EXIT_INTERNAL;
}

static void explain(const fpt_partition *p)
{
    fprintf(stderr, "footprint: no partition into %zu units of %.0f to %.0f people exists:\n",
            p->n_units, p->pop_min, p->pop_max);
    for (size_t r = 0; r < p->n_reasons; r++) {
        fprintf(stderr, "  %s\n", p->reasons[r]);
    }
}

static fpt_status emit(const fpt_geography *g, const fpt_partition *p, const districts_args *a,
                       fpt_error *err)
{
    char *text = NULL;
    size_t len = 0;
    FPT_TRY(fpt_partition_render(g, p, a->format, &text, &len, err));
    fpt_status st = FPT_OK;
    if (a->output != NULL) {
        st = fpt_write_atomic(a->output, text, len, err);
    } else if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) {
        st = fpt_error_set(err, FPT_EIO, NULL, 0, "cannot write to standard output");
    }
    free(text);
    return st;
}

/* Solve a loaded geography and emit; returns an exit code. */
static int run_loaded(const fpt_geography *g, const districts_args *a)
{
    fpt_error err = {0};
    fpt_partition *p = NULL;
    int code = EXIT_OPTIMAL;
    fpt_status st = FPT_OK;
    if (a->write_mps != NULL) {
        st = fpt_districts_write_mps(g, &a->opt, a->write_mps, &err);
    }
    if (st == FPT_OK) {
        st = fpt_districts_solve(g, &a->opt, &p, &err);
    }
    if (st == FPT_OK) {
        code = exit_for_result(p->result);
        if (p->result == FPT_DISTRICTS_INFEASIBLE) {
            explain(p);
        }
        st = emit(g, p, a, &err);
    }
    if (st != FPT_OK) {
        cli_print_failure(&(fpt_diags){0}, &err);
        code = st == FPT_EIO ? EXIT_OUTPUT : cli_exit_for_status(st);
        if (a->write_mps != NULL && st != FPT_EIO) {
            remove(a->write_mps);
        }
    }
    fpt_partition_free(p);
    return code;
}

int cli_districts(int argc, char **argv)
{
    districts_args a;
    int code = parse_args(argc, argv, &a);
    if (code != EXIT_OPTIMAL) {
        return code;
    }
    fpt_diags diags = {0};
    fpt_error err = {0};
    fpt_geography *g = NULL;
    fpt_status st = fpt_geography_load(a.geography, &g, &diags, &err);
    if (st != FPT_OK) {
        cli_print_failure(&diags, &err);
        code = cli_exit_for_status(st);
    } else {
        code = run_loaded(g, &a);
    }
    fpt_diags_clear(&diags);
    fpt_geography_free(g);
    return code;
}
