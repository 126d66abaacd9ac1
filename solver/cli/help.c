/* SPDX-License-Identifier: MIT */
/*
 * The usage (footprint --help) and each command's help (footprint COMMAND --help), written
 * from the tables of cli/options.c: synopses, the list of commands, each option's spec and help
 * line, and the exit codes of cli.h. Text is wrapped to 79 columns.
 */
#include <stdarg.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/options.h"

enum {
    WIDTH = 79,   /* columns of wrapped text */
    HELP_COL = 32 /* where an option's help line starts */
};

bool fpt_cli_option_listed(fpt_cli_option_id id, fpt_cli_command_id cmd)
{
    return (fpt_cli_options[id].commands & FPT_CLI_IN(cmd)) && !fpt_cli_options[id].hidden;
}

/* Whether cmd lists any option but --help: its synopsis then ends "[options]". */
static bool has_options(fpt_cli_command_id cmd)
{
    for (int i = 0; i < FPT_CLI_N_OPTIONS; i++) {
        if (i != FPT_CLI_OPT_HELP && fpt_cli_option_listed((fpt_cli_option_id)i, cmd)) {
            return true;
        }
    }
    return false;
}

void fpt_cli_print_option_arg(FILE *out, const fpt_cli_option *o)
{
    if (o->kind == FPT_CLI_WORD) {
        for (size_t w = 0; o->words[w] != NULL; w++) {
            fprintf(out, "%s%s", w > 0 ? "|" : "", o->words[w]);
        }
    } else if (o->arg != NULL) {
        fputs(o->arg, out);
    }
}

void fpt_cli_print_synopsis(FILE *out, fpt_cli_command_id cmd)
{
    const fpt_cli_command *c = &fpt_cli_commands[cmd];
    fputs(c->name, out);
    if (c->args[0] != '\0') {
        fprintf(out, " %s", c->args);
    }
    for (int i = 0; i < FPT_CLI_N_OPTIONS; i++) {
        if (fpt_cli_options[i].required & FPT_CLI_IN(cmd)) {
            fprintf(out, " --%s ", fpt_cli_options[i].name);
            fpt_cli_print_option_arg(out, &fpt_cli_options[i]);
        }
    }
    if (has_options(cmd)) {
        fputs(" [options]", out);
    }
}

static size_t min_size(size_t a, size_t b)
{
    return a < b ? a : b;
}

/* Columns a UTF-8 string of n bytes takes: one per character. */
static size_t columns(const char *s, size_t n)
{
    size_t cols = 0;
    for (size_t i = 0; i < n; i++) {
        cols += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    return cols;
}

static void indent_to(FILE *out, size_t from, size_t to)
{
    for (size_t c = from; c < to; c++) {
        fputc(' ', out);
    }
}

void fpt_cli_print_wrapped(FILE *out, const char *text, size_t col, size_t indent)
{
    bool line_empty = true;
    for (const char *p = text; *p != '\0';) {
        if (*p == ' ') {
            p++;
            continue;
        }
        size_t n = strcspn(p, " ");
        size_t w = columns(p, n);
        if (!line_empty && col + 1 + w > WIDTH) {
            fputc('\n', out);
            indent_to(out, 0, indent);
            col = indent;
            line_empty = true;
        }
        if (!line_empty) {
            fputc(' ', out);
            col++;
        }
        fwrite(p, 1, n, out);
        col += w;
        line_empty = false;
        p += n;
    }
    fputc('\n', out);
}

/* Append to buf (holding *used bytes) what fmt makes, as far as it fits. */
__attribute__((format(printf, 4, 5))) static void append(char *buf, size_t size, size_t *used,
                                                         const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = *used < size ? vsnprintf(buf + *used, size - *used, fmt, ap) : 0;
    va_end(ap);
    *used = n > 0 ? min_size(*used + (size_t)n, size - 1) : *used;
}

/* "  -f, --format table|csv|json" then the help line, at HELP_COL or on the next line. */
static void print_option(FILE *out, const fpt_cli_option *o)
{
    char spec[128];
    size_t len = 0;
    if (o->short_name != 0) {
        append(spec, sizeof spec, &len, "  -%c, --%s", o->short_name, o->name);
    } else {
        append(spec, sizeof spec, &len, "      --%s", o->name);
    }
    for (size_t w = 0; o->kind == FPT_CLI_WORD && o->words[w] != NULL; w++) {
        append(spec, sizeof spec, &len, "%c%s", w > 0 ? '|' : ' ', o->words[w]);
    }
    if (o->kind != FPT_CLI_WORD && o->arg != NULL) {
        append(spec, sizeof spec, &len, " %s", o->arg);
    }
    fputs(spec, out);
    size_t col = len;
    if (col + 2 > HELP_COL) {
        fputc('\n', out);
        col = 0;
    }
    indent_to(out, col, HELP_COL);
    fpt_cli_print_wrapped(out, o->help, HELP_COL, HELP_COL);
}

static void print_exit_codes(FILE *out)
{
    fputs("Exit status:", out);
    size_t col = strlen("Exit status:");
    char item[160];
    for (size_t i = 0; i < fpt_cli_n_exits; i++) {
        snprintf(item, sizeof item, "%d %s%s", fpt_cli_exits[i].code, fpt_cli_exits[i].brief,
                 i + 1 < fpt_cli_n_exits ? ";" : ".");
        size_t w = columns(item, strlen(item));
        if (col + 1 + w > WIDTH) {
            fputc('\n', out);
            col = 0;
        } else {
            fputc(' ', out);
            col++;
        }
        fputs(item, out);
        col += w;
    }
    fputc('\n', out);
}

void fpt_cli_print_usage(FILE *out)
{
    fputs("Usage:\n", out);
    for (int c = 0; c < FPT_CLI_N_COMMANDS; c++) {
        fputs("  footprint ", out);
        fpt_cli_print_synopsis(out, (fpt_cli_command_id)c);
        fputc('\n', out);
    }
    fputs("  footprint", out);
    for (int i = 0, n = 0; i < FPT_CLI_N_OPTIONS; i++) {
        if (fpt_cli_option_listed((fpt_cli_option_id)i, FPT_CLI_TOP)) {
            fprintf(out, "%s--%s", n++ > 0 ? " | " : " ", fpt_cli_options[i].name);
        }
    }
    fprintf(out, "\n\nfootprint: %s.\n\nCommands:\n", fpt_cli_program_summary);
    for (int c = 0; c < FPT_CLI_N_COMMANDS; c++) {
        fprintf(out, "  %-11s", fpt_cli_commands[c].name);
        fpt_cli_print_wrapped(out, fpt_cli_commands[c].summary, 13, 13);
    }
    fputs("\nOptions follow the command; 'footprint COMMAND --help' lists a command's.\n", out);
    print_exit_codes(out);
    fputs("See footprint(1) and docs/cli.md.\n", out);
}

void fpt_cli_print_command_help(FILE *out, fpt_cli_command_id cmd)
{
    fputs("Usage: footprint ", out);
    fpt_cli_print_synopsis(out, cmd);
    fputs("\n\n", out);
    fpt_cli_print_wrapped(out, fpt_cli_commands[cmd].description, 0, 0);
    fputs("\nOptions:\n", out);
    for (int i = 0; i < FPT_CLI_N_OPTIONS; i++) {
        if (fpt_cli_option_listed((fpt_cli_option_id)i, cmd)) {
            print_option(out, &fpt_cli_options[i]);
        }
    }
    fputs("\nRun 'footprint --help' for the other commands; see footprint(1) and docs/cli.md.\n",
          out);
}
