/* SPDX-License-Identifier: MIT */
/*
 * footprint serve: load the model and scenario (and the scenario's geography, for the map),
 * make the API (serve/api.h), block SIGINT and SIGTERM so that the server's threads never see
 * them, start the server (serve/server.h), print its URL and wait for one of those signals;
 * then stop it, letting the requests in flight finish (docs/serve.md).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "footprint/geography.h"
#include "footprint/solve.h"
#include "serve/api.h"
#include "serve/server.h"

/* A what-if that GLPK cannot finish in this many seconds gets the best plan so far. */
static const double DEFAULT_TIME_LIMIT_S = 10;

typedef struct serve_args {
    const char *model;
    const char *scenario;
    fpt_server_options server;
    fpt_solve_options solve;
} serve_args;

/* The server's log, one line each, on standard error (stdio locks the stream per call). */
static void log_line(void *user, const char *line)
{
    (void)user;
    fprintf(stderr, "footprint serve: %s\n", line);
}

static bool parse_serve_args(int argc, char **argv, serve_args *a, int *code)
{
    fpt_cli_args p;
    if (!fpt_cli_parse(argc, argv, FPT_CLI_CMD_SERVE, &p, code)) {
        return false;
    }
    memset(a, 0, sizeof *a);
    a->model = p.positional[0];
    a->scenario = p.positional[1];
    fpt_server_options_init(&a->server);
    a->server.log = log_line;
    fpt_solve_options_init(&a->solve);
    a->solve.time_limit_s = DEFAULT_TIME_LIMIT_S;
    if (fpt_cli_given(&p, FPT_CLI_OPT_PORT)) {
        a->server.port = (unsigned)fpt_cli_value_of(&p, FPT_CLI_OPT_PORT)->number;
    }
    if (fpt_cli_given(&p, FPT_CLI_OPT_HOST)) {
        a->server.host = fpt_cli_text(&p, FPT_CLI_OPT_HOST);
    }
    if (fpt_cli_given(&p, FPT_CLI_OPT_MAX_SOLVES)) {
        a->server.max_solves = (unsigned)fpt_cli_value_of(&p, FPT_CLI_OPT_MAX_SOLVES)->number;
    }
    if (fpt_cli_given(&p, FPT_CLI_OPT_TIME_LIMIT)) {
        a->solve.time_limit_s = fpt_cli_value_of(&p, FPT_CLI_OPT_TIME_LIMIT)->number;
    }
    return true;
}

static void announce(const fpt_server *sv, const serve_args *a)
{
    bool v6 = strchr(a->server.host, ':') != NULL;
    if (!fpt_server_host_is_loopback(a->server.host)) {
        fprintf(stderr,
                "footprint serve: warning: listening on %s, which other machines may reach; "
                "anyone who can connect can use this server (it has no login)\n",
                a->server.host);
    }
    printf(v6 ? "http://[%s]:%u/\n" : "http://%s:%u/\n", a->server.host, fpt_server_port(sv));
    fflush(stdout);
    fprintf(stderr, "footprint serve: serving %s with %s; Ctrl-C stops\n", a->scenario, a->model);
}

/* Serve until SIGINT or SIGTERM. The signals are blocked before the server starts, so every
 * thread it makes inherits the mask and only sigwait() here receives them. */
static fpt_status run_server(const fpt_api *api, const serve_args *a, fpt_error *err)
{
    sigset_t wait_for, old;
    sigemptyset(&wait_for);
    sigaddset(&wait_for, SIGINT);
    sigaddset(&wait_for, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &wait_for, &old);
    fpt_server *sv = NULL;
    fpt_status st = fpt_server_start(api, &a->server, &sv, err);
    if (st == FPT_OK) {
        announce(sv, a);
        int sig = 0;
        sigwait(&wait_for, &sig);
        fprintf(stderr, "footprint serve: %s: stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
        fpt_server_stop(sv);
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return st;
}

static int serve_loaded(const fpt_model *m, const fpt_scenario *s, const serve_args *a)
{
    fpt_error err = {0};
    fpt_diags diags = {0};
    fpt_geography *g = NULL;
    fpt_api *api = NULL;
    fpt_status st = FPT_OK;
    if (s->geography_path != NULL) { /* the scenario's load read this file already */
        st = fpt_geography_load(s->geography_path, &g, &diags, &err);
    }
    if (st == FPT_OK) {
        st = fpt_api_create(m, s, g, &a->solve, &api, &err);
    }
    if (st == FPT_OK) {
        st = run_server(api, a, &err);
    }
    if (st != FPT_OK) {
        fpt_cli_print_failure(&diags, &err);
    }
    fpt_api_free(api);
    fpt_geography_free(g);
    fpt_diags_clear(&diags);
    return fpt_cli_exit_for_status(st);
}

int fpt_cli_serve(int argc, char **argv)
{
    serve_args a;
    int code = FPT_EXIT_OPTIMAL;
    if (!parse_serve_args(argc, argv, &a, &code)) {
        return code;
    }
    fpt_model *m = NULL;
    fpt_scenario *s = NULL;
    code = fpt_cli_load_pair(a.model, a.scenario, &m, &s);
    if (code == FPT_EXIT_OPTIMAL) {
        code = serve_loaded(m, s, &a);
    }
    fpt_scenario_free(s);
    fpt_model_free(m);
    return code;
}
