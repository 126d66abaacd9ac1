/* SPDX-License-Identifier: MIT */
/*
 * Internal: what `footprint serve` answers, without HTTP (docs/serve.md "The API"): the page
 * and its style sheet and script (compiled in), GET /api/model, POST /api/solve and POST
 * /api/scenario. serve/server.c carries requests here and replies back; the tests call it
 * directly. A request never names a file: everything it reaches was loaded before the first.
 */
#ifndef FPT_API_H
#define FPT_API_H

#include <stdbool.h>
#include <stddef.h>

#include "footprint/error.h"
#include "footprint/geography.h"
#include "footprint/model.h"
#include "footprint/scenario.h"
#include "footprint/solution.h"

/** The served model and scenario, and the model's description (read-only once made). */
typedef struct fpt_api fpt_api;

/** One reply: an HTTP status and a body. */
typedef struct fpt_api_reply {
    int status;       /**< 200, 400, 404, 405, 500, 503 */
    const char *type; /**< Content-Type; static */
    char *body;       /**< owned; free with fpt_api_reply_clear() */
    size_t len;
    const char *allow;  /**< 405: the methods the path takes (static); else NULL */
    const char *attach; /**< a file name to download the body as (static); else NULL */
} fpt_api_reply;

/**
 * Make the API of a model and scenario. The API keeps its own copy of the scenario, whose
 * geography and partition paths are made absolute (realpath) so that a downloaded scenario
 * works from any directory.
 * @param m, s  borrowed, validated; m must outlive the API; s must have no sweep or Monte Carlo
 * @param g     s's geography, for the map (borrowed, must outlive the API); NULL: no map
 * @param solve options of every solve (a time limit keeps a hard what-if from holding a
 *              thread); borrowed, copied
 * @param out   OUT: free with fpt_api_free(); NULL on failure
 * @return FPT_OK; FPT_EUSAGE when s has a sweep or Monte Carlo; FPT_ENOMEM.
 */
fpt_status fpt_api_create(const fpt_model *m, const fpt_scenario *s, const fpt_geography *g,
                          const fpt_solve_options *solve, fpt_api **out, fpt_error *err);

/** Free an API. Accepts NULL. */
void fpt_api_free(fpt_api *api);

/** Whether a request solves (POST /api/solve): the server bounds how many run at once. */
bool fpt_api_solves(const char *method, const char *path);

/**
 * Answer one request. Every request gets a reply, a bad one included: 400 with the problems
 * (the what-if's member and the message a scenario file would get), 404, 405. A solve runs on
 * the calling thread and leaves its GLPK environment there (fpt_solve_thread_exit() frees it).
 * @param method, path borrowed; path without the query string
 * @param body  borrowed, len bytes (NULL when len is 0); need not be NUL-terminated
 * @param out   OUT: the reply, owned by the caller (fpt_api_reply_clear)
 * @return FPT_OK (out holds the reply) or FPT_ENOMEM (out holds nothing).
 * Thread safety: reads api only; safe to call concurrently.
 */
fpt_status fpt_api_handle(const fpt_api *api, const char *method, const char *path,
                          const char *body, size_t len, fpt_api_reply *out);

/** Free a reply's body and reset it. Accepts an empty reply. */
void fpt_api_reply_clear(fpt_api_reply *r);

/** A JSON reply {"error": message} with this status; FPT_OK or FPT_ENOMEM. */
fpt_status fpt_api_error_reply(fpt_api_reply *out, int status, const char *message);

#endif
