/* SPDX-License-Identifier: MIT */
/*
 * Internal: reading sweep outputs back (footprint merge, --resume). The sweep.json of a shard
 * (written in its directory whatever the format: the CSV files round their numbers) becomes
 * results again, so that the shards of a sweep render exactly what one run would have
 * written. sweep.json carries every number with 17 significant digits, which read back to
 * the same doubles. Reports what it cannot read through err; never prints.
 */
#ifndef FPT_SWEEP_READ_H
#define FPT_SWEEP_READ_H

#include "footprint/error.h"
#include "footprint/sweep.h"
#include "report/sweep_report.h"

/**
 * Read one shard's output directory into run (allocated for the whole sweep by the caller).
 * The shard's provenance must equal in's (same model and scenario bytes, versions and
 * options); each scenario it holds must be one not yet filled.
 * @return FPT_OK, FPT_EIO (unreadable), FPT_EINVALID (another sweep, a scenario twice, an
 *         unknown function or level, a malformed row; the message names file and line),
 *         FPT_ENOMEM.
 */
fpt_status fpt_sweep_read_dir(const char *dir, const fpt_sweep_report_input *in, fpt_sweep_run *run,
                              fpt_error *err);

/**
 * Read back what an interrupted sweep left in its output directory, for --resume: its
 * journal, dir/sweep.journal, when there is one (docs/formats.md "The sweep's journal":
 * newer than any sweep.json beside it, whose scenarios it repeats), else dir/sweep.json,
 * else nothing.
 * Every line of the journal is read as strictly as sweep.json; only a last line without its
 * newline (a run killed while writing it) is left out.
 * @return as fpt_sweep_read_dir(); FPT_OK when dir holds neither file.
 */
fpt_status fpt_sweep_read_resume(const char *dir, const fpt_sweep_report_input *in,
                                 fpt_sweep_run *run, fpt_error *err);

#endif
