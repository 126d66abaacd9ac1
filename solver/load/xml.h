/* SPDX-License-Identifier: MIT */
/*
 * Internal: safe XML reading shared by model_xml.c and scenario_xml.c. Reads a file into
 * memory, parses it with network access, DTD loading and entity expansion off, stops at any
 * DOCTYPE, validates it against a schema compiled into the library and offers small helpers
 * that copy attributes and text out of the tree with file:line findings.
 *
 * Every problem goes into an fpt_diags list as "what is wrong (expected …)"; libxml2's errors
 * reach it through handlers installed on each load's own contexts, never through libxml2's
 * global handlers. Not a public header: it exposes libxml2 types.
 */
#ifndef FPT_XML_H
#define FPT_XML_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

#include "footprint/error.h"
#include "footprint/load.h"

/* The schemas, generated from models/model.xsd and scenarios/scenario.xsd by
 * cmake/EmbedFile.cmake; NUL-terminated, _len excludes the NUL. */
extern const char fpt_model_xsd[];
extern const size_t fpt_model_xsd_len;
extern const char fpt_scenario_xsd[];
extern const size_t fpt_scenario_xsd_len;

/** What one load is reading and where its findings go. */
typedef struct fpt_xml_reader {
    const char *file;  /**< borrowed: the path, as findings name it */
    fpt_diags *diags;  /**< borrowed: findings are appended here */
    fpt_status status; /**< FPT_OK, FPT_EINVALID after a finding, FPT_ENOMEM (sticky) */
} fpt_xml_reader;

/**
 * Read path and parse it safely. Any DOCTYPE stops the parse before its internal subset
 * is read, so no entity is ever declared, let alone expanded.
 * @param out OUT: the document, owned by the caller (xmlFreeDoc); NULL on failure
 * @return FPT_OK; FPT_EIO (unreadable, with the path and strerror, or over 64 MiB),
 *         FPT_EXML (empty, not well-formed, DOCTYPE), FPT_ENOMEM. Every problem but running
 *         out of memory is appended to d.
 */
fpt_status fpt_xml_parse(const char *path, xmlDoc **out, fpt_diags *d);

/** An input to parse: a file to read, or bytes already in memory (standard input). */
typedef struct fpt_xml_source {
    const char *name; /**< borrowed: the path, or "<stdin>"; what findings name */
    const char *text; /**< borrowed: the bytes when already read; NULL: read the file at name */
    size_t len;       /**< the bytes' length */
} fpt_xml_source;

/**
 * As fpt_xml_parse() for a source; a source with text is parsed from it, never read again.
 * @param hash OUT (may be NULL): on FPT_OK, the FNV-1a 64 of the bytes parsed, 16 hex digits
 */
fpt_status fpt_xml_parse_source(const fpt_xml_source *src, xmlDoc **out, char *hash, fpt_diags *d);

/** As fpt_file_detect() of footprint/load.h for a source. */
fpt_status fpt_xml_detect_source(const fpt_xml_source *src, fpt_file_kind *out, fpt_diags *diags,
                                 fpt_error *err);

/**
 * Check that the root element is called root; name the other kind of file when it is
 * one of ours. Returns FPT_OK, FPT_ESCHEMA (with a finding) or FPT_ENOMEM.
 */
fpt_status fpt_xml_check_root(const char *path, const xmlDoc *doc, const char *root, fpt_diags *d);

/**
 * Validate doc against an XSD held in memory (xsd_name names it in findings).
 * Returns FPT_OK, FPT_ESCHEMA (every violation appended to d), FPT_EINTERNAL (libxml2's
 * validation fails inside) or FPT_ENOMEM, also when the built-in schema does not parse: it
 * is a constant every load parses, so that failure is libxml2 running out of memory.
 */
fpt_status fpt_xml_validate(const char *path, xmlDoc *doc, const char *xsd, size_t xsd_len,
                            const char *xsd_name, fpt_diags *d);

/**
 * Record the outcome of a failed load in err: out of memory as such, otherwise the first
 * finding from index first of d, or a generic message when there is none. Returns st.
 */
fpt_status fpt_xml_fail(fpt_status st, const fpt_diags *d, size_t first, const char *path,
                        fpt_error *err);

/** Return the element's line (past 65535 too, thanks to XML_PARSE_BIG_LINES). */
long fpt_xml_line(const xmlNode *node);

/** Return whether node is an element called name. */
bool fpt_xml_is(const xmlNode *node, const char *name);

/** Return the first element child of parent called name (any element when name is NULL). */
xmlNode *fpt_xml_child(const xmlNode *parent, const char *name);

/** Return the next element sibling of node called name (any element when name is NULL). */
xmlNode *fpt_xml_next(const xmlNode *node, const char *name);

/** Return the number of element children of parent called name. */
size_t fpt_xml_count(const xmlNode *parent, const char *name);

/** Append a finding at line and mark the reader FPT_EINVALID (FPT_ENOMEM if it fails). */
void fpt_xml_finding(fpt_xml_reader *r, long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/** Return whether node has attribute name. */
bool fpt_xml_has(const xmlNode *node, const char *name);

/**
 * Return a malloc'd copy of attribute name, or NULL when it is absent (or on ENOMEM,
 * which sets r->status).
 */
char *fpt_xml_attr(fpt_xml_reader *r, const xmlNode *node, const char *name);

/**
 * Read attribute name as a double into *out. Returns false and leaves *out alone when
 * the attribute is absent (or cannot be copied: then r->status is FPT_ENOMEM). Overflow
 * gives ±infinity (the meaning pass rejects it); text that is not a number is a finding.
 * Assumes the C locale's decimal point.
 */
bool fpt_xml_attr_double(fpt_xml_reader *r, const xmlNode *node, const char *name, double *out);

/** As fpt_xml_attr_double() for an integer; values beyond int are clamped to INT_MIN/MAX. */
bool fpt_xml_attr_int(fpt_xml_reader *r, const xmlNode *node, const char *name, int *out);

/**
 * Return a malloc'd copy of node's text with runs of white space collapsed to one space
 * and none at either end; "" for no text, NULL when node is NULL or on ENOMEM.
 */
char *fpt_xml_text(fpt_xml_reader *r, const xmlNode *node);

/** Return a malloc'd copy of s (NULL for NULL), setting r->status on ENOMEM. */
char *fpt_xml_strdup(fpt_xml_reader *r, const char *s);

#endif
