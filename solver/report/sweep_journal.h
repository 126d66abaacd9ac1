/* SPDX-License-Identifier: MIT */
/*
 * Internal: a sweep's checkpoint journal, DIR/sweep.journal (docs/formats.md "The sweep's
 * journal"). While a sweep writes to DIR, each chunk it finishes is appended to the
 * journal as one line in sweep.json's own form, so that a run killed at any point (even by
 * SIGKILL) loses at most the chunks in flight: --resume reads the journal back
 * (report/sweep_read.h). The journal goes once the outputs are written. Never prints.
 */
#ifndef FPT_SWEEP_JOURNAL_H
#define FPT_SWEEP_JOURNAL_H

#include <stddef.h>

#include "footprint/error.h"
#include "report/sweep_report.h"

/** The name of the journal in a sweep's output directory. */
#define FPT_SWEEP_JOURNAL_NAME "sweep.journal"

typedef struct fpt_sweep_journal fpt_sweep_journal;

/**
 * Start the journal of a sweep writing to dir: replace dir/sweep.journal, atomically, by one
 * line holding the provenance and every scenario in->run already holds (results read back by
 * --resume), then keep it open for appending.
 * @param dir borrowed; an existing directory the caller has locked
 * @param in  borrowed until fpt_sweep_journal_free(): the run whose chunks are appended
 * @param out OUT: owned by the caller (fpt_sweep_journal_free()); NULL on failure
 * @return FPT_OK; FPT_EIO with a message naming the journal (cannot write it, or it is not a
 *         regular file, which is never replaced); FPT_ENOMEM.
 */
fpt_status fpt_sweep_journal_start(const char *dir, const fpt_sweep_report_input *in,
                                   fpt_sweep_journal **out, fpt_error *err);

/**
 * Render the line that adds the scenarios of [first, last) that are done and not yet in the
 * journal (fpt_sweep_render_record()); *text is NULL when there is none. Thread-safe for
 * disjoint ranges, concurrently with fpt_sweep_journal_append() of other ranges: the sweep's
 * threads render their own chunks in parallel.
 * @param text OUT: owned by the caller (free())
 * @return FPT_OK or FPT_ENOMEM.
 */
fpt_status fpt_sweep_journal_render(const fpt_sweep_journal *j, size_t first, size_t last,
                                    char **text, size_t *len, fpt_error *err);

/**
 * Append a line fpt_sweep_journal_render() made for [first, last), by one write(2): a
 * process killed while writing leaves at most a last line without its newline, which the
 * reader ignores. Not thread-safe: one call at a time (the caller's lock).
 * @return FPT_OK; FPT_EIO naming the journal (a full disk).
 */
fpt_status fpt_sweep_journal_append(fpt_sweep_journal *j, size_t first, size_t last,
                                    const char *text, size_t len, fpt_error *err);

/**
 * Remove the journal once the outputs that hold its scenarios are written, and free j.
 * @return FPT_OK, or FPT_EIO naming the journal when it cannot be removed (j is freed anyway).
 */
fpt_status fpt_sweep_journal_finish(fpt_sweep_journal *j, fpt_error *err);

/** Close the journal, leaving the file as it is, and free j. Accepts NULL. */
void fpt_sweep_journal_free(fpt_sweep_journal *j);

#endif
