/* SPDX-License-Identifier: MIT */
/*
 * Internal to the report module: an Excel workbook built sheet by sheet, row by row, and
 * handed back as bytes in memory, for the workbook renderers of report/xlsx.h. It is the
 * project's only libxlsxwriter code (report/xlsx_book.c), and this header shows none of its
 * types: a sheet is a table (a bold header row, frozen with the first column, an autofilter
 * over the rows) or a list of facts (quantity, value); a cell is text, a level in its
 * report colour (report/palette.h), or a number with the format its kind says. Columns are
 * sized to fit what was written in them.
 *
 * Errors are sticky, as with a stdio stream: the first failure is kept in the book, later
 * writes do nothing, and fpt_book_finish() returns it. Never prints, except that
 * libxlsxwriter itself writes a line on standard error when it cannot write its temporary
 * files (a full disk).
 */
#ifndef FPT_XLSX_BOOK_H
#define FPT_XLSX_BOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "footprint/error.h"

/** The rows a worksheet holds, its header row included (Excel's limit). */
#define FPT_BOOK_MAX_ROWS 1048576u

/** How a number is shown: its Excel number format (docs/cli.md "Workbooks"). */
typedef enum fpt_cell_kind {
    FPT_CELL_NUMBER = 0, /**< General: as Excel shows any number (sweep axis values) */
    FPT_CELL_WHOLE,      /**< 0: an index, a number of units */
    FPT_CELL_COUNT,      /**< #,##0: people, CCGs, scenarios */
    FPT_CELL_GBP,        /**< £#,##0: pounds a year, set-up */
    FPT_CELL_PENCE,      /**< £#,##0.00: pounds a head, to the penny */
    FPT_CELL_SHARE,      /**< 0.0%: a share */
    FPT_CELL_GAP,        /**< 0.00%: a solver's relative gap */
    FPT_CELL_TENTHS,     /**< #,##0.0: WTE, km, years */
    FPT_CELL_RATIO,      /**< 0.000: remoteness, spread, a weight */
    FPT_CELL_DEGREES,    /**< 0.00000: latitude and longitude */
    FPT_N_CELL_KINDS
} fpt_cell_kind;

typedef struct fpt_book fpt_book;
typedef struct fpt_sheet fpt_sheet;

/**
 * Begin a workbook whose level cells take the colours of n_levels levels. The workbook is
 * assembled in a private temporary file in $TMPDIR (else /tmp), removed by
 * fpt_book_finish(); its creation date is fixed (1980-01-01, as its zip entries carry), so
 * the same content gives the same bytes.
 * @param out OUT: the book, freed by fpt_book_finish(); NULL on failure
 * @return FPT_OK, FPT_EIO (no temporary file), FPT_ENOMEM.
 */
fpt_status fpt_book_create(size_t n_levels, fpt_book **out, fpt_error *err);

/**
 * Add a table sheet named name (at most 31 characters, none of []:*?/\) and make it the one
 * written to; the previous sheet is finished. Its first row is the header (fpt_sheet_head()).
 * Returns the sheet, owned by the book, or NULL once the book has failed (the sheet functions
 * accept NULL and do nothing).
 */
fpt_sheet *fpt_book_table(fpt_book *b, const char *name);

/** As fpt_book_table(), a sheet of facts: a header row "quantity, value" and, per row, the
 *  name of a quantity and its value (fpt_sheet_fact_*). No autofilter. */
fpt_sheet *fpt_book_facts(fpt_book *b, const char *name);

/** Write a header cell in the next column of the header row. */
void fpt_sheet_head(fpt_sheet *s, const char *text);

/** Write a header cell filled with level l's colour (columns that are about one level). */
void fpt_sheet_head_level(fpt_sheet *s, size_t l, const char *text);

/** Write text in the next column; NULL leaves the cell empty. */
void fpt_sheet_text(fpt_sheet *s, const char *text);

/** Write a number in the next column, formatted by kind; a number that is not finite leaves
 *  the cell empty. */
void fpt_sheet_number(fpt_sheet *s, fpt_cell_kind kind, double value);

/** Write a level's id in the next column, filled with level l's colour. */
void fpt_sheet_level(fpt_sheet *s, size_t l, const char *id);

/** Write text in the next column, highlighted as the HTML report highlights a best row. */
void fpt_sheet_mark(fpt_sheet *s, const char *text);

/** Leave the next column empty. */
void fpt_sheet_skip(fpt_sheet *s);

/** End the row (the header row too); the next cell goes in the first column of the next. */
void fpt_sheet_row(fpt_sheet *s);

/** A row of a facts sheet: the quantity's name and its number. */
void fpt_sheet_fact_number(fpt_sheet *s, const char *name, fpt_cell_kind kind, double value);

/** A row of a facts sheet: the quantity's name and its value as text. */
void fpt_sheet_fact_text(fpt_sheet *s, const char *name, const char *value);

/** Return libxlsxwriter's version ("1.1.4"), for provenance. Can't fail. */
const char *fpt_book_writer_version(void);

/**
 * Finish the last sheet, close the workbook and read its bytes; free b in every case.
 * @param data OUT: the .xlsx file's bytes (a zip archive), owned by the caller (free()); NULL
 *             on failure
 * @param len  OUT: their number
 * @return FPT_OK, or the book's first failure: FPT_ENOMEM, FPT_EIO (the temporary file could
 *         not be written or read back, or a sheet has more than FPT_BOOK_MAX_ROWS rows; the
 *         message says which).
 */
fpt_status fpt_book_finish(fpt_book *b, char **data, size_t *len, fpt_error *err);

#endif
