/* SPDX-License-Identifier: MIT */
/*
 * The footprint command's tables (solver/cli/options.c) and the parser made from them
 * (solver/cli/parse.c): every row complete, no command with two options of one name or
 * letter, the format words the library's own, the exit codes in order; and the parser's
 * conventions on argument vectors built here (the same conventions end to end are
 * tests/cli/cli_test.sh's).
 */
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/redirect.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "footprint/districts.h"
#include "footprint/report.h"
#include "footprint/sizing.h"
#include "report/xlsx.h"

/* ---- the tables ---------------------------------------------------------------------------- */

Test(fpt_cli_options, every_row_is_complete)
{
    for (int i = 0; i < FPT_CLI_N_OPTIONS; i++) {
        const fpt_cli_option *o = &fpt_cli_options[i];
        cr_assert_not_null(o->name, "row %d has no name", i);
        cr_expect_not_null(o->help, "--%s has no help line", o->name);
        cr_expect_neq(o->commands, 0u, "--%s is taken by no command", o->name);
        cr_expect_eq(o->required & ~o->commands, 0u, "--%s required where not taken", o->name);
        if (o->kind == FPT_CLI_WORD) {
            cr_expect(o->words != NULL && o->words[0] != NULL, "--%s has no words", o->name);
        } else if (o->kind != FPT_CLI_FLAG) {
            cr_expect_not_null(o->arg, "--%s names no value", o->name);
            cr_expect_not_null(o->expect, "--%s says no good value", o->name);
        }
        cr_expect(!o->dash_is_stdout || o->kind == FPT_CLI_FILE || o->kind == FPT_CLI_DIR,
                  "--%s: '-' is standard output only for a file or directory", o->name);
    }
}

Test(fpt_cli_options, no_command_has_two_options_of_one_name_or_letter)
{
    for (int c = 0; c <= FPT_CLI_TOP; c++) {
        for (int i = 0; i < FPT_CLI_N_OPTIONS; i++) {
            const fpt_cli_option *a = &fpt_cli_options[i];
            for (int j = i + 1; j < FPT_CLI_N_OPTIONS; j++) {
                const fpt_cli_option *b = &fpt_cli_options[j];
                if (!(a->commands & b->commands & FPT_CLI_IN(c))) {
                    continue;
                }
                cr_expect_str_neq(a->name, b->name, "command %d: --%s twice", c, a->name);
                cr_expect(a->short_name == 0 || a->short_name != b->short_name,
                          "command %d: -%c twice", c, a->short_name);
            }
        }
    }
}

/* The words of a format row, each accepted by the library's parser of that command's format,
 * but for the workbook's (report/xlsx.h), which every format row offers last. */
static void expect_words_parse(fpt_cli_option_id id, int (*from_name)(const char *))
{
    const char *const *words = fpt_cli_options[id].words;
    size_t n = 0;
    while (words[n] != NULL) {
        n++;
    }
    cr_assert_gt(n, 1);
    cr_expect_str_eq(words[n - 1], FPT_XLSX_FORMAT, "--%s offers no workbook",
                     fpt_cli_options[id].name);
    for (size_t w = 0; from_name != NULL && w + 1 < n; w++) {
        cr_expect_geq(from_name(words[w]), 0, "'%s' is not the library's", words[w]);
    }
}

Test(fpt_cli_options, format_words_are_the_librarys)
{
    expect_words_parse(FPT_CLI_OPT_FORMAT, fpt_format_from_name);
    expect_words_parse(FPT_CLI_OPT_FORMAT, fpt_sizing_format_from_name);
    expect_words_parse(FPT_CLI_OPT_FORMAT_DISTRICTS, fpt_districts_format_from_name);
    expect_words_parse(FPT_CLI_OPT_FORMAT_SWEEP, NULL);
    cr_expect_str_eq(fpt_cli_options[FPT_CLI_OPT_FORMAT_SWEEP].words[0], "csv"); /* the default */
    cr_expect_str_eq(fpt_cli_options[FPT_CLI_OPT_FORMAT_SWEEP].words[1], "json");
}

Test(fpt_cli_options, every_command_is_complete_and_found_by_name)
{
    for (int c = 0; c < FPT_CLI_N_COMMANDS; c++) {
        const fpt_cli_command *cmd = &fpt_cli_commands[c];
        cr_assert_not_null(cmd->name, "command %d has no name", c);
        cr_expect(cmd->args != NULL && cmd->summary != NULL && cmd->description != NULL,
                  "%s lacks a text", cmd->name);
        cr_expect_leq(cmd->min_args, cmd->max_args, "%s", cmd->name);
        cr_expect_eq(fpt_cli_command_find(cmd->name), c, "%s", cmd->name);
    }
    cr_expect_eq(fpt_cli_command_find("frobnicate"), -1);
}

Test(fpt_cli_options, exit_codes_are_the_enums_in_order)
{
    cr_assert_eq(fpt_cli_n_exits, 10);
    cr_expect_eq(fpt_cli_exits[0].code, FPT_EXIT_OPTIMAL);
    cr_expect_eq(fpt_cli_exits[2].code, FPT_EXIT_USAGE);
    cr_expect_eq(fpt_cli_exits[2].code, 2);
    cr_expect_eq(fpt_cli_exits[9].code, FPT_EXIT_INTERRUPTED);
    for (size_t i = 1; i < fpt_cli_n_exits; i++) {
        cr_expect_gt(fpt_cli_exits[i].code, fpt_cli_exits[i - 1].code);
    }
}

/* ---- suggestions --------------------------------------------------------------------------- */

Test(fpt_cli_options, nearest_suggests_slips_not_other_words)
{
    const char *const commands[] = {"solve", "sweep", "merge", "diff", "size"};
    const char *const options[] = {"stability", "fail-on-level-change", "format", "function"};
    cr_expect_str_eq(fpt_cli_nearest("slove", 5, commands, 5), "solve"); /* transposition */
    cr_expect_str_eq(fpt_cli_nearest("swep", 4, commands, 5), "sweep");  /* deletion */
    cr_expect_str_eq(fpt_cli_nearest("stabilty", 8, options, 4), "stability");
    cr_expect_str_eq(fpt_cli_nearest("fail", 4, options, 4), "fail-on-level-change"); /* prefix */
    cr_expect_null(fpt_cli_nearest("frobnicate", 10, commands, 5));
    cr_expect_null(fpt_cli_nearest("xy", 2, commands, 5));
    cr_expect_null(fpt_cli_nearest("f", 1, options, 4));
    cr_expect_null(fpt_cli_nearest("fo", 2, options, 4)); /* format or function: no guess */
}

/* ---- the parser ---------------------------------------------------------------------------- */

/* Parse a NULL-terminated list of words after "footprint"; the status of fpt_cli_parse. */
static bool parse(fpt_cli_command_id cmd, fpt_cli_args *a, int *code, char **words)
{
    int argc = 0;
    while (words[argc] != NULL) {
        argc++;
    }
    return fpt_cli_parse(argc, words, cmd, a, code);
}

#define WORDS(...) ((char *[]){"footprint", __VA_ARGS__, NULL})

Test(fpt_cli_parse, equals_short_and_attached_values_mean_the_same, .init = cr_redirect_stderr)
{
    fpt_cli_args a;
    int code = -1;
    /* argv outlives the parse: a.positional points into it */
    char **words =
        WORDS("solve", "m.xml", "--format=json", "-o", "out", "s.xml", "--mip-gap", "0.5");
    cr_assert(parse(FPT_CLI_CMD_SOLVE, &a, &code, words));
    cr_expect_eq(a.n_positional, 2);
    cr_expect_str_eq(a.positional[0], "m.xml");
    cr_expect_str_eq(a.positional[1], "s.xml");
    cr_expect_str_eq(fpt_cli_text(&a, FPT_CLI_OPT_FORMAT), "json");
    cr_expect_eq(fpt_cli_value_of(&a, FPT_CLI_OPT_FORMAT)->word, 2);
    cr_expect_str_eq(fpt_cli_text(&a, FPT_CLI_OPT_OUTPUT), "out");
    cr_expect_float_eq(fpt_cli_value_of(&a, FPT_CLI_OPT_MIP_GAP)->number, 0.5, 1e-15);
    cr_assert(parse(FPT_CLI_CMD_SWEEP, &a, &code, WORDS("sweep", "-j4", "-fjson", "m", "s")));
    cr_expect_float_eq(fpt_cli_value_of(&a, FPT_CLI_OPT_THREADS)->number, 4, 0);
    cr_expect_str_eq(fpt_cli_text(&a, FPT_CLI_OPT_FORMAT_SWEEP), "json");
}

Test(fpt_cli_parse, dash_is_standard_output_and_double_dash_ends_options)
{
    fpt_cli_args a;
    int code = -1;
    char **words = WORDS("solve", "-o", "-", "--", "-m.xml", "-");
    cr_assert(parse(FPT_CLI_CMD_SOLVE, &a, &code, words));
    cr_expect(fpt_cli_given(&a, FPT_CLI_OPT_OUTPUT));
    cr_expect_null(fpt_cli_text(&a, FPT_CLI_OPT_OUTPUT));
    cr_expect_str_eq(a.positional[0], "-m.xml");
    cr_expect_str_eq(a.positional[1], "-");
}

Test(fpt_cli_parse, values_are_checked_against_their_rows, .init = cr_redirect_stderr)
{
    fpt_cli_args a;
    int code = -1;
    cr_assert(parse(
        FPT_CLI_CMD_SIZE, &a, &code,
        WORDS("size", "m", "s", "--function", "f", "--units", "3..12", "--time-limit", "2.5")));
    cr_expect_eq(fpt_cli_value_of(&a, FPT_CLI_OPT_UNITS_RANGE)->first, 3);
    cr_expect_eq(fpt_cli_value_of(&a, FPT_CLI_OPT_UNITS_RANGE)->second, 12);
    cr_assert(parse(FPT_CLI_CMD_SWEEP, &a, &code, WORDS("sweep", "m", "s", "--shard", "2/5")));
    cr_expect_eq(fpt_cli_value_of(&a, FPT_CLI_OPT_SHARD)->first, 2);
    cr_expect_eq(fpt_cli_value_of(&a, FPT_CLI_OPT_SHARD)->second, 5);
    cr_expect_not(parse(FPT_CLI_CMD_SWEEP, &a, &code, WORDS("sweep", "m", "s", "--shard", "3/2")));
    cr_expect_eq(code, FPT_EXIT_USAGE);
    cr_expect_not(
        parse(FPT_CLI_CMD_SOLVE, &a, &code, WORDS("solve", "m", "s", "--time-limit", "0")));
    cr_expect_not(parse(FPT_CLI_CMD_SOLVE, &a, &code, WORDS("solve", "m", "s", "--mip-gap", "1")));
    cr_expect_not(parse(FPT_CLI_CMD_SWEEP, &a, &code, WORDS("sweep", "m", "s", "-j", "2.5")));
    cr_expect_not(parse(FPT_CLI_CMD_SIZE, &a, &code, WORDS("size", "m", "s", "--units", "5..2")));
    cr_expect_not(parse(FPT_CLI_CMD_SOLVE, &a, &code, WORDS("solve", "m", "s", "-f", "xml")));
}

Test(fpt_cli_parse, usage_errors_exit_2, .init = cr_redirect_stderr)
{
    fpt_cli_args a;
    int code = -1;
    char **cases[] = {
        WORDS("solve", "m", "s", "--format", "csv", "--format", "json"), /* twice */
        WORDS("solve", "m", "s", "--time-limit"),                        /* no value */
        WORDS("solve", "m", "s", "--output", "--stability"),             /* no value */
        WORDS("solve", "m", "s", "--output="),                           /* no value */
        WORDS("solve", "m", "s", "--stability=yes"),                     /* a flag's value */
        WORDS("solve", "m", "s", "--threads", "2"),                      /* sweep's */
        WORDS("solve", "m", "s", "--stabilty"),                          /* unknown */
        WORDS("solve", "m", "s", "-x"),                                  /* unknown */
        WORDS("solve", "m"),                                             /* an argument short */
        WORDS("solve", "m", "s", "t"),                                   /* one too many */
        WORDS("size", "m", "s"),                                         /* --function missing */
        WORDS("merge", "m", "s", "d"),                                   /* --output missing */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fpt_cli_command_id cmd = (fpt_cli_command_id)fpt_cli_command_find(cases[i][1]);
        code = -1;
        cr_expect_not(parse(cmd, &a, &code, cases[i]), "case %zu parsed", i);
        cr_expect_eq(code, FPT_EXIT_USAGE, "case %zu", i);
    }
}

Test(fpt_cli_parse, negative_numbers_are_values_and_dash_words_are_not, .init = cr_redirect_stderr)
{
    fpt_cli_args a;
    int code = -1;
    /* "-3" is taken as --time-limit's value, then refused as not positive */
    cr_expect_not(
        parse(FPT_CLI_CMD_SOLVE, &a, &code, WORDS("solve", "m", "s", "--time-limit", "-3")));
    cr_expect_eq(code, FPT_EXIT_USAGE);
    cr_assert(parse(FPT_CLI_CMD_SOLVE, &a, &code, WORDS("solve", "m", "s", "--output=-x.txt")));
    cr_expect_str_eq(fpt_cli_text(&a, FPT_CLI_OPT_OUTPUT), "-x.txt");
}

Test(fpt_cli_parse, help_stops_the_command_with_status_0, .init = cr_redirect_stdout)
{
    fpt_cli_args a;
    int code = -1;
    cr_expect_not(parse(FPT_CLI_CMD_DIFF, &a, &code, WORDS("diff", "-h")));
    cr_expect_eq(code, FPT_EXIT_OPTIMAL);
    code = -1;
    cr_expect_not(parse(FPT_CLI_CMD_VALIDATE, &a, &code, WORDS("validate", "--help", "x")));
    cr_expect_eq(code, FPT_EXIT_OPTIMAL);
}
