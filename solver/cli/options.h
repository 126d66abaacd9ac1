/* SPDX-License-Identifier: MIT */
/*
 * The footprint command's one table of options and one table of commands (cli/options.c), and
 * what is made from them: the parser every command uses with its error messages (cli/parse.c),
 * the usage and each command's help (cli/help.c), and, at build time, the manual page and the
 * bash completion (cli/manpage.c, cli/completion.c, run by footprint-gen-docs). An option is
 * declared once, as one row; nothing else in cli/ spells an option's name or checks its value.
 */
#ifndef FPT_CLI_OPTIONS_H
#define FPT_CLI_OPTIONS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/** The commands, in the order usage and the manual list them. */
typedef enum fpt_cli_command_id {
    FPT_CLI_CMD_SOLVE = 0,
    FPT_CLI_CMD_SWEEP,
    FPT_CLI_CMD_MERGE,
    FPT_CLI_CMD_DIFF,
    FPT_CLI_CMD_VALIDATE,
    FPT_CLI_CMD_DISTRICTS,
    FPT_CLI_CMD_SIZE,
    FPT_CLI_CMD_SERVE,
    FPT_CLI_CMD_HELP,
    FPT_CLI_N_COMMANDS,
    FPT_CLI_TOP =
        FPT_CLI_N_COMMANDS /**< before any command: footprint --help, footprint --version */
} fpt_cli_command_id;

/** The bit of a command (or of FPT_CLI_TOP) in fpt_cli_option.commands and fpt_cli_option.required.
 */
#define FPT_CLI_IN(cmd) (1u << (unsigned)(cmd))

/** Every command, FPT_CLI_TOP excluded. */
#define FPT_CLI_ALL_COMMANDS ((1u << FPT_CLI_N_COMMANDS) - 1u)

/**
 * One row per option, indexing fpt_cli_options[]. An option name whose value means something else
 * for another command (--format's words, --output FILE or DIR, --units K or FROM..TO) has one
 * row per meaning, their command sets disjoint. Help, the manual and the completion list the
 * options in this order.
 */
typedef enum fpt_cli_option_id {
    FPT_CLI_OPT_FORMAT = 0,
    FPT_CLI_OPT_FORMAT_SWEEP,
    FPT_CLI_OPT_FORMAT_DISTRICTS,
    FPT_CLI_OPT_OUTPUT,
    FPT_CLI_OPT_OUTPUT_DIR,
    FPT_CLI_OPT_WRITE_LP,
    FPT_CLI_OPT_WRITE_MPS,
    FPT_CLI_OPT_REPORT,
    FPT_CLI_OPT_STABILITY,
    FPT_CLI_OPT_FRAGILE_BELOW,
    FPT_CLI_OPT_NO_WHY,
    FPT_CLI_OPT_TIME_LIMIT,
    FPT_CLI_OPT_MIP_GAP,
    FPT_CLI_OPT_THREADS,
    FPT_CLI_OPT_SHARD,
    FPT_CLI_OPT_RESUME,
    FPT_CLI_OPT_ROBUST,
    FPT_CLI_OPT_ROBUST_SHARE,
    FPT_CLI_OPT_MAX_COST_CHANGE,
    FPT_CLI_OPT_FAIL_ON_LEVEL_CHANGE,
    FPT_CLI_OPT_UNITS,
    FPT_CLI_OPT_TARGET_POP,
    FPT_CLI_OPT_TOLERANCE,
    FPT_CLI_OPT_PLAIN,
    FPT_CLI_OPT_FUNCTION,
    FPT_CLI_OPT_UNITS_RANGE,
    FPT_CLI_OPT_LEVEL,
    FPT_CLI_OPT_PORT,
    FPT_CLI_OPT_HOST,
    FPT_CLI_OPT_MAX_SOLVES,
    FPT_CLI_OPT_PROGRESS,
    FPT_CLI_OPT_QUIET,
    FPT_CLI_OPT_HELP,
    FPT_CLI_OPT_VERSION,
    FPT_CLI_N_OPTIONS
} fpt_cli_option_id;

/** What an option's value (or a command's arguments) must be, and how it is checked. */
typedef enum fpt_cli_kind {
    FPT_CLI_FLAG = 0, /**< no value */
    FPT_CLI_TEXT,     /**< any non-empty text (an id), taken as given */
    FPT_CLI_FILE,     /**< a file name; completed as one */
    FPT_CLI_DIR,      /**< a directory name; completed as one */
    FPT_CLI_NUMBER,   /**< a finite number, lo <= v (lo < v when lo_open) and v < hi */
    FPT_CLI_WHOLE,    /**< a whole number, lo <= v <= hi */
    FPT_CLI_WORD,     /**< one of words[] */
    FPT_CLI_SHARD,    /**< K/N with 1 <= K <= N */
    FPT_CLI_RANGE,    /**< FROM..TO or a single K, lo <= FROM <= TO <= hi, whole numbers */
    FPT_CLI_COMMAND   /**< a command's name (help's argument) */
} fpt_cli_kind;

/** One option: everything the parser, the help, the manual and the completion know of it. */
typedef struct fpt_cli_option {
    const char *name;         /**< long name without the leading "--" */
    char short_name;          /**< the short form's letter (-o), or 0 */
    const char *arg;          /**< the value's name in help (FILE, N); NULL for flags, words */
    fpt_cli_kind kind;        /**< how the value is checked */
    const char *const *words; /**< FPT_CLI_WORD: the words, NULL-terminated */
    double lo, hi;            /**< bounds (fpt_cli_kind) */
    bool lo_open;             /**< FPT_CLI_NUMBER: lo itself is out of range */
    const char *expect;       /**< a good value, for messages: "a positive number of seconds" */
    unsigned commands;        /**< FPT_CLI_IN() of every command that takes it */
    unsigned required;        /**< FPT_CLI_IN() of every command that must be given it */
    bool dash_is_stdout;      /**< the value "-" means standard output */
    bool hidden;              /**< left out of help and completion; the manual lists it */
    const char *help;         /**< one line: what it does, its default */
} fpt_cli_option;

/** Unbounded: fpt_cli_command.max_args of a command taking "FILE...". */
#define FPT_CLI_MANY ((size_t)-1)

/** One command: its arguments, and the texts the help and the manual show. */
typedef struct fpt_cli_command {
    const char *name;        /**< "solve" */
    const char *args;        /**< its arguments in the synopsis: "MODEL SCENARIO" */
    size_t min_args;         /**< fewer is a usage error */
    size_t max_args;         /**< more is a usage error; FPT_CLI_MANY for no limit */
    fpt_cli_kind arg_kind;   /**< FPT_CLI_FILE or FPT_CLI_COMMAND, for completion */
    const char *needs;       /**< too few arguments: "solve needs <needs>" */
    const char *summary;     /**< one line for the list of commands */
    const char *description; /**< one paragraph for its help and the manual */
} fpt_cli_command;

/** The options, indexed by fpt_cli_option_id. */
extern const fpt_cli_option fpt_cli_options[FPT_CLI_N_OPTIONS];

/** The commands, indexed by fpt_cli_command_id. */
extern const fpt_cli_command fpt_cli_commands[FPT_CLI_N_COMMANDS];

/** One line saying what footprint does (usage, the manual's NAME). */
extern const char fpt_cli_program_summary[];

/** One paragraph saying what footprint does (the manual's DESCRIPTION). */
extern const char fpt_cli_program_description[];

/** The conventions of the command line, one paragraph (the manual, docs/cli.md). */
extern const char fpt_cli_program_conventions[];

/** One exit code of the table in cli.h. */
typedef struct fpt_cli_exit_info {
    int code;
    const char *brief;   /**< a few words, for usage */
    const char *meaning; /**< a sentence, for the manual */
} fpt_cli_exit_info;

/** The exit codes, in order (cli.h FPT_CLI_EXIT_CODES); fpt_cli_n_exits of them. */
extern const fpt_cli_exit_info fpt_cli_exits[];
extern const size_t fpt_cli_n_exits;

/** The value of one option, as given and as checked. */
typedef struct fpt_cli_value {
    const char *text;            /**< as given (borrowed from argv); NULL when not given */
    double number;               /**< FPT_CLI_NUMBER, FPT_CLI_WHOLE */
    size_t word;                 /**< FPT_CLI_WORD: its index in words[] */
    unsigned long first, second; /**< FPT_CLI_SHARD: K and N; FPT_CLI_RANGE: FROM and TO */
} fpt_cli_value;

/** A command line, parsed and checked against the tables. */
typedef struct fpt_cli_args {
    fpt_cli_command_id command;
    fpt_cli_value values[FPT_CLI_N_OPTIONS]; /**< a flag given has text "" */
    char **positional;                       /**< the arguments in order; points into argv */
    size_t n_positional;
} fpt_cli_args;

/**
 * Parse the words after the command (after the program name for FPT_CLI_TOP): options in any
 * order among the arguments, "--opt value", "--opt=value", "-o value", "-ovalue", "--" ending
 * the options. Every value is checked against its row; every argument count and required option
 * against the command's. -h or --help prints the command's help (the usage for FPT_CLI_TOP).
 * Reorders argv after the command so that the arguments come first.
 * @param out  OUT: the options and arguments; borrows argv
 * @param code OUT: when false is returned, the exit code: FPT_EXIT_OPTIMAL after help,
 * FPT_EXIT_USAGE after a usage error (printed)
 * @return true to go on and run the command.
 */
bool fpt_cli_parse(int argc, char **argv, fpt_cli_command_id cmd, fpt_cli_args *out, int *code);

/** Whether the option was given. Can't fail. */
bool fpt_cli_given(const fpt_cli_args *a, fpt_cli_option_id id);

/**
 * The option's text, or NULL when it was not given or was given "-" where "-" means standard
 * output. Borrowed from argv. Can't fail.
 */
const char *fpt_cli_text(const fpt_cli_args *a, fpt_cli_option_id id);

/** The checked value of an option; its text is NULL when it was not given. Can't fail. */
const fpt_cli_value *fpt_cli_value_of(const fpt_cli_args *a, fpt_cli_option_id id);

/** The command named name, or -1. */
int fpt_cli_command_find(const char *name);

/**
 * Print "footprint: unknown command 'name'", with the nearest command as a suggestion, and the
 * hint to run --help. Returns FPT_EXIT_USAGE.
 */
int fpt_cli_unknown_command(const char *name);

/** Print "footprint: <message>" and the hint to run --help; return FPT_EXIT_USAGE. */
int fpt_cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** As fpt_cli_usage_error(), the hint naming the command's own help. Returns FPT_EXIT_USAGE. */
int fpt_cli_command_error(fpt_cli_command_id cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/**
 * The candidate nearest to word by edit distance (transpositions count one), when it is near
 * enough to be a likely typing slip; else NULL. Compares the first len bytes of word.
 */
const char *fpt_cli_nearest(const char *word, size_t len, const char *const *candidates, size_t n);

/* ---- help (cli/help.c) ------------------------------------------------------------------- */

/** Whether the command takes the option and lists it (help, completion). */
bool fpt_cli_option_listed(fpt_cli_option_id id, fpt_cli_command_id cmd);

/** Write the command's synopsis after "footprint ": "solve MODEL SCENARIO [options]". */
void fpt_cli_print_synopsis(FILE *out, fpt_cli_command_id cmd);

/** Write "table|csv|json" for a FPT_CLI_WORD option, else its argument name; nothing for a flag. */
void fpt_cli_print_option_arg(FILE *out, const fpt_cli_option *o);

/** Write text wrapped to 79 columns, the cursor at column col, later lines at indent. */
void fpt_cli_print_wrapped(FILE *out, const char *text, size_t col, size_t indent);

/** The usage: every synopsis, the commands, the exit codes (footprint --help). */
void fpt_cli_print_usage(FILE *out);

/** A command's help: synopsis, description, options (footprint COMMAND --help). */
void fpt_cli_print_command_help(FILE *out, fpt_cli_command_id cmd);

/* ---- the manual page and the completion (footprint-gen-docs) ------------------------------ */

/** Write the footprint(1) manual page in roff (cli/manpage.c). */
void fpt_cli_write_manpage(FILE *out);

/** Write the bash completion script (cli/completion.c). */
void fpt_cli_write_completion(FILE *out);

#endif
