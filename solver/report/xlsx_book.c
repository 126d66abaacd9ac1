/* SPDX-License-Identifier: MIT */
/*
 * Workbooks through libxlsxwriter (report/xlsx_book.h), the project's only code that calls
 * it. libxlsxwriter 1.1.4 (Debian 12) writes only to a named file, so a book is assembled in
 * a private temporary file and read back into memory; the caller writes those bytes
 * atomically to their destination like any other output. Rows are written strictly in
 * order, so libxlsxwriter's constant-memory mode holds only the current row in memory
 * however large a sweep is.
 *
 * The first failure is kept and ends all writing. Widths are counted in characters as Excel
 * would show each cell (grouping commas, £, %), so every column fits its widest cell.
 */
#include "report/xlsx_book.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "report/palette.h"

/* Column widths in characters: a column fits its widest cell up to MAX_WIDTH (a longer name or
 * message is cut on screen rather than stretching the sheet), and a header wider than its
 * column's cells wraps onto more lines once it passes HEAD_WIDTH. */
#define MIN_WIDTH  4.0
#define MAX_WIDTH  60.0
#define HEAD_WIDTH 16.0

/* The height of one line of the default font (Calibri 11), in points. */
#define LINE_HEIGHT 15.0

/* The longest text a cell holds (Excel's limit, in characters). */
#define MAX_TEXT 32767

/* 1980-01-01T00:00:00Z: the date of every zip entry libxlsxwriter writes, used as the
 * workbook's creation date too so that the same content gives the same bytes. */
#define FIXED_CREATED ((time_t)315532800)

/* The header row's fill and a best row's, as in the HTML report's tables. */
#define HEAD_FILL 0xF4F4F4
#define MARK_FILL 0xFDECEA

/* What a kind of number looks like, for its format and its width. */
typedef struct kind_info {
    const char *code; /* Excel number format; NULL: General */
    int decimals;     /* shown; -1: General */
    bool grouped;     /* thousands separated by commas */
    bool pounds;      /* a leading £ */
    bool percent;     /* shown × 100 with a % */
} kind_info;

static const kind_info KINDS[FPT_N_CELL_KINDS] = {
    [FPT_CELL_NUMBER] = {NULL, -1, false, false, false},
    [FPT_CELL_WHOLE] = {"0", 0, false, false, false},
    [FPT_CELL_COUNT] = {"#,##0", 0, true, false, false},
    [FPT_CELL_GBP] = {"£#,##0", 0, true, true, false},
    [FPT_CELL_PENCE] = {"£#,##0.00", 2, true, true, false},
    [FPT_CELL_SHARE] = {"0.0%", 1, false, false, true},
    [FPT_CELL_GAP] = {"0.00%", 2, false, false, true},
    [FPT_CELL_TENTHS] = {"#,##0.0", 1, true, false, false},
    [FPT_CELL_RATIO] = {"0.000", 3, false, false, false},
    [FPT_CELL_DEGREES] = {"0.00000", 5, false, false, false},
};

struct fpt_sheet {
    fpt_book *book;
    lxw_worksheet *ws;
    bool table;
    lxw_row_t row; /* the row being written */
    lxw_col_t col; /* its next column */
    double *width; /* [n_cols] the widest cell of each column below its header, in characters */
    double *head;  /* [n_cols] the header's width */
    size_t n_cols;
};

struct fpt_book {
    lxw_workbook *wb;
    char *path;   /* the private temporary file the workbook is assembled in */
    char *tmpdir; /* where it and libxlsxwriter's own temporary files go */
    fpt_status st;
    fpt_error err; /* the first failure */
    size_t n_levels;
    lxw_format *kind[FPT_N_CELL_KINDS];
    lxw_format *head, *mark;
    lxw_format **level, **head_level; /* [n_levels] */
    fpt_sheet *current;               /* the sheet being written */
};

/* ---- failures ------------------------------------------------------------------------------ */

__attribute__((format(printf, 3, 4))) static void fail(fpt_book *b, fpt_status st, const char *fmt,
                                                       ...)
{
    if (b->st != FPT_OK) {
        return;
    }
    char message[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    b->st = fpt_error_set(&b->err, st, NULL, 0, "%s", message);
}

static void check(fpt_book *b, lxw_error e)
{
    if (e == LXW_ERROR_MEMORY_MALLOC_FAILED) {
        fail(b, FPT_ENOMEM, "out of memory writing the workbook");
    } else if (e != LXW_NO_ERROR) {
        fail(b, FPT_EIO, "cannot write the workbook: %s", lxw_strerror(e));
    }
}

static bool writable(const fpt_sheet *s)
{
    return s != NULL && s->book->st == FPT_OK;
}

/* ---- formats ------------------------------------------------------------------------------- */

static lxw_format *new_format(fpt_book *b)
{
    lxw_format *f = b->st == FPT_OK ? workbook_add_format(b->wb) : NULL;
    if (f == NULL) {
        fail(b, FPT_ENOMEM, "out of memory writing the workbook");
    }
    return f;
}

static void fill(lxw_format *f, lxw_color_t colour)
{
    format_set_pattern(f, LXW_PATTERN_SOLID);
    format_set_bg_color(f, colour);
}

static lxw_color_t level_colour(size_t l, size_t n_levels)
{
    return (lxw_color_t)strtoul(fpt_level_fill(l, n_levels) + 1, NULL, 16);
}

/* The level cells' formats: the level's fill, white text on the dark half of the ramp. */
static lxw_format *level_format(fpt_book *b, size_t l, bool head)
{
    lxw_format *f = new_format(b);
    if (f != NULL) {
        fill(f, level_colour(l, b->n_levels));
        if (fpt_level_fill_is_dark(l, b->n_levels)) {
            format_set_font_color(f, LXW_COLOR_WHITE);
        }
        if (head) {
            format_set_bold(f);
            format_set_text_wrap(f);
            format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
        }
    }
    return f;
}

static void make_formats(fpt_book *b)
{
    for (int k = 0; k < FPT_N_CELL_KINDS; k++) {
        if (KINDS[k].code != NULL && (b->kind[k] = new_format(b)) != NULL) {
            format_set_num_format(b->kind[k], KINDS[k].code);
        }
    }
    if ((b->head = new_format(b)) != NULL) {
        format_set_bold(b->head);
        format_set_text_wrap(b->head);
        format_set_align(b->head, LXW_ALIGN_VERTICAL_TOP);
        fill(b->head, HEAD_FILL);
        format_set_bottom(b->head, LXW_BORDER_THIN);
    }
    if ((b->mark = new_format(b)) != NULL) {
        format_set_bold(b->mark);
        fill(b->mark, MARK_FILL);
    }
    for (size_t l = 0; l < b->n_levels; l++) {
        b->level[l] = level_format(b, l, false);
        b->head_level[l] = level_format(b, l, true);
    }
}

/* ---- the book ------------------------------------------------------------------------------ */

static fpt_status make_temp(fpt_book *b, fpt_error *err)
{
    const char *dir = getenv("TMPDIR");
    if (dir == NULL || dir[0] == '\0') {
        dir = "/tmp";
    }
    size_t n = strlen(dir) + 32;
    b->tmpdir = strdup(dir);
    b->path = malloc(n);
    if (b->tmpdir == NULL || b->path == NULL) {
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory writing the workbook");
    }
    snprintf(b->path, n, "%s/footprint-xlsx-XXXXXX", dir);
    int fd = mkstemp(b->path);
    if (fd < 0) {
        fpt_status st = fpt_error_set(err, FPT_EIO, NULL, 0,
                                      "cannot create a temporary file for the workbook in '%s': %s",
                                      dir, strerror(errno));
        b->path[0] = '\0';
        return st;
    }
    close(fd);
    return FPT_OK;
}

static void free_book(fpt_book *b)
{
    if (b->path != NULL && b->path[0] != '\0') {
        remove(b->path);
    }
    free(b->path);
    free(b->tmpdir);
    free(b->level);
    free(b->head_level);
    free(b);
}

static fpt_status open_workbook(fpt_book *b, fpt_error *err)
{
    lxw_workbook_options o = {.constant_memory = LXW_TRUE, .tmpdir = b->tmpdir};
    b->wb = workbook_new_opt(b->path, &o);
    if (b->wb == NULL) {
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory writing the workbook");
    }
    lxw_doc_properties props = {.title = "footprint", .created = FIXED_CREATED};
    check(b, workbook_set_properties(b->wb, &props));
    make_formats(b);
    return b->st == FPT_OK ? FPT_OK : fpt_error_set(err, b->st, NULL, 0, "%s", b->err.message);
}

fpt_status fpt_book_create(size_t n_levels, fpt_book **out, fpt_error *err)
{
    *out = NULL;
    fpt_book *b = calloc(1, sizeof *b);
    if (b == NULL) {
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory writing the workbook");
    }
    b->n_levels = n_levels;
    b->level = calloc(n_levels + 1, sizeof *b->level);
    b->head_level = calloc(n_levels + 1, sizeof *b->head_level);
    fpt_status st =
        b->level == NULL || b->head_level == NULL
            ? fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory writing the workbook")
            : make_temp(b, err);
    if (st == FPT_OK) {
        st = open_workbook(b, err);
    }
    if (st != FPT_OK) {
        if (b->wb != NULL) {
            workbook_close(b->wb);
        }
        free_book(b);
        return st;
    }
    *out = b;
    return FPT_OK;
}

/* ---- widths -------------------------------------------------------------------------------- */

/* Characters (UTF-8 code points) of text. */
static size_t text_width(const char *text)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++) {
        n += (*p & 0xC0) != 0x80;
    }
    return n;
}

/* Characters of a number as its kind shows it: digits, grouping commas, sign, £ and %. */
static size_t number_width(fpt_cell_kind kind, double value)
{
    const kind_info *k = &KINDS[kind];
    char buf[64];
    if (k->decimals < 0) {
        return (size_t)snprintf(buf, sizeof buf, "%.10g", value);
    }
    double shown = k->percent ? 100 * value : value;
    size_t n = (size_t)snprintf(buf, sizeof buf, "%.*f", k->decimals, shown);
    size_t digits = n - (shown < 0) - (k->decimals > 0 ? (size_t)k->decimals + 1 : 0);
    if (k->grouped && digits > 3) {
        n += (digits - 1) / 3;
    }
    return n + k->pounds + k->percent;
}

/* Grow a width array from n to more entries, the new ones 0. */
static bool grow(double **a, size_t n, size_t more)
{
    double *w = realloc(*a, (n + more) * sizeof *w);
    if (w == NULL) {
        return false;
    }
    memset(w + n, 0, more * sizeof *w);
    *a = w;
    return true;
}

/* Record a cell of this many characters in the current column (of the header row: head). */
static void widen(fpt_sheet *s, size_t chars, bool head)
{
    if ((size_t)s->col >= s->n_cols) {
        size_t more = (size_t)s->col + 8 - s->n_cols;
        if (!grow(&s->width, s->n_cols, more) || !grow(&s->head, s->n_cols, more)) {
            fail(s->book, FPT_ENOMEM, "out of memory writing the workbook");
            return;
        }
        s->n_cols += more;
    }
    double *w = head ? &s->head[s->col] : &s->width[s->col];
    *w = fmax(*w, (double)chars);
}

/* ---- sheets -------------------------------------------------------------------------------- */

/* Size column c to its cells, its header wrapping when wider. */
static void size_column(fpt_sheet *s, size_t c)
{
    double chars = fmax(s->width[c], fmin(s->head[c], HEAD_WIDTH));
    chars = fmin(MAX_WIDTH, fmax(MIN_WIDTH, chars));
    /* Excel's width is in '0's of the default font; text runs a little wider, and the
     * autofilter's button takes two more. */
    double width = 1.1 * chars + (s->table ? 3 : 1);
    check(s->book, worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, width, NULL));
}

/* The header row's height: enough lines for the longest header wrapped at HEAD_WIDTH (its
 * column may turn out wider). Set as the row ends: in constant-memory mode a row is written
 * out once the next begins. */
static void size_header(fpt_sheet *s)
{
    double lines = 1;
    for (size_t c = 0; c < s->n_cols; c++) {
        lines = fmax(lines, ceil(s->head[c] / HEAD_WIDTH)); /* its column is a little wider */
    }
    if (lines > 1) {
        check(s->book, worksheet_set_row(s->ws, 0, LINE_HEIGHT * fmin(lines, 4), NULL));
    }
}

/* Set the widths and the autofilter of a sheet whose rows are all written, and free it. */
static void finish_sheet(fpt_sheet *s)
{
    fpt_book *b = s->book;
    lxw_col_t last = 0;
    for (size_t c = 0; b->st == FPT_OK && c < s->n_cols; c++) {
        if (s->width[c] > 0 || s->head[c] > 0) {
            size_column(s, c);
            last = (lxw_col_t)c;
        }
    }
    lxw_row_t rows = s->col > 0 ? s->row + 1 : s->row; /* an unfinished row counts */
    if (b->st == FPT_OK && s->table && rows > 0) {
        check(b, worksheet_autofilter(s->ws, 0, 0, rows - 1, last));
    }
    free(s->width);
    free(s->head);
    free(s);
}

static fpt_sheet *add_sheet(fpt_book *b, const char *name, bool table)
{
    if (b->current != NULL) {
        finish_sheet(b->current);
        b->current = NULL;
    }
    if (b->st != FPT_OK) {
        return NULL;
    }
    fpt_sheet *s = calloc(1, sizeof *s);
    lxw_worksheet *ws = s != NULL ? workbook_add_worksheet(b->wb, name) : NULL;
    if (ws == NULL) {
        free(s);
        fail(b, FPT_ENOMEM, "out of memory writing the workbook");
        return NULL;
    }
    *s = (fpt_sheet){.book = b, .ws = ws, .table = table};
    worksheet_freeze_panes(ws, 1, table ? 1 : 0);
    b->current = s;
    return s;
}

fpt_sheet *fpt_book_table(fpt_book *b, const char *name)
{
    return add_sheet(b, name, true);
}

fpt_sheet *fpt_book_facts(fpt_book *b, const char *name)
{
    fpt_sheet *s = add_sheet(b, name, false);
    fpt_sheet_head(s, "quantity");
    fpt_sheet_head(s, "value");
    fpt_sheet_row(s);
    return s;
}

/* ---- cells --------------------------------------------------------------------------------- */

static void put_text(fpt_sheet *s, const char *text, lxw_format *f)
{
    if (!writable(s)) {
        return;
    }
    if (text == NULL) {
        s->col++;
        return;
    }
    char *cut = NULL;
    if (strlen(text) > MAX_TEXT) { /* cut at a character's start, under Excel's limit */
        size_t n = MAX_TEXT;
        while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80) {
            n--;
        }
        if ((cut = strndup(text, n)) == NULL) {
            fail(s->book, FPT_ENOMEM, "out of memory writing the workbook");
            return;
        }
        text = cut;
    }
    check(s->book, worksheet_write_string(s->ws, s->row, s->col, text, f));
    widen(s, text_width(text), s->row == 0);
    free(cut);
    s->col++;
}

void fpt_sheet_head(fpt_sheet *s, const char *text)
{
    put_text(s, text, s != NULL ? s->book->head : NULL);
}

void fpt_sheet_head_level(fpt_sheet *s, size_t l, const char *text)
{
    put_text(s, text, s != NULL && l < s->book->n_levels ? s->book->head_level[l] : NULL);
}

void fpt_sheet_text(fpt_sheet *s, const char *text)
{
    put_text(s, text, NULL);
}

void fpt_sheet_level(fpt_sheet *s, size_t l, const char *id)
{
    put_text(s, id, s != NULL && l < s->book->n_levels ? s->book->level[l] : NULL);
}

void fpt_sheet_mark(fpt_sheet *s, const char *text)
{
    put_text(s, text, s != NULL ? s->book->mark : NULL);
}

void fpt_sheet_number(fpt_sheet *s, fpt_cell_kind kind, double value)
{
    if (!writable(s)) {
        return;
    }
    if (isfinite(value)) {
        check(s->book, worksheet_write_number(s->ws, s->row, s->col, value, s->book->kind[kind]));
        widen(s, number_width(kind, value), s->row == 0);
    }
    s->col++;
}

void fpt_sheet_skip(fpt_sheet *s)
{
    if (writable(s)) {
        s->col++;
    }
}

void fpt_sheet_row(fpt_sheet *s)
{
    if (!writable(s)) {
        return;
    }
    if (s->row + 1 >= FPT_BOOK_MAX_ROWS) {
        fail(s->book, FPT_EIO,
             "cannot write the workbook: a sheet holds at most %u rows, its header included",
             FPT_BOOK_MAX_ROWS);
        return;
    }
    if (s->row == 0) {
        size_header(s);
    }
    s->row++;
    s->col = 0;
}

void fpt_sheet_fact_number(fpt_sheet *s, const char *name, fpt_cell_kind kind, double value)
{
    fpt_sheet_text(s, name);
    fpt_sheet_number(s, kind, value);
    fpt_sheet_row(s);
}

void fpt_sheet_fact_text(fpt_sheet *s, const char *name, const char *value)
{
    fpt_sheet_text(s, name);
    fpt_sheet_text(s, value);
    fpt_sheet_row(s);
}

const char *fpt_book_writer_version(void)
{
    return LXW_VERSION;
}

/* ---- bytes --------------------------------------------------------------------------------- */

static fpt_status read_back(const char *path, char **data, size_t *len, fpt_error *err)
{
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        fpt_status s = fpt_error_set(err, FPT_EIO, NULL, 0, "cannot read the workbook back: %s",
                                     strerror(errno));
        if (fd >= 0) {
            close(fd);
        }
        return s;
    }
    size_t n = (size_t)st.st_size, got = 0;
    char *buf = malloc(n + 1);
    while (buf != NULL && got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            break;
        }
        got += (size_t)r;
    }
    close(fd);
    if (buf == NULL || got < n) {
        free(buf);
        return buf == NULL
                   ? fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory writing the workbook")
                   : fpt_error_set(err, FPT_EIO, NULL, 0, "cannot read the workbook back");
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return FPT_OK;
}

fpt_status fpt_book_finish(fpt_book *b, char **data, size_t *len, fpt_error *err)
{
    *data = NULL;
    *len = 0;
    if (b->current != NULL) {
        finish_sheet(b->current);
        b->current = NULL;
    }
    lxw_error e = workbook_close(b->wb);
    if (b->st == FPT_OK) {
        check(b, e);
    }
    fpt_status st = b->st;
    if (st != FPT_OK) {
        fpt_error_set(err, st, NULL, 0, "%s", b->err.message);
    } else {
        st = read_back(b->path, data, len, err);
    }
    free_book(b);
    return st;
}
