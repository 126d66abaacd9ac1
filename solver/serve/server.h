/* SPDX-License-Identifier: MIT */
/*
 * Internal: the HTTP server of `footprint serve` (docs/serve.md), on libmicrohttpd: one
 * thread per connection, request bodies bounded, solves bounded by a count of slots, security
 * headers on every reply, the answers those of serve/api.h. It logs through a callback and
 * never prints, exits or touches signals: the command owns those.
 */
#ifndef FPT_SERVER_H
#define FPT_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "footprint/error.h"
#include "serve/api.h"

/** Receives one line of the server's log (no newline); called on any of its threads. */
typedef void (*fpt_server_log_fn)(void *user, const char *line);

typedef struct fpt_server_options {
    const char *host;         /**< a numeric IPv4 or IPv6 address; default 127.0.0.1 */
    unsigned port;            /**< 0: a free port, chosen by the system; default 8080 */
    size_t max_body;          /**< bytes in a request body; more is 413; default 65536 */
    unsigned max_solves;      /**< solves at once; more wait; default 2 */
    double solve_wait_s;      /**< how long a request waits for a solve slot; then 503 */
    unsigned max_connections; /**< connections at once; more are refused; default 64 */
    unsigned idle_timeout_s;  /**< a connection silent this long is closed; default 15 */
    fpt_server_log_fn log;    /**< NULL: no log */
    void *log_user;           /**< passed to log */
} fpt_server_options;

/** The server, running. */
typedef struct fpt_server fpt_server;

/** Fill o with the defaults above. This function can't fail. */
void fpt_server_options_init(fpt_server_options *o);

/** Whether a numeric address is a loopback one (127.0.0.0/8, ::1). False when it is not one. */
bool fpt_server_host_is_loopback(const char *host);

/**
 * Start serving api on host:port, on threads of the server's own. Bound to a loopback
 * address, it answers only requests whose Host header names that address, localhost or
 * [::1] with the port (so a web page elsewhere cannot reach it by DNS rebinding).
 * @param api  borrowed; must outlive the server
 * @param out  OUT: the running server; stop it with fpt_server_stop(); NULL on failure
 * @return FPT_OK; FPT_EUSAGE when host is not a numeric address or the address and port
 *         cannot be bound (in use, not this machine's: the message says which); FPT_ENOMEM.
 * Thread safety: call from one thread; the caller's signal mask is inherited by the server's
 * threads, so block the signals the command waits for before calling.
 */
fpt_status fpt_server_start(const fpt_api *api, const fpt_server_options *o, fpt_server **out,
                            fpt_error *err);

/** The port the server listens on (the one chosen when 0 was asked). Can't fail. */
unsigned fpt_server_port(const fpt_server *sv);

/**
 * Stop accepting, finish the requests in flight (a solve ends at its time limit at the
 * latest), join the server's threads and free it. Accepts NULL.
 */
void fpt_server_stop(fpt_server *sv);

#endif
