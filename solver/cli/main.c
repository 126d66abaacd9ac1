/* SPDX-License-Identifier: MIT */
/*
 * The footprint command's entry point: initialises libxml2, dispatches to a command
 * (cli/cmd_solve.c, cli/cmd_validate.c), and returns its exit code (docs/cli.md). The only code in
 * the project that parses argv, prints or exits lives in cli/.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "footprint/load.h"
#include "footprint/solve.h"

#ifdef FPT_MPI
#    include <mpi.h>
#endif

/* In parts: C limits the length of one string literal. */
static const char *const USAGE[] = {
    "Usage:\n"
    "  footprint solve MODEL SCENARIO [options]\n"
    "  footprint sweep MODEL SCENARIO [options]\n"
    "  footprint merge MODEL SCENARIO SHARD_DIR... --output DIR [--format csv|json]\n"
    "  footprint diff A.json B.json [--max-cost-change PCT] [--fail-on-level-change]\n"
    "  footprint validate FILE...\n"
    "  footprint districts GEOGRAPHY [--units K | --target-pop P] [options]\n"
    "  footprint size MODEL SCENARIO --function ID [--units FROM..TO] [options]\n"
    "  footprint --help | --version\n"
    "\n",
    "solve: choose the footprint level of every commissioning support function in MODEL\n"
    "under SCENARIO, and print the assignment table.\n"
    "  --format table|csv|json  output format (default table)\n"
    "  --output FILE            write the result to FILE (atomically) instead of stdout\n"
    "  --write-lp FILE          also write the programme in CPLEX LP format\n"
    "  --write-mps FILE         also write the programme in free MPS format\n"
    "  --time-limit S           stop the search after S seconds with the best plan so far\n"
    "  --mip-gap G              stop when the relative gap falls to G (default 0)\n"
    "  --stability              also report each criterion weight's stability interval and\n"
    "                           the weights at which each function changes level\n"
    "  --report FILE.html       also write a self-contained HTML report (table and charts;\n"
    "                           with --stability, the weight-stability bars)\n"
    "\n",
    "sweep: solve every scenario of a sweep / Monte Carlo scenario file in parallel.\n"
    "  --threads N              OpenMP threads (default: all cores)\n"
    "  --output DIR             write scenarios.csv and summary.csv (or sweep.json) to DIR\n"
    "  --format csv|json        output format (default csv; without --output the summary\n"
    "                           CSV or the whole JSON goes to stdout)\n"
    "  --shard K/N              run only the K-th of N disjoint slices (1 <= K <= N)\n"
    "  --mip-gap G              relative gap at which each solve stops (default 0)\n"
    "  --resume                 keep the results already in --output DIR (an interrupted\n"
    "                           sweep) and solve only the rest\n"
    "  --report FILE.html       also write an HTML report: the base scenario's plan and\n"
    "                           each function's acceptability across the sweep\n"
    "\n",
    "merge: combine the output directories of a sweep's shards into exactly what one run\n"
    "would have written (same MODEL, SCENARIO, --format and --mip-gap as the shards);\n"
    "--report FILE.html as for sweep.\n"
    "\n",
    "diff: compare two solve (or two sweep) JSON outputs: status, objective, cost per head\n"
    "and the level of every function; exit 7 when a status changed or a threshold passed.\n"
    "  --max-cost-change PCT    fail when cost per head changes by more than PCT percent\n"
    "  --fail-on-level-change   fail when any function changed level\n"
    "\n",
    "validate: check model and scenario files (told apart by their root element); a\n"
    "scenario given after a model is also checked against it.\n"
    "\n",
    "districts: partition the CCGs of GEOGRAPHY (data/ccg2013.csv, …) into units whose\n"
    "populations lie within target x (1 +- T), each centred on one of its CCGs, minimising\n"
    "population-weighted distance to the centres (docs/geography.md).\n"
    "  --units K | --target-pop P  K units of total/K people, or round(total/P) units of P\n"
    "                           people (default --target-pop 5000000)\n"
    "  --tolerance T            unit populations within target x (1 +- T) (default 0.2)\n"
    "  --format table|csv|json|svg  output format (default table; svg draws a map)\n"
    "  --output FILE            write the result to FILE (atomically) instead of stdout\n"
    "  --write-mps FILE         also write the straightforward MIP in free MPS format\n"
    "  --time-limit S, --mip-gap G  as for solve\n"
    "\n",
    "size: for K = FROM..TO units, district the CCGs of SCENARIO's geography into K units,\n"
    "give them to one level and appraise function ID there, every other function where the\n"
    "scenario's plan puts it: cost and penalty per head against K, the best marked.\n"
    "  --units FROM..TO         numbers of units tried (default 2..30)\n"
    "  --level ID               the level districted (default: the partition level)\n"
    "  --tolerance T            unit populations within Pop/K x (1 +- T) (default 0.2)\n"
    "  --time-limit S           limit on each districting (the curve then may vary)\n"
    "  --threads N              OpenMP threads (default: all cores)\n"
    "  --format table|csv|json  output format (default table)\n"
    "  --output FILE            write the curve to FILE (atomically) instead of stdout\n"
    "  --report FILE.html       also write an HTML report with the curve and the best map\n"
    "\n",
    "Exit status: 0 optimal plan; 1 plan at the time limit; 2 usage; 3 bad input;\n"
    "4 infeasible scenario; 5 solver failure; 6 cannot write output; 7 diff found a change\n"
    "past its thresholds; 70 internal error;\n"
    "130 sweep interrupted (finished scenarios written).\n"
    "See docs/cli.md.\n",
    NULL};

static void print_usage(FILE *out)
{
    for (size_t i = 0; USAGE[i] != NULL; i++) {
        fputs(USAGE[i], out);
    }
}

static int run(int argc, char **argv)
{
    if (argc < 2) {
        print_usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        print_usage(stdout);
        return EXIT_OPTIMAL;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("footprint %s (GLPK %s)\n", FPT_VERSION, fpt_solver_version());
        return EXIT_OPTIMAL;
    }
    if (strcmp(cmd, "solve") == 0) {
        return cli_solve(argc, argv);
    }
    if (strcmp(cmd, "validate") == 0) {
        return cli_validate(argc, argv);
    }
    if (strcmp(cmd, "sweep") == 0) {
        return cli_sweep(argc, argv);
    }
    if (strcmp(cmd, "merge") == 0) {
        return cli_merge(argc, argv);
    }
    if (strcmp(cmd, "diff") == 0) {
        return cli_diff(argc, argv);
    }
    if (strcmp(cmd, "districts") == 0) {
        return cli_districts(argc, argv);
    }
    if (strcmp(cmd, "size") == 0) {
        return cli_size(argc, argv);
    }
    return cli_usage_error("unknown command '%s'", cmd);
}

int main(int argc, char **argv)
{
#ifdef FPT_MPI
    int provided = 0; /* only the main thread calls MPI; OpenMP threads never do */
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
#endif
    fpt_xml_init();
    int code = run(argc, argv);
    fpt_solve_thread_exit();
    fpt_xml_cleanup();
#ifdef FPT_MPI
    MPI_Finalize();
#endif
    return code;
}
