/* SPDX-License-Identifier: MIT */
/*
 * The bad-input corpus generator: corpus TABLE OUTDIR reads the case table
 * (tests/bad/cases.txt, whose header documents the format) and writes every case into
 * OUTDIR, a folder of the build tree, together with OUTDIR/cases.txt, the resolved table the
 * test drivers read ("file kind status where text", one case a line, every line number
 * worked out). Most cases are a few literal edits of one valid base file, so a change of the
 * schema is made once, in the base; cases about the bytes of a file are whole files copied
 * as they are. Every edit must find its text exactly once, or the build stops here, naming
 * the table's line, rather than generating a case that no longer tests what it says.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_ENTRIES = 512, NAME_SIZE = 128, FIELD_COUNT = 7 };

/* An owned buffer: the text of a base or of a case as it is being edited. */
typedef struct text {
    char *s;
    size_t len;
} text;

/* A base file, or a file this table generates or copies. */
typedef struct entry {
    char name[NAME_SIZE]; /* a base's short name, or the file's name in OUTDIR */
    char file[NAME_SIZE]; /* the name written in OUTDIR */
    bool is_base;
    text body;
    long edit_line; /* the line of the first edit, 0 when none */
} entry;

/* One row of the table, its fields trimmed (pointers into the row's own copy). */
typedef struct row {
    const char *name, *kind, *from, *edits, *status, *where, *message;
} row;

typedef struct corpus {
    const char *table_path;
    char table_dir[4096];
    const char *out_dir;
    long line; /* the table line being read, for messages */
    entry entries[MAX_ENTRIES];
    size_t n_entries;
    FILE *cases;
} corpus;

static void fail(const corpus *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s:%ld: ", c->table_path, c->line);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static void *must(const corpus *c, void *p)
{
    if (p == NULL) {
        fail(c, "out of memory");
    }
    return p;
}

/* ---- files --------------------------------------------------------------------------- */

static bool read_file(const char *path, text *t)
{
    FILE *fp = fopen(path, "rb");
    if (fp == NULL) {
        return false;
    }
    size_t cap = 4096, len = 0;
    char *s = malloc(cap + 1);
    size_t got = 0;
    while (s != NULL && (got = fread(s + len, 1, cap - len, fp)) > 0) {
        len += got;
        if (len == cap) {
            char *bigger = realloc(s, 2 * cap + 1);
            if (bigger == NULL) {
                break;
            }
            s = bigger;
            cap *= 2;
        }
    }
    bool ok = s != NULL && len < cap && !ferror(fp);
    fclose(fp);
    if (!ok) {
        free(s);
        return false;
    }
    s[len] = '\0';
    t->s = s;
    t->len = len;
    return true;
}

static void write_file(const corpus *c, const char *name, const text *t)
{
    char path[8192];
    snprintf(path, sizeof path, "%s/%s", c->out_dir, name);
    FILE *fp = fopen(path, "wb");
    if (fp == NULL || fwrite(t->s, 1, t->len, fp) != t->len || fclose(fp) != 0) {
        fail(c, "cannot write %s: %s", path, strerror(errno));
    }
}

/* ---- text ---------------------------------------------------------------------------- */

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r')) {
        s[--n] = '\0';
    }
    return s;
}

static int hex_digit(char ch)
{
    const char *digits = "0123456789abcdef", *at = ch != '\0' ? strchr(digits, ch) : NULL;
    return at != NULL ? (int)(at - digits) : -1;
}

/* "\n" in a table field stands for a line break, "\r" for a carriage return and "\xhh" (two
 * lower-case hex digits, not 00) for that byte: the bytes of bad encodings, the table itself
 * staying UTF-8 text. */
static char *unescape(const corpus *c, const char *s)
{
    char *out = must(c, malloc(strlen(s) + 1)), *o = out;
    for (; *s != '\0'; s++) {
        int hi = s[0] == '\\' && s[1] == 'x' ? hex_digit(s[2]) : -1;
        int lo = hi >= 0 ? hex_digit(s[3]) : -1;
        if (s[0] == '\\' && (s[1] == 'n' || s[1] == 'r')) {
            *o++ = s[1] == 'n' ? '\n' : '\r';
            s++;
        } else if (lo >= 0 && hi * 16 + lo != 0) {
            *o++ = (char)(hi * 16 + lo);
            s += 3;
        } else {
            *o++ = *s;
        }
    }
    *o = '\0';
    return out;
}

/* The offset of the only occurrence of needle in t; fails when there are none or several. */
static size_t find_unique(const corpus *c, const text *t, const char *needle, const char *what)
{
    const char *hit = strstr(t->s, needle);
    if (needle[0] == '\0' || hit == NULL) {
        fail(c, "%s '%s' is not in the file", what, needle);
    }
    if (strstr(hit + 1, needle) != NULL) {
        fail(c, "%s '%s' is in the file more than once", what, needle);
    }
    return (size_t)(hit - t->s);
}

static long line_at(const text *t, size_t offset)
{
    long line = 1;
    for (size_t i = 0; i < offset; i++) {
        line += t->s[i] == '\n';
    }
    return line;
}

static size_t line_start(const text *t, size_t offset)
{
    while (offset > 0 && t->s[offset - 1] != '\n') {
        offset--;
    }
    return offset;
}

/* The offset just past the line holding offset (past its '\n', or the end of the text). */
static size_t line_end(const text *t, size_t offset)
{
    const char *nl = memchr(t->s + offset, '\n', t->len - offset);
    return nl != NULL ? (size_t)(nl - t->s) + 1 : t->len;
}

/* Replace t[from, to) with insert. */
static void splice(const corpus *c, text *t, size_t from, size_t to, const char *insert)
{
    size_t n = strlen(insert);
    char *s = must(c, malloc(t->len - (to - from) + n + 1));
    memcpy(s, t->s, from);
    memcpy(s + from, insert, n);
    memcpy(s + from + n, t->s + to, t->len - to);
    t->len = t->len - (to - from) + n;
    s[t->len] = '\0';
    free(t->s);
    t->s = s;
}

/* ---- edits --------------------------------------------------------------------------- */

/* "OLD => NEW": NEW replaces the only OLD. Returns the line of the edit. */
static long edit_replace(const corpus *c, text *t, const char *old, const char *new_text)
{
    size_t at = find_unique(c, t, old, "text to replace");
    splice(c, t, at, at + strlen(old), new_text);
    return line_at(t, at);
}

/* "after ANCHOR => NEW": NEW becomes the next line(s), indented like the anchor's line. */
static long edit_after(const corpus *c, text *t, const char *anchor, const char *new_text)
{
    size_t at = find_unique(c, t, anchor, "anchor");
    size_t start = line_start(t, at), end = line_end(t, at);
    size_t indent = strspn(t->s + start, " ");
    bool needs_break = end == t->len && (end == 0 || t->s[end - 1] != '\n');
    char *insert = must(c, malloc(indent + strlen(new_text) + 3));
    snprintf(insert, indent + strlen(new_text) + 3, "%s%*s%s\n", needs_break ? "\n" : "",
             (int)indent, "", new_text);
    splice(c, t, end, end, insert);
    free(insert);
    return line_at(t, end) + (needs_break ? 1 : 0);
}

/* "delete ANCHOR" removes the anchor's line; "delete FROM ... TO" the lines FROM to TO. */
static long edit_delete(const corpus *c, text *t, const char *spec)
{
    char *copy = must(c, strdup(spec));
    char *through = strstr(copy, " ... ");
    const char *last = copy;
    if (through != NULL) {
        *through = '\0';
        last = trim(through + 5);
    }
    size_t from = line_start(t, find_unique(c, t, trim(copy), "line to delete"));
    size_t to = line_end(t, find_unique(c, t, last, "last line to delete"));
    if (to <= from) {
        fail(c, "'%s' comes before '%s'", last, copy);
    }
    long line = line_at(t, from);
    splice(c, t, from, to, "");
    free(copy);
    return line;
}

static long apply_edit(const corpus *c, text *t, const char *edit)
{
    if (strncmp(edit, "delete ", 7) == 0) {
        return edit_delete(c, t, edit + 7);
    }
    const char *arrow = strstr(edit, "=>");
    if (arrow == NULL) {
        fail(c, "edit '%s' is neither 'OLD => NEW', 'after ANCHOR => NEW' nor 'delete …'", edit);
    }
    char *old = must(c, strndup(edit, (size_t)(arrow - edit)));
    char *new_text = unescape(c, arrow[2] == ' ' ? arrow + 3 : arrow + 2);
    bool after = strncmp(old, "after ", 6) == 0;
    char *anchor = unescape(c, trim(after ? old + 6 : old));
    long line = after ? edit_after(c, t, anchor, new_text) : edit_replace(c, t, anchor, new_text);
    free(anchor);
    free(new_text);
    free(old);
    return line;
}

/* Edits are separated by " ;; "; returns the line of the first. */
static long apply_edits(const corpus *c, text *t, const char *edits)
{
    if (strcmp(edits, "-") == 0) {
        return 0;
    }
    char *copy = must(c, strdup(edits));
    long first = 0;
    for (char *edit = copy, *next; edit != NULL; edit = next) {
        char *sep = strstr(edit, " ;; ");
        next = sep != NULL ? sep + 4 : NULL;
        if (sep != NULL) {
            *sep = '\0';
        }
        long line = apply_edit(c, t, trim(edit));
        first = first == 0 ? line : first;
    }
    free(copy);
    return first;
}

/* ---- entries ------------------------------------------------------------------------- */

static entry *find_entry(corpus *c, const char *name)
{
    for (size_t i = 0; i < c->n_entries; i++) {
        if (strcmp(c->entries[i].name, name) == 0) {
            return &c->entries[i];
        }
    }
    return NULL;
}

static entry *new_entry(corpus *c, const char *name, const char *file)
{
    if (find_entry(c, name) != NULL) {
        fail(c, "'%s' is defined twice", name);
    }
    if (c->n_entries == MAX_ENTRIES || strlen(name) >= NAME_SIZE || strlen(file) >= NAME_SIZE) {
        fail(c, "too many entries, or a name too long");
    }
    if (strspn(file, "abcdefghijklmnopqrstuvwxyz0123456789.-") != strlen(file) || file[0] == '.') {
        fail(c, "'%s' is not a plain file name", file);
    }
    entry *e = &c->entries[c->n_entries++];
    snprintf(e->name, sizeof e->name, "%s", name);
    snprintf(e->file, sizeof e->file, "%s", file);
    return e;
}

static void read_relative(corpus *c, const char *relative, text *t)
{
    char path[8192];
    snprintf(path, sizeof path, "%s/%s", c->table_dir, relative);
    if (!read_file(path, t)) {
        fail(c, "cannot read %s: %s", path, strerror(errno));
    }
}

/* "base NAME PATH": PATH relative to the table; copied into OUTDIR under its own name, so that
 * the files a base names (a geography, a partition) resolve there as they do beside it. */
static void add_base(corpus *c, char *rest)
{
    char name[NAME_SIZE], path[1024];
    if (sscanf(rest, "%127s %1023s", name, path) != 2) {
        fail(c, "expected: base NAME PATH");
    }
    const char *slash = strrchr(path, '/');
    entry *e = new_entry(c, name, slash != NULL ? slash + 1 : path);
    e->is_base = true;
    read_relative(c, path, &e->body);
    write_file(c, e->file, &e->body);
}

/* ---- where and message --------------------------------------------------------------- */

/* A line given as N, "edit" (the entry's first edit) or "@TEXT" (the line holding TEXT). */
static long resolve_line(corpus *c, const entry *e, const char *spec)
{
    if (strcmp(spec, "edit") == 0) {
        if (e->edit_line == 0) {
            fail(c, "'edit' names no line: %s has no edit", e->file);
        }
        return e->edit_line;
    }
    if (spec[0] == '@') {
        return line_at(&e->body, find_unique(c, &e->body, spec + 1, "line text"));
    }
    char *end = NULL;
    long line = strtol(spec, &end, 10);
    if (end == spec || *end != '\0' || line < 0) {
        fail(c, "line '%s' is not N, edit or @TEXT", spec);
    }
    return line;
}

/* WHERE is LINE or OTHER:LINE, OTHER an earlier entry; *at gets the entry the line is in. */
static long resolve_where(corpus *c, const entry *self, const char *where, const entry **at)
{
    const char *colon = where[0] != '@' ? strchr(where, ':') : NULL;
    *at = self;
    if (colon != NULL) {
        char other[NAME_SIZE];
        snprintf(other, sizeof other, "%.*s", (int)(colon - where), where);
        *at = find_entry(c, other);
        if (*at == NULL) {
            fail(c, "'%s' is not a file defined above", other);
        }
    }
    return resolve_line(c, *at, colon != NULL ? colon + 1 : where);
}

/* The message with each {@TEXT} replaced by the line of TEXT in the message's file. */
static void write_message(corpus *c, const entry *at, const char *message)
{
    for (const char *s = message; *s != '\0';) {
        const char *open = strstr(s, "{@");
        const char *close = open != NULL ? strchr(open, '}') : NULL;
        if (close == NULL) {
            fputs(s, c->cases);
            break;
        }
        char *spec = must(c, strndup(open + 1, (size_t)(close - open - 1)));
        fprintf(c->cases, "%.*s%ld", (int)(open - s), s, resolve_line(c, at, spec));
        free(spec);
        s = close + 1;
    }
    fputc('\n', c->cases);
}

/* ---- rows ---------------------------------------------------------------------------- */

static bool split_row(char *line, row *r)
{
    char *field[FIELD_COUNT];
    size_t n = 0;
    for (char *s = line; n < FIELD_COUNT; n++) {
        char *bar = n + 1 < FIELD_COUNT ? strchr(s, '|') : NULL;
        if (bar != NULL) {
            *bar = '\0';
        }
        field[n] = trim(s);
        if (bar == NULL) {
            n++;
            break;
        }
        s = bar + 1;
    }
    if (n != FIELD_COUNT) {
        return false;
    }
    *r = (row){field[0], field[1], field[2], field[3], field[4], field[5], field[6]};
    return true;
}

static bool is_kind(const char *kind)
{
    static const char *const kinds[] = {"model",     "scenario",   "geography", "data",
                                        "sweep-csv", "sweep-json", "diff",      "args"};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (strcmp(kind, kinds[i]) == 0) {
            return true;
        }
    }
    return false;
}

/* The case's file: a whole file of the table's folder, or a base with the row's edits. */
static entry *make_file(corpus *c, const row *r)
{
    entry *e = new_entry(c, r->name, r->name);
    if (strcmp(r->from, "text") == 0) {
        e->body.s = unescape(c, r->edits);
        e->body.len = strlen(e->body.s);
    } else if (strcmp(r->from, "file") == 0) {
        if (strcmp(r->edits, "-") != 0) {
            fail(c, "a whole file takes no edits");
        }
        read_relative(c, r->name, &e->body);
    } else {
        const entry *base = find_entry(c, r->from);
        if (base == NULL || !base->is_base) {
            fail(c, "'%s' is not a base", r->from);
        }
        e->body.s = must(c, strdup(base->body.s));
        e->body.len = base->body.len;
        e->edit_line = apply_edits(c, &e->body, r->edits);
    }
    write_file(c, e->file, &e->body);
    return e;
}

static void add_row(corpus *c, char *line)
{
    row r;
    if (!split_row(line, &r)) {
        fail(c, "expected 7 fields: name | kind | from | edits | status | where | message");
    }
    if (!is_kind(r.kind)) {
        fail(c,
             "kind '%s' is not model, scenario, geography, sweep-csv, sweep-json, diff, args "
             "or data",
             r.kind);
    }
    const entry *e = make_file(c, &r);
    if (strcmp(r.kind, "data") == 0) {
        return;
    }
    if (strncmp(r.status, "FPT_E", 5) != 0 || r.message[0] == '\0') {
        fail(c, "a case needs a status (FPT_E…) and a message");
    }
    if (strcmp(r.where, "-") == 0) { /* a command line's message has no file or line */
        fprintf(c->cases, "%s %s %s - ", e->file, r.kind, r.status);
        write_message(c, e, r.message);
        return;
    }
    const entry *at = NULL;
    long where = resolve_where(c, e, r.where, &at);
    fprintf(c->cases, "%s %s %s ", e->file, r.kind, r.status);
    if (at != e) {
        fprintf(c->cases, "%s:", at->file);
    }
    fprintf(c->cases, "%ld ", where);
    write_message(c, at, r.message);
}

static void read_table(corpus *c)
{
    text table;
    if (!read_file(c->table_path, &table)) {
        fail(c, "cannot read the table: %s", strerror(errno));
    }
    c->line = 0;
    for (char *s = table.s, *next; s != NULL; s = next) {
        char *nl = strchr(s, '\n');
        next = nl != NULL ? nl + 1 : NULL;
        if (nl != NULL) {
            *nl = '\0';
        }
        c->line++;
        char *line = trim(s);
        if (line[0] == '\0' || line[0] == '#') {
            continue;
        }
        if (strncmp(line, "base ", 5) == 0) {
            add_base(c, line + 5);
        } else {
            add_row(c, line);
        }
    }
    free(table.s);
}

int main(int argc, char **argv)
{
    static corpus c;
    if (argc != 3) {
        fprintf(stderr, "usage: corpus TABLE OUTDIR\n");
        return 2;
    }
    c.table_path = argv[1];
    c.out_dir = argv[2];
    const char *slash = strrchr(argv[1], '/');
    snprintf(c.table_dir, sizeof c.table_dir, "%.*s", slash != NULL ? (int)(slash - argv[1]) : 1,
             slash != NULL ? argv[1] : ".");
    char path[8192];
    snprintf(path, sizeof path, "%s/cases.txt", c.out_dir);
    c.cases = fopen(path, "w");
    if (c.cases == NULL) {
        fail(&c, "cannot write %s: %s", path, strerror(errno));
    }
    fprintf(c.cases,
            "# Generated from %s: file kind status where text (where: LINE of the "
            "file itself, or FILE:LINE).\n",
            c.table_path);
    read_table(&c);
    for (size_t i = 0; i < c.n_entries; i++) {
        free(c.entries[i].body.s);
    }
    if (fclose(c.cases) != 0) {
        fail(&c, "cannot write %s", path);
    }
    return 0;
}
