/* SPDX-License-Identifier: MIT */
/*
 * Loading models and scenarios from XML files, and checking what they mean.
 *
 * A load parses the file safely (no network, no DTD, no entity expansion, any DOCTYPE
 * rejected), validates it against the schema compiled into the library, copies it into a
 * plain fpt_model or fpt_scenario, makes a scenario's real units from its geography
 * (geo/realunits.h) and then runs the meaning checks of model/validate.h.
 *
 * Every problem found goes into the caller's diagnostics list with its file and line; the
 * first fatal one is also recorded in err. Only load/ includes libxml2.
 */
#ifndef FPT_LOAD_H
#define FPT_LOAD_H

#include "footprint/error.h"
#include "footprint/model.h"
#include "footprint/scenario.h"

/** What a file holds, judged from its root element. */
typedef enum fpt_file_kind {
    FPT_FILE_UNKNOWN = 0,
    FPT_FILE_MODEL,
    FPT_FILE_SCENARIO
} fpt_file_kind;

/**
 * Prepare libxml2 for the process: initialise the parser and install the no-network
 * entity loader. Call once on the main thread before any load. Not thread safe.
 */
void fpt_xml_init(void);

/** Release libxml2's global state. Call once on the main thread at exit. Not thread safe. */
void fpt_xml_cleanup(void);

/**
 * Load, schema-check and validate a model file.
 *
 * @param path  file to read (borrowed)
 * @param out   OUT: the validated model, owned by the caller; NULL on failure
 * @param diags every problem found, appended (caller owns and clears); NULL: not kept
 * @param err   the first problem
 * @return FPT_OK; FPT_EIO (unreadable), FPT_EXML (not well-formed, DOCTYPE or entity),
 *         FPT_ESCHEMA (structure), FPT_EINVALID (meaning), FPT_ENOMEM, or FPT_EINTERNAL when
 *         the schema compiled into the library does not parse or libxml2's validation fails
 *         inside (a bug, not bad input).
 * Thread safety: call from the main thread only (libxml2).
 */
fpt_status fpt_model_load(const char *path, fpt_model **out, fpt_diags *diags, fpt_error *err);

/**
 * As fpt_model_load() for bytes already in memory (standard input, read once by the caller):
 * they are parsed and hashed from text, never read again, and findings name the input name
 * ("<stdin>"). text (len bytes) and name are borrowed. Returns as fpt_model_load() (FPT_EIO
 * never).
 */
fpt_status fpt_model_load_text(const char *name, const char *text, size_t len, fpt_model **out,
                               fpt_diags *diags, fpt_error *err);

/**
 * Load, schema-check and validate a scenario file against a validated model.
 * Parameters and returns as fpt_model_load(); levels come back ordered by unit population.
 */
fpt_status fpt_scenario_load(const char *path, const fpt_model *model, fpt_scenario **out,
                             fpt_diags *diags, fpt_error *err);

/**
 * As fpt_scenario_load() for bytes already in memory, as fpt_model_load_text(). A geography
 * or partition the scenario names by a relative path is read relative to the current
 * directory, since the scenario has none of its own.
 */
fpt_status fpt_scenario_load_text(const char *name, const char *text, size_t len,
                                  const fpt_model *model, fpt_scenario **out, fpt_diags *diags,
                                  fpt_error *err);

/**
 * Parse a file just far enough to tell a model from a scenario by its root element.
 * Returns FPT_OK with FPT_FILE_UNKNOWN for another root; FPT_EIO or FPT_EXML (with the
 * problems in diags, which may be NULL) when it cannot be parsed; FPT_ENOMEM.
 */
fpt_status fpt_file_detect(const char *path, fpt_file_kind *out, fpt_diags *diags, fpt_error *err);

/** As fpt_file_detect() for bytes already in memory, as fpt_model_load_text(). */
fpt_status fpt_file_detect_text(const char *name, const char *text, size_t len, fpt_file_kind *out,
                                fpt_diags *diags, fpt_error *err);

/**
 * Schema-check and validate a scenario on its own, without a model: everything except the
 * cross-references into a model. For `footprint validate` on a lone scenario. Returns as
 * fpt_scenario_load().
 */
fpt_status fpt_scenario_check(const char *path, fpt_diags *diags, fpt_error *err);

/** As fpt_scenario_check() for bytes already in memory, as fpt_scenario_load_text(). */
fpt_status fpt_scenario_check_text(const char *name, const char *text, size_t len, fpt_diags *diags,
                                   fpt_error *err);

#endif
