/* SPDX-License-Identifier: MIT */
/*
 * The HTTP server (serve/server.h) on libmicrohttpd, one thread per connection. A request's
 * body is gathered up to max_body (413 past it, refused on its Content-Length when it says
 * so); a solve waits for one of max_solves slots (503 when none frees in time), runs on the
 * connection's thread and frees that thread's GLPK environment when it is done. Every reply
 * carries the security headers: a Content-Security-Policy that lets the page load only its
 * own script and style, talk only to this server and never be framed.
 */
#include "serve/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <semaphore.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "footprint/solve.h"

static const char CSP[] = "default-src 'none'; script-src 'self'; style-src 'self'; "
                          "connect-src 'self'; img-src 'self' data:; base-uri 'none'; "
                          "form-action 'none'; frame-ancestors 'none'";

struct fpt_server {
    const fpt_api *api;
    fpt_server_options o;
    struct MHD_Daemon *daemon;
    unsigned port;
    bool loopback;     /* check the Host header */
    char hosts[4][80]; /* the Host headers accepted on a loopback address */
    sem_t slots;       /* free solve slots */
};

typedef struct request {
    char *body;
    size_t len, cap;
    bool too_big;
} request;

void fpt_server_options_init(fpt_server_options *o)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    *o = (fpt_server_options){.host = "127.0.0.1",
                              .port = 8080,
                              .max_body = 65536,
                              .max_solves = cores > 0 && cores < 1024 ? (unsigned)cores : 1,
                              .solve_wait_s = 10,
                              .max_connections = 64,
                              .idle_timeout_s = 15};
}

/* ---- addresses ---------------------------------------------------------------------------- */

typedef union address {
    struct sockaddr sa;
    struct sockaddr_in v4;
    struct sockaddr_in6 v6;
} address;

static bool parse_address(const char *host, unsigned port, address *out)
{
    memset(out, 0, sizeof *out);
    if (inet_pton(AF_INET, host, &out->v4.sin_addr) == 1) {
        out->v4.sin_family = AF_INET;
        out->v4.sin_port = htons((uint16_t)port);
        return true;
    }
    if (inet_pton(AF_INET6, host, &out->v6.sin6_addr) == 1) {
        out->v6.sin6_family = AF_INET6;
        out->v6.sin6_port = htons((uint16_t)port);
        return true;
    }
    return false;
}

bool fpt_server_host_is_loopback(const char *host)
{
    address a;
    if (host == NULL || !parse_address(host, 0, &a)) {
        return false;
    }
    if (a.sa.sa_family == AF_INET) {
        return (ntohl(a.v4.sin_addr.s_addr) >> 24) == 127;
    }
    return IN6_IS_ADDR_LOOPBACK(&a.v6.sin6_addr);
}

/* The Host headers a loopback server answers: the address itself, localhost and [::1]. */
static void allow_hosts(fpt_server *sv, bool v6)
{
    snprintf(sv->hosts[0], sizeof sv->hosts[0], v6 ? "[%s]:%u" : "%s:%u", sv->o.host, sv->port);
    snprintf(sv->hosts[1], sizeof sv->hosts[1], "localhost:%u", sv->port);
    snprintf(sv->hosts[2], sizeof sv->hosts[2], "127.0.0.1:%u", sv->port);
    snprintf(sv->hosts[3], sizeof sv->hosts[3], "[::1]:%u", sv->port);
}

static bool host_allowed(const fpt_server *sv, struct MHD_Connection *c)
{
    if (!sv->loopback) {
        return true;
    }
    const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
    for (size_t i = 0; host != NULL && i < 4; i++) {
        if (strcasecmp(host, sv->hosts[i]) == 0) {
            return true;
        }
    }
    return false;
}

/* ---- logging ------------------------------------------------------------------------------ */

static void say(const fpt_server *sv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(const fpt_server *sv, const char *fmt, ...)
{
    if (sv->o.log == NULL) {
        return;
    }
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    sv->o.log(sv->o.log_user, line);
}

/* libmicrohttpd's own messages. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    char line[256];
    vsnprintf(line, sizeof line, fmt, ap);
    line[strcspn(line, "\n")] = '\0';
    say(cls, "%s", line);
}

/* ---- replies ------------------------------------------------------------------------------ */

static void add_headers(struct MHD_Response *r, const fpt_api_reply *reply)
{
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, reply->type);
    MHD_add_response_header(r, "Content-Security-Policy", CSP);
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if (reply->allow != NULL) {
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, reply->allow);
    }
    if (reply->status == 503) {
        MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "1");
    }
    if (reply->attach != NULL) {
        char value[128];
        snprintf(value, sizeof value, "attachment; filename=\"%s\"", reply->attach);
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_DISPOSITION, value);
    }
}

/* Queue a reply; its body passes to libmicrohttpd, which frees it. */
static enum MHD_Result send_reply(struct MHD_Connection *c, fpt_api_reply *reply)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(reply->len, reply->body, MHD_RESPMEM_MUST_FREE);
    if (r == NULL) {
        fpt_api_reply_clear(reply);
        return MHD_NO;
    }
    reply->body = NULL;
    add_headers(r, reply);
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)reply->status, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result send_error(const fpt_server *sv, struct MHD_Connection *c,
                                  const char *method, const char *url, int status,
                                  const char *message)
{
    say(sv, "%s %s: %d %s", method, url, status, message);
    fpt_api_reply reply;
    if (fpt_api_error_reply(&reply, status, message) != FPT_OK) {
        return MHD_NO;
    }
    return send_reply(c, &reply);
}

/* ---- requests ----------------------------------------------------------------------------- */

/* Keep up to max_body bytes of the body; past that, remember only that it was too big. */
static void gather(request *rq, const char *data, size_t n, size_t max_body)
{
    if (rq->too_big || n > max_body - rq->len) {
        rq->too_big = true;
        return;
    }
    if (rq->len + n > rq->cap) {
        size_t cap = rq->cap == 0 ? 4096 : rq->cap;
        while (cap < rq->len + n) {
            cap *= 2;
        }
        char *grown = realloc(rq->body, cap > max_body ? max_body : cap);
        if (grown == NULL) {
            rq->too_big = true; /* answered 413: the server cannot hold it either */
            return;
        }
        rq->body = grown;
        rq->cap = cap > max_body ? max_body : cap;
    }
    memcpy(rq->body + rq->len, data, n);
    rq->len += n;
}

static bool is_json(struct MHD_Connection *c)
{
    const char *type =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    return type != NULL && strncasecmp(type, "application/json", 16) == 0 &&
           (type[16] == '\0' || type[16] == ';' || type[16] == ' ');
}

/* Checks made on the headers alone; returns a status (and message) to refuse with, or 0. */
static int check_headers(const fpt_server *sv, struct MHD_Connection *c, const char *method,
                         const char **why)
{
    if (!host_allowed(sv, c)) {
        *why = "the Host header names another server (expected this server's address and port)";
        return 403;
    }
    const char *length =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (length != NULL && strtod(length, NULL) > (double)sv->o.max_body) {
        *why = "the request body is too large";
        return 413;
    }
    if (strcmp(method, "POST") == 0 && !is_json(c)) {
        *why = "a POST body must be Content-Type: application/json";
        return 415;
    }
    return 0;
}

static bool take_slot(fpt_server *sv)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    struct timespec until = fpt_timespec_after(now, sv->o.solve_wait_s);
    while (sem_timedwait(&sv->slots, &until) != 0) {
        if (errno != EINTR) {
            return false;
        }
    }
    return true;
}

static enum MHD_Result answer(fpt_server *sv, struct MHD_Connection *c, const char *url,
                              const char *method, request *rq)
{
    if (rq->too_big) {
        return send_error(sv, c, method, url, 413, "the request body is too large");
    }
    bool solves = fpt_api_solves(method, url);
    if (solves && !take_slot(sv)) {
        return send_error(sv, c, method, url, 503, "every solve slot is busy; try again");
    }
    fpt_api_reply reply;
    fpt_status st = fpt_api_handle(sv->api, method, url, rq->body, rq->len, &reply);
    if (solves) {
        fpt_solve_thread_exit(); /* this thread's GLPK environment, made by the solve */
        sem_post(&sv->slots);
    }
    if (st != FPT_OK) {
        return send_error(sv, c, method, url, 503, "out of memory");
    }
    if (reply.status >= 500) {
        say(sv, "%s %s: %d %.*s", method, url, reply.status, (int)reply.len, reply.body);
    }
    return send_reply(c, &reply);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    (void)version;
    fpt_server *sv = cls;
    request *rq = *con_cls;
    if (rq == NULL) {
        if ((rq = calloc(1, sizeof *rq)) == NULL) {
            return MHD_NO;
        }
        *con_cls = rq;
        const char *why = NULL;
        int refuse = check_headers(sv, c, method, &why);
        return refuse != 0 ? send_error(sv, c, method, url, refuse, why) : MHD_YES;
    }
    if (*upload_size > 0) {
        gather(rq, upload, *upload_size, sv->o.max_body);
        *upload_size = 0;
        return MHD_YES;
    }
    return answer(sv, c, url, method, rq);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    request *rq = *con_cls;
    if (rq != NULL) {
        free(rq->body);
        free(rq);
        *con_cls = NULL;
    }
}

/* ---- starting and stopping ---------------------------------------------------------------- */

/* Bind and listen here rather than in libmicrohttpd, so that the port (a chosen one too) and
 * the Host headers are known before the first connection, and a failure names its reason. */
static fpt_status open_socket(fpt_server *sv, const address *addr, int *out, fpt_error *err)
{
    bool v6 = addr->sa.sa_family == AF_INET6;
    socklen_t size = v6 ? sizeof addr->v6 : sizeof addr->v4;
    int fd = socket(addr->sa.sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int on = 1;
    address bound;
    socklen_t bound_size = sizeof bound;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0 ||
        (v6 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on) != 0) ||
        bind(fd, &addr->sa, size) != 0 || listen(fd, 64) != 0 ||
        getsockname(fd, &bound.sa, &bound_size) != 0) {
        int saved = errno;
        if (fd >= 0) {
            close(fd);
        }
        return fpt_error_set(err, FPT_EUSAGE, NULL, 0, "cannot listen on %s port %u: %s",
                             sv->o.host, sv->o.port, strerror(saved));
    }
    sv->port = ntohs(v6 ? bound.v6.sin6_port : bound.v4.sin_port);
    *out = fd;
    return FPT_OK;
}

static fpt_status start_daemon(fpt_server *sv, const address *addr, fpt_error *err)
{
    int fd = -1;
    FPT_TRY(open_socket(sv, addr, &fd, err));
    allow_hosts(sv, addr->sa.sa_family == AF_INET6);
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
                     MHD_USE_POLL | MHD_USE_ERROR_LOG;
    if (addr->sa.sa_family == AF_INET6) {
        flags |= MHD_USE_IPv6;
    }
    sv->daemon = MHD_start_daemon(flags, (uint16_t)sv->port, NULL, NULL, on_request, sv,
                                  MHD_OPTION_EXTERNAL_LOGGER, mhd_log, sv, MHD_OPTION_LISTEN_SOCKET,
                                  fd, MHD_OPTION_CONNECTION_LIMIT, sv->o.max_connections,
                                  MHD_OPTION_CONNECTION_TIMEOUT, sv->o.idle_timeout_s,
                                  MHD_OPTION_NOTIFY_COMPLETED, on_completed, sv, MHD_OPTION_END);
    if (sv->daemon == NULL) {
        close(fd);
        return fpt_error_set(err, FPT_EUSAGE, NULL, 0,
                             "cannot serve on %s port %u: libmicrohttpd would not start",
                             sv->o.host, sv->port);
    }
    return FPT_OK;
}

fpt_status fpt_server_start(const fpt_api *api, const fpt_server_options *o, fpt_server **out,
                            fpt_error *err)
{
    *out = NULL;
    address addr;
    if (o->host == NULL || !parse_address(o->host, o->port, &addr)) {
        return fpt_error_set(err, FPT_EUSAGE, NULL, 0,
                             "--host '%s' is not a numeric IPv4 or IPv6 address (expected "
                             "127.0.0.1, ::1 or another address of this machine)",
                             o->host != NULL ? o->host : "");
    }
    fpt_server *sv = calloc(1, sizeof *sv);
    if (sv == NULL || sem_init(&sv->slots, 0, o->max_solves > 0 ? o->max_solves : 1) != 0) {
        free(sv);
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory starting the server");
    }
    sv->api = api;
    sv->o = *o;
    sv->loopback = fpt_server_host_is_loopback(o->host);
    fpt_status st = start_daemon(sv, &addr, err);
    if (st != FPT_OK) {
        sem_destroy(&sv->slots);
        free(sv);
        return st;
    }
    *out = sv;
    return FPT_OK;
}

unsigned fpt_server_port(const fpt_server *sv)
{
    return sv->port;
}

void fpt_server_stop(fpt_server *sv)
{
    if (sv == NULL) {
        return;
    }
    MHD_stop_daemon(sv->daemon);
    sem_destroy(&sv->slots);
    free(sv);
}
