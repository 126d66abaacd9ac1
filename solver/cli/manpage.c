/* SPDX-License-Identifier: MIT */
/*
 * The footprint(1) manual page in roff (man macros), written from the tables of cli/options.c
 * and the exit codes of cli.h by footprint-gen-docs at build time: NAME, SYNOPSIS,
 * DESCRIPTION, COMMANDS, OPTIONS per command, EXIT STATUS, ENVIRONMENT, FILES, EXAMPLES and
 * SEE ALSO. Text is escaped for roff (backslashes, minus signs, UTF-8 as \[uXXXX]), so groff
 * -ww reads it without a warning. The page holds no date: the same table and install prefix
 * make the same bytes.
 */
#include <stdint.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/options.h"

/* The files and examples only the manual shows: pairs of (item, text), NULL-terminated. */
static const char *const FILES[] = {
    "models/*.xml",
    "model files: functions, their ratings on the eight criteria, costs, skill pools and links "
    "(schema models/model.xsd; docs/formats.md)",
    "scenarios/*.xml",
    "scenario files: population, levels, allowance, weights, locks, and sweeps or Monte Carlo "
    "draws (schema scenarios/scenario.xsd; docs/formats.md)",
    "data/ccg2013.csv, data/ccg2021.csv",
    "CCG populations and locations from public ONS and NHS figures, for districts and for "
    "scenarios on real units (docs/data.md, docs/geography.md)",
    NULL,
};

static const char *const EXAMPLES[] = {
    "Solve the 5 million hub scenario and print the table:",
    "footprint solve models/england2013.xml scenarios/hub5m.xml",
    "The same as CSV, written to a file; as JSON on standard output:",
    "footprint solve models/england2013.xml scenarios/hub5m.xml \\\n"
    "    -f csv -o plan.csv\n"
    "footprint solve models/england2013.xml scenarios/hub5m.xml \\\n"
    "    --format=json -o -",
    "Weight stability, and the HTML report:",
    "footprint solve models/england2013.xml scenarios/hub5m.xml \\\n"
    "    --stability --report plan.html",
    "A thousand Monte Carlo draws on four threads; two runs compared:",
    "footprint sweep models/england2013.xml scenarios/monte-carlo.xml \\\n"
    "    -j 4 -o mc\n"
    "footprint diff before.json after.json --max-cost-change 1 \\\n"
    "    --fail-on-level-change",
    "Ten real hubs drawn as a map; how many BI units to have:",
    "footprint districts data/ccg2013.csv --units 10 -f svg -o hubs.svg\n"
    "footprint size models/england2013.xml scenarios/real2021.xml \\\n"
    "    --function bi-data",
    NULL,
};

/* Decode one UTF-8 character at s; *len its bytes (1 for a stray byte, read as Latin-1). */
static uint32_t decode(const unsigned char *s, size_t *len)
{
    size_t n = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 1;
    uint32_t cp = n == 1 ? s[0] : s[0] & (0x3Fu >> (n - 1));
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *len = 1;
            return s[0];
        }
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    *len = n;
    return cp;
}

/* Text escaped for roff; a line break in text starts a new output line. at_bol: the text
 * starts a line, where '.' and '\'' would be read as a request. */
static void roff(FILE *out, const char *text, bool at_bol)
{
    const unsigned char *s = (const unsigned char *)text;
    while (*s != '\0') {
        size_t len = 1;
        if (at_bol && (*s == '.' || *s == '\'')) {
            fputs("\\&", out);
        }
        at_bol = *s == '\n';
        if (*s == '\\') {
            fputs("\\e", out);
        } else if (*s == '-') {
            fputs("\\-", out);
        } else if (*s >= 0x80) {
            fprintf(out, "\\[u%04X]", (unsigned)decode(s, &len));
        } else {
            fputc(*s, out);
        }
        s += len;
    }
}

/* \fBtext\fR, or \fItext\fR. */
static void font(FILE *out, char f, const char *text)
{
    fprintf(out, "\\f%c", f);
    roff(out, text, false);
    fputs("\\fR", out);
}

static void synopsis(FILE *out, fpt_cli_command_id cmd)
{
    const fpt_cli_command *c = &fpt_cli_commands[cmd];
    fputs("\\fBfootprint ", out);
    roff(out, c->name, false);
    fputs("\\fR", out);
    if (c->args[0] != '\0') {
        fputc(' ', out);
        font(out, 'I', c->args);
    }
    bool more = false;
    for (int i = 0; i < FPT_CLI_N_OPTIONS; i++) {
        const fpt_cli_option *o = &fpt_cli_options[i];
        if (o->required & FPT_CLI_IN(cmd)) {
            fputs(" \\fB\\-\\-", out);
            roff(out, o->name, false);
            fputs("\\fR ", out);
            font(out, 'I', o->arg);
        }
        more |= i != FPT_CLI_OPT_HELP && fpt_cli_option_listed((fpt_cli_option_id)i, cmd);
    }
    fputs(more ? " [\\fIoptions\\fR]\n" : "\n", out);
}

/* The tag of an option's .TP: -f, --format table|csv|json. */
static void option_tag(FILE *out, const fpt_cli_option *o)
{
    if (o->short_name != 0) {
        fprintf(out, "\\fB\\-%c\\fR, ", o->short_name);
    }
    fputs("\\fB\\-\\-", out);
    roff(out, o->name, false);
    fputs("\\fR", out);
    for (size_t w = 0; o->kind == FPT_CLI_WORD && o->words[w] != NULL; w++) {
        fputs(w > 0 ? "|" : " ", out);
        font(out, 'B', o->words[w]);
    }
    if (o->kind != FPT_CLI_WORD && o->arg != NULL) {
        fputc(' ', out);
        font(out, 'I', o->arg);
    }
    fputc('\n', out);
}

static void option_entry(FILE *out, const fpt_cli_option *o)
{
    fputs(".TP\n", out);
    option_tag(out, o);
    roff(out, o->help, true);
    fputc('.', out);
    if (o->kind == FPT_CLI_NUMBER || o->kind == FPT_CLI_WHOLE) {
        fputs(" \\fI", out);
        roff(out, o->arg, false);
        fputs("\\fR is ", out);
        roff(out, o->expect, false);
        fputc('.', out);
    }
    if (o->hidden) {
        fputs(" Not listed by \\fB\\-\\-help\\fR.", out);
    }
    fputc('\n', out);
}

static void section_options(FILE *out)
{
    fputs(".SH OPTIONS\n", out);
    roff(out, fpt_cli_program_conventions, true);
    fputs("\n.PP\nBefore any command:\n", out);
    for (int i = 0; i < FPT_CLI_N_OPTIONS; i++) {
        if (fpt_cli_options[i].commands & FPT_CLI_IN(FPT_CLI_TOP)) {
            option_entry(out, &fpt_cli_options[i]);
        }
    }
    fputs(".PP\nEvery command takes \\fB\\-h\\fR, \\fB\\-\\-help\\fR: print its help and exit.\n",
          out);
    for (int c = 0; c < FPT_CLI_N_COMMANDS; c++) {
        bool header = false;
        for (int i = 0; i < FPT_CLI_N_OPTIONS; i++) {
            if (i == FPT_CLI_OPT_HELP || !(fpt_cli_options[i].commands & FPT_CLI_IN(c))) {
                continue;
            }
            if (!header) {
                fprintf(out, ".SS %s\n", fpt_cli_commands[c].name);
                header = true;
            }
            option_entry(out, &fpt_cli_options[i]);
        }
    }
}

static void section_commands(FILE *out)
{
    fputs(".SH COMMANDS\n", out);
    for (int c = 0; c < FPT_CLI_N_COMMANDS; c++) {
        fputs(".TP\n", out);
        synopsis(out, (fpt_cli_command_id)c);
        roff(out, fpt_cli_commands[c].description, true);
        fputc('\n', out);
    }
}

static void section_exit_status(FILE *out)
{
    fputs(".SH EXIT STATUS\n", out);
    for (size_t i = 0; i < fpt_cli_n_exits; i++) {
        fprintf(out, ".TP\n.B %d\n", fpt_cli_exits[i].code);
        roff(out, fpt_cli_exits[i].meaning, true);
        fputs(".\n", out);
    }
}

static void section_files_examples(FILE *out)
{
    fputs(".SH ENVIRONMENT\n.TP\n.B FOOTPRINT_DATA_DIR\n", out);
    roff(out,
         "when set and not empty, the directory a MODEL, SCENARIO or validate FILE that names no "
         "existing file is looked for in, in place of the installed data directory below.\n",
         true);
    fputs(".SH FILES\n.TP\n", out);
    font(out, 'I', FPT_DATA_DIR);
    fputc('\n', out);
    roff(out,
         "the installed models, scenarios and data: a MODEL, SCENARIO or validate FILE that names "
         "no existing file is looked for as the same relative path here, so the shipped ones "
         "work from any directory (docs/cli.md \"Where input files are found\").\n",
         true);
    for (size_t i = 0; FILES[i] != NULL; i += 2) {
        fputs(".TP\n", out);
        font(out, 'I', FILES[i]);
        fputc('\n', out);
        roff(out, FILES[i + 1], true);
        fputs(".\n", out);
    }
    fputs(".SH EXAMPLES\n", out);
    for (size_t i = 0; EXAMPLES[i] != NULL; i += 2) {
        fputs(".PP\n", out);
        roff(out, EXAMPLES[i], true);
        fputs("\n.PP\n.RS 4\n.nf\n", out);
        roff(out, EXAMPLES[i + 1], true);
        fputs("\n.fi\n.RE\n", out);
    }
}

void fpt_cli_write_manpage(FILE *out)
{
    fputs(".\\\" footprint(1), made by footprint-gen-docs from solver/cli/options.c: edit that.\n",
          out);
    fprintf(out, ".TH FOOTPRINT 1 \"\" \"footprint %s\" \"User Commands\"\n", FPT_VERSION);
    fputs(".nh\n.ad l\n", out); /* option names never hyphenated, ragged right */
    fputs(".SH NAME\nfootprint \\- ", out);
    roff(out, fpt_cli_program_summary, false);
    fputs("\n.SH SYNOPSIS\n", out);
    for (int c = 0; c < FPT_CLI_N_COMMANDS; c++) {
        synopsis(out, (fpt_cli_command_id)c);
        fputs(".br\n", out);
    }
    fputs("\\fBfootprint\\fR", out);
    for (int i = 0, n = 0; i < FPT_CLI_N_OPTIONS; i++) {
        if (fpt_cli_option_listed((fpt_cli_option_id)i, FPT_CLI_TOP)) {
            fputs(n++ > 0 ? " | \\fB\\-\\-" : " \\fB\\-\\-", out);
            roff(out, fpt_cli_options[i].name, false);
            fputs("\\fR", out);
        }
    }
    fputc('\n', out);
    fputs(".SH DESCRIPTION\n", out);
    roff(out, fpt_cli_program_description, true);
    fputc('\n', out);
    section_commands(out);
    section_options(out);
    section_exit_status(out);
    section_files_examples(out);
    fputs(".SH SEE ALSO\n"
          "\\fBfootprint\\fR \\fICOMMAND\\fR \\fB\\-\\-help\\fR; in the footprint sources, "
          "docs/cli.md (commands, options, outputs), docs/formats.md (the XML files), "
          "docs/model.md (the formulation) and docs/geography.md (districting).\n",
          out);
}
