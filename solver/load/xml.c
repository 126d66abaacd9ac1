/* SPDX-License-Identifier: MIT */
/*
 * Safe XML reading (load/xml.h), the process-wide libxml2 set-up and fpt_file_detect of
 * footprint/load.h.
 *
 * libxml2 2.9.14 has no XML_PARSE_NO_XXE and no amplification limit, so this file never
 * lets a DOCTYPE through: a SAX hook stops the parser the moment one is declared, before
 * its internal subset (where entities would be declared) is read. Errors are collected
 * through structured handlers set on each load's own parser and schema contexts, so no
 * global handler state is touched. An allocation failure inside libxml2 is out of memory
 * however libxml2 shows it: an error code, a missing document, a bogus complaint about the
 * built-in schema, a NULL copy of an attribute that is there. Every libxml2 object is freed
 * before returning.
 */
#include "load/xml.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include "base/csv.h"
#include "base/text.h"
#include "footprint/geography.h"
#include "footprint/load.h"

/* The formats' files are a few hundred kilobytes; refuse anything absurd before parsing. */
enum { MAX_FILE_BYTES = 64 * 1024 * 1024 };

static const int PARSE_OPTIONS = XML_PARSE_NONET | XML_PARSE_BIG_LINES;

/* What one parse collects: the handlers reach it through the parser's _private. */
typedef struct collector {
    const char *path;
    fpt_diags *diags;
    fpt_status status;
    fpt_status fault; /* the status libxml2's errors stand for here */
    bool doctype;
    const char *suffix; /* "(expected …)" appended to libxml2's own messages */
} collector;

void fpt_xml_init(void)
{
    xmlInitParser();
    xmlSetExternalEntityLoader(xmlNoNetExternalEntityLoader);
}

void fpt_xml_cleanup(void)
{
    xmlCleanupParser();
}

static void note(collector *c, fpt_status st, long line, const char *what)
{
    if (fpt_diags_add(c->diags, c->path, line, "%s", what) != FPT_OK) {
        c->status = FPT_ENOMEM;
    } else if (c->status == FPT_OK) {
        c->status = st;
    }
}

/* libxml2 messages end in a newline and sometimes already say what was expected. */
static void note_libxml(collector *c, fpt_status st, const xmlError *e)
{
    if (e->code == XML_ERR_NO_MEMORY) {
        c->status = FPT_ENOMEM; /* not the input's fault: no finding */
        return;
    }
    char text[1024];
    snprintf(text, sizeof text, "%s", e->message != NULL ? e->message : "unknown error");
    size_t len = strlen(text);
    while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == ' ')) {
        text[--len] = '\0';
    }
    for (char *nl = strchr(text, '\n'); nl != NULL; nl = strchr(nl, '\n')) {
        *nl = ' '; /* "… indicate encoding !\nBytes: 0xE9 …": one finding, one line */
    }
    if (strstr(text, "xpected") != NULL) {
        note(c, st, e->line, text);
        return;
    }
    char full[1200];
    snprintf(full, sizeof full, "%s %s", text, c->suffix);
    note(c, st, e->line, full);
}

static void on_parse_error(void *ctx, xmlErrorPtr e)
{
    xmlParserCtxtPtr ctxt = ctx;
    collector *c = ctxt->_private;
    if (e->level >= XML_ERR_ERROR) {
        note_libxml(c, c->fault, e);
    }
}

/* Called as soon as "<!DOCTYPE name …" has been read, before any '[' internal subset. */
static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id,
                       const xmlChar *system_id)
{
    (void)name;
    (void)external_id;
    (void)system_id;
    xmlParserCtxtPtr ctxt = ctx;
    collector *c = ctxt->_private;
    c->doctype = true;
    note(c, FPT_EXML, xmlSAX2GetLineNumber(ctx),
         "the document declares a DOCTYPE (expected none: footprint files never need a "
         "DOCTYPE, DTD or entity declaration)");
    xmlStopParser(ctxt);
}

static fpt_status io_fail(collector *c, const char *verb, int errnum)
{
    if (fpt_diags_add(c->diags, c->path, 0, "cannot %s '%s': %s (expected a readable file)", verb,
                      c->path, strerror(errnum)) != FPT_OK) {
        return FPT_ENOMEM;
    }
    return FPT_EIO;
}

/* Read the whole stream; past MAX_FILE_BYTES it stops and reports the file as too big. */
static fpt_status read_all(collector *c, FILE *fp, char **buf, size_t *len)
{
    size_t cap = 65536, n = 0;
    char *data = malloc(cap);
    for (;;) {
        if (data == NULL) {
            return FPT_ENOMEM;
        }
        n += fread(data + n, 1, cap - n, fp);
        if (n < cap || cap > MAX_FILE_BYTES) {
            break;
        }
        char *bigger = realloc(data, 2 * cap);
        if (bigger == NULL) {
            free(data);
        }
        data = bigger;
        cap *= 2;
    }
    int errnum = errno;
    if (ferror(fp) || n > MAX_FILE_BYTES) {
        free(data);
        if (n <= MAX_FILE_BYTES) {
            return io_fail(c, "read", errnum);
        }
        note(c, FPT_EIO, 0, "the file is larger than 64 MiB (expected a model or scenario file)");
        return c->status;
    }
    *buf = data;
    *len = n;
    return FPT_OK;
}

static fpt_status read_file(collector *c, char **buf, size_t *len)
{
    errno = 0;
    const char *not_regular = NULL;
    FILE *fp = fpt_file_open_regular(c->path, &not_regular);
    if (not_regular != NULL) {
        char text[512];
        snprintf(text, sizeof text,
                 "'%s' %s (expected a model or scenario file: inputs are read only from regular "
                 "files)",
                 c->path, not_regular);
        note(c, FPT_EIO, 0, text);
        return c->status;
    }
    if (fp == NULL) {
        return io_fail(c, "open", errno);
    }
    fpt_status st = read_all(c, fp, buf, len);
    fclose(fp);
    return st;
}

static fpt_status parse_buffer(collector *c, const char *buf, size_t len, xmlDoc **out)
{
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (ctxt == NULL || ctxt->sax == NULL) {
        xmlFreeParserCtxt(ctxt);
        c->status = FPT_ENOMEM; /* fpt_xml_parse returns c->status */
        return c->status;
    }
    ctxt->_private = c;
    ctxt->sax->serror = on_parse_error;
    ctxt->sax->internalSubset = on_doctype;
    xmlDoc *doc = xmlCtxtReadMemory(ctxt, buf, (int)len, c->path, NULL, PARSE_OPTIONS);
    bool ok = doc != NULL && ctxt->wellFormed && !c->doctype && doc->intSubset == NULL &&
              doc->extSubset == NULL && c->status == FPT_OK;
    /* No document and no error recorded: the input buffer could not be allocated (libxml2
     * reports that through its global handler, not ours). */
    if (doc == NULL && ctxt->errNo == XML_ERR_OK) {
        c->status = FPT_ENOMEM;
    }
    xmlFreeParserCtxt(ctxt);
    if (!ok) {
        xmlFreeDoc(doc);
        if (c->status == FPT_OK) {
            note(c, FPT_EXML, 0, "the file is not well-formed XML (expected well-formed XML)");
        }
        return c->status;
    }
    *out = doc;
    return FPT_OK;
}

fpt_status fpt_xml_parse_source(const fpt_xml_source *src, xmlDoc **out, char *hash, fpt_diags *d)
{
    *out = NULL;
    collector c = {
        .path = src->name, .diags = d, .fault = FPT_EXML, .suffix = "(expected well-formed XML)"};
    char *buf = NULL;
    const char *text = src->text;
    size_t len = src->len;
    if (text == NULL) {
        fpt_status st = read_file(&c, &buf, &len);
        if (st != FPT_OK) {
            return st;
        }
        text = buf;
    }
    if (len == 0) {
        note(&c, FPT_EXML, 1, "the file is empty (expected an XML document)");
    } else if (fpt_geography_text_is_csv(text, len)) {
        note(&c, FPT_EXML, 1,
             "this is a geography file, not XML (expected a model or scenario file; a scenario "
             "names its geography in <geography file=\"…\"/>, and districts reads one)");
    } else {
        parse_buffer(&c, text, len, out);
    }
    if (c.status == FPT_OK && hash != NULL) {
        fpt_fnv1a64_hex(fpt_fnv1a64(FPT_FNV1A64_OFFSET, text, len), hash);
    }
    free(buf);
    return c.status;
}

fpt_status fpt_xml_parse(const char *path, xmlDoc **out, fpt_diags *d)
{
    return fpt_xml_parse_source(&(fpt_xml_source){.name = path}, out, NULL, d);
}

fpt_status fpt_xml_check_root(const char *path, const xmlDoc *doc, const char *root, fpt_diags *d)
{
    const xmlNode *top = xmlDocGetRootElement(doc);
    if (top != NULL && fpt_xml_is(top, root)) {
        return FPT_OK;
    }
    long line = top != NULL ? fpt_xml_line(top) : 1;
    const char *name = top != NULL ? (const char *)top->name : "";
    const char *hint = "";
    if (strcmp(name, "model") == 0) {
        hint = ": this is a model file";
    } else if (strcmp(name, "scenario") == 0) {
        hint = ": this is a scenario file";
    }
    fpt_status st = fpt_diags_add(d, path, line, "the root element is <%s> (expected <%s>%s)", name,
                                  root, hint);
    return st == FPT_OK ? FPT_ESCHEMA : st;
}

/* ---- elements out of order ------------------------------------------------------------ */

/* The children of each element whose schema fixes their order, in that order (models/model.xsd,
 * scenarios/scenario.xsd). */
static const char *const *child_order(const char *parent)
{
    static const char *const scenario[] = {"title",  "description", "geography", "population",
                                           "levels", "finance",     "weights",   "skill-supply",
                                           "locks",  "overrides",   "sweep",     "monte-carlo",
                                           NULL};
    static const char *const model[] = {"title",     "description", "calibration", "skill-pools",
                                        "functions", "links",       NULL};
    static const char *const function[] = {"description", "staff",    "rating",
                                           "draws",       "override", NULL};
    return strcmp(parent, "scenario") == 0   ? scenario
           : strcmp(parent, "model") == 0    ? model
           : strcmp(parent, "function") == 0 ? function
                                             : NULL;
}

static int order_of(const char *const *order, const xmlChar *name)
{
    for (int i = 0; order[i] != NULL; i++) {
        if (xmlStrcmp(name, (const xmlChar *)order[i]) == 0) {
            return i;
        }
    }
    return -1;
}

/* The first sibling of node, before it (before) or after it, whose place in order is after
 * node's (before) or before it; NULL when none. */
static const xmlNode *misplaced(const xmlNode *node, const char *const *order, int at, bool before)
{
    const xmlNode *s = before ? node->parent->children : node->next;
    for (; s != NULL && s != node; s = s->next) {
        int o = s->type == XML_ELEMENT_NODE ? order_of(order, s->name) : -1;
        if (o >= 0 && (before ? o > at : o < at)) {
            return s;
        }
    }
    return NULL;
}

/* "; move <population> (line 18) before <weights> (line 12): <scenario>'s elements go in the
 * order title, …" when node is a known element out of its schema's order: an earlier sibling
 * belongs after it, or a later one before it. */
static void order_hint(const xmlNode *node, char *buf, size_t size)
{
    buf[0] = '\0';
    const xmlNode *parent = node != NULL ? node->parent : NULL;
    const char *const *order = parent != NULL && parent->type == XML_ELEMENT_NODE
                                   ? child_order((const char *)parent->name)
                                   : NULL;
    int at = order != NULL ? order_of(order, node->name) : -1;
    const xmlNode *move = node, *before = at >= 0 ? misplaced(node, order, at, true) : NULL;
    if (at >= 0 && before == NULL) {
        move = misplaced(node, order, at, false);
        before = node;
    }
    if (before == NULL || move == NULL) {
        return;
    }
    int n = snprintf(buf, size,
                     "; move <%s> (line %ld) before <%s> (line %ld): <%s>'s elements go in the "
                     "order",
                     (const char *)move->name, (long)xmlGetLineNo(move), (const char *)before->name,
                     (long)xmlGetLineNo(before), (const char *)parent->name);
    for (int i = 0; order[i] != NULL && n > 0 && (size_t)n < size; i++) {
        n += snprintf(buf + n, size - (size_t)n, "%s %s", i == 0 ? "" : ",", order[i]);
    }
}

static void on_schema_error(void *ctx, xmlErrorPtr e)
{
    collector *c = ctx;
    if (e->level < XML_ERR_ERROR) {
        return;
    }
    char hint[512];
    order_hint(e->code == XML_SCHEMAV_ELEMENT_CONTENT ? e->node : NULL, hint, sizeof hint);
    if (hint[0] == '\0' || e->code == XML_ERR_NO_MEMORY) {
        note_libxml(c, c->fault, e);
        return;
    }
    char text[1024];
    snprintf(text, sizeof text, "%s", e->message != NULL ? e->message : "");
    text[strcspn(text, "\n")] = '\0';
    size_t len = strlen(text);
    while (len > 0 && (text[len - 1] == '.' || text[len - 1] == ' ')) {
        text[--len] = '\0';
    }
    char full[1600];
    snprintf(full, sizeof full, "%s%s", text, hint);
    note(c, c->fault, e->line, full);
}

/* libxml2's first complaint about a built-in schema, kept without allocating. */
typedef struct schema_fault {
    bool failed;
    char first[256];
} schema_fault;

static void on_builtin_schema_error(void *ctx, xmlErrorPtr e)
{
    schema_fault *f = ctx;
    if (e->level >= XML_ERR_ERROR && !f->failed) {
        f->failed = true;
        snprintf(f->first, sizeof f->first, "%s", e->message != NULL ? e->message : "");
        f->first[strcspn(f->first, "\n")] = '\0';
    }
}

/*
 * The schemas are compiled into the library and every load parses them, so one that fails to
 * parse at run time has met a resource failure inside libxml2, which 2.9.14 mostly reports as
 * a misleading schema error ("'' is not a valid value of the atomic type 'xs:QName'") or not
 * at all: out of memory, with libxml2's first complaint kept for whoever edits the XSD.
 */
static xmlSchemaPtr parse_schema(collector *xc, const char *xsd, size_t xsd_len)
{
    schema_fault f = {0};
    xmlSchemaPtr schema = NULL;
    xmlSchemaParserCtxtPtr pctxt = xmlSchemaNewMemParserCtxt(xsd, (int)xsd_len);
    if (pctxt != NULL) {
        xmlSchemaSetParserStructuredErrors(pctxt, on_builtin_schema_error, &f);
        schema = xmlSchemaParse(pctxt);
        xmlSchemaFreeParserCtxt(pctxt);
    }
    if (schema != NULL && !f.failed) {
        return schema;
    }
    xmlSchemaFree(schema);
    char what[400];
    snprintf(what, sizeof what, "out of memory parsing the built-in schema (libxml2: %s)",
             f.failed ? f.first : "no message");
    note(xc, FPT_ENOMEM, 0, what);
    return NULL;
}

fpt_status fpt_xml_validate(const char *path, xmlDoc *doc, const char *xsd, size_t xsd_len,
                            const char *xsd_name, fpt_diags *d)
{
    collector xc = {.path = xsd_name, .diags = d};
    xmlSchemaPtr schema = parse_schema(&xc, xsd, xsd_len);
    if (schema == NULL) {
        return xc.status;
    }
    char suffix[128];
    snprintf(suffix, sizeof suffix, "(expected what %s allows)", xsd_name);
    collector c = {.path = path, .diags = d, .fault = FPT_ESCHEMA, .suffix = suffix};
    xmlSchemaValidCtxtPtr vctxt = xmlSchemaNewValidCtxt(schema);
    int rc = -1;
    if (vctxt != NULL) {
        xmlSchemaSetValidStructuredErrors(vctxt, on_schema_error, &c);
        rc = xmlSchemaValidateDoc(vctxt, doc);
        xmlSchemaFreeValidCtxt(vctxt);
    }
    xmlSchemaFree(schema);
    if (vctxt == NULL) {
        return FPT_ENOMEM;
    }
    if (rc > 0 && c.status == FPT_OK) {
        note(&c, FPT_ESCHEMA, 0, "the document does not follow its schema (expected a valid file)");
    } else if (rc < 0 && c.status == FPT_OK) {
        note(&c, FPT_EINTERNAL, 0, "schema validation failed internally (expected it to run)");
    }
    return c.status;
}

fpt_status fpt_xml_fail(fpt_status st, const fpt_diags *d, size_t first, const char *path,
                        fpt_error *err)
{
    /* Findings made while memory ran out may be its echoes ("Start tag expected", an
     * attribute read as ''), so out of memory is said as such. */
    if (st == FPT_ENOMEM) {
        return fpt_error_set(err, st, path, 0, "out of memory while loading '%s'", path);
    }
    if (d != NULL && first < d->n) {
        const fpt_diag *g = &d->items[first];
        return fpt_error_set(err, st, g->file, g->line, "%s", g->message);
    }
    return fpt_error_set(err, st, path, 0, "%s", fpt_strerror(st));
}

fpt_status fpt_file_detect(const char *path, fpt_file_kind *out, fpt_diags *diags, fpt_error *err)
{
    return fpt_xml_detect_source(&(fpt_xml_source){.name = path}, out, diags, err);
}

fpt_status fpt_file_detect_text(const char *name, const char *text, size_t len, fpt_file_kind *out,
                                fpt_diags *diags, fpt_error *err)
{
    return fpt_xml_detect_source(&(fpt_xml_source){.name = name, .text = text, .len = len}, out,
                                 diags, err);
}

fpt_status fpt_xml_detect_source(const fpt_xml_source *src, fpt_file_kind *out, fpt_diags *diags,
                                 fpt_error *err)
{
    const char *path = src->name;
    *out = FPT_FILE_UNKNOWN;
    fpt_diags local = {0};
    fpt_diags *d = diags != NULL ? diags : &local;
    size_t first = d->n;
    xmlDoc *doc = NULL;
    fpt_status st = fpt_xml_parse_source(src, &doc, NULL, d);
    if (st == FPT_OK) {
        const xmlNode *top = xmlDocGetRootElement(doc);
        if (fpt_xml_is(top, "model")) {
            *out = FPT_FILE_MODEL;
        } else if (fpt_xml_is(top, "scenario")) {
            *out = FPT_FILE_SCENARIO;
        }
        xmlFreeDoc(doc);
    } else {
        fpt_xml_fail(st, d, first, path, err);
    }
    fpt_diags_clear(&local);
    return st;
}

long fpt_xml_line(const xmlNode *node)
{
    return node != NULL ? xmlGetLineNo(node) : 0;
}

bool fpt_xml_is(const xmlNode *node, const char *name)
{
    return node != NULL && node->type == XML_ELEMENT_NODE &&
           (name == NULL || xmlStrEqual(node->name, BAD_CAST name));
}

xmlNode *fpt_xml_next(const xmlNode *node, const char *name)
{
    for (xmlNode *n = node != NULL ? node->next : NULL; n != NULL; n = n->next) {
        if (fpt_xml_is(n, name)) {
            return n;
        }
    }
    return NULL;
}

xmlNode *fpt_xml_child(const xmlNode *parent, const char *name)
{
    xmlNode *n = parent != NULL ? parent->children : NULL;
    return fpt_xml_is(n, name) ? n : fpt_xml_next(n, name);
}

size_t fpt_xml_count(const xmlNode *parent, const char *name)
{
    size_t n = 0;
    for (xmlNode *c = fpt_xml_child(parent, name); c != NULL; c = fpt_xml_next(c, name)) {
        n++;
    }
    return n;
}

void fpt_xml_finding(fpt_xml_reader *r, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fpt_diags_note(r->diags, &r->status, r->file, line, fmt, ap);
    va_end(ap);
}

char *fpt_xml_strdup(fpt_xml_reader *r, const char *s)
{
    if (s == NULL) {
        return NULL;
    }
    char *copy = strdup(s);
    if (copy == NULL) {
        r->status = FPT_ENOMEM;
    }
    return copy;
}

bool fpt_xml_has(const xmlNode *node, const char *name)
{
    return xmlHasProp(node, BAD_CAST name) != NULL;
}

/* xmlGetNoNsProp() returns NULL both for an absent attribute and when it cannot copy a
 * present one; only the second is out of memory. */
static xmlChar *get_attr(fpt_xml_reader *r, const xmlNode *node, const char *name)
{
    xmlChar *value = xmlGetNoNsProp(node, BAD_CAST name);
    if (value == NULL && xmlHasNsProp(node, BAD_CAST name, NULL) != NULL) {
        r->status = FPT_ENOMEM;
    }
    return value;
}

char *fpt_xml_attr(fpt_xml_reader *r, const xmlNode *node, const char *name)
{
    xmlChar *value = get_attr(r, node, name);
    if (value == NULL) {
        return NULL;
    }
    char *copy = fpt_xml_strdup(r, (const char *)value);
    xmlFree(value);
    return copy;
}

/* strtod/strtol must consume everything but the white space xs:double collapses. */
static bool only_space(const char *end)
{
    while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r') {
        end++;
    }
    return *end == '\0';
}

bool fpt_xml_attr_double(fpt_xml_reader *r, const xmlNode *node, const char *name, double *out)
{
    xmlChar *value = get_attr(r, node, name);
    if (value == NULL) {
        return false;
    }
    char *end = NULL;
    double x = strtod((const char *)value, &end);
    if (end == (char *)value || !only_space(end)) {
        fpt_xml_finding(r, fpt_xml_line(node), "<%s> %s is '%s' (expected a number)",
                        (const char *)node->name, name, (const char *)value);
    } else {
        *out = x; /* ERANGE: ±HUGE_VAL, i.e. ±infinity, or a tiny value; both are kept */
    }
    xmlFree(value);
    return true;
}

bool fpt_xml_attr_int(fpt_xml_reader *r, const xmlNode *node, const char *name, int *out)
{
    xmlChar *value = get_attr(r, node, name);
    if (value == NULL) {
        return false;
    }
    char *end = NULL;
    errno = 0;
    long x = strtol((const char *)value, &end, 10);
    if (end == (char *)value || !only_space(end)) {
        fpt_xml_finding(r, fpt_xml_line(node), "<%s> %s is '%s' (expected an integer)",
                        (const char *)node->name, name, (const char *)value);
    } else {
        *out = x > INT_MAX ? INT_MAX : x < INT_MIN ? INT_MIN : (int)x;
    }
    xmlFree(value);
    return true;
}

static bool is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

char *fpt_xml_text(fpt_xml_reader *r, const xmlNode *node)
{
    if (node == NULL) {
        return NULL;
    }
    xmlChar *raw = xmlNodeGetContent(node);
    if (raw == NULL) {
        r->status = FPT_ENOMEM; /* an element's content is at least "" unless it cannot be had */
        return NULL;
    }
    char *text = fpt_xml_strdup(r, (const char *)raw);
    xmlFree(raw);
    if (text == NULL) {
        return NULL;
    }
    size_t n = 0;
    for (const char *p = text; *p != '\0'; p++) {
        if (!is_space(*p)) {
            text[n++] = *p;
        } else if (n > 0 && !is_space(p[1]) && p[1] != '\0') {
            text[n++] = ' ';
        }
    }
    text[n] = '\0';
    return text;
}
