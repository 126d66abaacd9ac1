/* SPDX-License-Identifier: MIT */
/*
 * The tables the footprint command is made from (cli/options.h): every option once, with its
 * short form, value, check, help line and the commands that take it; every command with its
 * arguments, summary and description; and the exit codes of cli.h as data. The parser, the
 * help, the manual page and the bash completion all read these and nothing else, so a change
 * here changes all four. docs/cli.md describes the same options at more length.
 */
#include "cli/options.h"

#include <math.h>

#include "cli/cli.h"

/* xlsx: an Excel workbook (report/xlsx.h), which needs --output. */
static const char *const FORMATS[] = {"table", "csv", "json", "xlsx", NULL};
static const char *const SWEEP_FORMATS[] = {"csv", "json", "xlsx", NULL};
static const char *const MAP_FORMATS[] = {"table", "csv", "json", "svg", "xlsx", NULL};

#define SOLVE     FPT_CLI_IN(FPT_CLI_CMD_SOLVE)
#define SWEEP     FPT_CLI_IN(FPT_CLI_CMD_SWEEP)
#define MERGE     FPT_CLI_IN(FPT_CLI_CMD_MERGE)
#define DIFF      FPT_CLI_IN(FPT_CLI_CMD_DIFF)
#define DISTRICTS FPT_CLI_IN(FPT_CLI_CMD_DISTRICTS)
#define SIZE      FPT_CLI_IN(FPT_CLI_CMD_SIZE)
#define SERVE     FPT_CLI_IN(FPT_CLI_CMD_SERVE)

const fpt_cli_option fpt_cli_options[FPT_CLI_N_OPTIONS] = {
    [FPT_CLI_OPT_FORMAT] = {.name = "format",
                            .short_name = 'f',
                            .kind = FPT_CLI_WORD,
                            .words = FORMATS,
                            .commands = SOLVE | SIZE,
                            .help = "output format (default table; xlsx: an Excel workbook, "
                                    "which needs --output)"},
    [FPT_CLI_OPT_FORMAT_SWEEP] = {.name = "format",
                                  .short_name = 'f',
                                  .kind = FPT_CLI_WORD,
                                  .words = SWEEP_FORMATS,
                                  .commands = SWEEP | MERGE,
                                  .help =
                                      "output format (default csv; without --output, the summary "
                                      "CSV or the whole JSON goes to standard output; xlsx: an "
                                      "Excel workbook, DIR/sweep.xlsx)"},
    [FPT_CLI_OPT_FORMAT_DISTRICTS] = {.name = "format",
                                      .short_name = 'f',
                                      .kind = FPT_CLI_WORD,
                                      .words = MAP_FORMATS,
                                      .commands = DISTRICTS,
                                      .help = "output format (default table; svg draws a map; "
                                              "xlsx: an Excel workbook, which needs --output)"},
    [FPT_CLI_OPT_OUTPUT] = {.name = "output",
                            .short_name = 'o',
                            .arg = "FILE",
                            .kind = FPT_CLI_FILE,
                            .expect = "a file name",
                            .commands = SOLVE | DISTRICTS | SIZE,
                            .dash_is_stdout = true,
                            .help = "write the result to FILE (atomically) instead of standard "
                                    "output; - is standard output"},
    [FPT_CLI_OPT_OUTPUT_DIR] = {.name = "output",
                                .short_name = 'o',
                                .arg = "DIR",
                                .kind = FPT_CLI_DIR,
                                .expect = "a directory",
                                .commands = SWEEP | MERGE,
                                .required = MERGE,
                                .dash_is_stdout = true,
                                .help =
                                    "write scenarios.csv and summary.csv (or sweep.json) to DIR, "
                                    "creating it; - is standard output"},
    [FPT_CLI_OPT_WRITE_LP] = {.name = "write-lp",
                              .arg = "FILE",
                              .kind = FPT_CLI_FILE,
                              .expect = "a file name",
                              .commands = SOLVE,
                              .help = "also write the programme in CPLEX LP format"},
    [FPT_CLI_OPT_WRITE_MPS] = {.name = "write-mps",
                               .arg = "FILE",
                               .kind = FPT_CLI_FILE,
                               .expect = "a file name",
                               .commands = SOLVE | DISTRICTS,
                               .help = "also write the mixed-integer programme in free MPS format"},
    [FPT_CLI_OPT_REPORT] = {.name = "report",
                            .arg = "FILE.html",
                            .kind = FPT_CLI_FILE,
                            .expect = "a file name",
                            .commands = SOLVE | SWEEP | MERGE | SIZE,
                            .help = "also write a self-contained HTML report (tables, charts, "
                                    "maps)"},
    [FPT_CLI_OPT_STABILITY] = {.name = "stability",
                               .kind = FPT_CLI_FLAG,
                               .commands = SOLVE,
                               .help = "also report each criterion weight's stability interval and "
                                       "the weights at which each function changes level"},
    [FPT_CLI_OPT_FRAGILE_BELOW] = {.name = "fragile-below",
                                   .arg = "PCT",
                                   .kind = FPT_CLI_NUMBER,
                                   .lo = 0,
                                   .hi = 100,
                                   .expect = "a percentage from 0 up to 100",
                                   .commands = SOLVE,
                                   .help = "mark a function fragile when its next-best level "
                                           "costs less than PCT percent of the objective more "
                                           "(default 0.1)"},
    [FPT_CLI_OPT_NO_WHY] = {.name = "no-why",
                            .kind = FPT_CLI_FLAG,
                            .commands = SOLVE,
                            .help = "do not price every function's other levels: no why column, "
                                    "matrix or fragility (faster under a binding budget)"},
    [FPT_CLI_OPT_TIME_LIMIT] = {.name = "time-limit",
                                .arg = "S",
                                .kind = FPT_CLI_NUMBER,
                                .lo = 0,
                                .lo_open = true,
                                .hi = INFINITY,
                                .expect = "a positive number of seconds",
                                .commands = SOLVE | DISTRICTS | SIZE | SERVE,
                                .help =
                                    "stop the search after S seconds (wall clock) with the best "
                                    "plan so far"},
    [FPT_CLI_OPT_MIP_GAP] = {.name = "mip-gap",
                             .arg = "G",
                             .kind = FPT_CLI_NUMBER,
                             .lo = 0,
                             .hi = 1,
                             .expect = "a number in [0, 1)",
                             .commands = SOLVE | SWEEP | MERGE | DISTRICTS,
                             .help = "stop at a relative gap of G (default 0: prove optimality)"},
    [FPT_CLI_OPT_THREADS] = {.name = "threads",
                             .short_name = 'j',
                             .arg = "N",
                             .kind = FPT_CLI_WHOLE,
                             .lo = 1,
                             .hi = 1024,
                             .expect = "a whole number from 1 to 1024",
                             .commands = SWEEP | SIZE | DISTRICTS,
                             .help = "OpenMP threads (default: all cores)"},
    [FPT_CLI_OPT_SHARD] = {.name = "shard",
                           .arg = "K/N|auto",
                           .kind = FPT_CLI_SHARD,
                           .expect = "K/N with 1 <= K <= N <= 4294967295, or auto inside a "
                                     "Slurm or SGE job array without gaps",
                           .commands = SWEEP,
                           .help = "run only the K-th of N disjoint slices (1 <= K <= N); "
                                   "auto: this task's of its Slurm or SGE job array"},
    [FPT_CLI_OPT_RESUME] = {.name = "resume",
                            .kind = FPT_CLI_FLAG,
                            .commands = SWEEP,
                            .help =
                                "keep the results already in --output DIR (an interrupted sweep) "
                                "and solve only the rest"},
    [FPT_CLI_OPT_ROBUST] = {.name = "robust",
                            .kind = FPT_CLI_FLAG,
                            .commands = SWEEP | MERGE,
                            .help = "also evaluate every plan found optimal in every scenario and "
                                    "recommend the robust ones (robust.csv, or robust in JSON)"},
    [FPT_CLI_OPT_ROBUST_SHARE] = {.name = "robust-share",
                                  .arg = "PCT",
                                  .kind = FPT_CLI_NUMBER,
                                  .lo = 0,
                                  .hi = 100.000001,
                                  .expect = "a percentage from 0 to 100",
                                  .commands = SWEEP | MERGE,
                                  .help = "a recommended robust plan is feasible in at least PCT "
                                          "percent of the scenarios (default 95; implies "
                                          "--robust)"},
    [FPT_CLI_OPT_MAX_COST_CHANGE] = {.name = "max-cost-change",
                                     .arg = "PCT",
                                     .kind = FPT_CLI_NUMBER,
                                     .lo = 0,
                                     .hi = INFINITY,
                                     .expect = "a percentage >= 0",
                                     .commands = DIFF,
                                     .help = "fail when cost per head changes by more than PCT "
                                             "percent"},
    [FPT_CLI_OPT_FAIL_ON_LEVEL_CHANGE] = {.name = "fail-on-level-change",
                                          .kind = FPT_CLI_FLAG,
                                          .commands = DIFF,
                                          .help = "fail when any function changed level"},
    [FPT_CLI_OPT_UNITS] = {.name = "units",
                           .arg = "K",
                           .kind = FPT_CLI_WHOLE,
                           .lo = 1,
                           .hi = 1e6,
                           .expect = "a whole number of units from 1",
                           .commands = DISTRICTS,
                           .help = "K units of total/K people (not with --target-pop)"},
    [FPT_CLI_OPT_TARGET_POP] = {.name = "target-pop",
                                .arg = "P",
                                .kind = FPT_CLI_NUMBER,
                                .lo = 1,
                                .hi = INFINITY,
                                .expect = "a population of at least 1",
                                .commands = DISTRICTS,
                                .help = "round(total/P) units of about P people (default 5000000)"},
    [FPT_CLI_OPT_TOLERANCE] = {.name = "tolerance",
                               .arg = "T",
                               .kind = FPT_CLI_NUMBER,
                               .lo = 0,
                               .hi = 1,
                               .expect = "a number in [0, 1)",
                               .commands = DISTRICTS | SIZE,
                               .help =
                                   "unit populations within the target x (1 +- T) (default 0.2)"},
    [FPT_CLI_OPT_PLAIN] = {.name = "plain",
                           .kind = FPT_CLI_FLAG,
                           .commands = DISTRICTS,
                           .hidden = true,
                           .help =
                               "GLPK alone on the straightforward model: no heuristic, pruning or "
                               "branching rule (for comparison and tests)"},
    [FPT_CLI_OPT_FUNCTION] = {.name = "function",
                              .arg = "ID",
                              .kind = FPT_CLI_TEXT,
                              .expect = "a function id",
                              .commands = SIZE,
                              .required = SIZE,
                              .help = "the function to size"},
    [FPT_CLI_OPT_UNITS_RANGE] = {.name = "units",
                                 .arg = "FROM..TO",
                                 .kind = FPT_CLI_RANGE,
                                 .lo = 1,
                                 .hi = 100000,
                                 .expect = "a range FROM..TO of whole numbers from 1",
                                 .commands = SIZE,
                                 .help =
                                     "the numbers of units tried, or a single K (default 2..30)"},
    [FPT_CLI_OPT_LEVEL] = {.name = "level",
                           .arg = "ID",
                           .kind = FPT_CLI_TEXT,
                           .expect = "a level id",
                           .commands = SIZE,
                           .help = "the level districted (default: the scenario's only partition "
                                   "level)"},
    [FPT_CLI_OPT_PORT] = {.name = "port",
                          .arg = "N",
                          .kind = FPT_CLI_WHOLE,
                          .lo = 0,
                          .hi = 65535,
                          .expect = "a port number from 0 to 65535",
                          .commands = SERVE,
                          .help = "listen on port N (default 8080; 0: a free port, printed)"},
    [FPT_CLI_OPT_HOST] = {.name = "host",
                          .arg = "ADDR",
                          .kind = FPT_CLI_TEXT,
                          .expect = "a numeric IP address",
                          .commands = SERVE,
                          .help = "listen on the numeric address ADDR (default 127.0.0.1: this "
                                  "machine only; any other is warned about)"},
    [FPT_CLI_OPT_MAX_SOLVES] = {.name = "max-solves",
                                .arg = "N",
                                .kind = FPT_CLI_WHOLE,
                                .lo = 1,
                                .hi = 1024,
                                .expect = "a whole number from 1 to 1024",
                                .commands = SERVE,
                                .help = "solve at most N what-ifs at once (default: the number "
                                        "of cores); others wait"},
    [FPT_CLI_OPT_PROGRESS] = {.name = "progress",
                              .kind = FPT_CLI_FLAG,
                              .commands = SOLVE | SWEEP | DISTRICTS | SIZE,
                              .help = "show progress on standard error even when it is not a "
                                      "terminal (at most one line a second)"},
    [FPT_CLI_OPT_QUIET] = {.name = "quiet",
                           .short_name = 'q',
                           .kind = FPT_CLI_FLAG,
                           .commands = SOLVE | SWEEP | DISTRICTS | SIZE,
                           .help = "show no progress, not even on a terminal"},
    [FPT_CLI_OPT_HELP] = {.name = "help",
                          .short_name = 'h',
                          .kind = FPT_CLI_FLAG,
                          .commands = FPT_CLI_ALL_COMMANDS | FPT_CLI_IN(FPT_CLI_TOP),
                          .help = "show this help and exit"},
    [FPT_CLI_OPT_VERSION] = {.name = "version",
                             .short_name = 'V',
                             .kind = FPT_CLI_FLAG,
                             .commands = FPT_CLI_IN(FPT_CLI_TOP),
                             .help =
                                 "show the version, GLPK's version and whether MPI is built in"},
};

const fpt_cli_command fpt_cli_commands[FPT_CLI_N_COMMANDS] = {
    [FPT_CLI_CMD_SOLVE] =
        {.name = "solve",
         .args = "MODEL SCENARIO",
         .min_args = 2,
         .max_args = 2,
         .arg_kind = FPT_CLI_FILE,
         .needs = "a MODEL and a SCENARIO file",
         .summary = "choose the footprint level of every function for one scenario",
         .description = "Choose the footprint level of every commissioning support function "
                        "in MODEL under SCENARIO, solving one mixed-integer programme with "
                        "GLPK, and print the assignment table: each function's level, units, "
                        "staff and cost, why it sits there (the next-best level and what it "
                        "would cost, the criteria pulling it up and down, whether it is "
                        "fragile), the totals against the allowance, and the solver's status "
                        "and gap."},
    [FPT_CLI_CMD_SWEEP] =
        {.name = "sweep",
         .args = "MODEL SCENARIO",
         .min_args = 2,
         .max_args = 2,
         .arg_kind = FPT_CLI_FILE,
         .needs = "a MODEL and a SCENARIO file",
         .summary = "solve every scenario of a sweep or Monte Carlo file in parallel",
         .description = "Solve every scenario a sweep or Monte Carlo scenario file stands for "
                        "(its axes' Cartesian product times its samples) in parallel, and "
                        "write each scenario's result and a per-function summary, both "
                        "stamped with their provenance. The results are the same at any "
                        "thread count, shard count or on resume. SIGINT or SIGTERM stops it "
                        "cleanly: the scenarios finished are written, and --resume finishes "
                        "the rest."},
    [FPT_CLI_CMD_MERGE] = {.name = "merge",
                           .args = "MODEL SCENARIO SHARD_DIR...",
                           .min_args = 3,
                           .max_args = FPT_CLI_MANY,
                           .arg_kind = FPT_CLI_FILE,
                           .needs = "a MODEL and a SCENARIO file and at least one SHARD_DIR",
                           .summary = "combine the outputs of a sweep's shards",
                           .description =
                               "Combine the output directories of a sweep's shards (sweep --shard "
                               "K/N --output DIR, in any order) into exactly what one run would "
                               "have written. Give it the same MODEL, SCENARIO, --format and "
                               "--mip-gap as the shards: it refuses another sweep's output, a "
                               "scenario held twice and a scenario missing."},
    [FPT_CLI_CMD_DIFF] = {.name = "diff",
                          .args = "A.json B.json",
                          .min_args = 2,
                          .max_args = 2,
                          .arg_kind = FPT_CLI_FILE,
                          .needs = "two JSON files",
                          .summary = "compare two solve or two sweep JSON outputs",
                          .description =
                              "Compare two solve (or two sweep) JSON outputs: status, objective, "
                              "cost per head and the level of every function. Exit status 7 when a "
                              "status changed or a threshold was passed."},
    [FPT_CLI_CMD_VALIDATE] = {.name = "validate",
                              .args = "FILE...",
                              .min_args = 1,
                              .max_args = FPT_CLI_MANY,
                              .arg_kind = FPT_CLI_FILE,
                              .needs = "at least one FILE",
                              .summary = "check model, scenario and geography files",
                              .description =
                                  "Check model and scenario files, told apart by their root "
                                  "element, and geography CSV files; every scenario is checked "
                                  "against every model given, before or after it. Prints FILE: ok "
                                  "for each good file and every problem of each bad one."},
    [FPT_CLI_CMD_DISTRICTS] = {.name = "districts",
                               .args = "GEOGRAPHY",
                               .min_args = 1,
                               .max_args = 1,
                               .arg_kind = FPT_CLI_FILE,
                               .needs = "a GEOGRAPHY file",
                               .summary = "partition CCGs into population-bounded units",
                               .description =
                                   "Partition the CCGs of GEOGRAPHY (data/ccg2013.csv, ...) into "
                                   "units whose populations lie within target x (1 +- T), each "
                                   "centred on one of its CCGs, minimising the population-weighted "
                                   "distance to the centres; solved to proven optimality unless a "
                                   "limit stops it. --write-mps writes the straightforward model, "
                                   "without the pruning, for other solvers."},
    [FPT_CLI_CMD_SIZE] =
        {.name = "size",
         .args = "MODEL SCENARIO",
         .min_args = 2,
         .max_args = 2,
         .arg_kind = FPT_CLI_FILE,
         .needs = "a MODEL and a SCENARIO file",
         .summary = "draw one function's cost against the number of units",
         .description = "For K = FROM..TO units, district the CCGs of SCENARIO's geography "
                        "into K units, give them to one level and appraise the function there, "
                        "every other function where the scenario's plan puts it: cost and "
                        "penalty per head against K, the best marked. --time-limit bounds the "
                        "whole curve; the districting column says which K are proven."},
    [FPT_CLI_CMD_SERVE] =
        {.name = "serve",
         .args = "MODEL SCENARIO",
         .min_args = 2,
         .max_args = 2,
         .arg_kind = FPT_CLI_FILE,
         .needs = "a MODEL and a SCENARIO file",
         .summary = "explore what-ifs of a scenario in a web browser, re-solving live",
         .description = "Serve a page (http://127.0.0.1:8080/ unless told otherwise) whose "
                        "sliders and inputs change SCENARIO's weights, levels, finance, skill "
                        "supplies, locks, ratings and costs; every change re-solves the "
                        "programme, and the plan, its cost, the skill pools, the map and the "
                        "reasons for each function's level are redrawn. The page and its JSON "
                        "API (docs/serve.md) come from this program alone and load nothing "
                        "else; a request never names a file. Each solve stops after "
                        "--time-limit seconds (default 10). Ctrl-C (SIGINT) or SIGTERM stops "
                        "the server once the requests in flight are answered."},
    [FPT_CLI_CMD_HELP] = {.name = "help",
                          .args = "[COMMAND]",
                          .min_args = 0,
                          .max_args = 1,
                          .arg_kind = FPT_CLI_COMMAND,
                          .needs = "",
                          .summary = "show the usage, or one command's help",
                          .description = "Show the usage, or with a COMMAND that command's help: "
                                         "the same as footprint COMMAND --help."},
};

const char fpt_cli_program_summary[] =
    "choose the population scale of each NHS commissioning support function";

const char fpt_cli_program_description[] =
    "footprint decides, for each commissioning support function, the population scale at "
    "which it is delivered: by each CCG (local), by hubs, by sub-national units or once "
    "nationally. It appraises every function against eight criteria, turns the ratings into "
    "pounds a year, and solves one mixed-integer programme (GLPK) over all functions at once, so "
    "that links between functions, shared skill pools and the affordability envelope are "
    "honoured together. Models and scenarios are XML files; results are a table, CSV, JSON or "
    "an HTML report.";

const char fpt_cli_program_conventions[] =
    "Options follow the command, in any order among its arguments. A value follows its option "
    "as the next word or after '=' (--format json, --format=json), or a short option's letter "
    "(-f json, -fjson). A value that begins with '-' (other than '-' itself or a negative "
    "number) must be attached: --output=-x.txt. '--' ends the options: every word after it is "
    "an argument. '-' as the value of --output means standard output; '-' as an input argument "
    "(a model, scenario, geography, validate's FILE or diff's A.json or B.json) means standard "
    "input, read once, and named <stdin> in messages; at most one argument may be '-'. An "
    "option takes one value: giving it twice is an error.";

#define FPT_CLI_EXIT_ROW(name, code, brief, meaning) {code, brief, meaning},
const fpt_cli_exit_info fpt_cli_exits[] = {FPT_CLI_EXIT_CODES(FPT_CLI_EXIT_ROW)};
#undef FPT_CLI_EXIT_ROW
const size_t fpt_cli_n_exits = sizeof fpt_cli_exits / sizeof fpt_cli_exits[0];
