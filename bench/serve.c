/* SPDX-License-Identifier: MIT */
/*
 * What-if round trips against `footprint serve` (bench/README.md "Serving what-ifs"): starts
 * the server on a free loopback port, then 1 and 8 clients each send REQUESTS what-ifs
 * (the scale weight stepped through 1.00 … 1.99, so the plans differ) over one kept-alive
 * connection, and prints the median and 95th percentile of the request-to-response time,
 * beside the median of a bare in-process appraise and solve of the same what-ifs and of the
 * server's own handler called in-process (so HTTP's share shows):
 *
 *   fpt-bench-serve FOOTPRINT MODEL SCENARIO [REQUESTS]
 *
 * Every response must be 200 with a plan, or the run fails: a load generator that counts
 * errors as fast answers measures nothing.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/clock.h"
#include "footprint/appraise.h"
#include "footprint/load.h"
#include "footprint/solve.h"
#include "footprint/variant.h"
#include "serve/api.h"

enum { MAX_CLIENTS = 8, RESPONSE_MAX = 1 << 22 };

/* Milliseconds on the monotonic clock (base/clock.h). */
static double now_ms(void)
{
    return 1e3 * fpt_clock_s();
}

static int compare_doubles(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/* Nearest-rank percentile of v[0..n), sorting v. */
static double percentile(double *v, size_t n, double p)
{
    qsort(v, n, sizeof *v, compare_doubles);
    size_t rank = (size_t)(p / 100.0 * (double)n + 0.999999);
    return v[rank > 0 ? rank - 1 : 0];
}

/* The scale weight of request i: 1.00, 1.01, … 1.99, then again. */
static double scale_of(size_t i)
{
    return 1.0 + (double)(i % 100) / 100.0;
}

/* ---- the bare in-process solve ---------------------------------------------------------- */

static double bare_median_ms(const char *model_path, const char *scenario_path, size_t n)
{
    fpt_model *m = NULL;
    fpt_scenario *s = NULL;
    fpt_diags d = {0};
    fpt_error err = {0};
    if (fpt_model_load(model_path, &m, &d, &err) != FPT_OK ||
        fpt_scenario_load(scenario_path, m, &s, &d, &err) != FPT_OK) {
        fprintf(stderr, "fpt-bench-serve: %s\n", err.message);
        exit(1);
    }
    double *ms = calloc(n, sizeof *ms);
    fpt_solve_options o;
    fpt_solve_options_init(&o);
    for (size_t i = 0; i < n; i++) {
        fpt_appraisal *a = NULL;
        fpt_solution *sol = NULL;
        double t0 = now_ms();
        bool ok = fpt_scenario_set_target(s, m, "weight.scale", scale_of(i), "what-if", 0, &d) ==
                      FPT_OK &&
                  fpt_appraisal_build(m, s, &a, &err) == FPT_OK &&
                  fpt_solve(a, &o, &sol, &err) == FPT_OK;
        ms[i] = now_ms() - t0;
        if (!ok) {
            fprintf(stderr, "fpt-bench-serve: in-process solve failed: %s\n", err.message);
            exit(1);
        }
        fpt_solution_free(sol);
        fpt_appraisal_free(a);
    }
    double median = percentile(ms, n, 50);
    free(ms);
    fpt_scenario_free(s);
    fpt_model_free(m);
    fpt_diags_clear(&d);
    return median;
}

/* The API handler alone, in-process: what each request costs before HTTP. */
static double handler_median_ms(const char *model_path, const char *scenario_path, size_t n)
{
    fpt_model *m = NULL;
    fpt_scenario *s = NULL;
    fpt_api *api = NULL;
    fpt_diags d = {0};
    fpt_error err = {0};
    fpt_solve_options o;
    fpt_solve_options_init(&o);
    if (fpt_model_load(model_path, &m, &d, &err) != FPT_OK ||
        fpt_scenario_load(scenario_path, m, &s, &d, &err) != FPT_OK ||
        fpt_api_create(m, s, NULL, &o, &api, &err) != FPT_OK) {
        fprintf(stderr, "fpt-bench-serve: %s\n", err.message);
        exit(1);
    }
    double *ms = calloc(n, sizeof *ms);
    char body[128];
    for (size_t i = 0; i < n; i++) {
        int len =
            snprintf(body, sizeof body, "{\"values\": {\"weight.scale\": %.2f}}", scale_of(i));
        fpt_api_reply r = {0};
        double t0 = now_ms();
        fpt_status st = fpt_api_handle(api, "POST", "/api/solve", body, (size_t)len, &r);
        ms[i] = now_ms() - t0;
        if (st != FPT_OK || r.status != 200) {
            fprintf(stderr, "fpt-bench-serve: the handler answered %d\n", r.status);
            exit(1);
        }
        fpt_api_reply_clear(&r);
    }
    double median = percentile(ms, n, 50);
    free(ms);
    fpt_api_free(api);
    fpt_scenario_free(s);
    fpt_model_free(m);
    fpt_diags_clear(&d);
    return median;
}

/* ---- the server --------------------------------------------------------------------------- */

typedef struct server {
    pid_t pid;
    int port;
} server;

/* Start `footprint serve … --port 0` and read the port from the URL it prints. */
static server start_server(const char *footprint, const char *model, const char *scenario)
{
    int out[2];
    if (pipe(out) != 0) {
        perror("pipe");
        exit(1);
    }
    server sv = {.pid = fork()};
    if (sv.pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        close(out[1]);
        execl(footprint, footprint, "serve", model, scenario, "--port", "0", (char *)NULL);
        _exit(127);
    }
    close(out[1]);
    FILE *f = fdopen(out[0], "r");
    char line[256] = "";
    if (f == NULL || fgets(line, sizeof line, f) == NULL ||
        sscanf(line, "http://127.0.0.1:%d/", &sv.port) != 1) {
        fprintf(stderr, "fpt-bench-serve: the server printed no URL ('%s')\n", line);
        exit(1);
    }
    fclose(f);
    return sv;
}

static void stop_server(server sv)
{
    int status = 0;
    kill(sv.pid, SIGINT);
    waitpid(sv.pid, &status, 0);
}

/* ---- a client ------------------------------------------------------------------------------ */

typedef struct client {
    int port;
    size_t first, n;  /* requests first … first + n − 1 */
    double *ms;       /* [n] round trips */
    char *response;   /* RESPONSE_MAX scratch */
    const char *fail; /* why the client stopped, or NULL */
} client;

static int connect_to(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static bool send_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t k = send(fd, buf, len, MSG_NOSIGNAL);
        if (k <= 0) {
            return false;
        }
        buf += k;
        len -= (size_t)k;
    }
    return true;
}

/* Read one response: headers, then Content-Length bytes of body. Returns the status code. */
static int read_response(int fd, char *buf, size_t cap)
{
    size_t got = 0;
    char *body = NULL;
    long length = -1;
    while (body == NULL || (long)(got - (size_t)(body - buf)) < length) {
        if (got + 1 >= cap) {
            return -1;
        }
        ssize_t k = recv(fd, buf + got, cap - 1 - got, 0);
        if (k <= 0) {
            return -1;
        }
        got += (size_t)k;
        buf[got] = '\0';
        if (body == NULL && (body = strstr(buf, "\r\n\r\n")) != NULL) {
            body += 4;
            const char *cl = strcasestr(buf, "\r\nContent-Length:");
            length = cl != NULL ? strtol(cl + 17, NULL, 10) : -1;
            if (length < 0) {
                return -1;
            }
        }
    }
    int status = 0;
    return sscanf(buf, "HTTP/1.%*d %d", &status) == 1 ? status : -1;
}

static void *run_client(void *arg)
{
    client *c = arg;
    int fd = connect_to(c->port);
    if (fd < 0) {
        c->fail = "cannot connect";
        return NULL;
    }
    char body[128], request[512];
    for (size_t i = 0; i < c->n && c->fail == NULL; i++) {
        int blen = snprintf(body, sizeof body, "{\"values\": {\"weight.scale\": %.2f}}",
                            scale_of(c->first + i));
        int rlen = snprintf(request, sizeof request,
                            "POST /api/solve HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                            "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
                            c->port, blen, body);
        double t0 = now_ms();
        if (!send_all(fd, request, (size_t)rlen)) {
            c->fail = "send failed";
        } else if (read_response(fd, c->response, RESPONSE_MAX) != 200) {
            c->fail = "a response was not 200";
        } else if (strstr(c->response, "\"assignments\"") == NULL) {
            c->fail = "a response held no plan";
        }
        c->ms[i] = now_ms() - t0;
    }
    close(fd);
    return NULL;
}

/* n_clients clients of per_client requests each; prints the median and p95. */
static void measure(int port, size_t n_clients, size_t per_client, double bare_ms)
{
    client cs[MAX_CLIENTS];
    pthread_t th[MAX_CLIENTS];
    double *all = calloc(n_clients * per_client, sizeof *all);
    double t0 = now_ms();
    for (size_t k = 0; k < n_clients; k++) {
        cs[k] = (client){.port = port, .first = k * per_client, .n = per_client};
        cs[k].ms = all + k * per_client;
        cs[k].response = malloc(RESPONSE_MAX);
        pthread_create(&th[k], NULL, run_client, &cs[k]);
    }
    for (size_t k = 0; k < n_clients; k++) {
        pthread_join(th[k], NULL);
        free(cs[k].response);
        if (cs[k].fail != NULL) {
            fprintf(stderr, "fpt-bench-serve: client %zu: %s\n", k, cs[k].fail);
            exit(1);
        }
    }
    double wall = now_ms() - t0;
    size_t n = n_clients * per_client;
    double median = percentile(all, n, 50), p95 = percentile(all, n, 95);
    printf("%zu client%s  %5zu what-ifs  median %7.2f ms (%.2fx bare)  p95 %7.2f ms  "
           "%6.1f what-ifs/s\n",
           n_clients, n_clients == 1 ? " " : "s", n, median, median / bare_ms, p95,
           (double)n / (wall / 1e3));
    free(all);
}

int main(int argc, char **argv)
{
    if (argc < 4 || argc > 5) {
        fprintf(stderr, "usage: fpt-bench-serve FOOTPRINT MODEL SCENARIO [REQUESTS]\n");
        return 2;
    }
    size_t requests = argc == 5 ? strtoul(argv[4], NULL, 10) : 400;
    if (requests < MAX_CLIENTS) {
        requests = MAX_CLIENTS;
    }
    fpt_xml_init();
    double bare = bare_median_ms(argv[2], argv[3], requests);
    double handler = handler_median_ms(argv[2], argv[3], requests);
    fpt_solve_thread_exit();
    fpt_xml_cleanup();
    printf("bare in-process appraise + solve: median %.2f ms over %zu what-ifs\n", bare, requests);
    printf("the API handler in-process:       median %.2f ms (%.2fx bare)\n", handler,
           handler / bare);
    server sv = start_server(argv[1], argv[2], argv[3]);
    measure(sv.port, 1, requests, bare);
    measure(sv.port, MAX_CLIENTS, requests / MAX_CLIENTS, bare);
    stop_server(sv);
    return 0;
}
