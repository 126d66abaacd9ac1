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
typedef enum cli_command_id {
    CLI_CMD_SOLVE = 0,
    CLI_CMD_SWEEP,
    CLI_CMD_MERGE,
    CLI_CMD_DIFF,
    CLI_CMD_VALIDATE,
    CLI_CMD_DISTRICTS,
    CLI_CMD_SIZE,
    CLI_CMD_HELP,
    CLI_N_COMMANDS,
    CLI_TOP = CLI_N_COMMANDS /**< before any command: footprint --help, footprint --version */
} cli_command_id;

/** The bit of a command (or of CLI_TOP) in cli_option.commands and cli_option.required. */
#define CLI_IN(cmd) (1u << (unsigned)(cmd))

/** Every command, CLI_TOP excluded. */
#define CLI_ALL_COMMANDS ((1u << CLI_N_COMMANDS) - 1u)

/**
 * One row per option, indexing cli_options[]. An option name whose value means something else
 * for another command (--format's words, --output FILE or DIR, --units K or FROM..TO) has one
 * row per meaning, their command sets disjoint. Help, the manual and the completion list the
 * options in this order.
 */
typedef enum cli_option_id {
    CLI_OPT_FORMAT = 0,
    CLI_OPT_FORMAT_SWEEP,
    CLI_OPT_FORMAT_DISTRICTS,
    CLI_OPT_OUTPUT,
    CLI_OPT_OUTPUT_DIR,
    CLI_OPT_WRITE_LP,
    CLI_OPT_WRITE_MPS,
    CLI_OPT_REPORT,
    CLI_OPT_STABILITY,
    CLI_OPT_TIME_LIMIT,
    CLI_OPT_MIP_GAP,
    CLI_OPT_THREADS,
    CLI_OPT_SHARD,
    CLI_OPT_RESUME,
    CLI_OPT_MAX_COST_CHANGE,
    CLI_OPT_FAIL_ON_LEVEL_CHANGE,
    CLI_OPT_UNITS,
    CLI_OPT_TARGET_POP,
    CLI_OPT_TOLERANCE,
    CLI_OPT_PLAIN,
    CLI_OPT_FUNCTION,
    CLI_OPT_UNITS_RANGE,
    CLI_OPT_LEVEL,
    CLI_OPT_HELP,
    CLI_OPT_VERSION,
    CLI_N_OPTIONS
} cli_option_id;

/** What an option's value (or a command's arguments) must be, and how it is checked. */
typedef enum cli_kind {
    CLI_FLAG = 0, /**< no value */
    CLI_TEXT,     /**< any non-empty text (an id), taken as given */
    CLI_FILE,     /**< a file name; completed as one */
    CLI_DIR,      /**< a directory name; completed as one */
    CLI_NUMBER,   /**< a finite number, lo <= v (lo < v when lo_open) and v < hi */
    CLI_WHOLE,    /**< a whole number, lo <= v <= hi */
    CLI_WORD,     /**< one of words[] */
    CLI_SHARD,    /**< K/N with 1 <= K <= N */
    CLI_RANGE,    /**< FROM..TO or a single K, lo <= FROM <= TO <= hi, whole numbers */
    CLI_COMMAND   /**< a command's name (help's argument) */
} cli_kind;

/** One option: everything the parser, the help, the manual and the completion know of it. */
typedef struct cli_option {
    const char *name;         /**< long name without the leading "--" */
    char short_name;          /**< the short form's letter (-o), or 0 */
    const char *arg;          /**< the value's name in help (FILE, N); NULL for flags, words */
    cli_kind kind;            /**< how the value is checked */
    const char *const *words; /**< CLI_WORD: the words, NULL-terminated */
    double lo, hi;            /**< bounds (cli_kind) */
    bool lo_open;             /**< CLI_NUMBER: lo itself is out of range */
    const char *expect;       /**< a good value, for messages: "a positive number of seconds" */
    unsigned commands;        /**< CLI_IN() of every command that takes it */
    unsigned required;        /**< CLI_IN() of every command that must be given it */
    bool dash_is_stdout;      /**< the value "-" means standard output */
    bool hidden;              /**< left out of help and completion; the manual lists it */
    const char *help;         /**< one line: what it does, its default */
} cli_option;

/** Unbounded: cli_command.max_args of a command taking "FILE...". */
#define CLI_MANY ((size_t)-1)

/** One command: its arguments, and the texts the help and the manual show. */
typedef struct cli_command {
    const char *name;        /**< "solve" */
    const char *args;        /**< its arguments in the synopsis: "MODEL SCENARIO" */
    size_t min_args;         /**< fewer is a usage error */
    size_t max_args;         /**< more is a usage error; CLI_MANY for no limit */
    cli_kind arg_kind;       /**< CLI_FILE or CLI_COMMAND, for completion */
    const char *needs;       /**< too few arguments: "solve needs <needs>" */
    const char *summary;     /**< one line for the list of commands */
    const char *description; /**< one paragraph for its help and the manual */
} cli_command;

/** The options, indexed by cli_option_id. */
extern const cli_option cli_options[CLI_N_OPTIONS];

/** The commands, indexed by cli_command_id. */
extern const cli_command cli_commands[CLI_N_COMMANDS];

/** One line saying what footprint does (usage, the manual's NAME). */
extern const char cli_program_summary[];

/** One paragraph saying what footprint does (the manual's DESCRIPTION). */
extern const char cli_program_description[];

/** The conventions of the command line, one paragraph (the manual, docs/cli.md). */
extern const char cli_program_conventions[];

/** One exit code of the table in cli.h. */
typedef struct cli_exit_info {
    int code;
    const char *brief;   /**< a few words, for usage */
    const char *meaning; /**< a sentence, for the manual */
} cli_exit_info;

/** The exit codes, in order (cli.h CLI_EXIT_CODES); cli_n_exits of them. */
extern const cli_exit_info cli_exits[];
extern const size_t cli_n_exits;

/** The value of one option, as given and as checked. */
typedef struct cli_value {
    const char *text;            /**< as given (borrowed from argv); NULL when not given */
    double number;               /**< CLI_NUMBER, CLI_WHOLE */
    size_t word;                 /**< CLI_WORD: its index in words[] */
    unsigned long first, second; /**< CLI_SHARD: K and N; CLI_RANGE: FROM and TO */
} cli_value;

/** A command line, parsed and checked against the tables. */
typedef struct cli_args {
    cli_command_id command;
    cli_value values[CLI_N_OPTIONS]; /**< a flag given has text "" */
    char **positional;               /**< the arguments in order; points into argv */
    size_t n_positional;
} cli_args;

/**
 * Parse the words after the command (after the program name for CLI_TOP): options in any
 * order among the arguments, "--opt value", "--opt=value", "-o value", "-ovalue", "--" ending
 * the options. Every value is checked against its row; every argument count and required option
 * against the command's. -h or --help prints the command's help (the usage for CLI_TOP).
 * Reorders argv after the command so that the arguments come first.
 * @param out  OUT: the options and arguments; borrows argv
 * @param code OUT: when false is returned, the exit code: EXIT_OPTIMAL after help, EXIT_USAGE
 *             after a usage error (printed)
 * @return true to go on and run the command.
 */
bool cli_parse(int argc, char **argv, cli_command_id cmd, cli_args *out, int *code);

/** Whether the option was given. Can't fail. */
bool cli_given(const cli_args *a, cli_option_id id);

/**
 * The option's text, or NULL when it was not given or was given "-" where "-" means standard
 * output. Borrowed from argv. Can't fail.
 */
const char *cli_text(const cli_args *a, cli_option_id id);

/** The checked value of an option; its text is NULL when it was not given. Can't fail. */
const cli_value *cli_value_of(const cli_args *a, cli_option_id id);

/** The command named name, or -1. */
int cli_command_find(const char *name);

/**
 * Print "footprint: unknown command 'name'", with the nearest command as a suggestion, and the
 * hint to run --help. Returns EXIT_USAGE.
 */
int cli_unknown_command(const char *name);

/** Print "footprint: <message>" and the hint to run --help; return EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** As cli_usage_error(), the hint naming the command's own help. Returns EXIT_USAGE. */
int cli_command_error(cli_command_id cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/**
 * The candidate nearest to word by edit distance (transpositions count one), when it is near
 * enough to be a likely typing slip; else NULL. Compares the first len bytes of word.
 */
const char *cli_nearest(const char *word, size_t len, const char *const *candidates, size_t n);

/* ---- help (cli/help.c) ------------------------------------------------------------------- */

/** Whether the command takes the option and lists it (help, completion). */
bool cli_option_listed(cli_option_id id, cli_command_id cmd);

/** Write the command's synopsis after "footprint ": "solve MODEL SCENARIO [options]". */
void cli_print_synopsis(FILE *out, cli_command_id cmd);

/** Write "table|csv|json" for a CLI_WORD option, else its argument name; nothing for a flag. */
void cli_print_option_arg(FILE *out, const cli_option *o);

/** Write text wrapped to 79 columns, the cursor at column col, later lines at indent. */
void cli_print_wrapped(FILE *out, const char *text, size_t col, size_t indent);

/** The usage: every synopsis, the commands, the exit codes (footprint --help). */
void cli_print_usage(FILE *out);

/** A command's help: synopsis, description, options (footprint COMMAND --help). */
void cli_print_command_help(FILE *out, cli_command_id cmd);

/* ---- the manual page and the completion (footprint-gen-docs) ------------------------------ */

/** Write the footprint(1) manual page in roff (cli/manpage.c). */
void cli_write_manpage(FILE *out);

/** Write the bash completion script (cli/completion.c). */
void cli_write_completion(FILE *out);

#endif
