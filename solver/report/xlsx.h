/* SPDX-License-Identifier: MIT */
/*
 * Excel workbooks of every result an analyst takes to a spreadsheet (footprint solve, sweep,
 * merge, size and districts with --format xlsx; docs/cli.md "Workbooks"): one sheet per
 * table, real numbers with number formats, frozen header rows, fitted columns, autofilters,
 * the level colours of the HTML report, and a provenance sheet.
 *
 * Renderers at the end of the pipeline, like footprint/report.h: they read finished results
 * and return the workbook's bytes in memory; the command writes them (atomically to a file,
 * or to a pipe). They never print. This header is internal and shows no libxlsxwriter type:
 * report/xlsx_book.c holds the only libxlsxwriter code.
 */
#ifndef FPT_XLSX_H
#define FPT_XLSX_H

#include <stddef.h>

#include "footprint/districts.h"
#include "footprint/error.h"
#include "footprint/geography.h"
#include "footprint/model.h"
#include "footprint/report.h"
#include "footprint/scenario.h"
#include "footprint/sizing.h"
#include "report/sweep_report.h"

/** The format word that selects a workbook, beside each command's text formats. */
#define FPT_XLSX_FORMAT "xlsx"

/** The rows a table sheet holds under its header (Excel's 1,048,576 rows, less one). */
#define FPT_XLSX_MAX_TABLE_ROWS 1048575u

/*
 * Every renderer returns the .xlsx file's bytes (a zip archive, not text) through data,
 * owned by the caller (free()), NULL on failure, and their number through len; and FPT_OK,
 * FPT_ENOMEM, or FPT_EIO when the workbook could not be assembled in its temporary file
 * ($TMPDIR, else /tmp) or a table has more rows than a worksheet holds. Thread safety: reads
 * its inputs only.
 */

/**
 * Render a solve: sheets plan, terms, why and prices (with in->why), levels (and real units
 * when the scenario has a geography), pools, totals, stability and stability by function
 * (with in->stability), clashes (an infeasible scenario), provenance.
 * @param in   borrowed; as fpt_report_render()
 * @param prov borrowed; the run's provenance (fpt_provenance_fill())
 */
fpt_status fpt_xlsx_render_solve(const fpt_report_input *in, const fpt_provenance *prov,
                                 char **data, size_t *len, fpt_error *err);

/**
 * Render a sweep's results: sheets scenarios, acceptability, infeasible, robust plans (when
 * in->robust is set), totals, provenance.
 * @param in borrowed; as fpt_sweep_render_json()
 */
fpt_status fpt_xlsx_render_sweep(const fpt_sweep_report_input *in, char **data, size_t *len,
                                 fpt_error *err);

/**
 * Render a sizing curve: sheets sizing, summary (the least weighted total, and the note when
 * it sits at an edge of the range), best units and best CCGs (the districting of the least
 * weighted total, when there is one), provenance.
 * @param g    the geography the curve districted; borrowed
 * @param o    the options the curve was drawn with; borrowed
 * @param prov the model's and scenario's provenance; borrowed
 */
fpt_status fpt_xlsx_render_sizing(const fpt_model *m, const fpt_scenario *s, const fpt_geography *g,
                                  const fpt_sizing *z, const fpt_sizing_options *o,
                                  const fpt_provenance *prov, char **data, size_t *len,
                                  fpt_error *err);

/**
 * Render a partition: sheets units, CCGs, summary, provenance.
 * @param o              the options it was districted with; borrowed
 * @param geography_hash FNV-1a 64 of the geography file's bytes (fpt_provenance_hash_file())
 */
fpt_status fpt_xlsx_render_partition(const fpt_geography *g, const fpt_partition *p,
                                     const fpt_districts_options *o, const char *geography_hash,
                                     char **data, size_t *len, fpt_error *err);

#endif
