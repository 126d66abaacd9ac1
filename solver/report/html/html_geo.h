/* SPDX-License-Identifier: MIT */
/*
 * The HTML report's geographic sections (html_report.c calls them): the sizing curve with
 * its best districting's map, and maps of a scenario's real units. Private to the report.
 */
#ifndef FPT_HTML_GEO_H
#define FPT_HTML_GEO_H

#include <stdio.h>

#include "report/html/html_report.h"

/**
 * The sizing section (in->sizing set). Returns FPT_OK: it can't fail (a write error stays on
 * the stream, which the caller checks).
 */
fpt_status fpt_html_write_sizing(FILE *out, const fpt_html_report_input *in);

/** Maps of the grouped levels (in->geography set). Returns FPT_OK or FPT_ENOMEM. */
fpt_status fpt_html_write_maps(FILE *out, const fpt_html_report_input *in);

#endif
