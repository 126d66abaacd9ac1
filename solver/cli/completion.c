/* SPDX-License-Identifier: MIT */
/*
 * The bash completion script for footprint, written from the tables of cli/options.c by
 * footprint-gen-docs at build time. It completes the commands, each command's long options,
 * the words of an option such as --format (after a space or '='), file names for files and
 * arguments, directories for directories, and command names after `help`. It needs bash 4
 * and nothing from the bash-completion package.
 */
#include "cli/options.h"

static const char PREAMBLE[] =
    "# bash completion for footprint(1), made by footprint-gen-docs from\n"
    "# solver/cli/options.c: edit that. Load it with `source`, or install it as\n"
    "# share/bash-completion/completions/footprint.\n"
    "\n"
    "_footprint_words() { mapfile -t COMPREPLY < <(compgen -W \"$1\" -- \"$2\"); }\n"
    "_footprint_files() {\n"
    "    compopt -o filenames 2>/dev/null\n"
    "    mapfile -t COMPREPLY < <(compgen -f -- \"$1\")\n"
    "}\n"
    "_footprint_dirs() {\n"
    "    compopt -o filenames 2>/dev/null\n"
    "    mapfile -t COMPREPLY < <(compgen -d -- \"$1\")\n"
    "}\n";

/* The body of _footprint: find the command, then complete a value, an option or an argument. */
static const char MAIN[] =
    "_footprint() {\n"
    "    local cur=${COMP_WORDS[COMP_CWORD]} prev= cmd= opt= i\n"
    "    [ \"$COMP_CWORD\" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}\n"
    "    COMPREPLY=()\n"
    "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
    "        case ${COMP_WORDS[i]} in\n"
    "        -*) ;;\n"
    "        *) cmd=${COMP_WORDS[i]}; break ;;\n"
    "        esac\n"
    "    done\n"
    "    # --opt=value: one word when COMP_WORDBREAKS lacks '=', else '--opt' '=' 'value'.\n"
    "    if [[ $cur == --*=* ]]; then\n"
    "        opt=${cur%%=*}\n"
    "        if [ -n \"$cmd\" ] && _footprint_value \"$cmd\" \"$opt\" \"${cur#*=}\"; then\n"
    "            COMPREPLY=(\"${COMPREPLY[@]/#/$opt=}\")\n"
    "        fi\n"
    "        return 0\n"
    "    fi\n"
    "    if [[ $cur == = ]]; then\n"
    "        opt=$prev cur=\n"
    "    elif [[ $prev == = && $COMP_CWORD -ge 2 ]]; then\n"
    "        opt=${COMP_WORDS[COMP_CWORD - 2]}\n"
    "    else\n"
    "        opt=$prev\n"
    "    fi\n"
    "    if [[ -n $cmd && $opt == -* ]] && _footprint_value \"$cmd\" \"$opt\" \"$cur\"; then\n"
    "        return 0\n"
    "    fi\n"
    "    if [[ $cur == -* ]]; then\n"
    "        _footprint_words \"$(_footprint_options \"$cmd\")\" \"$cur\"\n"
    "    elif [ -z \"$cmd\" ]; then\n"
    "        _footprint_words \"$_footprint_commands\" \"$cur\"\n"
    "    else\n"
    "        _footprint_argument \"$cmd\" \"$cur\"\n"
    "    fi\n"
    "    return 0\n"
    "}\n"
    "complete -F _footprint footprint\n";

/* The long options cmd lists, space-separated. */
static void long_options(FILE *out, fpt_cli_command_id cmd)
{
    for (int i = 0, n = 0; i < FPT_CLI_N_OPTIONS; i++) {
        if (fpt_cli_option_listed((fpt_cli_option_id)i, cmd)) {
            fprintf(out, "%s--%s", n++ > 0 ? " " : "", fpt_cli_options[i].name);
        }
    }
}

static void write_options(FILE *out)
{
    fputs("\n# _footprint_options COMMAND: the long options COMMAND takes.\n"
          "_footprint_options() {\n"
          "    case $1 in\n",
          out);
    for (int c = 0; c < FPT_CLI_N_COMMANDS; c++) {
        fprintf(out, "    %s) echo \"", fpt_cli_commands[c].name);
        long_options(out, (fpt_cli_command_id)c);
        fputs("\" ;;\n", out);
    }
    fputs("    *) echo \"", out);
    long_options(out, FPT_CLI_TOP);
    fputs("\" ;;\n    esac\n}\n", out);
}

/* The case pattern of one row: "solve --format" | "solve -f" | "size --format" | … */
static void row_pattern(FILE *out, const fpt_cli_option *o)
{
    int n = 0;
    for (int c = 0; c < FPT_CLI_N_COMMANDS; c++) {
        if (!(o->commands & FPT_CLI_IN(c))) {
            continue;
        }
        fprintf(out, "%s\"%s --%s\"", n++ > 0 ? " | " : "    ", fpt_cli_commands[c].name, o->name);
        if (o->short_name != 0) {
            fprintf(out, " | \"%s -%c\"", fpt_cli_commands[c].name, o->short_name);
        }
    }
}

/* What completes the value of one row. */
static void row_action(FILE *out, const fpt_cli_option *o)
{
    if (o->kind == FPT_CLI_WORD) {
        fputs("_footprint_words \"", out);
        for (size_t w = 0; o->words[w] != NULL; w++) {
            fprintf(out, "%s%s", w > 0 ? " " : "", o->words[w]);
        }
        fputs("\" \"$3\"", out);
    } else if (o->kind == FPT_CLI_FILE) {
        fputs("_footprint_files \"$3\"", out);
    } else if (o->kind == FPT_CLI_DIR) {
        fputs("_footprint_dirs \"$3\"", out);
    } else {
        fputs("COMPREPLY=()", out); /* a number or an id: nothing to offer */
    }
}

static void write_values(FILE *out)
{
    fputs("\n# _footprint_value COMMAND OPTION WORD: complete the value of OPTION; status 1 when\n"
          "# OPTION takes no value.\n"
          "_footprint_value() {\n"
          "    case \"$1 $2\" in\n",
          out);
    for (int i = 0; i < FPT_CLI_N_OPTIONS; i++) {
        const fpt_cli_option *o = &fpt_cli_options[i];
        if (o->kind == FPT_CLI_FLAG || o->hidden || !(o->commands & FPT_CLI_ALL_COMMANDS)) {
            continue;
        }
        row_pattern(out, o);
        fputs(")\n        ", out);
        row_action(out, o);
        fputs(" ;;\n", out);
    }
    fputs("    *) return 1 ;;\n    esac\n}\n", out);
}

static void write_arguments(FILE *out)
{
    fputs("\n_footprint_commands=\"", out);
    for (int c = 0; c < FPT_CLI_N_COMMANDS; c++) {
        fprintf(out, "%s%s", c > 0 ? " " : "", fpt_cli_commands[c].name);
    }
    fputs("\"\n\n# _footprint_argument COMMAND WORD: complete one of COMMAND's arguments.\n"
          "_footprint_argument() {\n"
          "    case $1 in\n",
          out);
    for (int c = 0; c < FPT_CLI_N_COMMANDS; c++) {
        if (fpt_cli_commands[c].arg_kind == FPT_CLI_COMMAND) {
            fprintf(out, "    %s) _footprint_words \"$_footprint_commands\" \"$2\" ;;\n",
                    fpt_cli_commands[c].name);
        }
    }
    fputs("    *) _footprint_files \"$2\" ;;\n    esac\n}\n\n", out);
}

void fpt_cli_write_completion(FILE *out)
{
    fputs(PREAMBLE, out);
    write_options(out);
    write_values(out);
    write_arguments(out);
    fputs(MAIN, out);
}
