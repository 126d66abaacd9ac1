/* SPDX-License-Identifier: MIT */
/*
 * The HTML report's why (html_report.c calls it): each function's why in the assignment
 * table, and the per-function contribution charts — the eight weighted terms stacked at each
 * level, the chosen level marked, the price of each alternative above its bar. Private to the
 * report; reads in->why only when it is set.
 */
#ifndef FPT_HTML_WHY_H
#define FPT_HTML_WHY_H

#include <stdio.h>

#include "report/html/html_report.h"

/** Write function f's why as the content of a table cell (badge and text, escaped). */
void fpt_html_why_cell(FILE *out, const fpt_html_report_input *in, size_t f);

/** The "Why here" section with one contribution chart per function (in->why set). Can't fail:
 *  a write error stays on the stream, which the caller checks. */
void fpt_html_write_why(FILE *out, const fpt_html_report_input *in);

#endif
